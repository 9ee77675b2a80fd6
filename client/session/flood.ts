// Flood protection for inbound messages: a token bucket per sender, one activity line per burst refused.
import { TokenBucket, type BucketRate } from './token-bucket.js';

/** Sustained messages per second and the largest burst accepted from one sender. */
export type InboundRate = BucketRate;

/** Default inbound rate: far above what a person types, far below a script (docs/security.md). */
export const DEFAULT_INBOUND_RATE: Readonly<InboundRate> = { perSecond: 5, burst: 20 };

/** Senders tracked at once; past it the longest-tracked is forgotten (a fresh, full bucket on return). */
export const MAX_TRACKED_SENDERS = 256;

/** The verdict on one inbound message: accepted, refused quietly, or refused and worth one log line. */
export type FloodVerdict = 'accept' | 'refuse' | 'refuse-first';

/** Per-sender token buckets; `forget` a sender when it leaves, `clear` on leaving the room. */
export class FloodGuard {
  private readonly buckets = new Map<string, TokenBucket>();

  /** Create the guard with a rate and a clock (ms). */
  constructor(
    private readonly rate: InboundRate = DEFAULT_INBOUND_RATE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spend one token of `from`: 'refuse-first' marks the first refusal of a burst (log it once). */
  take(from: string): FloodVerdict {
    const t = this.now();
    let b = this.buckets.get(from);
    if (!b) {
      if (this.buckets.size >= MAX_TRACKED_SENDERS) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      b = new TokenBucket(this.rate, t);
      this.buckets.set(from, b);
    }
    const verdict = b.take(t);
    return verdict === 'take' ? 'accept' : verdict;
  }

  /** Forget one sender (it left the room). */
  forget(from: string): void {
    this.buckets.delete(from);
  }

  /** Forget every sender (we left the room). */
  clear(): void {
    this.buckets.clear();
  }

  /** How many senders are tracked (for tests). */
  get size(): number {
    return this.buckets.size;
  }
}

/**
 * Refusal lines per sender for dms refused before (or without) the flood guard: at most a burst of lines, then one
 * line saying the rest are not logged until the sender slows down, so junk cannot flood the activity log.
 */
export class RefusalLines {
  private readonly guard: FloodGuard;

  /** Create the limiter writing through `write` at `rate` (default DEFAULT_INBOUND_RATE). */
  constructor(
    private readonly write: (text: string) => void,
    rate: InboundRate = DEFAULT_INBOUND_RATE,
    now: () => number = Date.now,
  ) {
    this.guard = new FloodGuard(rate, now);
  }

  /** Log `text` for one refused dm of `from` (named `name`); false when nothing was written. */
  warn(from: string, name: string, text: string): boolean {
    const verdict = this.guard.take(from);
    if (verdict === 'accept') this.write(text);
    else if (verdict === 'refuse-first')
      this.write(
        `${name} keeps sending messages this tab refuses: not logging each one until they slow down.`,
      );
    return verdict !== 'refuse';
  }

  /** Forget one sender (it left the room). */
  forget(from: string): void {
    this.guard.forget(from);
  }

  /** Forget every sender (we left the room). */
  clear(): void {
    this.guard.clear();
  }
}

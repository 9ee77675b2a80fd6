// The client's own budget for delivery receipts: one token bucket for all receipts, so answering other members'
// messages can never spend the relay rate budget our own state-changing events need (docs/security.md).
import { TokenBucket, type BucketRate } from './token-bucket.js';

/** Sustained receipts per second and the largest burst sent at once. */
export type ReceiptRate = BucketRate;

/**
 * Default receipt budget: a third of the relay's default per-socket (and per-member) budget of 30 events a second,
 * burst 60 (RATE_EVENTS_PER_SECOND, RATE_BURST), so two thirds always stay for `key`, `join`, `leave`, `msg`,
 * `step` and `who`. Twice what one member may make us answer (DEFAULT_INBOUND_RATE, 5 a second, burst 20).
 */
export const DEFAULT_RECEIPT_RATE: Readonly<ReceiptRate> = { perSecond: 10, burst: 20 };

/** The verdict on one receipt: send it, skip it quietly, or skip it and say so once (the first of a burst). */
export type ReceiptVerdict = 'send' | 'skip' | 'skip-first';

/**
 * One token bucket shared by every receipt this tab sends. A skipped receipt is not queued: the author sends the
 * message again on its own back-off, and the copy is answered then (docs/protocol.md §4, duplicates get a receipt).
 */
export class ReceiptBudget {
  private readonly bucket: TokenBucket;

  /** A full bucket of `rate.burst` tokens, refilled at `rate.perSecond` by the clock `now` (ms). */
  constructor(
    rate: ReceiptRate = DEFAULT_RECEIPT_RATE,
    private readonly now: () => number = Date.now,
  ) {
    this.bucket = new TokenBucket(rate, now());
  }

  /** Spend one token for a receipt: 'send' when one is left, else 'skip-first' once per dry spell, then 'skip'. */
  take(): ReceiptVerdict {
    const verdict = this.bucket.take(this.now());
    return verdict === 'take' ? 'send' : verdict === 'refuse' ? 'skip' : 'skip-first';
  }
}

// The client's own budget for delivery receipts: one token bucket for all receipts, so answering other members'
// messages can never spend the relay rate budget our own state-changing events need (docs/security.md).

/** Sustained receipts per second and the largest burst sent at once. */
export interface ReceiptRate {
  /** Tokens added per second (the sustained rate). */
  perSecond: number;
  /** Bucket size: how many receipts may go out at once. */
  burst: number;
}

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
  private tokens: number;
  private at: number;
  private skipping = false;

  /** A full bucket of `rate.burst` tokens, refilled at `rate.perSecond` by the clock `now` (ms). */
  constructor(
    private readonly rate: ReceiptRate = DEFAULT_RECEIPT_RATE,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = rate.burst;
    this.at = now();
  }

  /** Spend one token for a receipt: 'send' when one is left, else 'skip-first' once per dry spell, then 'skip'. */
  take(): ReceiptVerdict {
    const t = this.now();
    const elapsed = Math.max(0, t - this.at) / 1000;
    this.tokens = Math.min(this.rate.burst, this.tokens + elapsed * this.rate.perSecond);
    this.at = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.skipping = false;
      return 'send';
    }
    if (this.skipping) return 'skip';
    this.skipping = true;
    return 'skip-first';
  }
}

// A token bucket that tells the first refusal of a dry spell apart (one log line per burst): the inbound flood guard and the receipt budget.

/** Sustained events per second and the largest burst at once. */
export interface BucketRate {
  /** Tokens added per second (the sustained rate). */
  perSecond: number;
  /** Bucket size: how many events may pass at once. */
  burst: number;
}

/** One take: a token was spent, refused quietly, or refused for the first time since the bucket was last full. */
export type BucketTake = 'take' | 'refuse' | 'refuse-first';

/** A bucket that starts full and refills continuously at `rate.perSecond`, capped at `rate.burst`. */
export class TokenBucket {
  private tokens: number;
  private refusing = false;

  /** A full bucket at time `at` (ms). */
  constructor(
    private readonly rate: Readonly<BucketRate>,
    private at: number,
  ) {
    this.tokens = rate.burst;
  }

  /** Spend one token at time `now` (ms). */
  take(now: number): BucketTake {
    const elapsed = Math.max(0, now - this.at) / 1000;
    this.tokens = Math.min(this.rate.burst, this.tokens + elapsed * this.rate.perSecond);
    this.at = now;
    if (this.tokens >= 1) {
      // A dry spell ends only when the bucket has filled again (the sender slowed down), not at each refilled token:
      // a flood that goes on above the rate is reported once, not once per token.
      if (this.tokens >= this.rate.burst) this.refusing = false;
      this.tokens -= 1;
      return 'take';
    }
    if (this.refusing) return 'refuse';
    this.refusing = true;
    return 'refuse-first';
  }
}

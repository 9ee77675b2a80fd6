// Token-bucket rate limiting per socket; the bucket lives in socket.data (no module state).

/** A token bucket: tokens left and when it was last refilled. */
export interface Bucket {
  tokens: number;
  at: number;
}

/** A full bucket for a new connection. */
export function newBucket(burst: number, now = Date.now()): Bucket {
  return { tokens: burst, at: now };
}

/**
 * Take one token: refill at `perSecond` up to `burst`, then spend one if
 * available. Mutates `bucket`; returns false when the event must be refused.
 */
export function takeToken(bucket: Bucket, perSecond: number, burst: number, now = Date.now()): boolean {
  const elapsed = Math.max(0, now - bucket.at);
  bucket.tokens = Math.min(burst, bucket.tokens + (elapsed * perSecond) / 1000);
  bucket.at = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

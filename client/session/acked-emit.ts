// A state-changing event sent until the relay acknowledges it: exponential back-off with jitter, bounded tries,
// and every step reported so the UI can show what is pending (docs/security.md "Receipts and key announcements").
import type { AckResult, RelayFailure } from './ack-errors.js';

/** How often and how long to retry a refused event. */
export interface AckRetryPolicy {
  /** Wait before the first retry; doubled before each next one. */
  firstDelayMs: number;
  /** Longest wait between two tries (the ceiling of the doubling). */
  maxDelayMs: number;
  /** Tries in all, the first one included, before giving up. */
  maxTries: number;
  /** Each wait is shortened by a random fraction up to this (0–1), so many clients do not retry in step. */
  jitter: number;
}

/**
 * Defaults: retries after about 1, 2, 4, 8, 16, 16 and 16 s (each up to a quarter shorter), so about a minute
 * before giving up: long enough for the relay's token bucket (30 a second by default) to refill many times over.
 */
export const DEFAULT_ACK_RETRY: Readonly<AckRetryPolicy> = {
  firstDelayMs: 1000,
  maxDelayMs: 16_000,
  maxTries: 8,
  jitter: 0.25,
};

/** The wait before retry number `retry` (≥ 1), given a random number in [0, 1). Never above `maxDelayMs`. */
export function ackRetryDelay(retry: number, policy: AckRetryPolicy, random: number): number {
  const n = Math.max(1, retry);
  const base = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(n - 1, 30));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(base * (1 - jitter * Math.min(1, Math.max(0, random))));
}

/**
 * What to do after a refusal: `retry` (the relay may accept it later: an empty token bucket, no answer in time,
 * an internal error), `wait` (not on a joined socket: the re-join sends it again), or `give-up` (the relay will
 * refuse it again whatever we do).
 */
export function afterRefusal(failure: RelayFailure): 'retry' | 'wait' | 'give-up' {
  switch (failure.code) {
    case 'rate-limited':
    case 'timeout':
    case 'internal':
    case 'malformed':
      return 'retry';
    case 'disconnected':
    case 'not-joined':
      return 'wait';
    default:
      return 'give-up';
  }
}

/** Where one event stands: in flight, refused and retried later, waiting for a re-join, given up, or acknowledged. */
export type AckedPhase = 'sending' | 'retrying' | 'waiting' | 'failed' | 'acked';

/** The progress of the current event. */
export interface AckedProgress {
  phase: AckedPhase;
  /** Tries refused so far. */
  refusals: number;
  /** Tries in all (AckRetryPolicy.maxTries). */
  maxTries: number;
  /** Why the last try was refused. */
  failure?: RelayFailure;
}

/** Timers and randomness, injectable for tests (no real sleeps there). */
export interface AckedEmitClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

const REAL_CLOCK: AckedEmitClock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
};

/**
 * Sends one event at a time until acknowledged. `start(send)` supersedes whatever was running (a newer key
 * replaces an older one); `stop()` forgets it (leaving the room). `onProgress` hears every change.
 */
export class AckedEmit {
  private run = 0;
  private timer: unknown;
  private current?: AckedProgress;

  /** Create the sender with its policy, a progress listener and (for tests) its clock. */
  constructor(
    private readonly policy: AckRetryPolicy,
    private readonly onProgress: (progress: AckedProgress) => void,
    private readonly clock: AckedEmitClock = REAL_CLOCK,
  ) {}

  /** The progress of the current event, if any. */
  get progress(): AckedProgress | undefined {
    return this.current;
  }

  /** Send with `send` (one try each call) until acknowledged, given up or superseded. */
  start(send: () => Promise<AckResult<unknown>>): void {
    this.cancelTimer();
    const run = ++this.run;
    this.report({ phase: 'sending', refusals: 0, maxTries: this.policy.maxTries });
    void this.attempt(run, send, 0);
  }

  /** Forget the current event: no more tries, no progress. */
  stop(): void {
    this.cancelTimer();
    this.run++;
    this.current = undefined;
  }

  private async attempt(
    run: number,
    send: () => Promise<AckResult<unknown>>,
    refusals: number,
  ): Promise<void> {
    const ack = await send();
    if (run !== this.run) return;
    const maxTries = this.policy.maxTries;
    if (ack.ok) return this.report({ phase: 'acked', refusals, maxTries });
    const failure = ack.failure;
    const refused = refusals + 1;
    const next = afterRefusal(failure);
    if (next === 'wait') return this.report({ phase: 'waiting', refusals: refused, maxTries, failure });
    if (next === 'give-up' || refused >= maxTries)
      return this.report({ phase: 'failed', refusals: refused, maxTries, failure });
    this.report({ phase: 'retrying', refusals: refused, maxTries, failure });
    const delay = ackRetryDelay(refused, this.policy, this.clock.random());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (run === this.run) void this.attempt(run, send, refused);
    }, delay);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private report(progress: AckedProgress): void {
    this.current = progress;
    this.onProgress(progress);
  }
}

// Publishing side of presenter mode: rate-limits and coalesces `present:*` steps before they reach the relay.
import type { StepPayload } from '../../../common/wire.js';

/**
 * A presenter publishes at most one step every 150 ms: fewer than 7 a second
 * (docs/protocol.md, "Presenter steps"), well under the relay's 30 events a second.
 */
export const PRESENT_STEP_INTERVAL_MS = 150;

/** Most steps waiting at once; past it the oldest shared ciphertext (else the oldest step) is dropped. */
export const MAX_QUEUED_STEPS = 256;

/** Progress-like phases where only the latest pending one matters. */
const COALESCED = new Set(['present:step', 'present:demo', 'present:eve', 'present:lab']);

/** Timer functions, injectable for tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/**
 * Publishes steps at most once per `minIntervalMs` (the relay allows 30 events/s): view changes and
 * `present:stop` go out in order; of the `present:step`s (and `present:demo`s, `present:eve`s) pushed
 * while waiting only the latest is sent, after what was queued before it (trailing edge: the final
 * position always goes out). The queue holds at most one of each of those phases.
 */
export class StepPublisher {
  private queue: StepPayload[] = [];
  private last = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;

  /** `send` publishes one step (e.g. session.publishStep). */
  constructor(
    private readonly send: (s: StepPayload) => void,
    private readonly minIntervalMs = PRESENT_STEP_INTERVAL_MS,
    private readonly timers: Timers = {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
      now: () => Date.now(),
    },
  ) {}

  /**
   * Queues a step. A pending `present:step`, `present:demo` or `present:eve` is replaced by a newer one
   * of the same phase, which goes to the end of the queue (after the steps queued since, which it follows).
   * The queue is bounded ({@link MAX_QUEUED_STEPS}): a flood of shared ciphertexts loses its oldest ones first.
   */
  push(step: StepPayload): void {
    const tail = this.queue[this.queue.length - 1];
    if (tail && tail.phase === step.phase && COALESCED.has(step.phase))
      this.queue[this.queue.length - 1] = step;
    else {
      if (COALESCED.has(step.phase)) this.queue = this.queue.filter((s) => s.phase !== step.phase);
      this.queue.push(step);
      while (this.queue.length > MAX_QUEUED_STEPS) {
        const oldest = this.queue.findIndex((s) => s.phase === 'present:ciphertext');
        this.queue.splice(Math.max(0, oldest), 1);
      }
    }
    this.pump();
  }

  /** Steps waiting for their turn. */
  get pending(): number {
    return this.queue.length;
  }

  /** Drops anything pending (e.g. when presenting stops). */
  clear(): void {
    this.queue = [];
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    if (this.timer !== null || this.queue.length === 0) return;
    const wait = this.last + this.minIntervalMs - this.timers.now();
    if (wait > 0) {
      this.timer = this.timers.setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    const next = this.queue.shift() as StepPayload;
    this.last = this.timers.now();
    this.send(next);
    this.pump();
  }
}

// Publishing side of presenter mode: rate-limits and coalesces `present:*` steps before they reach the relay.
import type { StepPayload } from '../../../common/wire.js';

/** Progress-like phases where only the latest pending one matters. */
const COALESCED = new Set(['present:step', 'present:demo', 'present:eve']);

/** Timer functions, injectable for tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/**
 * Publishes steps at most once per `minIntervalMs` (the relay allows 30 events/s): view changes and
 * `present:stop` go out in order; of several `present:step`s in one interval only the latest is sent.
 */
export class StepPublisher {
  private queue: StepPayload[] = [];
  private last = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;

  /** `send` publishes one step (e.g. session.publishStep). */
  constructor(
    private readonly send: (s: StepPayload) => void,
    private readonly minIntervalMs = 150,
    private readonly timers: Timers = {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
      now: () => Date.now(),
    },
  ) {}

  /** Queues a step; a pending `present:step`, `present:demo` or `present:eve` is replaced by a newer one of the same phase. */
  push(step: StepPayload): void {
    const tail = this.queue[this.queue.length - 1];
    if (tail && tail.phase === step.phase && COALESCED.has(step.phase))
      this.queue[this.queue.length - 1] = step;
    else this.queue.push(step);
    this.pump();
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

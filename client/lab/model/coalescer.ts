// Follower side of presenter mode: hands the latest state to the views at most once per animation frame (latest wins).

/** When the next frame comes: requestAnimationFrame in the browser (client/components/frame-clock.ts), a fake in tests. */
export interface FrameClock {
  /** Calls `fn` at the next animation frame (or a fallback when there are none); returns a cancel function. */
  frame(fn: () => void): () => void;
  /** Calls `fn` after `ms` milliseconds; returns a cancel function. */
  after(fn: () => void, ms: number): () => void;
  /** A monotonic time in milliseconds. */
  now(): number;
}

/**
 * Shortest time between two applies of a follower's presenter state: at most 10 redraws a second,
 * whoever sends how many steps. Above the presenter's own cap (one step every 150 ms,
 * `PRESENT_STEP_INTERVAL_MS`), so an honest presenter's steps are never held back more than a frame.
 */
export const FOLLOW_APPLY_INTERVAL_MS = 100;

/**
 * A one-slot "latest wins" buffer. {@link push} replaces what is pending; the pending value is applied
 * at the next animation frame, and never sooner than `minIntervalMs` after the previous apply
 * (trailing edge: the last value pushed is always applied). So N pushes within one frame make one
 * apply, with the last value, and a flood of pushes makes at most one apply per interval.
 */
export class FrameCoalescer<T> {
  private pending: { value: T } | null = null;
  private last = Number.NEGATIVE_INFINITY;
  private cancel: (() => void) | null = null;

  /** `apply` receives the latest value pushed; `clock` schedules frames; `minIntervalMs` caps the rate. */
  constructor(
    private readonly apply: (value: T) => void,
    private readonly clock: FrameClock,
    private readonly minIntervalMs = FOLLOW_APPLY_INTERVAL_MS,
  ) {}

  /** True while a value waits for its frame. */
  get waiting(): boolean {
    return this.pending !== null;
  }

  /** Makes `value` the one to apply at the next allowed frame, replacing any value still waiting. */
  push(value: T): void {
    this.pending = { value };
    this.schedule();
  }

  /** Applies the waiting value now (e.g. after a user action that must show at once); nothing if none. */
  flush(): void {
    this.stop();
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.last = this.clock.now();
    this.apply(p.value);
  }

  /** Drops the waiting value without applying it. */
  clear(): void {
    this.stop();
    this.pending = null;
  }

  private stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  private schedule(): void {
    if (this.cancel || !this.pending) return;
    const wait = this.last + this.minIntervalMs - this.clock.now();
    if (wait > 0) {
      this.cancel = this.clock.after(() => {
        this.cancel = null;
        this.schedule();
      }, wait);
      return;
    }
    this.cancel = this.clock.frame(() => {
      this.cancel = null;
      this.flush();
    });
  }
}

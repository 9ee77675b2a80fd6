// The clock of Eve's panel: one tick per animation frame (a timer in a hidden tab), or every 150 ms in slow motion.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Milliseconds between ticks in slow motion. */
export const SLOW_STEP_MS = 150;

/** Schedules one tick at a time for its host and stops with it (a ReactiveController). */
export class EveLoop implements ReactiveController {
  private timer: number | null = null;
  private frame: number | null = null;

  /** `onTick` runs once per {@link schedule}. */
  constructor(
    host: ReactiveControllerHost,
    private readonly onTick: () => void,
  ) {
    host.addController(this);
  }

  /** Runs `onTick` at the next frame (slow: after {@link SLOW_STEP_MS}). */
  schedule(slow: boolean): void {
    this.stop();
    const run = () => {
      this.timer = this.frame = null;
      this.onTick();
    };
    if (slow) this.timer = window.setTimeout(run, SLOW_STEP_MS);
    else if (document.visibilityState === 'visible') this.frame = requestAnimationFrame(run);
    else this.timer = window.setTimeout(run, 0);
  }

  /** Cancels the pending tick, if any. */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.timer = this.frame = null;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }
}

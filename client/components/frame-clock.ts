// The browser's FrameClock: requestAnimationFrame, with a timer in case frames stop (a hidden tab has none).
import type { FrameClock } from '../lab/model/coalescer.js';

/** How long to wait for an animation frame before running anyway (hidden tabs get no frames). */
export const FRAME_FALLBACK_MS = 200;

/**
 * Runs a callback at the next animation frame, or after {@link FRAME_FALLBACK_MS} when no frame comes
 * (a hidden or occluded tab; browsers slow such timers down too, to about once a second), whichever is
 * first. The state stays current while hidden, and the first frame after the tab is shown draws it.
 */
export const browserFrameClock: FrameClock = {
  frame(fn) {
    let done = false;
    const run = (): void => {
      if (done) return;
      done = true;
      cancelAnimationFrame(raf);
      clearTimeout(timer);
      fn();
    };
    const raf = requestAnimationFrame(run);
    const timer = setTimeout(run, FRAME_FALLBACK_MS);
    return () => {
      done = true;
      cancelAnimationFrame(raf);
      clearTimeout(timer);
    };
  },
  after(fn, ms) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
  now: () => performance.now(),
};

// DockWatch: is a step player below the window while the view holding it is on screen? Then its text docks.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The one-column layout of a phone or a narrow window (the width at which the room stacks its columns). */
export const NARROW_QUERY = '(max-width: 960px)';

function narrow(): boolean {
  return globalThis.matchMedia?.(NARROW_QUERY).matches ?? false;
}

/**
 * Watches the host (a step player) and the view whose shadow root holds it. `docked` is true while part of
 * the view is on screen but the player's bottom is below the window: on a phone, the canvas is in view and
 * the step text is not, so the player shows a copy of it fixed at the bottom of the window.
 */
export class DockWatch implements ReactiveController {
  /** The player's text should be shown docked at the bottom of the window. */
  docked = false;
  private observer?: IntersectionObserver;
  private viewOn = false;
  private below = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** Start observing (where IntersectionObserver exists). */
  hostConnected(): void {
    if (typeof IntersectionObserver === 'undefined') return;
    const root = this.host.getRootNode();
    const view = root instanceof ShadowRoot ? root.host : undefined;
    const thresholds = [0, 0.25, 0.5, 0.75, 1];
    this.observer = new IntersectionObserver((entries) => this.seen(entries), { threshold: thresholds });
    this.observer.observe(this.host);
    if (view) this.observer.observe(view);
    else this.viewOn = true;
  }

  /** Stop observing. */
  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.viewOn = false;
    this.below = false;
    this.docked = false;
  }

  private seen(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) if (e.target !== this.host) this.viewOn = e.isIntersecting;
    // Measured now, not from the player's own entry: a player shown while already below the window
    // (its view was hidden) reports no change of its own.
    const box = this.host.getBoundingClientRect();
    this.below = box.height > 0 && box.bottom > globalThis.innerHeight + 1;
    const docked = this.viewOn && this.below && narrow();
    if (docked === this.docked) return;
    this.docked = docked;
    this.host.requestUpdate();
  }
}

// A Lit reactive controller that tracks the width of a view's canvas box and redraws on change.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Observes the host's content width (CSS px) and calls `onResize` when it changes. */
export class WidthController implements ReactiveController {
  /** Last observed width in CSS pixels (0 before the first layout). */
  width = 0;
  private ro: ResizeObserver | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onResize: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (w > 0 && w !== this.width) {
        this.width = w;
        this.onResize();
      }
    });
    this.ro.observe(this.host);
  }

  hostDisconnected(): void {
    this.ro?.disconnect();
    this.ro = undefined;
  }
}

// A Lit reactive controller that tracks the width of a view's canvas box and redraws on change.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Observes the content width (CSS px) of the element matching `selector` in
 * the host's shadow root (the host itself when absent) and calls `onResize`.
 */
export class WidthController implements ReactiveController {
  /** Last observed width in CSS pixels (0 before the first layout). */
  width = 0;
  private ro: ResizeObserver | undefined;
  private target: Element | undefined;
  private scheme: MediaQueryList | undefined;
  /** The canvas palette follows the colour scheme: redraw (and re-render the legends) when it flips. */
  private readonly onScheme = (): void => {
    this.host.requestUpdate();
    this.onResize();
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot: ParentNode },
    private readonly onResize: () => void,
    private readonly selector = '.canvas-box',
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
    this.target = undefined;
    this.scheme = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
    this.scheme?.addEventListener('change', this.onScheme);
  }

  hostUpdated(): void {
    const el = this.host.renderRoot.querySelector(this.selector) ?? this.host;
    if (el !== this.target && this.ro) {
      if (this.target) this.ro.unobserve(this.target);
      this.target = el;
      this.ro.observe(el);
    }
  }

  hostDisconnected(): void {
    this.ro?.disconnect();
    this.ro = undefined;
    this.scheme?.removeEventListener('change', this.onScheme);
    this.scheme = undefined;
    this.target = undefined;
  }
}

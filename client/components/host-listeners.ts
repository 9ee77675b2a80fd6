// A Lit reactive controller that listens on its host for typed events (client/components/events.ts) while connected.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Handlers by event name, each typed by HTMLElementEventMap (which includes every curvechat event). */
export type HostHandlers = { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };

/** Adds each handler as a listener on the host when it connects and removes it when it disconnects. */
export class HostListeners implements ReactiveController {
  private added: [string, EventListener][] = [];

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly handlers: HostHandlers,
  ) {
    host.addController(this);
  }

  /** Adds the listeners. */
  hostConnected(): void {
    this.hostDisconnected();
    // The map's keys and handler types agree by construction; the DOM API takes a plain EventListener.
    this.added = Object.entries(this.handlers).map(([name, fn]) => [name, fn as EventListener]);
    for (const [name, fn] of this.added) this.host.addEventListener(name, fn);
  }

  /** Removes them. */
  hostDisconnected(): void {
    for (const [name, fn] of this.added) this.host.removeEventListener(name, fn);
    this.added = [];
  }
}

/** Listens on `host` for each of `handlers` while it is connected (call it from the host's constructor). */
export function listen(host: ReactiveControllerHost & HTMLElement, handlers: HostHandlers): HostListeners {
  return new HostListeners(host, handlers);
}

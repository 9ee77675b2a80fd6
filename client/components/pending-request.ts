// PendingRequest: a view's request to the app (join, generate keys, send, use a curve) — busy until the reply.
import type { ReactiveControllerHost } from 'lit';
import { emit, type CurvechatEventMap, type Reply } from './events.js';

/** The events that carry a `reply` (requests <curvechat-app> answers). */
export type RequestName = {
  [K in keyof CurvechatEventMap]: CurvechatEventMap[K] extends { reply: Reply } ? K : never;
}[keyof CurvechatEventMap];

/**
 * Sends one request at a time (re-rendering its host on each change): `busy` from {@link send} until the app calls the reply, then `error`
 * holds the reason it gave ('' on success). The host may also set `error` for its own checks.
 */
export class PendingRequest {
  private pending = false;
  private reason = '';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {}

  /** True while a request waits for its reply. */
  get busy(): boolean {
    return this.pending;
  }

  /** The reason the last request failed, or the host's own message; '' when there is none. */
  get error(): string {
    return this.reason;
  }
  set error(text: string) {
    this.reason = text;
    this.host.requestUpdate();
  }

  /**
   * Emits `name` with the detail `build` makes around the reply, unless a request is already pending.
   * `done` runs after the reply has cleared `busy` and set `error`.
   */
  send<K extends RequestName>(
    name: K,
    build: (reply: Reply) => CurvechatEventMap[K],
    done?: (error: string | null) => void,
  ): void {
    if (this.pending) return;
    this.pending = true;
    this.error = '';
    emit(
      this.host,
      name,
      build((error) => {
        this.pending = false;
        this.error = error ?? '';
        done?.(error);
      }),
    );
  }
}

// Lets a Join pressed before start-up finished wait for the session, instead of refusing it (slow config.json, slow network).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomSessionApi } from '../session/types.js';

/** What the gate reads from its host: the session once it exists, or why start-up failed. */
export interface StartupSource {
  readonly session?: RoomSessionApi;
  readonly startupError?: string;
}

/**
 * Hands out the session when it exists, else waits for it (or for a start-up failure, as an Error with the reason).
 * The join form sends one request at a time, so at most a few callers wait; each is settled exactly once.
 */
export class StartupGate implements ReactiveController {
  private waiting: { resolve: (s: RoomSessionApi) => void; reject: (e: Error) => void }[] = [];

  constructor(private readonly host: ReactiveControllerHost & StartupSource) {
    host.addController(this);
  }

  /** The session, now or as soon as start-up has made it. */
  session(): Promise<RoomSessionApi> {
    const { session, startupError } = this.host;
    if (session) return Promise.resolve(session);
    if (startupError !== undefined) return Promise.reject(failure(startupError));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  hostUpdated(): void {
    const { session, startupError } = this.host;
    if (!session && startupError === undefined) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) {
      if (session) w.resolve(session);
      else w.reject(failure(startupError ?? ''));
    }
  }
}

function failure(reason: string): Error {
  return new Error(`curvechat could not start: ${reason}`);
}

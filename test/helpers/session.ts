// Test helper: RoomSession instances for Node (memory storage, fast retries) and waiting on their state.
import { RoomSession, type RoomSessionOptions } from '../../client/session/room-session.js';
import { MemoryStorage } from '../../client/session/resume.js';
import type { SessionState } from '../../client/session/types.js';

/** A session pointed at `url` with quick reconnects and short receipt timeouts. */
export function newSession(url: string, options: RoomSessionOptions = {}): RoomSession {
  return new RoomSession({
    url,
    storage: new MemoryStorage(),
    ackTimeoutMs: 3000,
    retry: { receiptTimeoutMs: 400, maxDelayMs: 800, maxAttempts: 5 },
    ...options,
    socketOptions: { reconnectionDelay: 100, reconnectionDelayMax: 300, ...options.socketOptions },
  });
}

/**
 * Resolve with the state once `predicate` holds (checked now and after every `change`). On timeout the
 * error names `what`, the last reason the predicate failed (what it threw, or that it was false) and the log.
 */
export function waitFor(
  session: RoomSession,
  predicate: (s: SessionState) => boolean,
  what: string,
  ms = 6000,
): Promise<SessionState> {
  let last = 'the predicate was false';
  const holds = (): boolean => {
    try {
      if (predicate(session.state)) return true;
      last = 'the predicate was false';
    } catch (err) {
      last = `the predicate threw: ${err instanceof Error ? err.message : String(err)}`;
    }
    return false;
  };
  return new Promise((resolve, reject) => {
    if (holds()) return resolve(session.state);
    const onChange = (): void => {
      if (!holds()) return;
      clearTimeout(timer);
      session.removeEventListener('change', onChange);
      resolve(session.state);
    };
    const timer = setTimeout(() => {
      session.removeEventListener('change', onChange);
      const log = session.state.log.map((l) => `  ${l.level} ${l.text}`).join('\n');
      reject(
        new Error(
          `timed out after ${ms} ms waiting for: ${what}; ${last}\nlog of ${session.state.name}:\n${log}`,
        ),
      );
    }, ms);
    session.addEventListener('change', onChange);
  });
}

/** The peer view named `name`, if present. */
export function peerNamed(s: SessionState, name: string) {
  return s.peers.find((p) => p.name === name);
}

/** True when the channel with `name` is ready. */
export function readyWith(name: string): (s: SessionState) => boolean {
  return (s) => peerNamed(s, name)?.channel === 'ready';
}

/** Log lines of a session as text. */
export function logText(session: RoomSession): string[] {
  return session.state.log.map((l) => l.text);
}

/** Resolves once the per-peer queue of member `id` has run everything queued before it (test-only use of internals). */
export function settle(session: RoomSession, id: string): Promise<void> {
  const peers = (session as any).peers;
  return new Promise<void>((resolve) => peers.enqueue(peers.get(id), () => resolve()));
}

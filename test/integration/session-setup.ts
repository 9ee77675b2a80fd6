// Shared set-up for the RoomSession test files: a relay that records client traffic, and session helpers.
import { after, before } from 'node:test';
import type { RoomSession, RoomSessionOptions } from '../../client/session/room-session.js';
import type { RunningServer } from '../../server/server.js';
import { newSession, readyWith, waitFor } from '../helpers/session.js';
import { startTestServer } from './helpers.js';

/** Every payload clients sent to the relay, as JSON text (to prove no plaintext crosses it). */
function recordTraffic(server: RunningServer): string[] {
  const seen: string[] = [];
  server.io.on('connection', (socket) => {
    socket.onAny((event: string, ...args: unknown[]) => {
      seen.push(`${event} ${JSON.stringify(args.filter((a) => typeof a !== 'function'))}`);
    });
  });
  return seen;
}

/** A relay for the enclosing suite, what clients sent it, and sessions that are all left in `after`. */
export interface SessionRelay {
  readonly server: RunningServer;
  readonly traffic: string[];
  session(options?: RoomSessionOptions): RoomSession;
}

/** Start a recording relay in `before`; in `after` leave every session made with `session()` and close it. */
export function sessionRelay(): SessionRelay {
  let server: RunningServer | undefined;
  let traffic: string[] = [];
  const open: RoomSession[] = [];
  before(async () => {
    server = await startTestServer();
    traffic = recordTraffic(server);
  });
  after(async () => {
    await Promise.all(open.map((s) => s.leave()));
    await server?.close();
  });
  const started = (): RunningServer => {
    if (!server) throw new Error('the relay is not started yet (use it inside a test)');
    return server;
  };
  return {
    get server(): RunningServer {
      return started();
    },
    get traffic(): string[] {
      return traffic;
    },
    session(options = {}): RoomSession {
      const s = newSession(started().url, options);
      open.push(s);
      return s;
    },
  };
}

/** Join `room` with each session in turn, under its name. */
export async function joinAll(room: string, pairs: [RoomSession, string][]): Promise<void> {
  for (const [s, name] of pairs) await s.join(room, name);
}

/** Generate keys on each session in turn. */
export async function keysAll(...sessions: RoomSession[]): Promise<void> {
  for (const s of sessions) await s.generateKeys();
}

/** Join `room` with two sessions, generate keys on both, and wait until each has a ready channel with the other. */
export async function readyPair(
  room: string,
  [a, aName]: [RoomSession, string],
  [b, bName]: [RoomSession, string],
): Promise<void> {
  await joinAll(room, [
    [a, aName],
    [b, bName],
  ]);
  await keysAll(a, b);
  await waitFor(a, readyWith(bName), `${aName} ready with ${bName}`);
  await waitFor(b, readyWith(aName), `${bName} ready with ${aName}`);
}

/** Leave with every session. */
export function leaveAll(...sessions: RoomSession[]): Promise<void[]> {
  return Promise.all(sessions.map((s) => s.leave()));
}

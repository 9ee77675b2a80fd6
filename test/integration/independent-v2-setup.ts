// Shared set-up for the independent-v2*.test.ts files: a recording relay for sessions and independent v2 clients
// (test/helpers/independent-v2.ts), every one closed in `after`, and what a session shows.
import { after } from 'node:test';
import type { RoomSession } from '../../client/session/room-session.js';
import { type IndependentOptions, type IndependentV2, joinIndependentV2 } from '../helpers/independent-v2.js';
import { sessionRelay, type SessionRelay } from './session-setup.js';

/** The suite's relay and a way to join independent v2 clients to it. */
export interface IndependentRelay {
  /** The recording relay and its sessions (session-setup.ts). */
  readonly relay: SessionRelay;
  /** Join `room` as `name` with an independent v2 client; it is closed in `after`. */
  indep(room: string, name: string, options?: IndependentOptions): Promise<IndependentV2>;
}

/** Start a recording relay for the enclosing suite; in `after` close every independent client made with `indep`. */
export function independentRelay(): IndependentRelay {
  const relay = sessionRelay();
  const open: IndependentV2[] = [];
  after(() => open.forEach((c) => c.close()));
  return {
    relay,
    async indep(room, name, options) {
      const c = await joinIndependentV2(relay.server.url, room, name, options);
      open.push(c);
      return c;
    },
  };
}

/** True once the session shows exactly one incoming message with `text`. */
export const shown = (text: string) => (st: RoomSession['state']) =>
  st.messages.filter((m) => !m.outgoing && m.text === text).length === 1;

/** True once the session's outgoing message with `text` is delivered to member `to`. */
export const delivered = (text: string, to: string) => (st: RoomSession['state']) =>
  st.messages.find((m) => m.outgoing && m.text === text)?.delivery[to]?.state === 'delivered';

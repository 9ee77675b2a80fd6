// Shared set-up for the dishonest-relay test files: a real relay, forging relays (forging-relay.ts) in front of it
// and sessions through them, every one left or closed in `after`.
import { after, before } from 'node:test';
import type { RoomSession, RoomSessionOptions } from '../../client/session/room-session.js';
import type { RunningServer } from '../../server/server.js';
import { newSession } from '../helpers/session.js';
import { startForgingRelay, type Forgery, type ForgingRelay } from './forging-relay.js';
import { startTestServer } from './helpers.js';
import { readyPair } from './session-setup.js';

/** Alice and Bob through one forging relay, with a ready channel. */
export interface ForgedPair {
  /** The forging relay between them. */
  readonly relay: ForgingRelay;
  /** Session Alice. */
  readonly alice: RoomSession;
  /** Session Bob. */
  readonly bob: RoomSession;
}

/** The suite's real relay, the forging relays started in front of it, and sessions. */
export interface DishonestRelays {
  /** The real (honest) relay. */
  readonly real: RunningServer;
  /** Every forging relay started with `forging`, in order. */
  readonly relays: readonly ForgingRelay[];
  /** Start a forging relay with `forgery` in front of the real one; it is closed in `after`. */
  forging(forgery: Forgery): Promise<ForgingRelay>;
  /** A session connecting to `url`; it leaves in `after`. */
  session(url: string, options?: RoomSessionOptions): RoomSession;
  /** Alice and Bob (with their options) through a new forging relay with `forgery`, with a ready channel. */
  pairThrough(
    room: string,
    forgery: Forgery,
    aliceOptions?: RoomSessionOptions,
    bobOptions?: RoomSessionOptions,
  ): Promise<ForgedPair>;
}

/** Start the real relay in `before`; in `after` leave every session, then close the forging relays and the real one. */
export function dishonestRelays(): DishonestRelays {
  let real: RunningServer | undefined;
  const open: RoomSession[] = [];
  const relays: ForgingRelay[] = [];
  before(async () => {
    real = await startTestServer();
  });
  after(async () => {
    await Promise.all(open.map((s) => s.leave()));
    await Promise.all(relays.map((r) => r.close()));
    await real?.close();
  });
  const started = (): RunningServer => {
    if (!real) throw new Error('the relay is not started yet (use it inside a test)');
    return real;
  };
  const setup: DishonestRelays = {
    get real(): RunningServer {
      return started();
    },
    relays,
    async forging(forgery) {
      const relay = await startForgingRelay(started().url, forgery);
      relays.push(relay);
      return relay;
    },
    session(url, options = {}) {
      const s = newSession(url, options);
      open.push(s);
      return s;
    },
    async pairThrough(room, forgery, aliceOptions = {}, bobOptions = {}) {
      const relay = await setup.forging(forgery);
      const alice = setup.session(relay.url, aliceOptions);
      const bob = setup.session(relay.url, bobOptions);
      await readyPair(room, [alice, 'Alice'], [bob, 'Bob']);
      return { relay, alice, bob };
    },
  };
  return setup;
}

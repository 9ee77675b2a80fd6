// Shared set-up of the relay fuzz suites (fuzz-relay*.test.ts): relay processes with and without rate limits, a
// fuzzer beside two honest members who check everything they receive, and the checks after a fuzz run.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { type Node, killAll, startNode, status } from './cluster.js';
import { watch, type Watcher } from './fuzz-wire.js';
import { joinAs, type Member } from './helpers.js';

/** Rate limits far above what the fuzzer sends, so every event reaches validation. */
const UNLIMITED = {
  RATE_EVENTS_PER_SECOND: '100000',
  RATE_BURST: '1000000',
  RATE_MEMBER_EVENTS_PER_SECOND: '100000',
  RATE_MEMBER_BURST: '1000000',
  LOG_LEVEL: 'warn',
};

/** The relay processes of a fuzz suite: `node` with UNLIMITED rates, `limited` with the default ones. */
export interface FuzzNodes {
  /** Rate limits far above the fuzzer's. */
  readonly node: Node;
  /** The default rate limits. */
  readonly limited: Node;
}

/** Start the suite's two relay processes (named `name` and `limitedName`) in `before`; kill them in `after`. */
export function fuzzNodes(name: string, limitedName: string): FuzzNodes {
  let nodes: [Node, Node] | undefined;
  before(async () => {
    nodes = await Promise.all([
      startNode(name, UNLIMITED, 'healthz'),
      startNode(limitedName, { LOG_LEVEL: 'warn' }, 'healthz'),
    ]);
  });
  after(async () => {
    await killAll();
  });
  const started = (): [Node, Node] => {
    if (!nodes) throw new Error('the fuzz relays are not started yet (use them inside a test)');
    return nodes;
  };
  return {
    get node(): Node {
      return started()[0];
    },
    get limited(): Node {
      return started()[1];
    },
  };
}

/** A fuzzer and two honest members of a room, each honest one checking every event it receives. */
export interface FuzzRoom {
  /** The fuzzer F. */
  readonly f: Member;
  /** Honest member A. */
  readonly a: Member;
  /** Honest member B. */
  readonly b: Member;
  /** The member ids the honest members may hear from (A, B, F; a test may add more). */
  readonly ids: Set<string>;
  /** A's and B's checks. */
  readonly watchers: Watcher[];
}

/** Join A, B and then the fuzzer F to `room` on `url`; A and B check everything they receive against `ids`. */
export async function fuzzRoom(url: string, room: string): Promise<FuzzRoom> {
  const a = await joinAs(url, room, 'A');
  const b = await joinAs(url, room, 'B');
  const f = await joinAs(url, room, 'F');
  const ids = new Set([a.id, b.id, f.id]);
  return { f, a, b, ids, watchers: [watch(a.socket, () => ids), watch(b.socket, () => ids)] };
}

/**
 * After a fuzz run: the process is alive and healthy, `dmArrives` passes from A to B and from B to A, and the
 * relay logged no error since its output had `since` characters.
 */
export async function afterFuzz(
  relay: Node,
  a: Member,
  b: Member,
  since: number,
  dmArrives: (from: Member, to: Member) => Promise<void>,
): Promise<void> {
  assert.equal(relay.child.exitCode, null, 'the relay process is alive');
  assert.equal(await status(`${relay.url}/healthz`), 200);
  await dmArrives(a, b);
  await dmArrives(b, a);
  const errors = relay
    .output()
    .slice(since)
    .split('\n')
    .filter((line) => /"level":(50|60)/.test(line));
  assert.deepEqual(errors, [], 'no error logged');
}

// Presence across relay processes (`who` extension): listing across nodes, kill -9 ghosts pruned, partial on outage.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RoomSession } from '../../client/session/room-session.js';
import { logText, newSession, peerNamed, readyWith, waitFor as waitForSession } from '../helpers/session.js';
import { OwnedRedis, freePort, status, stopChild, waitFor } from './cluster.js';
import { call, closeAll, fakeP256, joinAs, nodesForFile } from './helpers.js';

let redis: OwnedRedis;
const nodes = nodesForFile(['n1', 'n2', 'n3'], async () => {
  redis = new OwnedRedis(await freePort());
  await redis.start();
  return { REDIS_URL: redis.url, REDIS_REQUESTS_TIMEOUT_MS: '1500', DRAIN_TIMEOUT_MS: '4000' };
});

const byName = (peers: { name: string }[]) => [...peers].sort((x, y) => x.name.localeCompare(y.name));

describe('presence across nodes', { timeout: 90_000 }, () => {
  test('who lists the members of every node, with keys', { timeout: 20_000 }, async () => {
    const [n1, n2, n3] = nodes;
    const a = await joinAs(n1.url, 'who-x', 'A');
    const b = await joinAs(n2.url, 'who-x', 'B');
    const c = await joinAs(n3.url, 'who-x', 'C');
    await call(b.socket, 'key', { curve: 'P-256', pub: fakeP256(2) });
    const ack = await call(a.socket, 'who', {});
    assert.equal(ack.ok, true);
    assert.equal(ack.partial, undefined);
    assert.deepEqual(byName(ack.peers), [
      { id: b.id, name: 'B', key: { curve: 'P-256', pub: fakeP256(2) } },
      { id: c.id, name: 'C' },
    ]);
    closeAll(a.socket, b.socket, c.socket);
  });

  test(
    'kill -9 of a node: sessions drop its member who never comes back, and keep chatting',
    { timeout: 30_000 },
    async () => {
      const [n1, n2, n3] = nodes;
      const fast = { presenceIntervalMs: 300, retry: { receiptTimeoutMs: 400, maxAttempts: 100 } };
      const alice = newSession(n1.url, fast);
      const bob = newSession(n2.url, fast);
      const carol = newSession(n3.url, { ...fast, socketOptions: { reconnection: false } });
      const all: RoomSession[] = [alice, bob, carol];
      try {
        await alice.join('ghosts', 'Alice');
        await bob.join('ghosts', 'Bob');
        await carol.join('ghosts', 'Carol');
        for (const s of all) await s.generateKeys();
        for (const [s, others] of [
          [alice, ['Bob', 'Carol']],
          [bob, ['Alice', 'Carol']],
          [carol, ['Alice', 'Bob']],
        ] as const)
          for (const name of others) await waitForSession(s, readyWith(name), `ready with ${name}`);

        await stopChild(n3.child); // SIGKILL: no peer-left ever leaves n3
        // Sent before anyone notices: the part for Carol stays pending until she is dropped.
        await alice.send('while n3 is dead');
        const gone = (s: RoomSession) =>
          waitForSession(s, (st) => peerNamed(st, 'Carol') === undefined, 'Carol dropped', 10_000);
        await Promise.all([gone(alice), gone(bob)]);
        const line = 'Carol is no longer reachable (their relay node went away)';
        assert.ok(logText(alice).includes(line), logText(alice).join('\n'));
        assert.ok(logText(bob).includes(line));
        assert.ok(!logText(alice).includes('Carol left the room'));

        const sent = () => alice.state.messages.find((m) => m.text === 'while n3 is dead')!;
        const ids = { bob: bob.state.me!.id, carol: carol.state.me!.id };
        await waitForSession(alice, () => sent().delivery[ids.bob]?.state === 'delivered', 'to Bob');
        assert.deepEqual(sent().delivery[ids.carol], { state: 'failed', reason: line, verified: false });

        // Alice and Bob keep working both ways, and Carol stays gone.
        await bob.send('still here');
        await waitForSession(alice, (s) => s.messages.some((m) => m.text === 'still here'), 'Bob → Alice');
        await alice.send('me too');
        await waitForSession(bob, (s) => s.messages.some((m) => m.text === 'me too'), 'Alice → Bob');
        const last = alice.state.messages.find((m) => m.text === 'me too')!;
        assert.deepEqual(Object.keys(last.delivery), [ids.bob], 'no part for the dropped member');
        assert.deepEqual(
          alice.state.peers.map((p) => p.name),
          ['Bob'],
        );
      } finally {
        await Promise.all(all.map((s) => s.leave()));
      }
    },
  );

  test(
    'during a Redis outage who says partial: true and lists this node only',
    { timeout: 30_000 },
    async () => {
      const [n1, n2] = nodes;
      const a = await joinAs(n1.url, 'who-partial', 'A');
      const a2 = await joinAs(n1.url, 'who-partial', 'A2');
      const b = await joinAs(n2.url, 'who-partial', 'B');
      await redis.stop();
      await waitFor('readyz 503', async () => (await status(`${n1.url}/readyz`)) === 503);
      const ack = await call(a.socket, 'who', {});
      assert.deepEqual(ack, { ok: true, peers: [{ id: a2.id, name: 'A2' }], partial: true });
      closeAll(a.socket, a2.socket, b.socket);
    },
  );
});

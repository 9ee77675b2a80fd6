// `bcast` across relay nodes on one Redis (docs/protocol.md "v2: broadcast"): members on other nodes get it once,
// with `from` set by the sender's node; another room on another node gets nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OwnedRedis, freePort } from './cluster.js';
import { barrier, call, closeAll, collect, joinAs, roundTrip, serversForFile } from './helpers.js';
import type { RunningServer } from '../../server/server.js';

const startServer = serversForFile();
let redis: OwnedRedis;
let n1: RunningServer;
let n2: RunningServer;

before(async () => {
  redis = new OwnedRedis(await freePort());
  await redis.start();
  [n1, n2] = await Promise.all([startServer({ redisUrl: redis.url }), startServer({ redisUrl: redis.url })]);
});
after(async () => {
  await redis?.stop();
});

describe('bcast on two nodes', { timeout: 30_000 }, () => {
  test('reaches every other member on both nodes once; other rooms and the sender get nothing', async () => {
    const alice = await joinAs(n1.url, 'mn-bc', 'Alice');
    const bob = await joinAs(n2.url, 'mn-bc', 'Bob');
    const carol = await joinAs(n1.url, 'mn-bc', 'Carol');
    const aliceOn2 = await joinAs(n2.url, 'mn-bc', 'Alice', alice.resume);
    const stranger = await joinAs(n2.url, 'mn-bc-other', 'Zed');
    const atBob = collect(bob.socket, 'bcast');
    const atCarol = collect(carol.socket, 'bcast');
    const atAlice2 = collect(aliceOn2.socket, 'bcast');
    const atStranger = collect(stranger.socket, 'bcast');
    const ack = await call(alice.socket, 'bcast', {
      id: 'x1',
      kind: 'skmsg',
      body: { c: 'AA' },
      from: bob.id,
    });
    assert.deepEqual(ack, { ok: true });
    await barrier(alice, bob, carol, aliceOn2);
    await roundTrip(stranger.socket);
    const expected = [{ from: alice.id, id: 'x1', kind: 'skmsg', body: { c: 'AA' } }];
    assert.deepEqual(atBob, expected);
    assert.deepEqual(atCarol, expected);
    assert.deepEqual(atAlice2, []);
    assert.deepEqual(atStranger, []);
    // And back from the other node.
    const atAlice = collect(alice.socket, 'bcast');
    assert.deepEqual(await call(bob.socket, 'bcast', { id: 'y1', kind: 'skmsg', body: 1 }), { ok: true });
    await barrier(bob, alice, carol);
    assert.deepEqual(atAlice, [{ from: bob.id, id: 'y1', kind: 'skmsg', body: 1 }]);
    closeAll(alice.socket, bob.socket, carol.socket, aliceOn2.socket, stranger.socket);
  });
});

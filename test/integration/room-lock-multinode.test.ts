// The room lock across relay processes on a real redis-server: refusal on every node, node restarts, last member.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OwnedRedis, freePort, startNode, stopChild } from './cluster.js';
import {
  type Member,
  call,
  closeAll,
  connect,
  joinAs,
  newResume,
  next,
  nodesForFile,
  waitFor,
} from './helpers.js';

let redisUrl = '';
const nodes = nodesForFile(['n1', 'n2'], async () => {
  const redis = new OwnedRedis(await freePort());
  await redis.start();
  redisUrl = redis.url;
  return { REDIS_URL: redis.url, REDIS_REQUESTS_TIMEOUT_MS: '1500' };
});

/** The join ack of a fresh member with `resume` on `url`, and its socket. */
async function tryJoin(url: string, room: string, name: string, resume = newResume()) {
  const socket = await connect(url);
  return { socket, ack: await call(socket, 'join', { room, name, resume }) };
}

/** Lock (or unlock) as `m`, once every observer has seen the `room-lock` event. */
async function setLock(m: Member, locked: boolean, ...observers: Member[]): Promise<void> {
  const seen = observers.map((o) => next(o.socket, 'room-lock'));
  assert.deepEqual(await call(m.socket, 'lock', { locked }), { ok: true });
  for (const event of await Promise.all(seen)) assert.deepEqual(event, { locked, by: m.id, name: m.name });
}

describe('room lock across nodes', { timeout: 60_000 }, () => {
  test('a lock on node A refuses a new id on node B; admitted ids and an unlock get in there', async () => {
    const [n1, n2] = nodes;
    const a = await joinAs(n1.url, 'xlock', 'Alice');
    const b = await joinAs(n2.url, 'xlock', 'Bob');
    await setLock(a, true, b);
    const carol = await tryJoin(n2.url, 'xlock', 'Carol');
    assert.equal(carol.ack.error?.code, 'room-locked');
    const carolOnA = await tryJoin(n1.url, 'xlock', 'Carol');
    assert.equal(carolOnA.ack.error?.code, 'room-locked');
    // Alice fails over to node B (same member id): admitted.
    const gone = next(b.socket, 'peer-left');
    a.socket.disconnect();
    await gone;
    const aliceOnB = await joinAs(n2.url, 'xlock', 'Alice', a.resume);
    assert.deepEqual(aliceOnB.joinAck.lock, { locked: true, by: a.id, name: 'Alice' });
    await setLock(b, false, aliceOnB);
    const carolIn = await joinAs(n1.url, 'xlock', 'Carol');
    assert.equal(carolIn.joinAck.lock, undefined);
    closeAll(b.socket, aliceOnB.socket, carolIn.socket, carol.socket, carolOnA.socket);
  });

  test('the lock survives the restart of a node while members remain, and goes with the last one', async () => {
    const [n1] = nodes;
    // Alice and the lock on a node of their own, which is then killed; Bob stays on n1.
    const n3 = await startNode('n3', { REDIS_URL: redisUrl, REDIS_REQUESTS_TIMEOUT_MS: '1500' });
    const a = await joinAs(n3.url, 'xrestart', 'Alice');
    const b = await joinAs(n1.url, 'xrestart', 'Bob');
    await setLock(a, true, b);
    await stopChild(n3.child, 'SIGKILL');
    // n1 learns that n3 is gone when its heartbeat stops; the restarted node comes up meanwhile.
    const n3again = await startNode('n3b', { REDIS_URL: redisUrl, REDIS_REQUESTS_TIMEOUT_MS: '1500' });
    const stranger = await tryJoin(n3again.url, 'xrestart', 'Carol');
    assert.equal(stranger.ack.error?.code, 'room-locked', 'Bob keeps the lock for the room');
    const aliceBack = await joinAs(n3again.url, 'xrestart', 'Alice', a.resume);
    assert.equal(aliceBack.id, a.id);
    assert.equal(aliceBack.joinAck.lock?.locked, true);
    // Everyone goes: the lock goes with them.
    aliceBack.socket.disconnect();
    b.socket.disconnect();
    // Until both disconnects are handled a new id is refused; after, it gets in to an empty, unlocked room.
    await waitFor('room forgotten', async () => {
      const c = await tryJoin(n3again.url, 'xrestart', 'Carol');
      c.socket.disconnect();
      if (!c.ack.ok) assert.equal(c.ack.error.code, 'room-locked');
      else assert.deepEqual([c.ack.peers, c.ack.lock], [[], undefined], 'locked while anyone remains');
      return c.ack.ok === true;
    });
    closeAll(stranger.socket);
    await stopChild(n3again.child);
  });
});

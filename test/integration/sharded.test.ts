// The sharded adapter on a Redis Cluster (REDIS_CLUSTER): rooms, keys, dms and peer-left across two nodes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OwnedRedisCluster } from './cluster.js';
import { call, closeAll, collect, fakeP256, joinAs, next, nodesForFile, roundTrip } from './helpers.js';

const external = process.env.REDIS_CLUSTER;
let cluster: OwnedRedisCluster | undefined;
const nodes = nodesForFile(['s1', 's2'], async () => {
  let seeds = external;
  if (!seeds) {
    cluster = new OwnedRedisCluster();
    await cluster.start();
    seeds = cluster.seeds;
  }
  return { REDIS_CLUSTER: seeds, REDIS_REQUESTS_TIMEOUT_MS: '1500' };
});

test(
  'sharded adapter: members on two nodes share a room, keys, dms and leaves',
  { timeout: 30_000 },
  async () => {
    const [s1, s2] = nodes;
    const a = await joinAs(s1.url, 'sharded', 'A');
    await call(a.socket, 'key', { curve: 'P-384', pub: Buffer.alloc(97, 4).toString('base64url') });
    const aSawB = next(a.socket, 'peer-joined');
    const b = await joinAs(s2.url, 'sharded', 'B');
    assert.deepEqual(b.joinAck.peers, [
      { id: a.id, name: 'A', key: { curve: 'P-384', pub: Buffer.alloc(97, 4).toString('base64url') } },
    ]);
    assert.deepEqual(await aSawB, { id: b.id, name: 'B' });
    const keyAtA = next(a.socket, 'peer-key');
    await call(b.socket, 'key', { curve: 'P-256', pub: fakeP256(2) });
    assert.equal((await keyAtA).from, b.id);
    const dmAtB = next(b.socket, 'dm');
    await call(a.socket, 'dm', { id: 's1', kind: 'msg', parts: [{ to: b.id, body: { iv: 'i', ct: 'c' } }] });
    assert.deepEqual(await dmAtB, { from: a.id, id: 's1', kind: 'msg', body: { iv: 'i', ct: 'c' } });
    // Another room on the same nodes hears nothing. A probe with O's member id inside A's room, on O's node,
    // shows that the dm reached that node; a round trip on O's own connection then flushes anything the node
    // wrote to O before.
    const other = await joinAs(s2.url, 'sharded-other', 'O');
    const probe = await joinAs(s2.url, 'sharded', 'Probe', other.resume);
    const heard = collect(other.socket, 'dm');
    const atProbe = next(probe.socket, 'dm');
    await call(a.socket, 'dm', { id: 's2', kind: 'msg', parts: [{ to: other.id, body: {} }] });
    assert.equal((await atProbe).id, 's2');
    await roundTrip(other.socket);
    assert.equal(heard.length, 0);
    const left = next(b.socket, 'peer-left');
    a.socket.disconnect();
    assert.deepEqual(await left, { id: a.id });
    closeAll(b.socket, other.socket, probe.socket);
  },
);

// Several relay processes on one Redis: cross-node rooms, room isolation, and Redis outage and recovery.
// Node failure and SIGTERM drain are in multinode-failover.test.ts. See docs/deploy.md for the topology.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TcpBalancer, startNode, status, stopChild, waitFor } from './cluster.js';
import {
  type Client,
  call,
  closeAll,
  collect,
  fakeP256,
  joinAs,
  metricValue,
  next,
  roundTrip,
} from './helpers.js';
import { assertAlive, threeNodesOnRedis } from './multinode-setup.js';

const cluster = threeNodesOnRedis();
const { nodes } = cluster;

describe('multi-node relay on Redis', { timeout: 120_000 }, () => {
  test(
    'members on three nodes see each other with keys, exchange keys and dms',
    { timeout: 20_000 },
    async () => {
      const [n1, n2, n3] = nodes;
      const a = await joinAs(n1.url, 'cross', 'A');
      await call(a.socket, 'key', { curve: 'P-256', pub: fakeP256(1) });
      const aSawB = next(a.socket, 'peer-joined');
      const b = await joinAs(n2.url, 'cross', 'B');
      assert.deepEqual(await aSawB, { id: b.id, name: 'B' });
      const bKeyAtA = next(a.socket, 'peer-key');
      await call(b.socket, 'key', { curve: 'P-256', pub: fakeP256(2) });
      assert.deepEqual(await bKeyAtA, { from: b.id, curve: 'P-256', pub: fakeP256(2) });
      const c = await joinAs(n3.url, 'cross', 'C');
      const peers = [...c.joinAck.peers].sort((x: any, y: any) => x.name.localeCompare(y.name));
      assert.deepEqual(peers, [
        { id: a.id, name: 'A', key: { curve: 'P-256', pub: fakeP256(1) } },
        { id: b.id, name: 'B', key: { curve: 'P-256', pub: fakeP256(2) } },
      ]);
      const keyAtA = next(a.socket, 'peer-key');
      const keyAtB = next(b.socket, 'peer-key');
      await call(c.socket, 'key', { curve: 'P-256', pub: fakeP256(3) });
      assert.deepEqual(await keyAtA, { from: c.id, curve: 'P-256', pub: fakeP256(3) });
      assert.deepEqual(await keyAtB, { from: c.id, curve: 'P-256', pub: fakeP256(3) });

      const atB = next(b.socket, 'dm');
      const atC = next(c.socket, 'dm');
      await call(a.socket, 'dm', {
        id: 'x1',
        kind: 'msg',
        parts: [
          { to: b.id, body: { iv: 'b', ct: 'b' } },
          { to: c.id, body: { iv: 'c', ct: 'c' } },
        ],
      });
      assert.deepEqual(await atB, { from: a.id, id: 'x1', kind: 'msg', body: { iv: 'b', ct: 'b' } });
      assert.deepEqual(await atC, { from: a.id, id: 'x1', kind: 'msg', body: { iv: 'c', ct: 'c' } });
      const receipt = next(a.socket, 'dm');
      await call(c.socket, 'dm', { id: 'x1', kind: 'receipt', parts: [{ to: a.id, body: { ok: true } }] });
      assert.deepEqual(await receipt, { from: c.id, id: 'x1', kind: 'receipt', body: { ok: true } });

      const leftAtA = next(a.socket, 'peer-left');
      b.socket.disconnect();
      assert.deepEqual(await leftAtA, { id: b.id });
      closeAll(a.socket, c.socket);
    },
  );

  test('room isolation holds across nodes', { timeout: 20_000 }, async () => {
    const [n1, n2, n3] = nodes;
    const victim = await joinAs(n1.url, 'iso-x', 'V');
    const atVictim = collect(victim.socket, 'dm');
    const attacker = await joinAs(n2.url, 'iso-y', 'X');
    const twin = await joinAs(n3.url, 'iso-y', 'Twin', victim.resume);
    assert.equal(twin.id, victim.id);
    // A second twin on the victim's node shows when the dm has reached that node.
    const probe = await joinAs(n1.url, 'iso-y', 'Probe', victim.resume);
    const atTwin = next(twin.socket, 'dm');
    const atProbe = next(probe.socket, 'dm');
    await call(attacker.socket, 'dm', { id: 'i1', kind: 'msg', parts: [{ to: victim.id, body: {} }] });
    // Delivered to the member with that id in the attacker's own room only.
    assert.equal((await atTwin).id, 'i1');
    assert.equal((await atProbe).id, 'i1');
    // n1 has handled the dm; a round trip on the victim's connection flushes whatever n1 wrote to it before.
    await roundTrip(victim.socket);
    assert.equal(atVictim.length, 0);
    closeAll(victim.socket, attacker.socket, twin.socket, probe.socket);
  });

  test(
    'Redis outage: local delivery goes on, /readyz 503, no crash; delivery across nodes resumes',
    { timeout: 40_000 },
    async () => {
      const [n1, n2] = nodes;
      const a = await joinAs(n1.url, 'outage', 'A');
      const a2 = await joinAs(n1.url, 'outage', 'A2');
      const b = await joinAs(n2.url, 'outage', 'B');
      const unhandled = collect(b.socket, 'dm');

      await cluster.gate.close();
      await cluster.redis?.stop();
      await waitFor('readyz 503 everywhere', async () => {
        const codes = await Promise.all(nodes.map((n) => status(`${n.url}/readyz`)));
        return codes.every((c) => c === 503);
      });
      const metrics = await (await fetch(`${n1.url}/metrics`)).text();
      assert.equal(metricValue(metrics, 'curvechat_redis_up'), 0);

      // Same node: still chatting, and a new local member can join and be seen.
      const atA2 = next(a2.socket, 'dm');
      assert.deepEqual(
        await call(a.socket, 'dm', { id: 'o1', kind: 'msg', parts: [{ to: a2.id, body: { n: 1 } }] }),
        {
          ok: true,
        },
      );
      assert.equal((await atA2).id, 'o1');
      const joinedAtA = next(a.socket, 'peer-joined');
      const late = await joinAs(n1.url, 'outage', 'Late');
      assert.equal((await joinedAtA).id, late.id);
      assert.deepEqual(
        late.joinAck.peers.map((p: any) => p.name).sort(),
        ['A', 'A2'],
        'during the outage a join lists the members of this node',
      );
      await call(late.socket, 'key', { curve: 'X25519', pub: Buffer.alloc(32, 5).toString('base64url') });
      // Across nodes: accepted by the relay, not delivered while Redis is down.
      // (That it never arrives is checked after recovery: A's later dm 'back' reaches B, and 'lost' did not before it.)
      assert.deepEqual(
        await call(a.socket, 'dm', { id: 'lost', kind: 'msg', parts: [{ to: b.id, body: {} }] }),
        { ok: true },
      );
      for (const n of nodes) {
        assertAlive(n);
        assert.equal(await status(`${n.url}/healthz`), 200);
      }

      // Redis returns: readiness and delivery across nodes come back by themselves, and the member
      // who joined during the outage is re-announced (with its key) to the other nodes.
      const joinedAtB = collect(b.socket, 'peer-joined');
      const keysAtB = collect(b.socket, 'peer-key');
      await cluster.redis?.start();
      await cluster.gate.listen(cluster.gate.port);
      await waitFor(
        'readyz 200 everywhere',
        async () => (await Promise.all(nodes.map((n) => status(`${n.url}/readyz`)))).every((c) => c === 200),
        15_000,
      );
      await waitFor('re-announcement of the member who joined during the outage', () =>
        joinedAtB.some((p) => p.id === late.id && p.name === 'Late'),
      );
      await waitFor('and of its key', () => keysAtB.some((k) => k.from === late.id && k.curve === 'X25519'));
      await waitFor('dm across nodes again', async () => {
        const got = next(b.socket, 'dm', 1000);
        await call(a.socket, 'dm', { id: 'back', kind: 'msg', parts: [{ to: b.id, body: {} }] });
        return (await got).id === 'back';
      });
      assert.ok(!unhandled.some((m) => m.id === 'lost'));
      const again = await (await fetch(`${n1.url}/metrics`)).text();
      assert.equal(metricValue(again, 'curvechat_redis_up'), 1);
      for (const n of nodes) assertAlive(n);
      closeAll(a.socket, a2.socket, b.socket, late.socket);
    },
  );

  test(
    "nodes that reach Redis again one after the other still learn all of each other's members",
    { timeout: 40_000 },
    async () => {
      // Two extra nodes, each behind its own gate, so that their Redis connections come back in turn.
      const gates = [new TcpBalancer([cluster.redisPort]), new TcpBalancer([cluster.redisPort])];
      await Promise.all(gates.map((g) => g.listen()));
      const env = (g: TcpBalancer) => ({
        REDIS_URL: `redis://127.0.0.1:${g.port}`,
        REDIS_REQUESTS_TIMEOUT_MS: '1500',
      });
      const [early, late] = await Promise.all([
        startNode('early', env(gates[0])),
        startNode('late', env(gates[1])),
      ]);
      const sockets: Client[] = [];
      try {
        const a = await joinAs(early.url, 'stagger', 'A');
        const b = await joinAs(late.url, 'stagger', 'B');
        sockets.push(a.socket, b.socket);
        await Promise.all(gates.map((g) => g.close()));
        await waitFor('both nodes see the outage', async () =>
          (await Promise.all([early, late].map((n) => status(`${n.url}/readyz`)))).every((c) => c === 503),
        );
        // During the outage, N joins the early node with a key; B (on the other node) cannot know.
        const n = await joinAs(early.url, 'stagger', 'N');
        sockets.push(n.socket);
        await call(n.socket, 'key', { curve: 'P-256', pub: fakeP256(7) });
        const joinedAtB = collect(b.socket, 'peer-joined');
        const keysAtB = collect(b.socket, 'peer-key');
        const joinedAtN = collect(n.socket, 'peer-joined');

        // The early node comes back and re-announces while the late one is still cut off...
        await gates[0].listen(gates[0].port);
        await waitFor('early node ready', async () => (await status(`${early.url}/readyz`)) === 200);
        await waitFor('early node re-announced', () => early.output().includes('re-announced local members'));
        // ...then the late node: both sides must still learn each other's members.
        await gates[1].listen(gates[1].port);
        await waitFor('late node ready', async () => (await status(`${late.url}/readyz`)) === 200);
        await waitFor('N learns B', () => joinedAtN.some((p) => p.id === b.id));
        await waitFor('B learns N, who joined during the outage', () =>
          joinedAtB.some((p) => p.id === n.id && p.name === 'N'),
        );
        await waitFor("and N's key", () => keysAtB.some((k) => k.from === n.id && k.pub === fakeP256(7)));
        for (const node of [early, late]) assertAlive(node);
      } finally {
        closeAll(...sockets);
        await Promise.all([early, late].map((node) => stopChild(node.child)));
        await Promise.all(gates.map((g) => g.close().catch(() => undefined)));
      }
    },
  );
});

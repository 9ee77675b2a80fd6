// Several relay processes on one Redis: kill -9 of a node behind a load balancer, and SIGTERM drain (with
// and without Redis). Cross-node rooms and Redis outages are in multinode.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { io as connectClient } from 'socket.io-client';
import { TcpBalancer, freePort, startNode, status, stopChild, waitFor } from './cluster.js';
import {
  type Client,
  barrier,
  call,
  closeAll,
  collect,
  fakeP256,
  joinAs,
  newResume,
  next,
  refusesConnection,
} from './helpers.js';
import { threeNodesOnRedis } from './multinode-setup.js';

const cluster = threeNodesOnRedis();
const { nodes } = cluster;

describe('multi-node relay on Redis', { timeout: 120_000 }, () => {
  test(
    'kill -9 of a node: its clients reconnect through the balancer to another node with the same id',
    { timeout: 40_000 },
    async () => {
      const [n1, , n3] = nodes;
      const lb = new TcpBalancer([n3.port, n1.port]);
      await lb.listen();
      try {
        const watcher = await joinAs(n1.url, 'kill', 'W');
        await call(watcher.socket, 'key', { curve: 'P-256', pub: fakeP256(8) });
        const resume = newResume();
        const pub = fakeP256(9);
        const mover: Client = connectClient(lb.url, {
          transports: ['websocket'],
          forceNew: true,
          reconnectionDelay: 100,
          reconnectionDelayMax: 500,
        });
        const joins: any[] = [];
        // What a real client does on every (re)connect: join with the same resume, re-announce its key.
        mover.on('connect', () => {
          void (async () => {
            const ack = await call(mover, 'join', { room: 'kill', name: 'M', resume });
            joins.push(ack);
            if (ack.ok) await call(mover, 'key', { curve: 'P-256', pub });
          })();
        });
        await waitFor('mover joined on n3', () => joins.length === 1 && joins[0].ok);
        assert.deepEqual(joins[0].peers, [
          { id: watcher.id, name: 'W', key: { curve: 'P-256', pub: fakeP256(8) } },
        ]);
        const moverId = joins[0].me.id;
        const ticks = collect(mover, 'dm');
        // Messages keep flowing while the node dies.
        let seq = 0;
        const sender = setInterval(() => {
          seq++;
          (watcher.socket as any).emit('dm', {
            id: `t${seq}`,
            kind: 'msg',
            parts: [{ to: moverId, body: { seq } }],
          });
        }, 50);
        try {
          await waitFor('messages through n3', () => ticks.length >= 3);
          const keyAgain = next(watcher.socket, 'peer-key', 15_000);
          await stopChild(n3.child, 'SIGKILL');
          await waitFor(
            'mover rejoined elsewhere',
            () => joins.length >= 2 && joins[joins.length - 1].ok,
            15_000,
          );
          const rejoin = joins[joins.length - 1];
          assert.equal(rejoin.me.id, moverId, 'same member id after moving node');
          assert.deepEqual(await keyAgain, { from: moverId, curve: 'P-256', pub });
          const before = ticks.length;
          await waitFor('messages through n1', () => ticks.length >= before + 3);
        } finally {
          clearInterval(sender);
        }
        assert.ok(new Set(ticks.map((t) => t.id)).size === ticks.length, 'the relay never duplicates a dm');
        mover.close();
        closeAll(watcher.socket);
      } finally {
        await lb.close();
      }
    },
  );

  test(
    'SIGTERM drains: clients are told, can move without a peer-left, and the node exits 0 in time',
    { timeout: 30_000 },
    async () => {
      const [n1, n2] = nodes;
      const watcher = await joinAs(n1.url, 'drain', 'W');
      // On a node of its own (n3 was killed above): its dms reach the watcher through Redis, after
      // everything n2 published before it quit Redis.
      const n4 = await startNode('n4', {
        REDIS_URL: `redis://127.0.0.1:${cluster.gate.port}`,
        REDIS_REQUESTS_TIMEOUT_MS: '1500',
      });
      const witness = await joinAs(n4.url, 'drain', 'X');
      const lefts = collect(watcher.socket, 'peer-left');
      const mover = await joinAs(n2.url, 'drain', 'M');
      const stayer = await joinAs(n2.url, 'drain', 'S');
      const told = next(mover.socket, 'relay-draining');
      const toldStayer = next(stayer.socket, 'relay-draining');
      const stayerGone = next(stayer.socket, 'disconnect', 10_000);
      n2.child.kill('SIGTERM');
      const notice = await told;
      assert.equal(typeof notice.graceMs, 'number');
      assert.ok(notice.graceMs > 0 && notice.graceMs <= 4000);
      await toldStayer;
      // New connections to the draining node are refused.
      const refusal = await refusesConnection(n2.url);
      assert.ok(refusal, 'draining node refuses new connections');
      // The mover reconnects elsewhere first, then lets go of the old socket: peers see no peer-left.
      const moved = await joinAs(n1.url, 'drain', 'M', mover.resume);
      assert.equal(moved.id, mover.id);
      mover.socket.disconnect();
      // The stayer does nothing and is disconnected by the server within the grace period.
      assert.equal(await stayerGone, 'io server disconnect');
      // Exit code 0: drained in time (past DRAIN_TIMEOUT_MS the process is stopped with exit code 1).
      const code = await n2.exited;
      assert.equal(code, 0, n2.output().slice(-2000));
      // n2 quit Redis after its last publication; a dm published later from n3 reaches the watcher after
      // every peer-left n2 sent.
      await barrier(witness, watcher);
      assert.deepEqual(
        lefts.map((l) => l.id),
        [stayer.id],
        'only the member that did not move is announced as gone',
      );
      closeAll(watcher.socket, moved.socket, witness.socket);
      await stopChild(n4.child);
    },
  );
});

test('SIGTERM while Redis is unreachable still exits 0 promptly', { timeout: 20_000 }, async () => {
  const node = await startNode(
    'lonely',
    { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, DRAIN_TIMEOUT_MS: '3000' },
    'healthz',
  );
  assert.equal(await status(`${node.url}/readyz`), 503);
  node.child.kill('SIGTERM');
  // Exit code 0, not 1: it did not wait for Redis until DRAIN_TIMEOUT_MS stopped it.
  assert.equal(await node.exited, 0, node.output().slice(-2000));
});

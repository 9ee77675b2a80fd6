// Shared set-up for the multi-node test files: three relay processes on one Redis, behind a gate that can stage outages.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { type Node, OwnedRedis, TcpBalancer, freePort } from './cluster.js';
import { nodesForFile } from './helpers.js';

/** The file's relays and the Redis behind them; fields are set in `before`, so read them inside tests. */
export interface RedisCluster {
  nodes: Node[];
  /** The harness's own redis-server, or undefined with an external REDIS_URL. */
  redis: OwnedRedis | undefined;
  redisPort: number;
  /** Between the nodes and Redis, so an outage can be staged even with an external Redis. */
  gate: TcpBalancer;
}

/** Start Redis (or use REDIS_URL on 127.0.0.1), a gate in front of it, and relays n1, n2 and n3 for this file. */
export function threeNodesOnRedis(): RedisCluster {
  const external = process.env.REDIS_URL;
  const cluster = { redis: undefined } as RedisCluster;
  cluster.nodes = nodesForFile(['n1', 'n2', 'n3'], async () => {
    if (external) {
      const u = new URL(external);
      cluster.redisPort = Number(u.port || 6379);
      if (!['127.0.0.1', 'localhost'].includes(u.hostname))
        throw new Error(
          'the multi-node tests need REDIS_URL on 127.0.0.1 (the harness proxies it to stage outages)',
        );
    } else {
      cluster.redis = new OwnedRedis(await freePort());
      await cluster.redis.start();
      cluster.redisPort = cluster.redis.port;
    }
    cluster.gate = new TcpBalancer([cluster.redisPort]);
    await cluster.gate.listen();
    return {
      REDIS_URL: `redis://127.0.0.1:${cluster.gate.port}`,
      DRAIN_TIMEOUT_MS: '4000',
      REDIS_REQUESTS_TIMEOUT_MS: '1500',
    };
  });
  after(async () => {
    await cluster.gate?.close().catch(() => undefined);
  });
  return cluster;
}

/** Fail with the node's own log when something goes wrong in a child. */
export function assertAlive(node: Node): void {
  assert.equal(node.child.exitCode, null, `${node.name} exited:\n${node.output().slice(-2000)}`);
  assert.equal(node.child.signalCode, null, `${node.name} was killed`);
  // The adapter's publish path is guarded: nothing should even reach the unhandled-rejection net.
  assert.ok(!node.output().includes('unhandled rejection'), `${node.name} had an unhandled rejection`);
}

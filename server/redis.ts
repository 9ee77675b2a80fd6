// Multi-node mode: the Socket.IO Redis adapter (standalone) or sharded adapter (Redis Cluster) on ioredis,
// guarded so that a Redis outage never crashes the node and never builds an unbounded command queue.
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Config } from './config.js';
import { errorName, type Log } from './log.js';
import type { Metrics } from './metrics.js';
import type { RelayServer } from './types.js';

/** The Redis connection of one node, as the rest of the server sees it. */
export interface RedisLink {
  /** True while both the publishing and the subscribing connection are ready. */
  isUp(): boolean;
  /** Close both connections. */
  close(): Promise<void>;
}

/** What the link reports to the server. */
export interface RedisLinkHooks {
  /** Called when Redis comes back after an outage (not on the first connect). */
  onRecovered?: () => void;
}

type Client = Redis | Cluster;

/** Reconnect after 100 ms, doubling to at most 2 s, forever. */
export function retryDelay(times: number): number {
  return Math.min(100 * 2 ** Math.min(times, 5), 2000);
}

// Publisher: commands fail at once while disconnected (no offline queue) and are retried at most once.
const PUB_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  retryStrategy: retryDelay,
};
// Subscriber: only ever sends (un)subscribe commands, so it may queue them until it is connected;
// ioredis re-subscribes by itself after a reconnect.
const SUB_OPTIONS: RedisOptions = {
  enableOfflineQueue: true,
  maxRetriesPerRequest: null,
  connectTimeout: 2000,
  retryStrategy: retryDelay,
};

function errorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string')
    return err.code;
  return errorName(err);
}

/**
 * Make every call of `methods` on `client` handle its own rejection: the adapter
 * publishes and subscribes fire-and-forget, which surfaces as an unhandled
 * rejection (and a crash) when Redis is down or a cluster redirects. The caller
 * still receives the promise.
 */
export function guardCommands(
  client: Client,
  methods: readonly string[],
  onError: (err: unknown) => void,
): void {
  const target = client as unknown as Record<string, unknown>;
  for (const method of methods) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    target[method] = function (this: unknown, ...args: unknown[]): unknown {
      let result: unknown;
      try {
        result = (original as (...a: unknown[]) => unknown).apply(client, args);
      } catch (err) {
        onError(err);
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      if (result instanceof Promise) result.catch(onError);
      return result;
    };
  }
}

function clusterNodes(nodes: string[]): { host: string; port: number }[] {
  return nodes.map((node) => {
    const at = node.lastIndexOf(':');
    return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
  });
}

/**
 * With REDIS_URL or REDIS_CLUSTER set, install the Redis adapter on `io` and
 * return the link; otherwise return undefined (the in-memory adapter stays).
 */
export function attachRedisAdapter(
  io: RelayServer,
  config: Config,
  log: Log,
  metrics: Metrics,
  hooks: RedisLinkHooks = {},
): RedisLink | undefined {
  if (!config.redisUrl && config.redisCluster.length === 0) return undefined;
  const sharded = config.redisCluster.length > 0;
  let pub: Client;
  let sub: Client;
  if (sharded) {
    const nodes = clusterNodes(config.redisCluster);
    const clusterOptions = (redisOptions: RedisOptions, subscriber: boolean): ClusterOptions => ({
      enableOfflineQueue: subscriber,
      clusterRetryStrategy: retryDelay,
      // One subscriber connection per shard, so SSUBSCRIBE reaches the node that owns each channel.
      shardedSubscribers: subscriber,
      redisOptions: {
        connectTimeout: redisOptions.connectTimeout,
        maxRetriesPerRequest: redisOptions.maxRetriesPerRequest,
      },
    });
    pub = new Cluster(nodes, clusterOptions(PUB_OPTIONS, false));
    sub = new Cluster(nodes, clusterOptions(SUB_OPTIONS, true));
  } else {
    const url = config.redisUrl as string;
    pub = new Redis(url, PUB_OPTIONS);
    sub = new Redis(url, SUB_OPTIONS);
  }

  let up = false;
  let everUp = false;
  let lastError = '';
  const update = (): void => {
    const now = pub.status === 'ready' && sub.status === 'ready';
    if (now === up) return;
    up = now;
    metrics.redisUp.set(now ? 1 : 0);
    if (now) {
      log.info(
        { mode: sharded ? 'cluster' : 'standalone' },
        everUp ? 'redis reconnected' : 'redis connected',
      );
      if (everUp) hooks.onRecovered?.();
      everUp = true;
      lastError = '';
    } else {
      log.warn('redis unreachable: relaying to members on this node only until it returns');
    }
  };
  metrics.redisUp.set(0);
  for (const [role, client] of [
    ['pub', pub],
    ['sub', sub],
  ] as const) {
    client.on('ready', update);
    client.on('close', update);
    client.on('end', update);
    client.on('reconnecting', update);
    client.on('error', (err: unknown) => {
      const code = errorCode(err);
      // One warning per distinct error, not one per reconnect attempt.
      if (code !== lastError) log.warn({ role, err: code }, 'redis error');
      lastError = code;
      update();
    });
  }
  guardCommands(pub, ['publish', 'spublish'], (err) => {
    log.debug({ err: errorCode(err) }, 'redis publish failed');
  });
  guardCommands(
    sub,
    ['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe'],
    (err) => {
      log.warn({ err: errorCode(err) }, 'redis subscribe failed');
    },
  );

  const adapterOptions = {
    requestsTimeout: config.redisRequestsTimeoutMs,
    publishOnSpecificResponseChannel: true,
  };
  io.adapter(
    sharded
      ? // 'static': every broadcast goes through the namespace channel, subscribed at start-up. The
        // 'dynamic' modes subscribe to a room's channel when its first local socket joins without
        // awaiting it, so a dm sent to a member who just joined on another node could be lost.
        createShardedAdapter(pub, sub, { subscriptionMode: 'static' })
      : createAdapter(pub, sub, adapterOptions),
  );

  return {
    isUp: () => up,
    async close() {
      // QUIT politely when connected; never wait for it during an outage (it would sit in the offline queue).
      const quits = [pub, sub].filter((c) => c.status === 'ready').map((c) => c.quit());
      await Promise.race([Promise.allSettled(quits), new Promise((resolve) => setTimeout(resolve, 1000))]);
      pub.disconnect();
      sub.disconnect();
    },
  };
}

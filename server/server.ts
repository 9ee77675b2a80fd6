// startServer(): builds and starts one relay node (HTTP(S) + Express + Socket.IO, Redis adapter when
// configured) and returns a handle to close or drain it.
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Server } from 'socket.io';
import { DEFAULT_LIMITS, type Limits } from '../common/limits.js';
import { clientAddress, createAddressLimiter, limitConnectionsPerAddress } from './address-limit.js';
import { createApp, createMetricsApp, resolveClientDir } from './app.js';
import { normaliseBasePath, socketIoPath } from './base-path.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { certificateNames, createHostCheck } from './hosts.js';
import type { HttpConfig } from './http-config.js';
import { type Log, createLogger } from './log.js';
import { type Metrics, createMetrics } from './metrics.js';
import { type RedisLink, attachRedisAdapter } from './redis.js';
import { type Relay, attachRelay } from './relay.js';
import { guardSlowConsumers } from './slow-consumer.js';
import { loadTls } from './tls.js';
import type { RelayServer } from './types.js';

/** Options for startServer: each Config field optional (limits, http may be partial), plus an optional logger. */
export type StartOptions = Partial<Omit<Config, 'limits' | 'http'>> & {
  limits?: Partial<Limits>;
  http?: Partial<HttpConfig>;
  /** Use this logger instead of creating one from `logLevel`. */
  logger?: Log;
  /** Register Node's default process metrics (default true). */
  processMetrics?: boolean;
};

/** A running relay node. */
export interface RunningServer {
  /** Base URL for clients, e.g. http://127.0.0.1:41234 (https:// with TLS). */
  url: string;
  /** The port actually bound (useful with port 0). */
  port: number;
  /** URL of the METRICS_PORT listener's /metrics, when there is one. */
  metricsUrl?: string;
  /** The typed Socket.IO server. */
  io: RelayServer;
  /** The Express app. */
  app: Express;
  /** The HTTP(S) server. */
  httpServer: HttpServer;
  /** This node's metrics registry and instruments. */
  metrics: Metrics;
  /** The effective configuration. */
  config: Config;
  /** The logger. */
  log: Log;
  /** SHA-256 fingerprint of the TLS certificate, when serving HTTPS. */
  tlsFingerprint256?: string;
  /** The TLS certificate (PEM), when serving HTTPS (tests trust it explicitly). */
  tlsCert?: string;
  /** Stop at once: disconnect every socket, close the listener and Redis. Idempotent. */
  close(): Promise<void>;
  /**
   * Drain (SIGTERM): refuse new connections, send `relay-draining` to every
   * socket, wait until they leave or `graceMs` passes (default half of
   * DRAIN_TIMEOUT_MS), then close. Idempotent.
   */
  drain(graceMs?: number): Promise<void>;
}

function urlHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** True when a browser Origin header names this server (same host:port) or an allowed origin. */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Merge options over the environment-free defaults (loadConfig of an empty environment). */
export function resolveConfig(options: StartOptions = {}): Config {
  const base = loadConfig({});
  const { limits, http, logger: _logger, processMetrics: _pm, ...rest } = options;
  const defined = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== undefined),
  ) as Partial<Config>;
  const basePath = normaliseBasePath(defined.basePath ?? base.basePath);
  if (basePath instanceof Error) throw new ConfigError(basePath.message);
  return {
    ...base,
    ...defined,
    limits: { ...DEFAULT_LIMITS, ...base.limits, ...limits },
    http: { ...base.http, ...http },
    basePath,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Build and start a relay node; resolves once it is listening. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = resolveConfig(options);
  const log = options.logger ?? createLogger(config.logLevel);
  const clientDir = resolveClientDir(config.staticDir);
  if (!clientDir) log.warn('client not built (dist/client missing): run `npm run build`');
  const tls = await loadTls(config.tls);

  // The rooms gauge reads the adapter of the Socket.IO server created below.
  const holder: { io?: RelayServer; redis?: RedisLink; relay?: Relay } = {};
  const countRooms = (): number => {
    let n = 0;
    for (const name of holder.io?.of('/').adapter.rooms.keys() ?? []) if (name.startsWith('r:')) n++;
    return n;
  };
  const metrics = createMetrics(countRooms, options.processMetrics ?? true);
  metrics.redisUp.set(1);
  let draining = false;
  const readiness = () => {
    if (draining) return { ready: false, reason: 'draining' };
    if (holder.redis && !holder.redis.isUp()) return { ready: false, reason: 'redis-down' };
    return { ready: true };
  };
  // The Host allowlist (docs/security.md "The HTTP side"): TLS names and a named HOST are answered too.
  const tlsNames =
    config.tls.mode === 'self-signed' ? config.tls.hostnames : tls ? certificateNames(tls.cert) : [];
  const boundName = config.host && !['0.0.0.0', '::'].includes(config.host) ? [config.host] : [];
  const hostAllowed = createHostCheck(config.http.allowedHosts, [...tlsNames, ...boundName]);
  const https = Boolean(tls) || config.http.tlsProxy;
  const app = createApp({
    clientDir,
    metrics,
    readiness,
    http: config.http,
    https,
    hostAllowed,
    basePath: config.basePath,
    clientConfig: { maxFileBytes: config.maxFileBytes },
  });
  const httpServer: HttpServer = tls
    ? (createHttpsServer({ cert: tls.cert, key: tls.key }, app) as unknown as HttpServer)
    : createHttpServer(app);

  const addresses = createAddressLimiter(config.maxConnectionsPerAddress);
  // The one place a client address is logged: the first refusal of an episode at the cap (TRUST_PROXY decides it).
  const refused = (address: string): void => {
    metrics.addressRefusals.inc();
    if (addresses.refuse(address))
      log.warn({ address, max: config.maxConnectionsPerAddress }, 'too many connections from this address');
  };
  const io = new Server(httpServer, {
    maxHttpBufferSize: config.limits.maxFrame,
    serveClient: false,
    path: socketIoPath(config.basePath), // `/socket.io` unless BASE_PATH (server/base-path.ts)
    // WebSocket only unless ALLOW_POLLING (docs/protocol.md §1, Transport).
    transports: config.http.allowPolling ? ['polling', 'websocket'] : ['websocket'],
    allowRequest: (req, callback) => {
      if (draining) return callback('draining', false);
      if (!hostAllowed(req.headers.host)) return callback('host not allowed', false);
      if (!originAllowed(req, config.allowedOrigins)) return callback('origin not allowed', false);
      const address = clientAddress(req, config.trustProxy);
      if (addresses.allows(address)) return callback(null, true);
      refused(address);
      callback('too many connections from this address', false);
    },
  }) as RelayServer;
  holder.io = io;
  limitConnectionsPerAddress(io, addresses, config, refused);
  holder.redis = attachRedisAdapter(io, config, log, metrics, {
    onRecovered: () => holder.relay?.recovered(),
  });
  holder.relay = attachRelay({
    io,
    limits: config.limits,
    log,
    metrics,
    fetchTimeoutMs: config.redisRequestsTimeoutMs,
    multiNode: holder.redis !== undefined,
    memberLimits: {
      ...config,
      memberEventsPerSecond: config.memberEventsPerSecond ?? config.limits.eventsPerSecond,
      memberEventBurst: config.memberEventBurst ?? config.limits.eventBurst,
    },
  });
  const slowConsumers = guardSlowConsumers({ io, log, metrics, maxBytes: config.maxSocketBufferBytes });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://${urlHost(config.host)}:${port}`;
  const metricsServer =
    config.http.metricsPort === undefined
      ? undefined
      : createHttpServer(createMetricsApp(metrics, config.http, hostAllowed));
  if (metricsServer) {
    try {
      await new Promise<void>((resolve, reject) => {
        metricsServer.once('error', reject);
        metricsServer.listen(config.http.metricsPort, config.http.metricsHost, () => resolve());
      });
    } catch (err) {
      // Leave nothing listening or connected when METRICS_PORT cannot be bound.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await holder.redis?.close();
      throw err;
    }
  }
  const metricsUrl = metricsServer
    ? `http://${urlHost(config.http.metricsHost)}:${(metricsServer.address() as AddressInfo).port}/metrics`
    : undefined;
  log.info(
    {
      port,
      host: config.host ?? 'all interfaces',
      https: Boolean(tls),
      adapter: holder.redis ? (config.redisCluster.length > 0 ? 'redis-cluster' : 'redis') : 'in-memory',
      client: clientDir ? 'built' : 'missing',
      polling: config.http.allowPolling,
      metrics: metricsUrl ?? 'on PORT',
      basePath: config.basePath,
    },
    'relay listening',
  );
  if (tls?.selfSigned)
    log.info(
      { fingerprint256: tls.fingerprint256 },
      `self-signed certificate; students can check its SHA-256 fingerprint: ${tls.fingerprint256}`,
    );

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      slowConsumers.stop();
      io.local.disconnectSockets(true);
      // Let the peer-left announcements of those sockets reach the other nodes before Redis goes.
      await Promise.race([holder.relay?.settle(), sleep(2000)]);
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
      await Promise.race([closed, sleep(2000)]);
      await holder.redis?.close();
      metricsServer?.closeAllConnections();
      metricsServer?.close();
    })();
    return closing;
  };

  let drainingDone: Promise<void> | undefined;
  const drain = (graceMs = Math.floor(config.drainTimeoutMs / 2)): Promise<void> => {
    drainingDone ??= (async () => {
      draining = true;
      metrics.draining.set(1);
      const sockets = io.of('/').sockets;
      log.info(
        { sockets: sockets.size, graceMs },
        'draining: refusing new connections, telling clients to move',
      );
      httpServer.close(); // stop accepting; open connections stay until close()
      io.local.emit('relay-draining', { graceMs });
      const deadline = Date.now() + graceMs;
      while (sockets.size > 0 && Date.now() < deadline) await sleep(50);
      if (sockets.size > 0) log.info({ sockets: sockets.size }, 'drain grace over: disconnecting the rest');
      await close();
    })();
    return drainingDone;
  };

  return {
    url,
    port,
    ...(metricsUrl ? { metricsUrl } : {}),
    io,
    app,
    httpServer,
    metrics,
    config,
    log,
    ...(tls ? { tlsFingerprint256: tls.fingerprint256, tlsCert: tls.cert } : {}),
    close,
    drain,
  };
}

// startServer(): builds and starts one relay node (HTTP(S) + Express + Socket.IO) and returns a handle to stop it.
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Server } from 'socket.io';
import { DEFAULT_LIMITS, type Limits } from '../common/limits.js';
import { createApp, resolveClientDir } from './app.js';
import { type Config, loadConfig } from './config.js';
import { type Log, createLogger } from './log.js';
import { type Metrics, createMetrics } from './metrics.js';
import { attachRelay } from './relay.js';
import type { RelayServer } from './types.js';

/** Options for startServer: any Config field (limits may be partial) plus an optional logger. */
export type StartOptions = Partial<Omit<Config, 'limits'>> & {
  limits?: Partial<Limits>;
  /** Use this logger instead of creating one from `logLevel`. */
  logger?: Log;
  /** Register Node's default process metrics (default true). */
  processMetrics?: boolean;
};

/** A running relay node. */
export interface RunningServer {
  /** Base URL for clients, e.g. http://127.0.0.1:41234. */
  url: string;
  /** The port actually bound (useful with port 0). */
  port: number;
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
  /** Stop at once: disconnect every socket, close the listener. Idempotent. */
  close(): Promise<void>;
}

function urlHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** True when a browser Origin header names this server (same host:port) or an allowed origin. */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser, or same-origin non-CORS request
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
  const { limits, logger: _logger, processMetrics: _pm, ...rest } = options;
  const defined = Object.fromEntries(
    Object.entries(rest).filter(([, v]) => v !== undefined),
  ) as Partial<Config>;
  return { ...base, ...defined, limits: { ...DEFAULT_LIMITS, ...base.limits, ...limits } };
}

/** Build and start a relay node; resolves once it is listening. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = resolveConfig(options);
  const log = options.logger ?? createLogger(config.logLevel);
  const clientDir = resolveClientDir(config.staticDir);
  if (!clientDir) log.warn('client not built (dist/client missing): run `npm run build`');

  // The rooms gauge reads the adapter of the Socket.IO server created below.
  const holder: { io?: RelayServer } = {};
  const countRooms = (): number => {
    let n = 0;
    for (const name of holder.io?.of('/').adapter.rooms.keys() ?? []) if (name.startsWith('r:')) n++;
    return n;
  };
  const metrics = createMetrics(countRooms, options.processMetrics ?? true);
  metrics.redisUp.set(1);
  const app = createApp({ clientDir, metrics, readiness: () => ({ ready: true }) });
  const httpServer = createHttpServer(app);

  const io = new Server(httpServer, {
    maxHttpBufferSize: config.limits.maxFrame,
    serveClient: false,
    allowRequest: (req, callback) => {
      const ok = originAllowed(req, config.allowedOrigins);
      callback(ok ? null : 'origin not allowed', ok);
    },
  }) as RelayServer;
  holder.io = io;
  attachRelay({ io, limits: config.limits, log, metrics });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${urlHost(config.host)}:${port}`;
  log.info(
    { port, host: config.host ?? 'all interfaces', client: clientDir ? 'built' : 'missing' },
    'relay listening',
  );

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      io.local.disconnectSockets(true);
      io.close(() => resolve());
      httpServer.closeAllConnections();
    });
    return closing;
  };
  return { url, port, io, app, httpServer, metrics, config, log, close };
}

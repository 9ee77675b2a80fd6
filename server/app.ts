// Express 5 app: security headers, the Host allowlist, the built client, /healthz, /readyz, /config.json and /metrics.
import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { DEFAULT_CLIENT_CONFIG } from '../common/schema/client-config.js';
import type { ClientConfig } from '../common/wire.js';
import { clientConfigHandler } from './client-config.js';
import type { HostCheck } from './hosts.js';
import type { HttpConfig } from './http-config.js';
import type { Metrics } from './metrics.js';

/** Whether this node can relay now, with a short machine-readable reason when not. */
export interface Readiness {
  ready: boolean;
  reason?: string;
}

/** What the HTTP app needs from the server. */
export interface AppDeps {
  /** Directory holding the built client (index.html), or undefined when it is not built. */
  clientDir: string | undefined;
  metrics: Metrics;
  readiness: () => Readiness;
  /** HTTP hardening settings (server/http-config.ts). */
  http: HttpConfig;
  /** Whether browsers reach this app over HTTPS (TLS here, or TLS_PROXY): HSTS and a wss:-only CSP. */
  https: boolean;
  /** The Host allowlist (server/hosts.ts). */
  hostAllowed: HostCheck;
  /** BASE_PATH, normalised (`/` or `/chat/`): everything is served under it, nothing outside (server/base-path.ts). */
  basePath?: string;
  /** The instance settings served at `config.json` (default DEFAULT_CLIENT_CONFIG; server/client-config.ts). */
  clientConfig?: ClientConfig;
}

// Host header of a same-origin WebSocket, checked before it goes into the CSP.
const HOST_RE = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * The Content-Security-Policy for a request: connect-src names the same-origin WebSocket URL,
 * `wss:` only when the page is served over HTTPS, `ws:` and `wss:` otherwise.
 */
export function contentSecurityPolicy(host: string | undefined, https = false): string {
  const valid = host !== undefined && HOST_RE.test(host);
  const sameOriginWs = !valid ? '' : https ? ` wss://${host}` : ` ws://${host} wss://${host}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self'${sameOriginWs}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Powerful features the app never uses, all denied. Only feature names Chromium recognises:
 * an unknown one (such as `bluetooth`) makes it log a console warning on every page load.
 */
export const DENIED_FEATURES = [
  'accelerometer',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
] as const;

/** The Permissions-Policy header: every feature of DENIED_FEATURES set to the empty allowlist. */
export const PERMISSIONS_POLICY = DENIED_FEATURES.map((f) => `${f}=()`).join(', ');

function securityHeaders(https: boolean, hstsMaxAge: number) {
  const hsts = https && hstsMaxAge > 0 ? `max-age=${hstsMaxAge}` : undefined;
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host, https));
    if (hsts) res.setHeader('Strict-Transport-Security', hsts);
    commonHeaders(res);
    next();
  };
}

function commonHeaders(res: Response): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Origin-Agent-Cluster', '?1');
  res.setHeader('X-Frame-Options', 'DENY');
}

/** Paths answered whatever the Host: load-balancer probes, which carry no data. */
const PROBES = new Set(['/healthz', '/readyz']);

/** The plain refusal of a request whose Host is not on the allowlist (421 Misdirected Request). */
export const HOST_REFUSAL = 'This relay does not answer to that host name (see ALLOWED_HOSTS).\n';

function hostAllowlist(hostAllowed: HostCheck) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (PROBES.has(req.path) || hostAllowed(req.headers.host)) return next();
    res.status(421).type('text/plain').send(HOST_REFUSAL);
  };
}

// Compared as SHA-256 digests so that the comparison takes the same time whatever the lengths.
const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** The /metrics handler: Prometheus text, behind `Authorization: Bearer <token>` when a token is set. */
export function metricsHandler(metrics: Metrics, token: string | undefined) {
  const expected = token === undefined ? undefined : digest(`Bearer ${token}`);
  return async (req: Request, res: Response): Promise<void> => {
    res.setHeader('Cache-Control', 'no-store');
    if (expected && !timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="curvechat-metrics"');
      res.status(401).type('text/plain').send('Unauthorized\n');
      return;
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  };
}

/** The app of the METRICS_PORT listener: /metrics only, with the Host allowlist and the token. */
export function createMetricsApp(metrics: Metrics, http: HttpConfig, hostAllowed: HostCheck): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    commonHeaders(res);
    next();
  });
  app.use(hostAllowlist(hostAllowed));
  app.get('/metrics', metricsHandler(metrics, http.metricsToken));
  app.use(notFound);
  return app;
}

function notFound(_req: Request, res: Response): void {
  res.status(404).type('text/plain').send('Not found\n');
}

// True for a request path naming a source map, once percent-decoded (`/a.js%2emap` too).
function isSourceMap(urlPath: string): boolean {
  let decoded = urlPath;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    // Malformed encoding: express.static refuses it on its own.
  }
  return decoded.toLowerCase().endsWith('.map');
}

/**
 * Find the built client: STATIC_DIR when given (it must contain index.html),
 * else dist/client relative to the working directory or to this module
 * (works from server/*.ts under tsx and from dist/server/server/*.js).
 */
export function resolveClientDir(override?: string): string | undefined {
  if (override) {
    const dir = path.resolve(override);
    if (!existsSync(path.join(dir, 'index.html')))
      throw new Error(`STATIC_DIR ${dir} does not contain index.html`);
    return dir;
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.resolve(process.cwd(), 'dist/client'),
    path.resolve(here, '../../client'),
    path.resolve(here, '../dist/client'),
  ];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
}

/**
 * Build the Express app. Under a BASE_PATH such as `/chat/` every route below lives under the prefix,
 * `/chat` redirects to `/chat/` (so the client's relative URLs resolve), and anything else is a 404.
 */
export function createApp(deps: AppDeps): Express {
  const root = express();
  root.disable('x-powered-by');
  root.set('case sensitive routing', true);
  root.use(securityHeaders(deps.https, deps.http.hstsMaxAge));
  const basePath = deps.basePath ?? '/';
  const app = express.Router();
  if (basePath === '/') root.use(app);
  else {
    const bare = basePath.slice(0, -1);
    root.use((req, res, next) => {
      if (req.path !== bare) return next();
      const query = req.originalUrl.indexOf('?');
      res.redirect(301, basePath + (query < 0 ? '' : req.originalUrl.slice(query)));
    });
    root.use(bare, app);
  }
  app.use(hostAllowlist(deps.hostAllowed));

  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const r = deps.readiness();
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(r.ready ? 200 : 503)
      .json(r.ready ? { status: 'ready' } : { status: 'not-ready', reason: r.reason });
  });
  app.get('/config.json', clientConfigHandler(deps.clientConfig ?? DEFAULT_CLIENT_CONFIG));
  if (deps.http.metricsPort === undefined)
    app.get('/metrics', metricsHandler(deps.metrics, deps.http.metricsToken));

  if (deps.clientDir) {
    if (!deps.http.serveSourceMaps)
      app.use((req, res, next) => (isSourceMap(req.path) ? notFound(req, res) : next()));
    app.use(
      express.static(deps.clientDir, {
        index: 'index.html',
        setHeaders(res, filePath) {
          const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
          res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      }),
    );
  } else {
    app.get('/', (_req, res) => {
      res.status(503).type('text/plain').send('The client is not built yet: run `npm run build`.\n');
    });
  }

  app.use(notFound);
  root.use(notFound);
  root.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status =
      typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number'
        ? err.status
        : 500;
    if (!res.headersSent)
      res
        .status(status >= 400 && status < 600 ? status : 500)
        .type('text/plain')
        .send('Error\n');
  });
  return root;
}

// Express 5 app: security headers, the built client, /healthz, /readyz and /metrics.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
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
}

// Host header of a same-origin WebSocket, checked before it goes into the CSP.
const HOST_RE = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** The Content-Security-Policy for a request (connect-src names the same-origin ws:/wss: URL). */
export function contentSecurityPolicy(host: string | undefined): string {
  const sameOriginWs = host && HOST_RE.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self'${sameOriginWs}`,
    "img-src 'self' data:",
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

function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Origin-Agent-Cluster', '?1');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
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

/** Build the Express app. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);

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
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  if (deps.clientDir) {
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

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found\n');
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
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
  return app;
}

// Helpers for the v2 end-to-end specs: read Socket.IO frames, read the activity log, and put a dishonest relay
// (test/integration/forging-relay.ts) between real browsers and the real relay, serving the app through it.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Browser, Locator, Page } from '@playwright/test';
import { startForgingRelay, type Forgery, type ForgingRelay } from '../test/integration/forging-relay.js';
import { capture, type Member } from './helpers.js';

/** One Socket.IO event frame as [event, payload], or undefined for any other frame (pings, acks, polling). */
export function eventOf(frame: string): [string, Record<string, unknown>] | undefined {
  const m = /^42\d*(\[.*)$/s.exec(frame);
  if (!m) return undefined;
  try {
    const parsed = JSON.parse(m[1]!) as unknown;
    return Array.isArray(parsed) && typeof parsed[0] === 'string'
      ? [parsed[0], (parsed[1] ?? {}) as Record<string, unknown>]
      : undefined;
  } catch {
    return undefined;
  }
}

/** The activity log lines of `page` that contain `text`. */
export function activityLines(page: Page, text: string): Locator {
  return page.locator('curvechat-activity-log li').filter({ hasText: text });
}

/**
 * Forward a plain HTTP request (the page, its scripts, /config.json) to the real relay at `upstream`, keeping the
 * Host header so the relay's CSP names the forging relay's own WebSocket origin.
 */
function proxyTo(upstream: URL) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  };
}

/**
 * A dishonest relay on 127.0.0.1:`port` in front of the real relay at `upstream`: browsers load the app from it and
 * their Socket.IO traffic passes `forgery`. Test-only: it runs outside the relay process, which has no hook for it.
 */
export function startForgingProxy(upstream: string, port: number, forgery: Forgery): Promise<ForgingRelay> {
  const target = new URL(upstream);
  return startForgingRelay(target.origin, forgery, { port, onRequest: proxyTo(target) });
}

/** A member whose browser context loads the app from `origin` (e.g. a forging relay), with its traffic captured. */
export async function memberAt(browser: Browser, origin: string, name: string): Promise<Member> {
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  const traffic = capture(page);
  return { name, context, page, traffic };
}

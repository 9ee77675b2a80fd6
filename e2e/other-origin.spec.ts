// What a web page on another origin and a script injected into curvechat's page can and cannot do, in real Chromium.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

/** A page served from another origin (another port on 127.0.0.1) that attacks the relay at `target`. */
function attackerPage(target: string): string {
  const ws = target.replace(/^http/, 'ws');
  return `<!doctype html><meta charset="utf-8"><title>evil</title>
<iframe id="frame" src="${target}/"></iframe>
<script>
window.results = {};
const sock = new WebSocket('${ws}/socket.io/?EIO=4&transport=websocket');
sock.onopen = () => { window.results.ws = 'open'; };
sock.onerror = () => { window.results.ws = 'refused'; };
fetch('${target}/').then((r) => r.text()).then(
  (t) => { window.results.read = t.length; },
  () => { window.results.read = 'blocked'; },
);
</script>`;
}

test.describe('a page on another origin', () => {
  let server: Server;
  let attacker: string;
  test.beforeAll(async ({ baseURL }) => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(attackerPage(baseURL!));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    attacker = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  test.afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('cannot open a relay socket, read the app, or frame it', async ({ page, baseURL }) => {
    const blockedFrames: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors/.test(m.text())) blockedFrames.push(m.text());
    });
    await page.goto(attacker);
    await expect
      .poll(() => page.evaluate(() => (window as any).results))
      .toMatchObject({
        ws: 'refused',
        read: 'blocked',
      });
    // The app refuses to be framed: Chromium reports the frame-ancestors violation and the frame holds no app.
    await expect.poll(() => blockedFrames.length).toBeGreaterThan(0);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(await frame?.locator('curvechat-app').count()).toBe(0);
    // The control: from its own origin the same socket opens.
    await page.goto(`${baseURL}/`);
    const own = await page.evaluate(
      (ws) =>
        new Promise((resolve) => {
          const s = new WebSocket(`${ws}/socket.io/?EIO=4&transport=websocket`);
          s.onopen = () => resolve('open');
          s.onerror = () => resolve('refused');
        }),
      baseURL!.replace(/^http/, 'ws'),
    );
    expect(own).toBe('open');
  });
});

test.describe('a script injected into the page', () => {
  test('an inline script and eval are refused by the CSP', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('curvechat-app')).toBeAttached();
    const violations = page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const seen: string[] = [];
          document.addEventListener('securitypolicyviolation', (e) => {
            seen.push(e.violatedDirective);
            if (seen.length === 2) resolve(seen);
          });
        }),
    );
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.body.append(s);
      try {
        // Indirect eval from a page script is what the CSP's script-src forbids without 'unsafe-eval'.
        setTimeout('window.evaled = true', 0);
      } catch {
        /* refused */
      }
    });
    expect((await violations).sort()).toEqual(['script-src', 'script-src-elem']);
    expect(await page.evaluate(() => [(window as any).injected, (window as any).evaled])).toEqual([
      undefined,
      undefined,
    ]);
  });
});

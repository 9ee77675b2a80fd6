// Helpers for the math-view tests: bundle client/viz with Vite and serve it to a page with a strict CSP.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'vite';

/** Origin of the harness: localhost (a secure context, so WebCrypto works), intercepted by Playwright; no server behind it. */
export const HARNESS_ORIGIN = 'http://localhost:39871';

/** The CSP the relay sends: no inline script or style, so the views must not rely on either. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'";

let built: string | undefined;

/** Bundles client/viz/index.ts (all math views) once per worker; returns the output folder. */
export async function buildVizBundle(): Promise<string> {
  if (built) return built;
  const outDir = mkdtempSync(join(tmpdir(), 'viz-harness-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      lib: { entry: 'client/viz/index.ts', formats: ['es'], fileName: () => 'viz.js' },
    },
  });
  built = outDir;
  return outDir;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };

/** Opens an empty page (under the strict CSP) that has loaded every math view; returns when defined. */
export async function openHarness(page: Page): Promise<void> {
  const dir = await buildVizBundle();
  await page.route(`${HARNESS_ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const headers = { 'content-security-policy': STRICT_CSP };
    if (path === '/' || path === '/index.html') {
      return route.fulfill({
        status: 200,
        headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
        body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>math views</title><script type="module" src="/viz.js"></script></head><body><main id="root"></main></body></html>',
      });
    }
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir)) return route.fulfill({ status: 404 });
    try {
      return route.fulfill({
        status: 200,
        headers: { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' },
        body: readFileSync(file),
      });
    } catch {
      return route.fulfill({ status: 404 });
    }
  });
  await page.goto(`${HARNESS_ORIGIN}/`);
  await page.waitForFunction(() => customElements.get('curve-grid') !== undefined);
}

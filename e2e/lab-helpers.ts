// Helpers for the lab tests: bundle client/lab with Vite and serve it to a page under the relay's strict CSP.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'vite';

/** Origin the harness is served from (intercepted by Playwright; https so WebCrypto has a secure context). */
export const LAB_ORIGIN = 'https://lab.test';

/** The CSP the relay sends: no inline script or style, so the lab must not rely on either. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'";

/** Page markup: the app's theme tokens come from client/styles/theme.css, loaded as a file (no inline style). */
const PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lab</title>' +
  '<link rel="stylesheet" href="/theme.css"><script type="module" src="/lab.js"></script></head>' +
  '<body><main id="root"></main></body></html>';

let built: string | undefined;

/** Bundles client/lab/index.ts (every lab component) once per worker; returns the output folder. */
export async function buildLabBundle(): Promise<string> {
  if (built) return built;
  const outDir = mkdtempSync(join(tmpdir(), 'lab-harness-'));
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
      lib: { entry: 'client/lab/index.ts', formats: ['es'], fileName: () => 'lab.js' },
    },
  });
  built = outDir;
  return outDir;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };

/** Opens an empty page (strict CSP, app theme) that has loaded every lab component; collects CSP violations. */
export async function openLabHarness(page: Page): Promise<{ violations: string[] }> {
  const dir = await buildLabBundle();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.route(`${LAB_ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const headers = { 'content-security-policy': STRICT_CSP };
    if (path === '/' || path === '/index.html')
      return route.fulfill({
        status: 200,
        headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
        body: PAGE,
      });
    const file =
      path === '/theme.css' ? join(process.cwd(), 'client/styles/theme.css') : normalize(join(dir, path));
    if (path !== '/theme.css' && !file.startsWith(dir)) return route.fulfill({ status: 404 });
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
  await page.goto(`${LAB_ORIGIN}/`);
  await page.waitForFunction(() => customElements.get('eve-panel') !== undefined);
  return { violations };
}

/** Mounts a lab element in #root and sets its properties (values must be structured-cloneable). */
export async function mount(page: Page, tag: string, props: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate(
    ([t, p]) => {
      const root = document.getElementById('root') as HTMLElement;
      root.replaceChildren();
      const el = document.createElement(t) as HTMLElement & Record<string, unknown>;
      Object.assign(el, p);
      root.append(el);
    },
    [tag, props] as const,
  );
}

/** Mounts <eve-panel> on a toy room built in the page with the real pipeline (lab.js's buildDemoScenario). */
export async function mountEveScenario(
  page: Page,
  curve: string,
  names: string[],
  messages: { from: number; to: number; text: string }[],
  privateKeys?: string[],
): Promise<void> {
  await page.evaluate(
    async ([c, n, m, d]) => {
      const url = '/lab.js';
      const lab = (await import(/* @vite-ignore */ url)) as {
        buildDemoScenario: (
          ...a: unknown[]
        ) => Promise<{ keys: unknown[]; envelopes: unknown[]; room: string }>;
      };
      const s = await lab.buildDemoScenario(c, n, m, d ? { privateKeys: d.map((x) => BigInt(x)) } : {});
      const root = document.getElementById('root') as HTMLElement;
      root.replaceChildren();
      const el = document.createElement('eve-panel') as unknown as HTMLElement & Record<string, unknown>;
      Object.assign(el, { curve: c, keys: s.keys, envelopes: s.envelopes, room: s.room });
      root.append(el);
    },
    [curve, names, messages, privateKeys] as const,
  );
}

// Helpers for the lab tests: bundle client/lab with Vite and serve it to a page under the relay's strict CSP.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { bundleOnce, serveHarness } from './harness.js';

export { STRICT_CSP } from './harness.js';

/** Origin the harness is served from (intercepted by Playwright; https so WebCrypto has a secure context). */
export const LAB_ORIGIN = 'https://lab.test';

/** Page markup: the app's theme tokens come from client/styles/theme.css, loaded as a file (no inline style). */
const PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lab</title>' +
  '<link rel="stylesheet" href="/theme.css"><script type="module" src="/lab.js"></script></head>' +
  '<body><main id="root"></main></body></html>';

/** Bundles client/lab/index.ts (every lab component) once per worker; returns the output folder. */
export const buildLabBundle: () => Promise<string> = bundleOnce({
  entry: 'client/lab/index.ts',
  fileName: 'lab.js',
  prefix: 'lab-harness-',
});

/** Opens an empty page (strict CSP, app theme) that has loaded every lab component; collects CSP violations. */
export async function openLabHarness(page: Page): Promise<{ violations: string[] }> {
  const dir = await buildLabBundle();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await serveHarness(page, {
    origin: LAB_ORIGIN,
    dir,
    page: PAGE,
    files: { '/theme.css': join(process.cwd(), 'client/styles/theme.css') },
  });
  await page.goto(`${LAB_ORIGIN}/`);
  await page.waitForFunction(() => customElements.get('curvechat-eve-panel') !== undefined);
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

/** Mounts <curvechat-eve-panel> on a toy room built in the page with the real pipeline (lab.js's buildDemoScenario). */
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
      const el = document.createElement('curvechat-eve-panel') as unknown as HTMLElement &
        Record<string, unknown>;
      Object.assign(el, { curve: c, keys: s.keys, envelopes: s.envelopes, room: s.room });
      root.append(el);
    },
    [curve, names, messages, privateKeys] as const,
  );
}

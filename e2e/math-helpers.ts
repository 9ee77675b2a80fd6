// Helpers for the math-view tests: bundle client/viz with Vite and serve it to a page with a strict CSP.
import type { Page } from '@playwright/test';
import { bundleOnce, serveHarness } from './harness.js';

export { STRICT_CSP } from './harness.js';

/** Origin of the harness: localhost (a secure context, so WebCrypto works), intercepted by Playwright; no server behind it. */
export const HARNESS_ORIGIN = 'http://localhost:39871';

/** Page markup: an empty #root and the bundle of every math view. */
const PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>math views</title>' +
  '<script type="module" src="/viz.js"></script></head><body><main id="root"></main></body></html>';

/** Bundles client/viz/index.ts (all math views) once per worker; returns the output folder. */
export const buildVizBundle: () => Promise<string> = bundleOnce({
  entry: 'client/viz/index.ts',
  fileName: 'viz.js',
  prefix: 'viz-harness-',
});

/** Opens an empty page (under the strict CSP) that has loaded every math view; returns when defined. */
export async function openHarness(page: Page): Promise<void> {
  const dir = await buildVizBundle();
  await serveHarness(page, { origin: HARNESS_ORIGIN, dir, page: PAGE });
  await page.goto(`${HARNESS_ORIGIN}/`);
  await page.waitForFunction(() => customElements.get('curvechat-curve-grid') !== undefined);
}

/** Mounts a math view in the harness page and waits for it to render; returns nothing (use locators). */
export async function mount(page: Page, tag: string, props: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate(
    ({ tag, props }) => {
      const el = document.createElement(tag) as HTMLElement & Record<string, unknown>;
      for (const [k, v] of Object.entries(props)) el[k] = v;
      document.querySelector('#root')!.append(el);
    },
    { tag, props },
  );
  await page.locator(tag).first().waitFor();
}

/** The RGB of the canvas pixel at CSS position (sx, sy) inside element `tag`'s shadow root canvas. */
export async function canvasPixel(
  page: Page,
  tag: string,
  sx: number,
  sy: number,
  canvasSelector = 'canvas',
): Promise<{ r: number; g: number; b: number }> {
  return page.evaluate(
    ({ tag, sx, sy, canvasSelector }) => {
      const canvas = document
        .querySelector(tag)!
        .shadowRoot!.querySelector(canvasSelector) as HTMLCanvasElement;
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      const ctx = canvas.getContext('2d')!;
      const [r, g, b] = ctx.getImageData(Math.round(sx * scale), Math.round(sy * scale), 1, 1).data;
      return { r: r!, g: g!, b: b! };
    },
    { tag, sx, sy, canvasSelector },
  );
}

/** Generates a WebCrypto key pair in the page and returns the session-style view of it (MyKeyView shape). */
export async function webcryptoKeyView(page: Page, curve: string): Promise<Record<string, unknown>> {
  return page.evaluate(async (curve) => {
    const alg = curve === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: curve };
    const kp = (await crypto.subtle.generateKey(alg, true, ['deriveBits'])) as CryptoKeyPair;
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', kp.publicKey));
    const jwk = await crypto.subtle.exportKey('jwk', kp.privateKey);
    const d = jwk.d!.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(d + '==='.slice((d.length + 3) % 4));
    const hex = (u: Uint8Array) => Array.from(u, (x) => x.toString(16).padStart(2, '0')).join('');
    return {
      curve,
      pub: '',
      pubHex: hex(raw),
      coords: { x: '' },
      bits: 0,
      privateHex: hex(Uint8Array.from(bin, (c) => c.charCodeAt(0))),
      createdAt: Date.now(),
    };
  }, curve);
}

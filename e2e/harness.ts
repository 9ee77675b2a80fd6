// Shared strict-CSP harness for the component tests: bundle one client entry with Vite and serve it to a Playwright page.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'vite';

/** The CSP the relay sends: no inline script or style, so the bundled components must not rely on either. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'";

/** What to bundle: the entry module, the output file name and the temp folder's prefix. */
export interface BundleSpec {
  entry: string;
  fileName: string;
  prefix: string;
}

/** Returns a builder that bundles `spec.entry` with Vite once per worker and resolves to the output folder. */
export function bundleOnce(spec: BundleSpec): () => Promise<string> {
  let built: string | undefined;
  return async () => {
    if (built) return built;
    const outDir = mkdtempSync(join(tmpdir(), spec.prefix));
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
        lib: { entry: spec.entry, formats: ['es'], fileName: () => spec.fileName },
      },
    });
    built = outDir;
    return outDir;
  };
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };

/** How to serve a harness page: its origin, the bundle folder, the page markup and extra files by URL path. */
export interface ServeSpec {
  origin: string;
  dir: string;
  page: string;
  /** URL path → file on disk, served as is (e.g. the app's theme.css). */
  files?: Record<string, string>;
}

/** Routes every request to `spec.origin` under STRICT_CSP: the page at / and /index.html, else a file of the bundle (404 outside it). */
export async function serveHarness(page: Page, spec: ServeSpec): Promise<void> {
  const { dir, files = {} } = spec;
  await page.route(`${spec.origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const headers = { 'content-security-policy': STRICT_CSP };
    if (path === '/' || path === '/index.html') {
      return route.fulfill({
        status: 200,
        headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
        body: spec.page,
      });
    }
    const fixed = Object.hasOwn(files, path) ? files[path] : undefined;
    const file = fixed ?? normalize(join(dir, path));
    if (fixed === undefined && !file.startsWith(dir)) return route.fulfill({ status: 404 });
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
}

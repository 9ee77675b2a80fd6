// Renders deploy/nginx.conf for a test: only the lines marked `# test:` change (upstream servers, listen
// ports, certificate paths), so e2e/nginx.spec.ts runs the very file a deployment uses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** deploy/nginx.conf in this checkout. */
export const NGINX_CONF = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../deploy/nginx.conf');

/** What a test puts in place of the deployment's values. */
export interface NginxTestValues {
  /** Relay addresses (`127.0.0.1:41234`), one upstream `server` line each. */
  upstreams: string[];
  /** Port of the plain-HTTP redirect server (`listen 80` in the deployment). */
  httpPort: number;
  /** Port of the TLS server (`listen 443` in the deployment). */
  httpsPort: number;
  /** PEM certificate and key files. */
  certFile: string;
  keyFile: string;
}

/** The markers in deploy/nginx.conf and how many lines each must be on (the upstream marker: at least one). */
export const MARKERS = ['upstream', 'http', 'https', 'cert', 'key'] as const;

// A path or address the config may not mention once rendered (nothing survives from the deployment values).
const SAFE_VALUE = /^[A-Za-z0-9._/:[\]-]+$/;

/** Rewrites one marked line; throws when the line does not have the expected shape. */
function rewrite(line: string, marker: (typeof MARKERS)[number], v: NginxTestValues): string[] {
  const indent = /^\s*/.exec(line)![0];
  const shape: Record<(typeof MARKERS)[number], RegExp> = {
    upstream: /^server \S+( .*;)/,
    http: /^listen \d+(;)/,
    https: /^listen \d+( ssl.*;)/,
    cert: /^ssl_certificate\s+\S+(;)/,
    key: /^ssl_certificate_key\s+\S+(;)/,
  };
  const m = shape[marker].exec(line.trim());
  if (!m) throw new Error(`deploy/nginx.conf: the "# test: ${marker}" line has an unexpected shape: ${line}`);
  const rest = m[1]!.replace(/\s*#.*$/, '');
  switch (marker) {
    case 'upstream':
      return v.upstreams.map((u) => `${indent}server ${u}${rest}`);
    case 'http':
      return [`${indent}listen ${v.httpPort}${rest}`];
    case 'https':
      return [`${indent}listen ${v.httpsPort}${rest}`];
    case 'cert':
      return [`${indent}ssl_certificate ${v.certFile}${rest}`];
    case 'key':
      return [`${indent}ssl_certificate_key ${v.keyFile}${rest}`];
  }
}

/**
 * deploy/nginx.conf (or `text`) with the test's values in the marked lines; every other line unchanged.
 * Throws when a marker is missing or repeated, or a value could break out of its directive.
 */
export function renderNginxConf(values: NginxTestValues, text = readFileSync(NGINX_CONF, 'utf8')): string {
  for (const value of [...values.upstreams, values.certFile, values.keyFile])
    if (!SAFE_VALUE.test(value)) throw new Error(`unsafe value for nginx.conf: ${value}`);
  if (values.upstreams.length === 0) throw new Error('at least one upstream is needed');
  const seen = new Map<string, number>();
  const out: string[] = [];
  let upstreamDone = false;
  for (const line of text.split('\n')) {
    const marker = /#\s*test:\s*(\S+)\s*$/.exec(line)?.[1] as (typeof MARKERS)[number] | undefined;
    if (marker === undefined) {
      out.push(line);
      continue;
    }
    if (!MARKERS.includes(marker)) throw new Error(`deploy/nginx.conf: unknown marker "# test: ${marker}"`);
    seen.set(marker, (seen.get(marker) ?? 0) + 1);
    if (marker === 'upstream') {
      const lines = rewrite(line, marker, values);
      if (!upstreamDone) out.push(...lines);
      upstreamDone = true;
      continue;
    }
    out.push(...rewrite(line, marker, values));
  }
  for (const marker of MARKERS) {
    const n = seen.get(marker) ?? 0;
    if (n === 0 || (marker !== 'upstream' && n > 1))
      throw new Error(
        `deploy/nginx.conf: expected ${marker === 'upstream' ? 'at least one' : 'exactly one'} "# test: ${marker}" line, found ${n}`,
      );
  }
  return out.join('\n');
}

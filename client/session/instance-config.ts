// Reads the relay's instance settings (`config.json` next to the page, docs/protocol.md Extensions, "Instance
// settings") at start-up; anything missing, slow or invalid falls back to the built-in defaults, with a log line.
import { formatBytes } from '../crypto/file-name.js';
import { DEFAULT_CLIENT_CONFIG, clientConfig } from '../../common/schema/client-config.js';
import type { ClientConfig } from '../../common/wire.js';
import type { LogEntry } from './types.js';

/** How long start-up waits for `config.json` before it uses the defaults, ms. */
export const INSTANCE_CONFIG_TIMEOUT_MS = 5000;

/** The settings to use, and the activity-log lines that explain a fallback (none when the relay answered well). */
export interface InstanceConfig {
  settings: ClientConfig;
  notes: Pick<LogEntry, 'level' | 'text'>[];
}

/** The `fetch` this module needs (the browser's, or a stand-in in tests). */
export type FetchLike = (
  url: string,
  init: { cache: 'no-store'; signal: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

/** The URL of `config.json` for a page at `pageUrl` (its base URL): relative, so any BASE_PATH works. */
export function instanceConfigUrl(pageUrl: string): string {
  return new URL('config.json', pageUrl).href;
}

/** Fetches and validates `config.json`; never rejects: on any failure it returns the defaults and a warning line. */
export async function loadInstanceConfig(
  pageUrl: string,
  fetchImpl: FetchLike = (url, init) => fetch(url, init),
  timeoutMs = INSTANCE_CONFIG_TIMEOUT_MS,
): Promise<InstanceConfig> {
  let problem: string;
  // A plain timer rather than AbortSignal.timeout: Node does not let that one keep the process alive.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error('timeout')), timeoutMs);
  try {
    const res = await fetchImpl(instanceConfigUrl(pageUrl), { cache: 'no-store', signal: abort.signal });
    if (!res.ok) problem = `the relay answered HTTP ${res.status}`;
    else {
      const body = await res.json().catch(() => undefined);
      const parsed = clientConfig.safeParse(body);
      if (parsed.success) return { settings: parsed.data, notes: [] };
      problem = body === undefined ? 'not JSON' : 'not valid settings';
    }
  } catch {
    problem = 'no answer';
  } finally {
    clearTimeout(timer);
  }
  const settings = { ...DEFAULT_CLIENT_CONFIG };
  const text = `Could not read this relay's settings (config.json: ${problem}); using the defaults: files up to ${formatBytes(settings.maxFileBytes)}.`;
  return { settings, notes: [{ level: 'warn', text }] };
}

// The HTTP-side settings of the relay (HSTS, Host allowlist, source maps, transports, /metrics), read from
// the environment by loadConfig (server/config.ts); docs/security.md "The HTTP side" says why each exists.

/** HTTP hardening settings; every field has a safe default (docs/deploy.md, "Configuration"). */
export interface HttpConfig {
  /** TLS_PROXY: a TLS-terminating proxy serves the page over HTTPS (HSTS and a wss:-only CSP as with TLS). */
  tlsProxy: boolean;
  /** HSTS_MAX_AGE: max-age of Strict-Transport-Security under HTTPS, seconds; 0 sends no header. */
  hstsMaxAge: number;
  /** ALLOWED_HOSTS: extra Host names to answer (`*.example.org` matches one label), or '*' to answer any Host. */
  allowedHosts: string[] | '*';
  /** SERVE_SOURCE_MAPS: serve the client's *.map files (404 otherwise). */
  serveSourceMaps: boolean;
  /** ALLOW_POLLING: accept Socket.IO's HTTP long-polling transport (WebSocket only otherwise). */
  allowPolling: boolean;
  /** METRICS_TOKEN: when set, /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** METRICS_PORT: serve /metrics on this port only (not on PORT); undefined keeps it on PORT. */
  metricsPort: number | undefined;
  /** METRICS_HOST: interface of the METRICS_PORT listener. */
  metricsHost: string;
}

/** The HTTP settings of an empty environment. */
export const DEFAULT_HTTP_CONFIG: Readonly<HttpConfig> = {
  tlsProxy: false,
  hstsMaxAge: 31_536_000,
  allowedHosts: [],
  serveSourceMaps: false,
  allowPolling: false,
  metricsToken: undefined,
  metricsPort: undefined,
  metricsHost: '127.0.0.1',
};

type Env = Readonly<Record<string, string | undefined>>;

// A DNS name (optionally `*.` for one label), an IPv4 address, or an IPv6 address with or without brackets.
const HOST_ENTRY_RE =
  /^(?:(?:\*\.)?[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*|\[?[0-9a-f:.]{2,45}\]?)$/;

function readFlag(env: Env, name: string, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  problems.push(`${name} must be 1/true or 0/false (got "${env[name]}")`);
  return false;
}

function readNumber(
  env: Env,
  name: string,
  min: number,
  max: number,
  problems: string[],
): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return undefined;
}

function readHosts(raw: string | undefined, problems: string[]): string[] | '*' {
  const entries = (raw ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
  if (entries.includes('*')) {
    if (entries.length > 1) problems.push('ALLOWED_HOSTS is either * alone or a list of host names');
    return '*';
  }
  for (const entry of entries)
    if (!HOST_ENTRY_RE.test(entry))
      problems.push(
        `ALLOWED_HOSTS entries must be host names or IP addresses without a port (got "${entry}")`,
      );
  return entries;
}

/** Read the HTTP settings (`port`: the main PORT), pushing one line per invalid variable onto `problems`. */
export function readHttpConfig(env: Env, port: number, problems: string[]): HttpConfig {
  const metricsToken = env.METRICS_TOKEN?.trim() || undefined;
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,512}$/.test(metricsToken))
    problems.push('METRICS_TOKEN must be 16 to 512 printable characters without spaces');
  const metricsPort = readNumber(env, 'METRICS_PORT', 1, 65535, problems);
  if (metricsPort !== undefined && metricsPort === port) problems.push('METRICS_PORT must differ from PORT');
  return {
    tlsProxy: readFlag(env, 'TLS_PROXY', problems),
    hstsMaxAge: readNumber(env, 'HSTS_MAX_AGE', 0, 63_072_000, problems) ?? DEFAULT_HTTP_CONFIG.hstsMaxAge,
    allowedHosts: readHosts(env.ALLOWED_HOSTS, problems),
    serveSourceMaps: readFlag(env, 'SERVE_SOURCE_MAPS', problems),
    allowPolling: readFlag(env, 'ALLOW_POLLING', problems),
    metricsToken,
    metricsPort,
    metricsHost: env.METRICS_HOST?.trim() || DEFAULT_HTTP_CONFIG.metricsHost,
  };
}

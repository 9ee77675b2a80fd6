// Relay configuration read from environment variables, validated once at start-up.
import { isIP } from 'node:net';
import { DEFAULT_LIMITS, type Limits } from '../common/limits.js';
import { MAX_FILE_BYTES_CAP } from '../common/schema/client-config.js';
import { DEFAULT_MAX_FILE_BYTES } from '../common/schema/files.js';
import { readBasePath } from './base-path.js';
import { type HttpConfig, readHttpConfig } from './http-config.js';

/** TLS settings: certificate files, a generated self-signed certificate, or none. */
export type TlsConfig =
  | { mode: 'off' }
  | { mode: 'files'; certFile: string; keyFile: string }
  | { mode: 'self-signed'; hostnames: string[] };

/** Everything the relay needs to start; see docs/deploy.md for the env vars. */
export interface Config extends ConnectionLimits {
  /** TCP port to listen on; 0 picks a free one (tests). */
  port: number;
  /** Interface to bind; undefined means all interfaces. */
  host: string | undefined;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: LogLevel;
  /** Relay limits of docs/protocol.md §6. */
  limits: Limits;
  /** Redis URL for the standalone Redis adapter; undefined means the in-memory adapter. */
  redisUrl: string | undefined;
  /** Redis Cluster seed nodes (host:port) for the sharded adapter; empty means none. */
  redisCluster: string[];
  /** Redis adapter request timeout (fetchSockets across nodes), ms. */
  redisRequestsTimeoutMs: number;
  /** Directory of the built client; undefined means auto-detect dist/client. */
  staticDir: string | undefined;
  /** Upper bound for a SIGTERM drain before the process exits anyway, ms. */
  drainTimeoutMs: number;
  /** HTTPS settings. */
  tls: TlsConfig;
  /** Extra browser origins allowed to open Socket.IO connections (same-origin is always allowed). */
  allowedOrigins: string[];
  /** HTTP hardening: HSTS, Host allowlist, source maps, transports, /metrics (server/http-config.ts). */
  http: HttpConfig;

  /** Bytes the relay may queue for one connection before it cuts it as a slow consumer (MAX_SOCKET_BUFFER_BYTES). */
  maxSocketBufferBytes: number;

  /** BASE_PATH: URL prefix of everything served (`/` or e.g. `/chat/`, normalised; server/base-path.ts). */
  basePath: string;

  /** MAX_FILE_BYTES: the file size limit served to clients in `config.json`; clients apply it, the relay cannot. */
  maxFileBytes: number;
}

/** Default MAX_SOCKET_BUFFER_BYTES: 4 MiB, four of the largest frames (docs/security.md#slow-consumers). */
export const DEFAULT_MAX_SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

/** MAX_SOCKET_BUFFER_BYTES: at least one whole frame (`maxFrame`), so a normal burst always fits. */
function readMaxSocketBuffer(env: Env, maxFrame: number, problems: string[]): number {
  const name = 'MAX_SOCKET_BUFFER_BYTES';
  const value = readInt(env, name, DEFAULT_MAX_SOCKET_BUFFER_BYTES, 64 * 1024, 1024 * 1024 * 1024, problems);
  if (value < maxFrame) problems.push(`${name} must be at least MAX_FRAME_BYTES (${maxFrame}), got ${value}`);
  return value;
}

/** pino log levels accepted by LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** One pino log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Environment variables for the relay limits, mapped to their `Limits` field. */
export const LIMIT_ENV_VARS: Readonly<Record<keyof Limits, string>> = {
  maxRoomMembers: 'MAX_ROOM_MEMBERS',
  maxDmBody: 'MAX_DM_BODY_BYTES',
  maxFrame: 'MAX_FRAME_BYTES',
  eventsPerSecond: 'RATE_EVENTS_PER_SECOND',
  eventBurst: 'RATE_BURST',
  maxStepDetail: 'MAX_STEP_DETAIL_BYTES',
};

/** Thrown when the environment holds invalid settings; the message lists every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]) {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function readList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function readTls(env: Env, problems: string[]): TlsConfig {
  const cert = env.TLS_CERT?.trim();
  const key = env.TLS_KEY?.trim();
  const selfSigned = env.TLS_SELF_SIGNED?.trim();
  if (cert || key) {
    if (!cert || !key) {
      problems.push('TLS_CERT and TLS_KEY must be set together');
      return { mode: 'off' };
    }
    return { mode: 'files', certFile: cert, keyFile: key };
  }
  if (selfSigned && selfSigned !== '0' && selfSigned !== 'false') {
    if (selfSigned !== '1' && selfSigned !== 'true') {
      problems.push(`TLS_SELF_SIGNED must be 1/true or 0/false (got "${selfSigned}")`);
      return { mode: 'off' };
    }
    const hostnames = readList(env.TLS_HOSTNAMES);
    return { mode: 'self-signed', hostnames: hostnames.length > 0 ? hostnames : ['localhost'] };
  }
  return { mode: 'off' };
}

// ---- Many sockets, one member (docs/security.md): per-member, per-address and `who` limits ----

/** Which `X-Forwarded-For` entries to believe: none, the last `hops` ones, or those added by listed proxies. */
export type TrustProxy =
  { mode: 'off' } | { mode: 'hops'; hops: number } | { mode: 'list'; proxies: string[] };

/** Limits on what one member id or one client address may hold (per node; docs/deploy.md). */
export interface ConnectionLimits {
  /** Joined sockets one member id may have on this node (MAX_SOCKETS_PER_MEMBER). */
  maxSocketsPerMember: number;
  /** Open connections from one client address on this node (MAX_CONNECTIONS_PER_ADDRESS). */
  maxConnectionsPerAddress: number;
  /** Events per second shared by a member's sockets on this node (RATE_MEMBER_EVENTS_PER_SECOND); unset = a socket's. */
  memberEventsPerSecond: number | undefined;
  /** Token bucket size shared by a member's sockets on this node (RATE_MEMBER_BURST); unset = a socket's. */
  memberEventBurst: number | undefined;
  /** How long one room listing answers every `who` of that room, ms; 0 = list on every `who` (WHO_LISTING_TTL_MS). */
  whoListingTtlMs: number;
  /** Whether and how far to believe X-Forwarded-For for the client address (TRUST_PROXY). */
  trustProxy: TrustProxy;
}

function readTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  const text = raw?.trim() ?? '';
  if (text === '' || text === '0' || text === 'false') return { mode: 'off' };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 16) problems.push(`TRUST_PROXY hop count must be at most 16 (got "${text}")`);
    return { mode: 'hops', hops: Math.min(hops, 16) };
  }
  const proxies = readList(text).map(normalizeAddress);
  for (const p of proxies)
    if (isIP(p) === 0) problems.push(`TRUST_PROXY entries must be IP addresses (got "${p}")`);
  return { mode: 'list', proxies };
}

/** An address as Node reports it, with IPv4-mapped IPv6 (`::ffff:1.2.3.4`) written as plain IPv4. */
export function normalizeAddress(address: string): string {
  const a = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a) ? a.slice(7) : a;
}

function readOptionalInt(env: Env, name: string, min: number, max: number, problems: string[]) {
  return env[name]?.trim() ? readInt(env, name, min, min, max, problems) : undefined;
}

function readConnectionLimits(env: Env, problems: string[]): ConnectionLimits {
  return {
    maxSocketsPerMember: readInt(env, 'MAX_SOCKETS_PER_MEMBER', 4, 1, 1000, problems),
    maxConnectionsPerAddress: readInt(env, 'MAX_CONNECTIONS_PER_ADDRESS', 250, 1, 1_000_000, problems),
    memberEventsPerSecond: readOptionalInt(env, 'RATE_MEMBER_EVENTS_PER_SECOND', 1, 100_000, problems),
    memberEventBurst: readOptionalInt(env, 'RATE_MEMBER_BURST', 1, 1_000_000, problems),
    whoListingTtlMs: readInt(env, 'WHO_LISTING_TTL_MS', 1000, 0, 60_000, problems),
    trustProxy: readTrustProxy(env.TRUST_PROXY, problems),
  };
}

// ---- end of many sockets, one member ----

/** Read and validate the configuration; throws ConfigError listing every invalid variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const port = readInt(env, 'PORT', 3000, 0, 65535, problems);
  const host = env.HOST?.trim() || undefined;
  const levelRaw = (env.LOG_LEVEL?.trim() || 'info').toLowerCase();
  const logLevel = (LOG_LEVELS as readonly string[]).includes(levelRaw) ? (levelRaw as LogLevel) : 'info';
  if (logLevel !== levelRaw) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const limits: Limits = {
    maxRoomMembers: readInt(
      env,
      LIMIT_ENV_VARS.maxRoomMembers,
      DEFAULT_LIMITS.maxRoomMembers,
      2,
      10_000,
      problems,
    ),
    maxDmBody: readInt(
      env,
      LIMIT_ENV_VARS.maxDmBody,
      DEFAULT_LIMITS.maxDmBody,
      64,
      64 * 1024 * 1024,
      problems,
    ),
    maxFrame: readInt(
      env,
      LIMIT_ENV_VARS.maxFrame,
      DEFAULT_LIMITS.maxFrame,
      1024,
      256 * 1024 * 1024,
      problems,
    ),
    eventsPerSecond: readInt(
      env,
      LIMIT_ENV_VARS.eventsPerSecond,
      DEFAULT_LIMITS.eventsPerSecond,
      1,
      100_000,
      problems,
    ),
    eventBurst: readInt(env, LIMIT_ENV_VARS.eventBurst, DEFAULT_LIMITS.eventBurst, 1, 1_000_000, problems),
    maxStepDetail: readInt(
      env,
      LIMIT_ENV_VARS.maxStepDetail,
      DEFAULT_LIMITS.maxStepDetail,
      16,
      1024 * 1024,
      problems,
    ),
  };

  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    problems.push('REDIS_URL must start with redis:// or rediss://');
  const redisCluster = readList(env.REDIS_CLUSTER);
  for (const node of redisCluster) {
    if (!/^[^\s:]+:\d{1,5}$/.test(node))
      problems.push(`REDIS_CLUSTER entries must be host:port (got "${node}")`);
  }
  if (redisUrl && redisCluster.length > 0) problems.push('set REDIS_URL or REDIS_CLUSTER, not both');
  const redisRequestsTimeoutMs = readInt(env, 'REDIS_REQUESTS_TIMEOUT_MS', 2500, 100, 60_000, problems);

  const staticDir = env.STATIC_DIR?.trim() || undefined;
  const drainTimeoutMs = readInt(env, 'DRAIN_TIMEOUT_MS', 10_000, 100, 600_000, problems);
  const tls = readTls(env, problems);
  const allowedOrigins = readList(env.ALLOWED_ORIGINS);
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^\s/]+$/.test(origin))
      problems.push(`ALLOWED_ORIGINS entries must look like https://host[:port] (got "${origin}")`);
  }
  // HTTP hardening (server/http-config.ts).
  const http = readHttpConfig(env, port, problems);

  const maxSocketBufferBytes = readMaxSocketBuffer(env, limits.maxFrame, problems);

  const connectionLimits = readConnectionLimits(env, problems);

  const basePath = readBasePath(env.BASE_PATH, problems);

  // Served to browsers in config.json (server/client-config.ts); the relay sees only opaque chunks.
  const maxFileBytes = readInt(
    env,
    'MAX_FILE_BYTES',
    DEFAULT_MAX_FILE_BYTES,
    1,
    MAX_FILE_BYTES_CAP,
    problems,
  );

  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    port,
    host,
    logLevel,
    limits,
    redisUrl,
    redisCluster,
    redisRequestsTimeoutMs,
    staticDir,
    drainTimeoutMs,
    tls,
    allowedOrigins,
    http,
    maxSocketBufferBytes,
    ...connectionLimits,
    basePath,
    maxFileBytes,
  };
}

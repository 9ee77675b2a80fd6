// Helpers for e2e/nginx.spec.ts: Debian's nginx running deploy/nginx.conf (rendered by nginx-conf.ts) with a
// self-signed certificate, in front of two built relays under BASE_PATH /chat/ and a real redis-server.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { OwnedRedis, ROOT, freePort, killAll, startNode, type Node } from '../test/integration/cluster.js';
import { canConnect, stopChild, track, waitFor } from '../test/integration/harness-process.js';
import { renderNginxConf } from './nginx-conf.js';

/** The prefix the relays and nginx.conf use. */
export const BASE_PATH = '/chat/';
/** Connections one client address may hold per relay in this test (a forged X-Forwarded-For must not lift it). */
export const MAX_PER_ADDRESS = 3;

/** nginx from NGINX_PATH, else Debian's /usr/sbin/nginx (.ci/run installs it); a clear error when missing. */
export function nginxBinary(): string {
  const bin = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
  if (!existsSync(bin))
    throw new Error(`nginx not found at ${bin}: apt-get install nginx (as .ci/run does) or set NGINX_PATH`);
  return bin;
}

/** Redis, two relays and nginx in front of them. */
export interface NginxTopology {
  redis: OwnedRedis;
  relays: Node[];
  nginx: ChildProcess;
  /** The HTTPS origin browsers use: `https://127.0.0.1:<port>`. */
  origin: string;
  /** nginx's HTTPS port. */
  httpsPort: number;
  /** The nginx prefix directory (config, pid, error log, temp files). */
  dir: string;
  /** Everything nginx printed (access log on stdout, errors). */
  output: () => string;
}

/** Start redis-server, two built relays (BASE_PATH, TRUST_PROXY=1) and nginx with deploy/nginx.conf. */
export async function startNginxTopology(): Promise<NginxTopology> {
  for (const built of ['dist/server/server/index.js', 'dist/client/index.html'])
    if (!existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run npm run build first`);
  const bin = nginxBinary();
  const redis = new OwnedRedis(await freePort());
  await redis.start();
  const env = {
    REDIS_URL: redis.url,
    STATIC_DIR: path.join(ROOT, 'dist/client'),
    BASE_PATH,
    TRUST_PROXY: '1',
    TLS_PROXY: '1',
    MAX_CONNECTIONS_PER_ADDRESS: String(MAX_PER_ADDRESS),
    REDIS_REQUESTS_TIMEOUT_MS: '1500',
    DRAIN_TIMEOUT_MS: '3000',
  };
  const relays = await Promise.all(
    ['r1', 'r2'].map((name) => startNode(name, env, 'readyz', { built: true, basePath: BASE_PATH })),
  );

  // nginx's prefix: readable by its workers (they may run as `nobody` when the test runs as root).
  const dir = mkdtempSync(path.join(tmpdir(), 'curvechat-nginx-'));
  chmodSync(dir, 0o755);
  const pem = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const certFile = path.join(dir, 'fullchain.pem');
  const keyFile = path.join(dir, 'privkey.pem');
  writeFileSync(certFile, pem.cert);
  writeFileSync(keyFile, pem.private, { mode: 0o600 });
  const httpsPort = await freePort();
  const conf = renderNginxConf({
    upstreams: relays.map((r) => `127.0.0.1:${r.port}`),
    httpPort: await freePort(),
    httpsPort,
    certFile,
    keyFile,
  });
  writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const logFile = path.join(dir, 'stdout.log');
  const logFd = openSync(logFile, 'a');
  const nginx = spawn(
    bin,
    [
      '-p',
      `${dir}/`,
      '-c',
      path.join(dir, 'nginx.conf'),
      '-g',
      `daemon off; pid ${path.join(dir, 'nginx.pid')}; error_log ${path.join(dir, 'error.log')} warn;`,
    ],
    // A file, not a pipe: Node's pipes are sockets, which nginx cannot open as /dev/stdout (the access log).
    { stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  track(nginx);
  const output = (): string => readFileSync(logFile, 'utf8');
  await waitFor(
    `nginx on ${httpsPort}`,
    () => {
      if (nginx.exitCode !== null) throw new Error(`nginx exited ${nginx.exitCode}: ${output()}`);
      return canConnect(httpsPort);
    },
    15_000,
  );
  return {
    redis,
    relays,
    nginx,
    origin: `https://127.0.0.1:${httpsPort}`,
    httpsPort,
    dir,
    output,
  };
}

/** Stop nginx (SIGTERM: its master stops its workers), the relays and redis-server; remove nginx's directory. */
export async function stopNginxTopology(t: NginxTopology | undefined): Promise<void> {
  if (t) await stopChild(t.nginx, 'SIGTERM');
  await killAll();
  if (t) rmSync(t.dir, { recursive: true, force: true });
}

/** `curvechat_joined_sockets` of a relay, read straight from it (not through nginx, which fences /metrics). */
export async function joinedSockets(relay: Node): Promise<number> {
  const res = await fetch(`${relay.url}${BASE_PATH}metrics`, { signal: AbortSignal.timeout(2000) });
  const line = (await res.text()).split('\n').find((l) => l.startsWith('curvechat_joined_sockets '));
  return line ? Number(line.split(' ')[1]) : NaN;
}

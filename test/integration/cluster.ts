// Multi-node test harness entry point: starts relay child processes and re-exports the rest of the harness.
// Its parts: harness-process.ts (child tracking, ports, polling), redis-servers.ts (redis-server and cluster),
// balancer.ts (in-process TCP proxy) and proxy-process.ts (the proxy as a process of its own). Every child is
// killed on teardown, even after a failure. Imports nothing of the server, so e2e specs can use it too.
import { type ChildProcess, spawn } from 'node:child_process';
import { ROOT, freePort, status, track, waitFor } from './harness-process.js';

export { TcpBalancer } from './balancer.js';
export { ROOT, freePort, killAll, status, stopChild, waitFor } from './harness-process.js';
export { ProxyProcess } from './proxy-process.js';
export { OwnedRedis, OwnedRedisCluster } from './redis-servers.js';

/** A relay node in its own process. */
export interface Node {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything the process printed (JSON log lines), for diagnosis. */
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/**
 * Spawn a relay on a free port and wait until /readyz (or only /healthz) is 200: from source
 * (`node --import tsx server/index.ts`), or with `built` the output of `npm run build`
 * (`node dist/server/server/index.js`, the way `npm start` and the Docker image run it). With `basePath`
 * (the node's normalised BASE_PATH, set in `env` too) the probe is `<basePath>readyz`.
 */
export async function startNode(
  name: string,
  env: Record<string, string>,
  waitFor_: 'readyz' | 'healthz' = 'readyz',
  { built = false, basePath = '/' }: { built?: boolean; basePath?: string } = {},
): Promise<Node> {
  const port = await freePort();
  const args = built ? ['dist/server/server/index.js'] : ['--import', 'tsx', 'server/index.ts'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // Under BASE_PATH (normalised, e.g. `/chat/`) the probes live under the prefix.
  const probe = `${url}${basePath}${waitFor_}`;
  await waitFor(`${name} ${waitFor_}`, async () => (await status(probe)) === 200, 20_000);
  return { name, port, url, child, output: () => out, exited };
}

// Multi-node test harness: a redis-server of its own (or REDIS_URL), relay child processes, and a
// TCP proxy standing in for the load balancer (in process, or as a process of its own). Every child is
// killed on teardown, even after a failure. Imports nothing of the server, so e2e specs can use it too.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export { TcpBalancer } from './balancer.js';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const children = new Set<ChildProcess>();

// Last resort: never leave children behind when the test process exits.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Poll `check` until it returns true or `ms` passes. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** GET a URL and return its status, or 0 when the connection fails. */
export async function status(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Kill a child (SIGKILL unless told otherwise) and wait for it to exit. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

/** A redis-server owned by the harness, restartable on the same port. */
export class OwnedRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    children.add(child);
    child.once('exit', () => children.delete(child));
    this.child = child;
    await waitFor('redis-server', () => canConnect(this.port), 10_000);
  }
  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child);
    this.child = undefined;
  }
}

/** Three redis-server processes in cluster mode (no replicas), formed with redis-cli --cluster create. */
export class OwnedRedisCluster {
  private procs: ChildProcess[] = [];
  ports: number[] = [];
  /** host:port seeds, as REDIS_CLUSTER expects them. */
  get seeds(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }
  async start(): Promise<void> {
    const dir = mkdtempSync(path.join(tmpdir(), 'curvechat-redis-cluster-'));
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const cwd = path.join(dir, String(port));
      mkdirSync(cwd);
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        { cwd, stdio: 'ignore' },
      );
      children.add(child);
      child.once('exit', () => children.delete(child));
      this.procs.push(child);
      this.ports.push(port);
      await waitFor('redis-server (cluster mode)', () => canConnect(port), 10_000);
    }
    await new Promise<void>((resolve, reject) => {
      const create = spawn(
        'redis-cli',
        [
          '--cluster',
          'create',
          ...this.ports.map((p) => `127.0.0.1:${p}`),
          '--cluster-replicas',
          '0',
          '--cluster-yes',
        ],
        { stdio: 'ignore' },
      );
      create.once('error', reject);
      create.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`redis-cli --cluster create: ${code}`)),
      );
    });
    await waitFor('cluster_state:ok', () => clusterOk(this.ports[0]), 15_000);
  }
  async stop(): Promise<void> {
    await Promise.all(this.procs.map((c) => stopChild(c)));
  }
}

function clusterOk(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.once('connect', () => socket.write('CLUSTER INFO\r\n'));
    socket.on('data', (d: Buffer) => {
      reply += d.toString();
      if (reply.includes('cluster_known_nodes')) {
        socket.destroy();
        resolve(reply.includes('cluster_state:ok'));
      }
    });
    socket.once('error', () => resolve(false));
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

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
 * (`node dist/server/server/index.js`, the way `npm start` and the Docker image run it).
 */
export async function startNode(
  name: string,
  env: Record<string, string>,
  waitFor_: 'readyz' | 'healthz' = 'readyz',
  { built = false }: { built?: boolean } = {},
): Promise<Node> {
  const port = await freePort();
  const args = built ? ['dist/server/server/index.js'] : ['--import', 'tsx', 'server/index.ts'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${name} ${waitFor_}`, async () => (await status(`${url}/${waitFor_}`)) === 200, 20_000);
  return { name, port, url, child, output: () => out, exited };
}

/** Kill every child the harness started. */
export async function killAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c)));
}

/**
 * test/integration/tcp-proxy.ts in a process of its own: the load balancer in front of the relays
 * for browser tests. New connections try the backends in the order last set with `order()`.
 */
export class ProxyProcess {
  private child: ChildProcess | undefined;
  private readonly waiters: { match: (line: any) => boolean; resolve: (line: any) => void }[] = [];
  private readonly log: string[] = [];
  port = 0;
  constructor(private backends: number[]) {}
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  /** Every line the proxy printed (its `routed` lines tell which backend each connection reached). */
  output(): string {
    return this.log.join('\n');
  }
  /** Start the process on a free port and wait until it listens. */
  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/integration/tcp-proxy.ts', '0', ...this.backends.map(String)],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    children.add(child);
    child.once('exit', () => children.delete(child));
    child.stderr?.on('data', (d: Buffer) => this.log.push(d.toString()));
    this.child = child;
    createInterface({ input: child.stdout! }).on('line', (text) => {
      this.log.push(text);
      let line: unknown;
      try {
        line = JSON.parse(text);
      } catch {
        return;
      }
      const i = this.waiters.findIndex((w) => w.match(line));
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(line);
    });
    const ready = await this.expect((l) => typeof l?.listening === 'number', 'proxy listening');
    this.port = ready.listening;
  }
  /** Send new connections to these backends, first one that accepts. */
  async order(backends: number[]): Promise<void> {
    const done = this.expect((l) => Array.isArray(l?.order), 'proxy order');
    this.child?.stdin?.write(`order ${backends.join(',')}\n`);
    await done;
    this.backends = backends;
  }
  /** Close stdin (the proxy exits by itself), or kill it if it does not. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
  private expect(match: (line: any) => boolean, what: string, ms = 10_000): Promise<any> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}:\n${this.output()}`)),
        ms,
      );
      this.waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }
}

// Multi-node test harness: a redis-server of its own (or REDIS_URL), relay child processes, and a
// TCP proxy standing in for the load balancer. Every child is killed on teardown, even after a failure.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
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

/** Spawn `node --import tsx server/index.ts` on a free port and wait until /readyz (or only /healthz) is 200. */
export async function startNode(
  name: string,
  env: Record<string, string>,
  waitFor_: 'readyz' | 'healthz' = 'readyz',
): Promise<Node> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
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
 * A TCP proxy playing the load balancer: each new connection goes to the first
 * backend that accepts it, in order (so tests know where a client lands), and
 * fails over to the next when a backend refuses.
 */
export class TcpBalancer {
  private server = net.createServer((client) => this.route(client));
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(public backends: number[]) {}
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  /** Listen on `port` (0: a free one; reuse `this.port` to come back after close()). */
  async listen(port = 0): Promise<void> {
    this.server = net.createServer((client) => this.route(client));
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  private route(client: net.Socket): void {
    this.sockets.add(client);
    client.once('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    this.tryBackend(client, 0);
  }
  private tryBackend(client: net.Socket, index: number): void {
    if (index >= this.backends.length || client.destroyed) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.backends[index], '127.0.0.1');
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      this.sockets.add(upstream);
      client.once('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (!connected) this.tryBackend(client, index + 1);
    });
    upstream.once('close', () => {
      this.sockets.delete(upstream);
      if (connected) client.destroy();
    });
  }
  /** Drop every connection and stop listening. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

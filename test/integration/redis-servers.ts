// redis-server processes owned by the multi-node harness: a single server, or a three-node cluster.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canConnect, freePort, stopChild, track, waitFor } from './harness-process.js';

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
    track(child);
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
      track(child);
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

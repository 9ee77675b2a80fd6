// The TCP proxy (tcp-proxy.ts) run as a process of its own: the load balancer in front of relays for browser tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT, track } from './harness-process.js';

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
    track(child);
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

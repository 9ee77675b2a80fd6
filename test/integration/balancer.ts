// A TCP proxy playing the load balancer (or a gate in front of Redis), with node:net only. Used in
// process by the integration tests and, through tcp-proxy.ts, as a proxy process of its own by e2e.
import net from 'node:net';

/**
 * Each new connection goes to the first backend that accepts it, in order (so tests know where a
 * client lands), and fails over to the next when a backend refuses. `backends` may be reordered at
 * any time; it applies to connections accepted afterwards.
 */
export class TcpBalancer {
  private server = net.createServer((client) => this.route(client));
  private sockets = new Set<net.Socket>();
  port = 0;
  /** Called with the backend port each accepted connection was piped to. */
  onRouted: ((backend: number) => void) | undefined;
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
    this.tryBackend(client, [...this.backends], 0);
  }
  private tryBackend(client: net.Socket, backends: number[], index: number): void {
    if (index >= backends.length || client.destroyed) {
      client.destroy();
      return;
    }
    const upstream = net.connect(backends[index], '127.0.0.1');
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      this.sockets.add(upstream);
      client.once('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
      this.onRouted?.(backends[index]);
    });
    upstream.on('error', () => {
      if (!connected) this.tryBackend(client, backends, index + 1);
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

// A dishonest relay for tests: a real Socket.IO server in front of the real relay that forwards every event both ways and lets a test rewrite, drop or inject them.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connectClient, type Socket as Client } from 'socket.io-client';

/** One client connection through the forging relay: what it sent and what it is known as. */
export interface Leg {
  /** The browser-side (session) socket. */
  readonly client: Socket;
  /** The forging relay's own connection to the real relay for this client. */
  readonly upstream: Client;
  /** The member id the real relay gave this client (from its `join` ack), once joined. */
  memberId?: string;
  /** The room it joined. */
  room?: string;
}

/** How a test rewrites traffic: return the arguments to forward, or `undefined` to drop the event. */
export interface Forgery {
  /** An event a client sends to the relay (ack callbacks are handled by the forging relay). */
  toRelay?(leg: Leg, event: string, args: unknown[]): Promise<unknown[] | undefined> | unknown[] | undefined;
  /** An event the relay sends to a client. */
  toClient?(leg: Leg, event: string, args: unknown[]): Promise<unknown[] | undefined> | unknown[] | undefined;
  /** An ack the relay returns to a client's event. */
  ack?(leg: Leg, event: string, ack: unknown): Promise<unknown> | unknown;
}

/** A running forging relay. */
export interface ForgingRelay {
  /** Where sessions connect. */
  readonly url: string;
  /** Every client leg, in connection order. */
  readonly legs: Leg[];
  /** The leg of the member with this id. */
  legOf(memberId: string): Leg | undefined;
  /** Stop forwarding and close every connection. */
  close(): Promise<void>;
}

/** Where the forging relay listens and what it answers outside Socket.IO. */
export interface ForgingRelayOptions {
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Plain HTTP requests (anything but /socket.io/); default: none answered. */
  onRequest?: RequestListener;
}

/** Start a forging relay (at a free port unless `options.port`) in front of the relay at `upstreamUrl`. */
export async function startForgingRelay(
  upstreamUrl: string,
  forgery: Forgery,
  options: ForgingRelayOptions = {},
): Promise<ForgingRelay> {
  const http = options.onRequest ? createServer(options.onRequest) : createServer();
  const io = new Server(http, { transports: ['websocket'] });
  const legs: Leg[] = [];
  // Events are forwarded in order per direction even when a forgery awaits (decrypting, re-encrypting).
  const chain = (prev: Promise<void>, step: () => Promise<void>): Promise<void> => prev.then(step, step);

  io.on('connection', (client) => {
    const upstream = connectClient(upstreamUrl, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    const leg: Leg = { client, upstream };
    legs.push(leg);
    let up = Promise.resolve();
    let down = Promise.resolve();
    client.onAny((event: string, ...raw: unknown[]) => {
      const ack = typeof raw.at(-1) === 'function' ? (raw.pop() as (a: unknown) => void) : undefined;
      up = chain(up, async () => {
        const args = forgery.toRelay ? await forgery.toRelay(leg, event, raw) : raw;
        if (!args) return;
        if (!ack) return void upstream.emit(event, ...args);
        upstream.emit(event, ...args, async (reply: any) => {
          if (event === 'join' && reply?.ok) {
            leg.memberId = reply.me?.id;
            leg.room = (args[0] as any)?.room;
          }
          ack(forgery.ack ? await forgery.ack(leg, event, reply) : reply);
        });
      });
    });
    upstream.onAny((event: string, ...raw: unknown[]) => {
      down = chain(down, async () => {
        const args = forgery.toClient ? await forgery.toClient(leg, event, raw) : raw;
        if (args) client.emit(event, ...args);
      });
    });
    client.on('disconnect', () => upstream.disconnect());
    upstream.on('disconnect', () => client.disconnect(true));
  });

  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    legs,
    legOf: (memberId) => legs.find((l) => l.memberId === memberId),
    async close() {
      for (const l of legs) l.upstream.disconnect();
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections(); // keep-alive page loads would hold the listener open
      await closed;
    },
  };
}

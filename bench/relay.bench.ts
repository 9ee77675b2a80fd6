// Relay benchmark: `dm` round trips through the curvechat relay (validation,
// rate limiting, room-scoped routing, metrics) against a bare Socket.IO server
// that forwards the same event with no checks, both on loopback in this process. One dm in flight is far
// over the rate budget, so this bench raises it; bench/relay-load.bench.ts measures with every limit on.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../server/server.js';
import type { Comparison } from './lib.js';

const ROOM = 'bench';
/** Ports of this bench's two servers (bench/relay-load.bench.ts uses 4150 and 4151). */
const RELAY_PORT = 4152;
const BARE_PORT = 4153;
const body = { iv: 'A'.repeat(16), ct: 'B'.repeat(400) };

function resume(i: number): string {
  return Buffer.alloc(32, i + 1).toString('base64url');
}

async function connected(url: string): Promise<Socket> {
  const s = connect(url, { transports: ['websocket'], forceNew: true });
  await new Promise<void>((res, rej) => {
    s.once('connect', () => res());
    s.once('connect_error', rej);
  });
  return s;
}

/** Sends `ops` dms from a to b, waiting for each to arrive (one in flight). */
async function pingPong(a: Socket, b: Socket, to: string, ops: number): Promise<void> {
  for (let i = 0; i < ops; i++) {
    const got = new Promise<void>((res) => b.once('dm', () => res()));
    a.emit('dm', { id: `m${i}`, kind: 'msg', parts: [{ to, body }] });
    await got;
  }
}

/** Relay dm latency-bound throughput vs a bare forwarding Socket.IO server. */
export function relayComparison(ops: number): Comparison {
  let relay: RunningServer | undefined;
  let bareHttp: ReturnType<typeof createServer> | undefined;
  let bareIo: Server | undefined;
  const sockets: Socket[] = [];
  let relayPair: [Socket, Socket, string] | undefined;
  let barePair: [Socket, Socket, string] | undefined;

  return {
    name: 'relay',
    unit: 'dm relayed A→B (one in flight)',
    ops,
    setup: async () => {
      relay = await startServer({
        port: RELAY_PORT,
        host: '127.0.0.1',
        logLevel: 'silent',
        processMetrics: false,
        limits: { eventsPerSecond: 1e6, eventBurst: 1e6 },
      });
      const [a, b] = [await connected(relay.url), await connected(relay.url)];
      sockets.push(a, b);
      await a.emitWithAck('join', { room: ROOM, name: 'A', resume: resume(0) });
      const ackB = (await b.emitWithAck('join', { room: ROOM, name: 'B', resume: resume(1) })) as {
        me: { id: string };
      };
      relayPair = [a, b, ackB.me.id];

      bareHttp = createServer();
      bareIo = new Server(bareHttp);
      bareIo.on('connection', (s) => {
        s.join(s.id);
        s.on('dm', (p: { id: string; kind: string; parts: { to: string; body: unknown }[] }) => {
          for (const part of p.parts)
            s.to(part.to).emit('dm', { from: s.id, id: p.id, kind: p.kind, body: part.body });
        });
      });
      await new Promise<void>((res) => bareHttp!.listen(BARE_PORT, '127.0.0.1', res));
      const url = `http://127.0.0.1:${(bareHttp.address() as AddressInfo).port}`;
      const [c, d] = [await connected(url), await connected(url)];
      sockets.push(c, d);
      barePair = [c, d, d.id!];
    },
    teardown: async () => {
      for (const s of sockets) s.disconnect();
      await relay?.close();
      await new Promise<void>((res) => (bareIo ? bareIo.close(() => res()) : res()));
    },
    subject: { label: 'curvechat relay', run: () => pingPong(...relayPair!, ops) },
    baseline: { label: 'bare Socket.IO forward', run: () => pingPong(...barePair!, ops) },
  };
}

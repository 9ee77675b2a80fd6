// Relay benchmark: `dm` round trips through the curvechat relay (validation,
// rate limiting, room-scoped routing, metrics) against a bare Socket.IO server
// that forwards the same event with no checks, both on loopback in this process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../server/server.js';
import type { Comparison } from './lib.js';

const ROOM = 'bench';
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
        port: 0,
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
      await new Promise<void>((res) => bareHttp!.listen(0, '127.0.0.1', res));
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

/**
 * Heap bytes per joined socket: curvechat relay vs a bare server joining the same two rooms.
 * Both servers run side by side; each is warmed up with one unmeasured round (module and JIT
 * set-up would otherwise be charged to whichever goes first), then measured in alternating
 * order `rounds` times; the medians are compared.
 */
export async function memoryPerSocket(
  count: number,
  rounds = 3,
): Promise<{ relay: number; bare: number; ratio: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const heap = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const settle = () => new Promise((res) => setTimeout(res, 200));
  const measure = async (url: string): Promise<number> => {
    const before = heap();
    const list: Socket[] = [];
    for (let i = 0; i < count; i++) {
      const s = await connected(url);
      await s.emitWithAck('join', { room: `${ROOM}${i % 10}`, name: `m${i}`, resume: resume(i) });
      list.push(s);
    }
    await settle();
    const after = heap();
    for (const s of list) s.disconnect();
    await settle();
    // Client sockets live in this process too; both sides pay for them alike.
    return (after - before) / count;
  };
  const relay = await startServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', processMetrics: false });
  // Baseline: a bare server that joins the same two Socket.IO rooms per member and acks.
  const http = createServer();
  const io = new Server(http);
  io.on('connection', (s) => {
    s.on('join', (p: { room: string }, ack: (a: object) => void) => {
      s.join([`r:${p.room}`, `m:${p.room}:${s.id}`]);
      ack({ ok: true, me: { id: s.id }, peers: [] });
    });
  });
  await new Promise<void>((res) => http.listen(0, '127.0.0.1', res));
  const bareUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  await measure(relay.url);
  await measure(bareUrl);
  const relaySamples: number[] = [];
  const bareSamples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2) {
      bareSamples.push(await measure(bareUrl));
      relaySamples.push(await measure(relay.url));
    } else {
      relaySamples.push(await measure(relay.url));
      bareSamples.push(await measure(bareUrl));
    }
  }
  await relay.close();
  await new Promise<void>((res) => io.close(() => res()));
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  return { relay: med(relaySamples), bare: med(bareSamples), ratio: med(relaySamples) / med(bareSamples) };
}

// Slow-consumer guard: bounds what the relay queues for each connection and cuts a connection that stops reading
// (docs/security.md#slow-consumers).
import type { Log } from './log.js';
import type { Metrics } from './metrics.js';
import type { RelayServer, RelaySocket } from './types.js';

/** Why the guard cut a connection (the `reason` label of `curvechat_slow_consumer_disconnects_total`). */
export type SlowConsumerReason = 'buffer' | 'stalled';

/** What the guard needs from the server that hosts it. */
export interface SlowConsumerDeps {
  io: RelayServer;
  log: Log;
  metrics: Metrics;
  /** Cut a connection once more than this many bytes wait to be written to it (MAX_SOCKET_BUFFER_BYTES). */
  maxBytes: number;
  /** How often to look for stalled connections, ms (default 1000). */
  sweepMs?: number;
}

/** A running guard. */
export interface SlowConsumerGuard {
  /** Stop the periodic sweep (on server close). */
  stop(): void;
}

/** What the guard keeps per connection, outside socket.data (which other nodes can read). */
interface Queue {
  /** Bytes of packets in engine.io's write buffer, not yet handed to the transport. */
  buffered: number;
  /** Bytes of the last batch handed to the transport; still in flight while the transport is not writable. */
  inFlight: number;
  /** When the transport was last seen taking a batch (ms since epoch; to within one sweep without `flush` events). */
  movedAt: number;
  /** engine.io's write buffer as last seen: it is replaced by a new array on every flush (see `watch`). */
  seen: unknown;
  /** The write buffer the last sweep saw, to notice a flush between two sweeps. */
  swept: unknown;
  /** Set once the guard decided to cut this connection. */
  cut: boolean;
}

/** Size of one engine.io packet's data: string length (the relay's frames are ASCII JSON) or byte length. */
function packetBytes(packet: { data?: unknown }): number {
  const { data } = packet;
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** Bytes waiting for `socket`: its write buffer plus the batch in flight while the transport is busy. */
function pending(socket: RelaySocket, q: Queue): number {
  return q.buffered + (socket.conn.transport.writable ? 0 : q.inFlight);
}

/** Close the connection at once, dropping whatever is queued for it (a non-reader would never drain it). */
function dropConnection(socket: RelaySocket): void {
  const conn = socket.conn;
  const raw: unknown = Reflect.get(conn.transport, 'socket');
  socket.disconnect(true);
  // engine.io's close waits for its write buffer to drain; discard it instead.
  conn.close(true);
  // The websocket transport's `ws` would wait for the peer's close frame (30 s); end the TCP connection now.
  if (typeof raw === 'object' && raw !== null) {
    const terminate: unknown = Reflect.get(raw, 'terminate');
    if (typeof terminate === 'function') terminate.call(raw);
  }
}

/** One heartbeat round of `io` (pingInterval + pingTimeout): what a stalled queue gets before it is cut, ms. */
function heartbeatMs(io: RelayServer): number {
  return (io.engine.opts.pingInterval ?? 25_000) + (io.engine.opts.pingTimeout ?? 20_000);
}

/**
 * Watch every connection of `io`: count what is queued for it, cut it past `maxBytes`, or when something has
 * waited in its queue for a whole heartbeat round without the transport taking any of it.
 */
export function guardSlowConsumers(deps: SlowConsumerDeps): SlowConsumerGuard {
  const { io, log, metrics, maxBytes } = deps;
  const queues = new Map<RelaySocket, Queue>();

  function cut(socket: RelaySocket, q: Queue, reason: SlowConsumerReason): void {
    if (q.cut) return;
    q.cut = true;
    const queued = pending(socket, q);
    // After the current emit or broadcast has finished: never leave a room while the adapter walks it.
    queueMicrotask(() => {
      metrics.slowConsumerDisconnects.inc({ reason });
      log.info({ reason, queued, limit: maxBytes }, 'disconnected a slow consumer');
      dropConnection(socket);
    });
  }

  io.on('connection', (socket) => {
    const q: Queue = {
      buffered: 0,
      inFlight: 0,
      movedAt: Date.now(),
      cut: false,
      seen: undefined,
      swept: undefined,
    };
    queues.set(socket, q);
    watch(socket, q);
    socket.on('disconnect', () => {
      queues.delete(socket);
    });
  });

  /** Count what is queued for `socket` as engine.io creates its packets and hands them to the transport. */
  function watch(socket: RelaySocket, q: Queue): void {
    const conn = socket.conn;
    const buffer = (): unknown => Reflect.get(conn, 'writeBuffer');
    if (Array.isArray(buffer())) {
      // engine.io replaces `writeBuffer` with a new array each time it flushes, and only sendPacket (which emits
      // packetCreate first) fills it: a buffer other than the one last seen means the bytes counted so far
      // went to the transport in one batch. One listener per packet instead of two, and no clock per flush.
      q.seen = q.swept = buffer();
      conn.on('packetCreate', (packet: { data?: unknown }) => {
        const now = buffer();
        if (now !== q.seen) {
          q.seen = now;
          q.inFlight = q.buffered;
          q.buffered = 0;
        }
        q.buffered += packetBytes(packet);
        if (q.buffered + q.inFlight > maxBytes) cut(socket, q, 'buffer');
      });
      return;
    }
    // An engine.io without that field: count flushes by their event.
    conn.on('packetCreate', (packet: { data?: unknown }) => {
      q.buffered += packetBytes(packet);
      if (q.buffered + q.inFlight > maxBytes) cut(socket, q, 'buffer');
    });
    conn.on('flush', () => {
      q.inFlight = q.buffered;
      q.buffered = 0;
      q.movedAt = Date.now();
    });
  }

  /** At a sweep: account for a flush since the last packet, and date the last batch the transport took. */
  function settle(socket: RelaySocket, q: Queue, now: number): void {
    const buffer: unknown = Reflect.get(socket.conn, 'writeBuffer');
    if (q.seen === undefined || !Array.isArray(buffer)) return;
    if (buffer !== q.seen) {
      q.seen = buffer;
      q.inFlight = q.buffered;
      q.buffered = 0;
    }
    if (buffer !== q.swept) {
      q.swept = buffer;
      q.movedAt = now;
    }
  }

  // A client can keep engine.io's heartbeat alive with pongs it sends unasked, without reading a byte; so a
  // connection with bytes waiting that the transport has not taken for a heartbeat round is cut as well.
  const sweep = setInterval(() => {
    const now = Date.now();
    const since = now - heartbeatMs(io);
    for (const [socket, q] of queues) {
      settle(socket, q, now);
      if (q.movedAt < since && pending(socket, q) > 0) cut(socket, q, 'stalled');
    }
  }, deps.sweepMs ?? 1000);
  sweep.unref();
  return { stop: () => clearInterval(sweep) };
}

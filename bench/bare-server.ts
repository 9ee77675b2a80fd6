// The benches' baseline: a bare Socket.IO server doing the relay's routing with no checks: `join` puts the
// socket in the same two rooms and acks, `dm` forwards each part to its member room and acks.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

/** A running bare server. */
export interface BareServer {
  url: string;
  io: Server;
  close(): Promise<void>;
}

interface BareDm {
  id: string;
  kind: string;
  parts: { to: string; body: unknown }[];
}

/** Start a bare server on `port` (0: any free one) of 127.0.0.1. */
export async function startBareServer(port = 0): Promise<BareServer> {
  const http = createServer();
  const io = new Server(http, { serveClient: false, transports: ['websocket'] });
  io.on('connection', (s) => {
    let room = '';
    s.on('join', (p: { room: string }, ack?: (a: object) => void) => {
      room = p.room;
      void s.join([`r:${room}`, `m:${room}:${s.id}`]);
      ack?.({ ok: true, me: { id: s.id }, peers: [] });
    });
    s.on('dm', (p: BareDm, ack?: (a: object) => void) => {
      for (const part of p.parts)
        s.to(`m:${room}:${part.to}`).emit('dm', { from: s.id, id: p.id, kind: p.kind, body: part.body });
      ack?.({ ok: true });
    });
  });
  await new Promise<void>((res) => http.listen(port, '127.0.0.1', res));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    io,
    close: () => new Promise<void>((res) => io.close(() => res())),
  };
}

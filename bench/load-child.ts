// Load generator child of the process benches: raw WebSocket clients that speak Socket.IO's text frames by
// hand (pre-built `dm` frames, counters instead of parsing), so the load costs far less CPU than the server
// it drives. Senders stay under the relay's per-socket and per-member rate budget; every error ack is counted.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { cpuMicros, serve } from './ipc.js';

/** Connections per client address: under the relay's default MAX_CONNECTIONS_PER_ADDRESS (250). */
const PER_ADDRESS = 200;
const TICK_MS = 4;

/** One raw Socket.IO connection. */
interface Conn {
  ws: WebSocket;
  /** Member id from the join ack. */
  id: string;
  nextAck: number;
  outstanding: number;
  /** When the next `dm` is due (performance.now() ms). */
  due: number;
  /** The frame up to its ack id, and after it (`42<ack>[...]`). */
  frame?: string;
  pendingJoin?: (ack: string) => void;
}

const counts = { sent: 0, acked: 0, delivered: 0, rateErrors: 0, otherErrors: 0 };
let conns: Conn[] = [];
let senders: Conn[] = [];
let timer: NodeJS.Timeout | undefined;

const body = JSON.stringify({ iv: 'A'.repeat(16), ct: 'B'.repeat(400) });

/** Socket.IO text frames: `2` ping, `42[…]` event, `43<id>[…]` ack. Receivers only count `dm` events. */
function onFrame(c: Conn, data: Buffer): void {
  if (data.length === 1 && data[0] === 0x32) return void c.ws.send('3');
  if (data[0] !== 0x34) return;
  if (data[1] === 0x32) {
    // 42["dm",…
    if (data[4] === 0x64 && data[5] === 0x6d && data[6] === 0x22) counts.delivered++;
    return;
  }
  if (data[1] !== 0x33) return;
  if (c.pendingJoin) {
    const done = c.pendingJoin;
    delete c.pendingJoin;
    return done(data.toString());
  }
  counts.acked++;
  c.outstanding--;
  if (data.includes('"ok":false')) {
    if (data.includes('rate-limited')) counts.rateErrors++;
    else counts.otherErrors++;
  }
}

async function open(url: string, index: number): Promise<Conn> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
    localAddress: `127.0.0.${2 + Math.floor(index / PER_ADDRESS)}`,
  });
  const c: Conn = { ws, id: '', nextAck: 1, outstanding: 0, due: 0 };
  await new Promise<void>((res, rej) => {
    ws.once('error', rej);
    ws.on('message', (data: Buffer) => {
      if (data[0] === 0x30) return void ws.send('40'); // engine.io open → Socket.IO connect
      if (data[0] === 0x34 && data[1] === 0x30) return res(); // connected to "/"
      onFrame(c, data);
    });
  });
  return c;
}

async function join(c: Conn, room: string, name: string): Promise<void> {
  const ack = await new Promise<string>((res) => {
    c.pendingJoin = res;
    const payload = { room, name, resume: randomBytes(32).toString('base64url') };
    c.ws.send(`420${JSON.stringify(['join', payload])}`);
  });
  const parsed = JSON.parse(ack.slice(ack.indexOf('['))) as [{ ok: boolean; me?: { id: string } }];
  if (!parsed[0].ok || !parsed[0].me) throw new Error(`join refused: ${ack}`);
  c.id = parsed[0].me.id;
}

/** Connect `rooms` rooms of one receiver and `sendersPerRoom` senders each, all joined; senders interleaved. */
async function connect(a: Record<string, unknown>): Promise<{ sockets: number }> {
  const url = String(a.url);
  const rooms = Number(a.rooms);
  const perRoom = Number(a.sendersPerRoom);
  const byRoom: Conn[][] = [];
  for (let r = 0; r < rooms; r++) {
    const members: Conn[] = [];
    // Connect and join in batches: the join of a whole room lists it once per member.
    for (let from = 0; from <= perRoom; from += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, perRoom + 1 - from) }, (_, k) => open(url, conns.length + k)),
      );
      conns.push(...batch);
      await Promise.all(batch.map((c, k) => join(c, `bench${r}`, `m${from + k}`)));
      members.push(...batch);
    }
    const [receiver, ...rest] = members;
    for (const s of rest) {
      s.frame = `["dm",{"id":"m","kind":"msg","parts":[{"to":"${receiver!.id}","body":${body}}]}]`;
    }
    byRoom.push(rest);
  }
  senders = [];
  for (let j = 0; j < perRoom; j++) for (const list of byRoom) if (list[j]) senders.push(list[j]!);
  return { sockets: conns.length };
}

/**
 * Start sending from the first `senders` senders at `rate` dm/s each. `window` > 0: closed loop, at most
 * that many unacknowledged per sender; 0: open loop, on schedule whatever the acks do.
 */
function start(a: Record<string, unknown>): void {
  stop();
  const rate = Number(a.rate);
  const window = Number(a.window);
  const active = senders.slice(0, Number(a.senders));
  if (active.length < Number(a.senders)) throw new Error(`only ${senders.length} senders connected`);
  const interval = 1000 / rate;
  const t0 = performance.now();
  active.forEach((s, i) => (s.due = t0 + (i / active.length) * interval));
  timer = setInterval(() => {
    const now = performance.now();
    for (const s of active) {
      if (now < s.due || (window > 0 && s.outstanding >= window)) continue;
      s.ws.send(`42${s.nextAck++}${s.frame}`);
      s.outstanding++;
      counts.sent++;
      // Never more than one interval of debt: the rate seen by the relay stays at or under `rate`.
      s.due = Math.max(s.due + interval, now - interval);
    }
  }, TICK_MS);
}

function stop(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
}

/** Stop sending and wait (up to 5 s) for every outstanding ack. */
async function drain(): Promise<number> {
  stop();
  const deadline = performance.now() + 5000;
  while (senders.some((s) => s.outstanding > 0) && performance.now() < deadline)
    await new Promise((res) => setTimeout(res, 20));
  return senders.reduce((n, s) => n + s.outstanding, 0);
}

async function disconnect(): Promise<void> {
  stop();
  const closing = conns.map(
    (c) => new Promise<void>((res) => (c.ws.once('close', () => res()), c.ws.close())),
  );
  await Promise.all(closing);
  conns = [];
  senders = [];
}

serve(
  {
    connect,
    start,
    drain,
    disconnect,
    snapshot: () => ({ ...counts, at: performance.now(), cpu: cpuMicros() }),
    exit: disconnect,
  },
  process.pid,
);

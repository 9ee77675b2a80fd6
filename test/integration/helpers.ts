// Helpers for the relay integration tests: start a relay on a free port and drive real socket.io-client sockets.
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/wire.js';
import { type RunningServer, type StartOptions, startServer } from '../../server/server.js';
import { type Node, killAll, startNode } from './cluster.js';

export { waitFor } from './harness-process.js';

/** A typed client socket. */
export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Start a quiet relay on a free loopback port. */
export function startTestServer(options: StartOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', processMetrics: false, ...options });
}

/** One relay for the whole file: started in `before`, closed in `after`; read `.url` (or `.io`) inside tests. */
export function relayForFile(options: StartOptions = {}): {
  readonly url: string;
  readonly io: RunningServer['io'];
} {
  let server: RunningServer | undefined;
  before(async () => {
    server = await startTestServer(options);
  });
  after(async () => {
    await server?.close();
  });
  return {
    get url(): string {
      if (!server) throw new Error('the relay is not started yet (use it inside a test)');
      return server.url;
    },
    get io(): RunningServer['io'] {
      if (!server) throw new Error('the relay is not started yet (use it inside a test)');
      return server.io;
    },
  };
}

/** Start relays with varying options inside tests; every one is closed in the file's `after`. */
export function serversForFile(): (options?: StartOptions) => Promise<RunningServer> {
  const servers: RunningServer[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  return async (options = {}) => {
    const server = await startTestServer(options);
    servers.push(server);
    return server;
  };
}

/** Open a socket.io-client connection with `options`: null once it connects (then closed), else the error. */
export async function tryConnect(
  url: string,
  options: Parameters<typeof connectClient>[1],
): Promise<Error | null> {
  const socket = connectClient(url, { reconnection: false, forceNew: true, ...options });
  const result = await new Promise<Error | null>((resolve) => {
    socket.once('connect', () => resolve(null));
    socket.once('connect_error', (err) => resolve(err));
  });
  socket.close();
  return result;
}

/** Relay processes for the whole file: in `before`, `env()` readies their environment, then `names` start; `after` kills every child. */
export function nodesForFile(names: string[], env: () => Promise<Record<string, string>>): Node[] {
  const nodes: Node[] = [];
  before(async () => {
    const vars = await env();
    nodes.push(...(await Promise.all(names.map((name) => startNode(name, vars)))));
  });
  after(async () => {
    await killAll();
  });
  return nodes;
}

/** A fresh `resume` secret: 32 random bytes, base64url. */
export function newResume(): string {
  return randomBytes(32).toString('base64url');
}

/** Connect a websocket-only client (with `extraHeaders` on its handshake) and wait until it is connected. */
export async function connect(
  url: string,
  opts: { reconnection?: boolean; extraHeaders?: Record<string, string> } = {},
): Promise<Client> {
  const socket: Client = connectClient(url, {
    transports: ['websocket'],
    reconnection: opts.reconnection ?? false,
    forceNew: true,
    timeout: 5000,
    ...(opts.extraHeaders ? { extraHeaders: opts.extraHeaders } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timeout')), 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return socket;
}

/** Try a fresh websocket-only connection to `url` (with `extraHeaders`): true when it is refused, false when it connects. */
export async function refusesConnection(
  url: string,
  extraHeaders?: Record<string, string>,
): Promise<boolean> {
  const refused = connectClient(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(extraHeaders ? { extraHeaders } : {}),
  });
  const refusal = await new Promise<boolean>((resolve) => {
    refused.once('connect', () => resolve(false));
    refused.once('connect_error', () => resolve(true));
  });
  refused.close();
  return refusal;
}

/** Emit an event with an ack and resolve with the ack (rejects after `ms`). */
export function call(socket: Client, event: string, ...args: unknown[]): Promise<any> {
  return (socket as any).timeout(3000).emitWithAck(event, ...args);
}

/** Wait for the next `event` on `socket` (rejects after `ms`). */
export function next<T = any>(socket: Client, event: string, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      (socket as any).off(event, handler);
      reject(new Error(`timed out waiting for ${event}`));
    }, ms);
    const handler = (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    };
    (socket as any).once(event, handler);
  });
}

/** Collect every `event` on `socket` into an array (for asserting what did NOT arrive); barrier dms are left out. */
export function collect<T = any>(socket: Client, event: string): T[] {
  const seen: T[] = [];
  (socket as any).on(event, (payload: T) => {
    if (event === 'dm' && (payload as { kind?: unknown } | null)?.kind === BARRIER_KIND) return;
    seen.push(payload);
  });
  return seen;
}

/** The `dm` kind of the messages `barrier` sends; `collect` leaves them out. */
export const BARRIER_KIND = 'barrier';
let barriers = 0;

/** Wait for the `dm` with message id `id` on `socket` (rejects after `ms`). */
export function nextDm(socket: Client, id: string, ms = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const handler = (payload: { id?: unknown }): void => {
      if (payload?.id !== id) return;
      clearTimeout(timer);
      (socket as any).off('dm', handler);
      resolve();
    };
    const timer = setTimeout(() => {
      (socket as any).off('dm', handler);
      reject(new Error(`timed out waiting for dm ${id}`));
    }, ms);
    (socket as any).on('dm', handler);
  });
}

/**
 * Delivery-order barrier for "nothing arrived" checks: `sender` sends one more `dm` (kind `barrier`) to every
 * observer, and this resolves once each observer's socket has it. The relay handles one socket's events in order
 * and writes to each connection in order (across nodes, one node's Redis publications arrive in the order they
 * were made), so whatever `sender`'s earlier events made the relay send to an observer has arrived by then.
 */
export async function barrier(sender: Member, ...observers: Member[]): Promise<void> {
  const id = `barrier-${++barriers}`;
  const arrived = observers.map((o) => nextDm(o.socket, id));
  const to = [...new Set(observers.map((o) => o.id))];
  const ack = await call(sender.socket, 'dm', {
    id,
    kind: BARRIER_KIND,
    parts: to.map((member) => ({ to: member, body: {} })),
  });
  if (!ack?.ok) throw new Error(`barrier dm refused: ${JSON.stringify(ack)}`);
  await Promise.all(arrived);
}

/**
 * Barrier on one connection: resolves once the relay has answered a `who` that `observer` sends now (`who` emits
 * nothing to anyone). The relay writes to a connection in order, so whatever the node serving `observer` sent it
 * before handling this `who` has arrived by then.
 */
export async function roundTrip(observer: Client): Promise<void> {
  await call(observer, 'who', {});
}

/** A member joined to a room: its socket, id and resume. */
export interface Member {
  socket: Client;
  id: string;
  resume: string;
  name: string;
  joinAck: any;
}

/** Connect and join `room` as `name`; asserts the ack is ok. */
export async function joinAs(url: string, room: string, name: string, resume = newResume()): Promise<Member> {
  const socket = await connect(url);
  const joinAck = await call(socket, 'join', { room, name, resume });
  if (!joinAck?.ok) throw new Error(`join failed: ${JSON.stringify(joinAck)}`);
  return { socket, id: joinAck.me.id, resume, name, joinAck };
}

/** Join `room` with one new member per name, in order. */
export async function joinMembers(url: string, room: string, ...names: string[]): Promise<Member[]> {
  const members: Member[] = [];
  for (const name of names) members.push(await joinAs(url, room, name));
  return members;
}

/** A syntactically valid P-256 public key (65 bytes starting with 04), base64url. */
export function fakeP256(fill = 1): string {
  const b = Buffer.alloc(65, fill);
  b[0] = 4;
  return b.toString('base64url');
}

/** Read one metric sample value from Prometheus text (sum over matching lines). */
export function metricValue(text: string, name: string, labels = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const [key, value] = line.split(' ');
    if (key === `${name}${labels}` || (labels === '' && key === name)) sum += Number(value);
  }
  return sum;
}

/** Close client sockets quietly. */
export function closeAll(...sockets: (Client | undefined)[]): void {
  for (const s of sockets) s?.disconnect();
}

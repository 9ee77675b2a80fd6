// The socket.io-client connection to the relay: creation with sane defaults, acks with timeouts, and
// inbound events checked against the wire schema (common/schema/) before any handler sees them.
import * as z from 'zod/mini';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { SERVER_EVENTS, type ServerEventName } from '../../common/schema/index.js';
import type { ClientToServerEvents } from '../../common/wire.js';
import type { RelayFailure } from './ack-errors.js';

/** What the relay sends, as it arrives: unchecked until onRelayEvent has validated it. */
type InboundEvents = { [E in ServerEventName]: (raw: unknown) => void };

/** A typed client socket; inbound payloads are `unknown` until checked (onRelayEvent). */
export type RelaySocket = Socket<InboundEvents, ClientToServerEvents>;

/** The payload of server event `E` once its schema accepted it. */
export type ServerPayload<E extends ServerEventName> = z.infer<(typeof SERVER_EVENTS)[E]>;

/** SERVER_EVENTS typed per event, so that a generic event name picks its own payload type. */
const SCHEMAS: { [E in ServerEventName]: z.core.$ZodType<ServerPayload<E>> } = SERVER_EVENTS;

/**
 * Listen to server event `event`: `handler` gets only payloads the event's schema accepts
 * (docs/protocol.md §4); anything else goes to `refuse` with a plain-language line, never a throw.
 */
export function onRelayEvent<E extends ServerEventName>(
  socket: RelaySocket,
  event: E,
  handler: (payload: ServerPayload<E>) => void,
  refuse: (line: string) => void,
): void {
  const schema = SCHEMAS[event];
  const listener = (raw: unknown): void => {
    const parsed = z.safeParse(schema, raw);
    if (parsed.success) handler(parsed.data);
    else refuse(`Ignored a malformed "${event}" event from the relay.`);
  };
  socket.on<ServerEventName>(event, listener);
}

/** Options passed to socket.io-client. */
export type RelaySocketOptions = Partial<ManagerOptions & SocketOptions>;

/**
 * A new, not yet connected socket: websocket transport (no sticky sessions needed behind a load
 * balancer), quick reconnects; `url` undefined means the page's own origin.
 */
export function createRelaySocket(url: string | undefined, extra: RelaySocketOptions = {}): RelaySocket {
  const options: RelaySocketOptions = {
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    timeout: 10000,
    ...extra,
    autoConnect: false,
    forceNew: true,
  };
  return url ? io(url, options) : io(options);
}

/** Resolves on `connect`; rejects with a plain reason on `connect_error` or after `timeoutMs`. */
export function waitForConnect(socket: RelaySocket, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
    };
    const onConnect = (): void => {
      done();
      resolve();
    };
    const onError = (err: Error): void => {
      done();
      reject(new Error(`Cannot reach the relay (${err.message}). Check that the server is running.`));
    };
    const timer = setTimeout(() => onError(new Error('no answer')), timeoutMs);
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}

/**
 * Emit `event` with an ack; resolves with the raw ack, or with a synthetic
 * `{ ok: false, error: { code: 'timeout' | 'disconnected' } }` when none came.
 */
export async function request(
  socket: RelaySocket,
  event: keyof ClientToServerEvents,
  payload: object,
  timeoutMs: number,
): Promise<unknown> {
  const s = socket as unknown as {
    timeout(ms: number): { emitWithAck(ev: string, p: object): Promise<unknown> };
  };
  try {
    return await s.timeout(timeoutMs).emitWithAck(event, payload);
  } catch {
    const error: RelayFailure = socket.connected
      ? { code: 'timeout', message: '' }
      : { code: 'disconnected', message: '' };
    return { ok: false, error };
  }
}

// The socket.io-client connection to the relay: creation with sane defaults, acks with timeouts.
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/wire.js';
import type { RelayFailure } from './ack-errors.js';

/** A typed client socket. */
export type RelaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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

// Plain-language text for relay ack errors (docs/protocol.md §3 codes) and for timeouts.
import { ERROR_CODES, type ErrorCode } from '../../common/wire.js';

/** A failed ack or a missing one, as the session sees it. */
export interface RelayFailure {
  code: ErrorCode | 'timeout' | 'disconnected';
  message: string;
}

/** Normalise whatever came back from an emitWithAck into ok or a RelayFailure. */
export function readAck<T extends object>(
  ack: unknown,
): { ok: true; value: T } | { ok: false; failure: RelayFailure } {
  if (typeof ack === 'object' && ack !== null && (ack as { ok?: unknown }).ok === true)
    return { ok: true, value: ack as T };
  const error = (ack as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const known: readonly unknown[] = [...ERROR_CODES, 'timeout', 'disconnected'];
  const code = known.includes(error?.code) ? (error?.code as RelayFailure['code']) : 'internal';
  const message = typeof error?.message === 'string' ? error.message.slice(0, 300) : '';
  return { ok: false, failure: { code, message } };
}

/** A plain sentence for the user explaining a failed request. */
export function describeFailure(failure: RelayFailure, maxRoomMembers: number): string {
  switch (failure.code) {
    case 'room-full': {
      const n = /\((\d+) members\)/.exec(failure.message)?.[1] ?? String(maxRoomMembers);
      return `This room is full (${n} members).`;
    }
    case 'bad-request':
      return failure.message
        ? `The relay refused the request: ${failure.message}`
        : 'The relay refused the request.';
    case 'too-large':
      return 'That is too large for the relay; send something shorter.';
    case 'rate-limited':
      return 'Too many requests in a short time; wait a moment and try again.';
    case 'not-joined':
      return 'You are not in a room (the connection may have dropped); join again.';
    case 'already-joined':
      return 'This tab is already in a room; leave it first.';
    case 'unsupported-curve':
      return 'The relay does not accept this curve.';
    case 'timeout':
      return 'The relay did not answer in time; check the connection and try again.';
    case 'disconnected':
      return 'The connection to the relay dropped; try again once it is back.';
    case 'internal':
      return 'The relay had an internal problem; try again.';
  }
}

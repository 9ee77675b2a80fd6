// Reading relay acks with the wire schema (docs/protocol.md §3), and plain-language text for their errors.
import * as z from 'zod/mini';
import { isErrorCode, okAck } from '../../common/schema/index.js';
import type { ErrorCode } from '../../common/wire.js';

/** A failed ack, a missing one, or one this client cannot read, as the session sees it. */
export interface RelayFailure {
  code: ErrorCode | 'timeout' | 'disconnected' | 'malformed';
  message: string;
  /** `room-full` only: the room size the relay enforces (docs/protocol.md §3). */
  limit?: number;
}

// Error acks are read leniently: an unknown code counts as `internal`, a missing message as ''.
const errorShape = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.optional(z.unknown()),
    message: z.optional(z.unknown()),
    limit: z.optional(z.unknown()),
  }),
});

/** The parsed ok ack, or why there is none. */
export type AckResult<T> = { ok: true; value: T } | { ok: false; failure: RelayFailure };

/**
 * Check whatever came back from an emitWithAck against `schema` (the event's ok ack, default
 * `{ ok: true }`): the parsed ack, or a RelayFailure: the relay's error, a timeout, or `malformed`
 * when an ok ack does not match the schema.
 */
export function readAck(raw: unknown): AckResult<z.infer<typeof okAck>>;
export function readAck<T extends { ok: true }>(raw: unknown, schema: z.ZodMiniType<T>): AckResult<T>;
export function readAck(raw: unknown, schema: z.ZodMiniType<{ ok: true }> = okAck): AckResult<{ ok: true }> {
  const ok = schema.safeParse(raw);
  if (ok.success) return { ok: true, value: ok.data };
  if (okAck.safeParse(raw).success) return { ok: false, failure: { code: 'malformed', message: '' } };
  const parsed = errorShape.safeParse(raw);
  const error = parsed.success ? parsed.data.error : {};
  const c = error.code;
  // timeout and disconnected are made up locally by request() when no ack came (relay-socket.ts).
  const code: RelayFailure['code'] =
    isErrorCode(c) || c === 'timeout' || c === 'disconnected' ? c : 'internal';
  const message = typeof error.message === 'string' ? error.message.slice(0, 300) : '';
  const limit = code === 'room-full' && isSize(error.limit) ? error.limit : undefined;
  return { ok: false, failure: limit === undefined ? { code, message } : { code, message, limit } };
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** What a member refused by a locked room reads (docs/protocol.md "Room lock"). */
export const ROOM_LOCKED_TEXT = 'This room is locked. Ask a member to unlock it.';

/** A plain sentence for the user explaining a failed request. */
export function describeFailure(failure: RelayFailure, maxRoomMembers: number): string {
  switch (failure.code) {
    case 'room-full':
      return `This room is full (${failure.limit ?? maxRoomMembers} members).`;
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
    case 'room-locked':
      return ROOM_LOCKED_TEXT;
    case 'timeout':
      return 'The relay did not answer in time; check the connection and try again.';
    case 'disconnected':
      return 'The connection to the relay dropped; try again once it is back.';
    case 'malformed':
      return 'The relay sent an answer this client cannot read; try again.';
    case 'internal':
      return 'The relay had an internal problem; try again.';
  }
}

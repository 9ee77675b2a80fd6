// Client → server events of docs/protocol.md §4 (+ the `who` extension): payloads, their acks (§3), one map.
import * as z from 'zod/mini';
import type { Limits } from '../limits.js';
import {
  boundedText,
  dmId,
  dmKind,
  jsonData,
  jsonObject,
  memberId,
  peer,
  peerKey,
  roomName,
  stepPhase,
} from './fields.js';
import { checkName } from '../names.js';
import { bcastPayload } from './broadcast.js';
import {
  DM_ID_RE,
  DM_KIND_RE,
  ERROR_CODES,
  MEMBER_ID_RE,
  RESUME_RE,
  decodeBase64urlStrict,
  isPlainObject,
  jsonBytes,
} from './primitives.js';
import { roomLock } from './server-events.js';

// ---- payloads ----

/** `join` text fields with their bounds, before room, name and resume are checked (the relay's first stage). */
export const joinFields = z.object({
  room: boundedText(256),
  name: boundedText(1024),
  resume: boundedText(43).check(z.regex(RESUME_RE)),
});
/** `join` payload `{ room, name, resume }` (docs/protocol.md §2, §4). The relay stores the NFC-trimmed name. */
export const joinPayload = z.object({
  room: roomName,
  name: boundedText(1024).check(z.refine((name) => checkName(name).ok)),
  resume: boundedText(43).check(
    z.regex(RESUME_RE),
    z.refine((resume) => decodeBase64urlStrict(resume)?.length === 32),
  ),
});

/** `leave` and `who` payload: nothing, or any plain object whose fields are ignored (docs/protocol.md §4). */
export const emptyPayload = z.optional(z.custom<Record<string, unknown>>(isPlainObject));

/** `key` payload `{ curve, pub }` (docs/protocol.md §4). */
export const keyPayload = peerKey;

/** `dm` head `{ id, kind, parts }` before the parts are checked one by one (the relay's first stage). */
export const dmHead = z.object({ id: dmId, kind: dmKind, parts: z.array(z.unknown()).check(z.minLength(1)) });
/**
 * The relay's shortcut for `dmHead`: true only when `dmHead` accepts `value` unchanged (the anchored patterns
 * bound the lengths that `dmId` and `dmKind` check first), without zod's copies; false sends the payload
 * through `dmHead` itself, which decides and says why (test/unit/wire-schema.test.ts checks the two agree).
 */
export function isDmHead(
  value: Record<string, unknown>,
): value is { id: string; kind: string; parts: unknown[] } {
  const { id, kind, parts } = value;
  return (
    typeof id === 'string' &&
    DM_ID_RE.test(id) &&
    typeof kind === 'string' &&
    DM_KIND_RE.test(kind) &&
    Array.isArray(parts) &&
    parts.length >= 1
  );
}
/** The relay's shortcut for a part's `to`: true exactly when `memberId` accepts it (the pattern bounds its length). */
export const isMemberIdText = (to: unknown): to is string => typeof to === 'string' && MEMBER_ID_RE.test(to);
/** One addressed part `{ to, body }` of a `dm` (docs/protocol.md §4). */
export const dmPart = z.object({ to: memberId, body: jsonData });
/** `dm` payload: one message id fanned out to at least one member, each addressed once (docs/protocol.md §4). */
export const dmPayload = z.object({
  id: dmId,
  kind: dmKind,
  parts: z.array(dmPart).check(
    z.minLength(1),
    z.refine(
      (parts) => new Set(parts.map((p) => p.to)).size === parts.length,
      'A dm may address each member once.',
    ),
  ),
});
/** `dm` payload within `limits` (docs/protocol.md §6): at most maxRoomMembers parts, each body at most maxDmBody bytes. */
export function dmPayloadWithin(limits: Pick<Limits, 'maxRoomMembers' | 'maxDmBody'>) {
  return dmPayload.check(
    z.refine(
      (dm) =>
        dm.parts.length <= limits.maxRoomMembers &&
        dm.parts.every((p) => (jsonBytes(p.body) ?? Infinity) <= limits.maxDmBody),
    ),
  );
}

/** `step` head `{ phase }` (the relay checks `detail` separately, first). */
export const stepHead = z.object({ phase: stepPhase });
/** `step` payload `{ phase, detail }`: a public visualisation step (docs/protocol.md §4). */
export const stepPayload = z.object({ phase: stepPhase, detail: jsonObject });

/** `lock` payload `{ locked }` (extension, docs/protocol.md "Room lock"): lock (true) or unlock (false) the room. */
export const lockPayload = z.object({ locked: z.boolean() });

// ---- acks (docs/protocol.md §3) ----

/** A plain ok ack `{ ok: true }` (extra fields are kept, and ignored). */
export const okAck = z.looseObject({ ok: z.literal(true) });
/**
 * `join` ok ack: our member id and every other member (docs/protocol.md §4); `lock` (extension, "Room lock")
 * only while the room is locked, as the `room-lock` event would say it.
 */
export const joinAck = z.object({
  ok: z.literal(true),
  me: z.object({ id: memberId }),
  peers: z.array(peer),
  lock: z.optional(roomLock),
});
/** `who` ok ack (extension): the members again, `partial: true` when only this node's are listed. */
export const whoAck = z.object({
  ok: z.literal(true),
  peers: z.array(peer),
  partial: z.optional(z.literal(true)),
});
/**
 * An error ack (docs/protocol.md §3). `message` is for people; clients branch on `code` and, for
 * `room-full`, read the room size from `limit` (additive: older clients ignore it).
 */
export const errorAck = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    limit: z.optional(z.number().check(z.refine(Number.isSafeInteger), z.nonnegative())),
  }),
});

// ---- the map ----

/** Every client → server event: its payload and its ok ack. KNOWN_EVENTS and metrics labels derive from it. */
export const CLIENT_EVENTS = {
  join: { payload: joinPayload, ack: joinAck },
  leave: { payload: emptyPayload, ack: okAck },
  key: { payload: keyPayload, ack: okAck },
  dm: { payload: dmPayload, ack: okAck },
  step: { payload: stepPayload, ack: okAck },
  who: { payload: emptyPayload, ack: whoAck },
  lock: { payload: lockPayload, ack: okAck },

  bcast: { payload: bcastPayload, ack: okAck },
} as const;
/** A client → server event name. */
export type ClientEventName = keyof typeof CLIENT_EVENTS;
/** The client → server event names, in protocol order (a bounded label set for metrics). */
export const CLIENT_EVENT_NAMES = Object.keys(CLIENT_EVENTS) as readonly ClientEventName[];

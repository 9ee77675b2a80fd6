// Validation of client→server payloads (zod schemas + byte limits); returns an error code, never throws.
import { z } from 'zod';
import type { Limits } from '../common/limits.js';
import { checkName, checkRoom } from '../common/names.js';
import {
  DM_ID_RE,
  DM_KIND_RE,
  MEMBER_ID_RE,
  PUB_LENGTH,
  RESUME_RE,
  STEP_PHASE_RE,
  isCurveId,
  type CurveId,
  type ErrorCode,
  type PeerKey,
} from '../common/wire.js';
import { decodeBase64url, memberIdFromResume } from './member-id.js';

/** A validated value, or the error code and plain-language message for the ack. */
export type Validated<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

/** A validated `join`. */
export interface JoinRequest {
  room: string;
  name: string;
  id: string;
}
/** One validated `dm` part with the byte size of its serialised body. */
export interface DmPartRequest {
  to: string;
  body: unknown;
  bytes: number;
}
/** A validated `dm`. */
export interface DmRequest {
  id: string;
  kind: string;
  parts: DmPartRequest[];
}
/** A validated `step`. */
export interface StepRequest {
  phase: string;
  detail: Record<string, unknown>;
}

const fail = <T>(code: ErrorCode, message: string): Validated<T> => ({ ok: false, code, message });

// Strings are bounded before any regex runs, so huge inputs are refused cheaply.
const joinSchema = z.object({
  room: z.string().max(256),
  name: z.string().max(1024),
  resume: z.string().regex(RESUME_RE),
});
const keySchema = z.object({ curve: z.string().max(64), pub: z.string().max(1024) });
const dmHeadSchema = z.object({
  id: z.string().max(128).regex(DM_ID_RE),
  kind: z.string().max(32).regex(DM_KIND_RE),
  parts: z.array(z.unknown()).min(1),
});
const dmPartSchema = z.object({ to: z.string().max(22).regex(MEMBER_ID_RE), body: z.unknown() });
const stepSchema = z.object({ phase: z.string().max(64).regex(STEP_PHASE_RE) });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

class NotJson extends Error {}

/**
 * Byte length of `value` serialised as JSON (UTF-8), or null when it is not
 * plain JSON data: binary attachments, undefined, or nesting too deep to serialise.
 */
export function jsonBytes(value: unknown): number | null {
  if (value === undefined) return null;
  try {
    const text = JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
      const raw = key === '' ? value : this[key];
      if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) throw new NotJson();
      return v;
    });
    return typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : null;
  } catch {
    return null;
  }
}

/** Validate a `join` payload and derive the member id. */
export function parseJoin(payload: unknown): Validated<JoinRequest> {
  if (!isPlainObject(payload)) return fail('bad-request', 'join needs { room, name, resume }.');
  const parsed = joinSchema.safeParse(payload);
  if (!parsed.success) return fail('bad-request', 'join needs { room, name, resume } as text.');
  const room = checkRoom(parsed.data.room);
  if (!room.ok) return fail('bad-request', room.reason);
  const name = checkName(parsed.data.name);
  if (!name.ok) return fail('bad-request', name.reason);
  const id = memberIdFromResume(parsed.data.resume);
  if (!id) return fail('bad-request', 'resume must be 32 bytes, base64url without padding.');
  return { ok: true, value: { room: room.value, name: name.value, id } };
}

/** Validate a `key` payload: a known curve and a public key of that curve's raw length. */
export function parseKey(payload: unknown): Validated<PeerKey> {
  if (!isPlainObject(payload)) return fail('bad-request', 'key needs { curve, pub }.');
  const parsed = keySchema.safeParse(payload);
  if (!parsed.success) return fail('bad-request', 'key needs { curve, pub } as text.');
  const curve = parsed.data.curve;
  if (!isCurveId(curve)) return fail('unsupported-curve', 'This curve is not supported.');
  const pub = decodeBase64url(parsed.data.pub);
  if (!pub) return fail('bad-request', 'pub must be base64url without padding.');
  const expected = PUB_LENGTH[curve];
  if (pub.length !== expected) return fail('bad-request', `pub must be ${expected} bytes on ${curve}.`);
  if (curve !== 'X25519' && pub[0] !== 0x04)
    return fail('bad-request', 'pub must be an uncompressed point (first byte 04).');
  return { ok: true, value: { curve: curve as CurveId, pub: parsed.data.pub } };
}

/** Validate a `dm` payload: 1..maxRoomMembers parts to distinct members, each body within the limit. */
export function parseDm(payload: unknown, limits: Limits): Validated<DmRequest> {
  if (!isPlainObject(payload)) return fail('bad-request', 'dm needs { id, kind, parts }.');
  const head = dmHeadSchema.safeParse(payload);
  if (!head.success) return fail('bad-request', 'dm needs { id, kind, parts: [{ to, body }] }.');
  if (head.data.parts.length > limits.maxRoomMembers)
    return fail('too-large', `dm may have at most ${limits.maxRoomMembers} parts.`);
  const parts: DmPartRequest[] = [];
  const seen = new Set<string>();
  for (const raw of head.data.parts) {
    if (!isPlainObject(raw)) return fail('bad-request', 'Each dm part needs { to, body }.');
    const part = dmPartSchema.safeParse(raw);
    if (!part.success) return fail('bad-request', 'Each dm part needs { to: member id, body }.');
    if (seen.has(part.data.to)) return fail('bad-request', 'A dm may address each member once.');
    seen.add(part.data.to);
    const bytes = jsonBytes(part.data.body);
    if (bytes === null) return fail('bad-request', 'A dm body must be JSON data.');
    if (bytes > limits.maxDmBody)
      return fail('too-large', `A dm body may be at most ${limits.maxDmBody} bytes.`);
    parts.push({ to: part.data.to, body: part.data.body, bytes });
  }
  return { ok: true, value: { id: head.data.id, kind: head.data.kind, parts } };
}

/** Validate a `step` payload: a phase and a JSON object detail within the limit. */
export function parseStep(payload: unknown, limits: Limits): Validated<StepRequest> {
  if (!isPlainObject(payload)) return fail('bad-request', 'step needs { phase, detail }.');
  if (!isPlainObject(payload.detail)) return fail('bad-request', 'step.detail must be a JSON object.');
  const parsed = stepSchema.safeParse(payload);
  if (!parsed.success) return fail('bad-request', 'step needs { phase, detail }.');
  const bytes = jsonBytes(payload.detail);
  if (bytes === null) return fail('bad-request', 'step.detail must be JSON data.');
  if (bytes > limits.maxStepDetail)
    return fail('too-large', `step.detail may be at most ${limits.maxStepDetail} bytes.`);
  return { ok: true, value: { phase: parsed.data.phase, detail: payload.detail } };
}

/** True when `payload` is acceptable for `leave`: nothing, or any object (its fields are ignored). */
export function parseLeave(payload: unknown): boolean {
  return payload === undefined || isPlainObject(payload);
}

/** True when `payload` is acceptable for `who` (extension): like `leave`, nothing or any object. */
export function parseWho(payload: unknown): boolean {
  return parseLeave(payload);
}

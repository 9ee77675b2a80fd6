// Validation of client→server payloads with the shared wire schemas (common/schema/) and the relay's limits;
// returns an error code and a plain-language message, never throws (docs/protocol.md §3).
import type { Limits } from '../common/limits.js';
import { checkName, checkRoom } from '../common/names.js';
import {
  bcastHead,
  curveId,
  dmHead,
  dmPart,
  isDmHead,
  isMemberIdText,
  emptyPayload,
  isPlainObject,
  isVersionList,
  joinFields,
  jsonBytes,
  keyFields,
  pubProblem,
  stepHead,
} from '../common/schema/index.js';
import type { ErrorCode, PeerKey } from '../common/wire.js';
import { memberIdFromResume } from './member-id.js';

export { jsonBytes } from '../common/schema/index.js';

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

// The stages below run in the order of docs/protocol.md §3 with one message each; strings are
// bounded (common/schema/fields.ts) before any regex runs, so huge inputs are refused cheaply.

/** Validate a `join` payload and derive the member id. */
export function parseJoin(payload: unknown): Validated<JoinRequest> {
  if (!isPlainObject(payload)) return fail('bad-request', 'join needs { room, name, resume }.');
  const parsed = joinFields.safeParse(payload);
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
  const parsed = keyFields.safeParse(payload);
  if (!parsed.success) return fail('bad-request', 'key needs { curve, pub } as text.');
  const curve = curveId.safeParse(parsed.data.curve);
  if (!curve.success) return fail('unsupported-curve', 'This curve is not supported.');
  const problem = pubProblem(curve.data, parsed.data.pub);
  if (problem) return fail('bad-request', problem);
  // `v` (extension "v2: version negotiation"): absent in v1; when present, a short list of small integers.
  const { v } = payload;
  if (v === undefined) return { ok: true, value: { curve: curve.data, pub: parsed.data.pub } };
  if (!isVersionList(v))
    return fail('bad-request', 'key.v must be 1–8 distinct integers from 1 to 255 (protocol versions).');
  return { ok: true, value: { curve: curve.data, pub: parsed.data.pub, v: [...v] } };
}

/** Validate a `dm` payload: 1..maxRoomMembers parts to distinct members, each body within the limit. */
export function parseDm(payload: unknown, limits: Limits): Validated<DmRequest> {
  if (!isPlainObject(payload)) return fail('bad-request', 'dm needs { id, kind, parts }.');
  // The shortcut accepts only what dmHead accepts; anything else is decided by dmHead itself.
  let head: { id: string; kind: string; parts: unknown[] };
  if (isDmHead(payload)) head = payload;
  else {
    const parsed = dmHead.safeParse(payload);
    if (!parsed.success) return fail('bad-request', 'dm needs { id, kind, parts: [{ to, body }] }.');
    head = parsed.data;
  }
  const raws = head.parts;
  if (raws.length > limits.maxRoomMembers)
    return fail('too-large', `dm may have at most ${limits.maxRoomMembers} parts.`);
  const parts: DmPartRequest[] = [];
  // Distinct recipients: a linear look back for the usual one or few parts, a set past that.
  const seen = raws.length > 8 ? new Set<string>() : undefined;
  for (const raw of raws) {
    if (!isPlainObject(raw)) return fail('bad-request', 'Each dm part needs { to, body }.');
    let id: string;
    if (isMemberIdText(raw.to)) id = raw.to;
    else {
      const parsed = dmPart.shape.to.safeParse(raw.to);
      if (!parsed.success) return fail('bad-request', 'Each dm part needs { to: member id, body }.');
      id = parsed.data;
    }
    if (seen ? seen.has(id) : parts.some((p) => p.to === id))
      return fail('bad-request', 'A dm may address each member once.');
    seen?.add(id);
    const bytes = jsonBytes(raw.body);
    if (bytes === null) return fail('bad-request', 'A dm body must be JSON data.');
    if (bytes > limits.maxDmBody)
      return fail('too-large', `A dm body may be at most ${limits.maxDmBody} bytes.`);
    parts.push({ to: id, body: raw.body, bytes });
  }
  return { ok: true, value: { id: head.id, kind: head.kind, parts } };
}

/** Validate a `step` payload: a phase and a JSON object detail within the limit. */
export function parseStep(payload: unknown, limits: Limits): Validated<StepRequest> {
  if (!isPlainObject(payload)) return fail('bad-request', 'step needs { phase, detail }.');
  if (!isPlainObject(payload.detail)) return fail('bad-request', 'step.detail must be a JSON object.');
  const parsed = stepHead.safeParse(payload);
  if (!parsed.success) return fail('bad-request', 'step needs { phase, detail }.');
  const bytes = jsonBytes(payload.detail);
  if (bytes === null) return fail('bad-request', 'step.detail must be JSON data.');
  if (bytes > limits.maxStepDetail)
    return fail('too-large', `step.detail may be at most ${limits.maxStepDetail} bytes.`);
  return { ok: true, value: { phase: parsed.data.phase, detail: payload.detail } };
}

/** A validated `bcast` (extension "v2: broadcast") with the byte size of its serialised body. */
export interface BcastRequest {
  id: string;
  kind: string;
  body: unknown;
  bytes: number;
}

/** Validate a `bcast` payload: a `dm` id and kind, and a JSON body within the `dm` body limit. */
export function parseBcast(payload: unknown, limits: Limits): Validated<BcastRequest> {
  if (!isPlainObject(payload)) return fail('bad-request', 'bcast needs { id, kind, body }.');
  const head = bcastHead.safeParse(payload);
  if (!head.success) return fail('bad-request', 'bcast needs { id, kind, body } with a dm id and kind.');
  const bytes = jsonBytes(payload.body);
  if (bytes === null) return fail('bad-request', 'A bcast body must be JSON data.');
  if (bytes > limits.maxDmBody)
    return fail('too-large', `A bcast body may be at most ${limits.maxDmBody} bytes.`);
  return { ok: true, value: { id: head.data.id, kind: head.data.kind, body: payload.body, bytes } };
}

/** True when `payload` is acceptable for `leave`: nothing, or any object (its fields are ignored). */
export function parseLeave(payload: unknown): boolean {
  return emptyPayload.safeParse(payload).success;
}

/** True when `payload` is acceptable for `who` (extension): like `leave`, nothing or any object. */
export function parseWho(payload: unknown): boolean {
  return parseLeave(payload);
}

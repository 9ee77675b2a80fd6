// Field schemas shared by every wire payload (docs/protocol.md §2–§4): bounded strings, ids, curves, keys, JSON data.
import * as z from 'zod/mini';
import { checkName, checkRoom } from '../names.js';
import {
  CURVE_IDS,
  DM_ID_RE,
  DM_KIND_RE,
  MEMBER_ID_RE,
  PUB_LENGTH,
  STEP_PHASE_RE,
  decodeBase64urlStrict,
  isPlainObject,
  jsonBytes,
  x25519UProblem,
  type CurveId,
} from './primitives.js';
import { protocolVersions } from './versions.js';

/**
 * A string of at most `max` UTF-16 units. The bound aborts the parse, so checks after it (regexes,
 * refinements) never run on a huge string (docs/protocol.md §3: huge strings are refused cheaply).
 */
export const boundedText = (max: number) => z.string().check(z.maxLength(max, { abort: true }));

/** A member id (docs/protocol.md §2): 22 base64url characters. */
export const memberId = z.string().check(z.maxLength(22, { abort: true }), z.regex(MEMBER_ID_RE));
/** A curve id of docs/protocol.md §5 or the toy curves extension. */
export const curveId = z.enum(CURVE_IDS, { error: 'a curve id' });
/** A room name as the relay accepts it (docs/protocol.md §2). */
export const roomName = boundedText(256).check(z.refine((room) => checkRoom(room).ok));
/** A display name as the relay announces it: already NFC-normalised and trimmed, 1–32 characters (§2). */
export const announcedName = boundedText(128).check(
  z.refine((name) => {
    const checked = checkName(name);
    return checked.ok && checked.value === name;
  }),
);
/** A `dm` message id (`DM_ID_RE`, docs/protocol.md §4). */
export const dmId = boundedText(128).check(z.regex(DM_ID_RE));
/** A `dm` kind (`DM_KIND_RE`, docs/protocol.md §4). */
export const dmKind = boundedText(32).check(z.regex(DM_KIND_RE));
/** A `step` phase (`STEP_PHASE_RE`, docs/protocol.md §4). */
export const stepPhase = boundedText(64).check(z.regex(STEP_PHASE_RE));

/** Any JSON data: not undefined, no binary, serialisable (docs/protocol.md §4 `dm` body). */
export const jsonData = z.unknown().check(z.refine((value) => jsonBytes(value) !== null));
/** A JSON object (plain object, serialisable), kept as the same object (docs/protocol.md §4 `step.detail`). */
export const jsonObject = z
  .custom<Record<string, unknown>>(isPlainObject)
  .check(z.refine((value) => jsonBytes(value) !== null));

/**
 * Why `pub` is not an acceptable raw public key on `curve` (docs/protocol.md §1, §5): strict
 * base64url, the curve's raw length, `04` first on Weierstrass curves, a canonical u on X25519.
 * Undefined when it is.
 */
export function pubProblem(curve: CurveId, pub: string): string | undefined {
  const bytes = decodeBase64urlStrict(pub);
  if (!bytes) return 'pub must be base64url without padding.';
  const expected = PUB_LENGTH[curve];
  if (bytes.length !== expected) return `pub must be ${expected} bytes on ${curve}.`;
  if (curve !== 'X25519' && bytes[0] !== 0x04) return 'pub must be an uncompressed point (first byte 04).';
  return curve === 'X25519' ? x25519UProblem(bytes) : undefined;
}

/** Adds the pubProblem check to an object schema with `curve` and `pub` fields. */
function withPubCheck<T extends z.ZodMiniType<{ curve: CurveId; pub: string }>>(schema: T): T {
  return schema.check(
    z.check<{ curve: CurveId; pub: string }>((ctx) => {
      const problem = pubProblem(ctx.value.curve, ctx.value.pub);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value.pub, path: ['pub'] });
    }),
  );
}

/** The text fields of a key announcement, before the curve and key are checked (the relay's first stage). */
export const keyFields = z.object({ curve: boundedText(64), pub: boundedText(1024) });
/**
 * A member's announced public key `{ curve, pub, v? }` (docs/protocol.md §4 `key`, `Peer.key`; `v` is the
 * "v2: version negotiation" extension, absent in v1).
 */
export const peerKey = withPubCheck(
  z.object({ curve: curveId, pub: boundedText(1024), v: z.optional(protocolVersions) }),
);
/** A member as listed in the `join` and `who` acks (docs/protocol.md §4 `Peer`). */
export const peer = z.object({ id: memberId, name: announcedName, key: z.optional(peerKey) });
/** `peer-key` (docs/protocol.md §4): a member's key with its member id (and `v`, "v2: version negotiation"). */
export const peerKeyEvent = withPubCheck(
  z.object({ from: memberId, curve: curveId, pub: boundedText(1024), v: z.optional(protocolVersions) }),
);

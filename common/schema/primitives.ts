// Wire primitives of docs/protocol.md §2–§4: curve ids, identifier patterns, error codes, and the
// strict base64url and JSON-data checks every schema in this folder builds on. No zod here.
import { base64urlnopad } from '@scure/base';

/** Curves usable for real key exchange (docs/protocol.md §5). */
export const REAL_CURVES = ['P-256', 'P-384', 'P-521', 'X25519'] as const;
/** A real curve id. */
export type RealCurveId = (typeof REAL_CURVES)[number];

/**
 * Toy curve ids (extension, docs/protocol.md "Toy curves"): small Weierstrass curves for teaching
 * only. The id goes into the HKDF `info` string.
 */
export const TOY_CURVES = [
  'toy-17',
  'toy-61',
  'toy-97-a3',
  'toy-97-b7',
  'toy-263',
  'toy-65521',
  'toy-97-cofactor',
] as const;
/** A toy curve id. */
export type ToyCurveId = (typeof TOY_CURVES)[number];

/** Every curve id accepted on the wire, in display order (a tuple, for `z.enum`). */
export const CURVE_IDS = [...REAL_CURVES, ...TOY_CURVES] as const;
/** Any curve id accepted on the wire. */
export type CurveId = (typeof CURVE_IDS)[number];
/** Every curve id accepted on the wire, in display order. */
export const ALL_CURVES: readonly CurveId[] = CURVE_IDS;

/** Raw public key length in bytes for each curve (WebCrypto `raw` export or toy encoding). */
export const PUB_LENGTH: Readonly<Record<CurveId, number>> = {
  'P-256': 65,
  'P-384': 97,
  'P-521': 133,
  X25519: 32,
  'toy-17': 3,
  'toy-61': 3,
  'toy-97-a3': 3,
  'toy-97-b7': 3,
  'toy-263': 5,
  'toy-65521': 5,
  'toy-97-cofactor': 3,
};

/** True when `id` is a curve id this protocol knows. */
export function isCurveId(id: unknown): id is CurveId {
  return typeof id === 'string' && (ALL_CURVES as readonly string[]).includes(id);
}

/** True for the insecure teaching curves. */
export function isToyCurve(id: CurveId): id is ToyCurveId {
  return (TOY_CURVES as readonly string[]).includes(id);
}

/** Room names: docs/protocol.md §2. */
export const ROOM_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Member ids: base64url of 16 bytes, 22 characters (docs/protocol.md §2). */
export const MEMBER_ID_RE = /^[A-Za-z0-9_-]{22}$/;
/** `resume` on `join`: base64url (no padding) of 32 bytes, 43 characters. */
export const RESUME_RE = /^[A-Za-z0-9_-]{43}$/;
/** `dm` message ids the relay accepts (extension): 1–128 printable ASCII characters, no space. */
export const DM_ID_RE = /^[\x21-\x7e]{1,128}$/;
/** `dm` kinds the relay accepts (extension): `msg`, `receipt` and any later kind of this shape. */
export const DM_KIND_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
/** `step` phases the relay accepts (extension): 1–64 printable ASCII characters. */
export const STEP_PHASE_RE = /^[\x20-\x7e]{1,64}$/;

/** Error codes an ack may carry (docs/protocol.md §3). */
export const ERROR_CODES = [
  'bad-request',
  'too-large',
  'rate-limited',
  'room-full',
  'not-joined',
  'already-joined',
  'unsupported-curve',
  'internal',
  // Extension (docs/protocol.md "Room lock"): a member locked the room and this member id was not admitted.
  'room-locked',
] as const;
/** One error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** True when `code` is one of ERROR_CODES. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

/**
 * Decode strict base64url without padding (docs/protocol.md §1, RFC 4648 §5): only the alphabet,
 * no '=', a possible length, and canonical (unused trailing bits zero, so re-encoding gives the
 * same text). Returns null otherwise. The one decoder of wire input: the relay and the client both
 * call it (@scure/base underneath; works in the browser and in Node).
 */
export function decodeBase64urlStrict(text: string): Uint8Array | null {
  if (typeof text !== 'string') return null;
  try {
    return base64urlnopad.decode(text);
  } catch {
    return null;
  }
}

/** 2^255 − 19, the field prime of Curve25519. */
const P25519 = (1n << 255n) - 19n;

/**
 * Why 32 raw bytes are not a canonical X25519 public key (docs/protocol.md §5): the u-coordinate is
 * little-endian with bit 255 clear and below p = 2^255 − 19. RFC 7748 would mask bit 255 and reduce
 * mod p, so one point would have several encodings, and so several safety numbers: curvechat refuses
 * them instead. Undefined when canonical.
 */
export function x25519UProblem(raw: Uint8Array): string | undefined {
  if (raw.length !== 32) return 'an X25519 public key is 32 bytes.';
  if ((raw[31]! & 0x80) !== 0) return 'pub must be a canonical X25519 u-coordinate (bit 255 clear).';
  let u = 0n;
  for (let i = 31; i >= 0; i--) u = (u << 8n) | BigInt(raw[i]!);
  if (u >= P25519) return 'pub must be a canonical X25519 u-coordinate (less than 2^255 − 19).';
  return undefined;
}

/** True for a plain object (`{}` literal or null prototype): not an array, class instance or binary. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

class NotJson extends Error {}
const encoder = new TextEncoder();

/** Deepest nesting the fast path of jsonBytes walks; deeper data takes the general path. */
const FAST_DEPTH = 64;

// Text JSON.stringify writes as it is, one byte a character: printable ASCII except `"` and `\`.
const VERBATIM = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Bytes of `text` as JSON.stringify writes it (quotes, escapes, UTF-8), without building that string. */
function jsonStringBytes(text: string): number {
  if (VERBATIM.test(text)) return text.length + 2;
  let n = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c)
      n += 2; // \" \\
    else if (c < 0x20)
      n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6; // \n or \u00XX
    else if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        n += 4; // a surrogate pair: one 4-byte code point
        i++;
      } else n += 6; // a lone surrogate: \udXXX
    } else if (c >= 0xdc00 && c <= 0xdfff) n += 6;
    else n += 3;
  }
  return n;
}

/**
 * UTF-8 byte length of JSON.stringify(value) when `value` is data JSON.stringify writes exactly as it is
 * (strings, numbers, booleans, null, and arrays and plain objects of those, at most FAST_DEPTH deep), counted
 * without building the text; -1 for everything else (binary, undefined, functions, bigints, toJSON, class
 * instances, deep nesting), which is left to the general path. Every payload JSON.parse produced, that is
 * every `dm` body from the wire, is measured here.
 */
function plainJsonBytes(value: unknown, depth: number): number {
  if (value === null) return 4;
  switch (typeof value) {
    case 'string':
      return jsonStringBytes(value);
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4; // NaN and ±Infinity are written as null
    case 'boolean':
      return value ? 4 : 5;
    case 'object':
      break;
    default:
      return -1;
  }
  if (depth >= FAST_DEPTH) return -1;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || 'toJSON' in value) return -1;
    let n = value.length > 0 ? value.length + 1 : 2; // brackets and commas
    for (let i = 0; i < value.length; i++) {
      const item = plainJsonBytes(value[i], depth + 1);
      if (item < 0) return -1;
      n += item;
    }
    return n;
  }
  if (!isPlainObject(value)) return -1;
  const keys = Object.keys(value);
  let n = keys.length > 0 ? keys.length + 1 : 2; // braces and commas
  for (const key of keys) {
    const item = plainJsonBytes(value[key], depth + 1);
    if (item < 0) return -1;
    n += jsonStringBytes(key) + 1 + item; // "key":value
  }
  return n;
}

/**
 * Byte length of `value` serialised as JSON (UTF-8), or null when it is not plain JSON data:
 * binary attachments, undefined, or nesting too deep to serialise (docs/protocol.md §3, §6).
 * Plain data (every `dm` body) is measured by walking it, without serialising it; anything else takes the
 * general path, which refuses binary wherever it is.
 */
export function jsonBytes(value: unknown): number | null {
  if (value === undefined) return null;
  const plain = plainJsonBytes(value, 0);
  if (plain >= 0) return plain;
  try {
    const text = JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
      const raw = key === '' ? value : this[key];
      if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) throw new NotJson();
      return v;
    });
    return typeof text === 'string' ? encoder.encode(text).length : null;
  } catch {
    return null;
  }
}

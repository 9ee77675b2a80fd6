// base64url without padding (RFC 4648 §5), with a strict decoder for wire input.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/** Encode bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out +=
      ALPHABET.charAt(n >> 18) +
      ALPHABET.charAt((n >> 12) & 63) +
      ALPHABET.charAt((n >> 6) & 63) +
      ALPHABET.charAt(n & 63);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63);
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63) + ALPHABET.charAt((n >> 6) & 63);
  }
  return out;
}

/**
 * Decode base64url without padding. Throws a TypeError on padding, characters
 * outside the alphabet, an impossible length, or non-zero unused trailing bits,
 * so every byte string has exactly one accepted encoding.
 */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string') throw new TypeError('base64url input must be a string.');
  if (text.length % 4 === 1) throw new TypeError('Invalid base64url length.');
  const values = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    const v = LOOKUP.get(text.charAt(i));
    if (v === undefined) throw new TypeError('Invalid base64url character (only A-Z a-z 0-9 - _ allowed).');
    values[i] = v;
  }
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < values.length; i += 4) {
    const n = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6) | values[i + 3];
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = values.length - i;
  if (rest === 2) {
    if ((values[i + 1] & 15) !== 0) throw new TypeError('Non-canonical base64url (unused bits set).');
    out[o] = (values[i] << 2) | (values[i + 1] >> 4);
  } else if (rest === 3) {
    if ((values[i + 2] & 3) !== 0) throw new TypeError('Non-canonical base64url (unused bits set).');
    const n = (values[i] << 10) | (values[i + 1] << 4) | (values[i + 2] >> 2);
    out[o] = n >> 8;
    out[o + 1] = n & 255;
  }
  return out;
}

/** True when `text` is canonical unpadded base64url (optionally of exactly `bytes` bytes). */
export function isBase64Url(text: unknown, bytes?: number): text is string {
  if (typeof text !== 'string') return false;
  try {
    const decoded = fromBase64Url(text);
    return bytes === undefined || decoded.length === bytes;
  } catch {
    return false;
  }
}

// base64url without padding (RFC 4648 §5; docs/protocol.md §1), strict for wire input (the wire's one decoder).
import { base64urlnopad } from '@scure/base';
import { decodeBase64urlStrict } from '../../common/schema/primitives.js';
import { bufferSource } from './bytes.js';

/** Encode bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes);
}

/**
 * Decode base64url without padding with the wire's decoder (common/schema). Throws a TypeError on padding, characters
 * outside the alphabet, an impossible length, or non-zero unused trailing bits,
 * so every byte string has exactly one accepted encoding.
 */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string') throw new TypeError('base64url input must be a string.');
  const bytes = decodeBase64urlStrict(text);
  if (!bytes) throw new TypeError('Invalid base64url (only A-Z a-z 0-9 - _, no padding, canonical).');
  return bufferSource(bytes);
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

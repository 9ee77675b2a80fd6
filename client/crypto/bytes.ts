// Small byte-array helpers shared by the crypto modules (compare, concat, copy for WebCrypto).
import { concatBytes as nobleConcat, randomBytes as nobleRandom, utf8ToBytes } from '@noble/hashes/utils.js';

/** A copy-free view when possible, else a copy, typed as WebCrypto's BufferSource wants it. */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (bytes.buffer instanceof ArrayBuffer) return bytes as Uint8Array<ArrayBuffer>;
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

/** Concatenate byte arrays into a new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return nobleConcat(...parts);
}

/** Unsigned lexicographic byte order: negative, zero or positive like a sort comparator. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i] - b[i];
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** True when both arrays hold the same bytes. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareBytes(a, b) === 0;
}

/** True when every byte is zero (an empty array counts as zero). */
export function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (const b of bytes) acc |= b;
  return acc === 0;
}

/** `n` cryptographically random bytes from WebCrypto. */
export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return nobleRandom(n);
}

/** UTF-8 encode a string. */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return utf8ToBytes(text);
}

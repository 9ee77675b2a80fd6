// Independent v2 client (docs/protocol.md only): the curves of §5 (DH, key pairs, point checks) with @noble/curves,
// HKDF/HMAC/SHA-256 with @noble/hashes, and AES-256-GCM with node:crypto.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { cat, compareBytes } from './bytes.js';

/** The real curves of §5 (this test client implements only those; toy curves are the browser's teaching curves). */
export type CurveId = 'X25519' | 'P-256' | 'P-384' | 'P-521';

/** `pub` lengths of §5's table. */
export const PUB_BYTES: Record<CurveId, number> = { X25519: 32, 'P-256': 65, 'P-384': 97, 'P-521': 133 };

/** A key pair on a curve: private scalar bytes and the §5 raw `pub`. */
export interface KeyPair {
  readonly priv: Uint8Array;
  readonly pub: Uint8Array;
}

const nist = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const;
const P25519 = (1n << 255n) - 19n;

/** §5 "One encoding per X25519 key": bit 255 clear and u < 2^255 − 19. */
function canonicalU(pub: Uint8Array): boolean {
  let u = 0n;
  for (let i = 31; i >= 0; i--) u = (u << 8n) | BigInt(pub[i]!);
  return u < P25519; // bit 255 set implies u ≥ 2^255 > p
}

/** The public key of `priv` on `curve`, in the §5 `pub` form. */
export function publicOf(curve: CurveId, priv: Uint8Array): Uint8Array {
  return curve === 'X25519' ? x25519.getPublicKey(priv) : nist[curve].getPublicKey(priv, false);
}

/** A fresh random key pair on `curve`. */
export function randomPair(curve: CurveId): KeyPair {
  const priv = curve === 'X25519' ? x25519.utils.randomSecretKey() : nist[curve].utils.randomSecretKey();
  return { priv, pub: publicOf(curve, priv) };
}

/**
 * §5 step 1 (`Z`) and v2's `DH(priv, pub)`: X25519's 32 bytes, or the x-coordinate of d·Q on the NIST curves.
 * Throws on a `pub` of the wrong length, a non-canonical X25519 `u`, a point off the curve or an all-zero output.
 */
export function dh(curve: CurveId, priv: Uint8Array, pub: Uint8Array): Uint8Array {
  if (pub.length !== PUB_BYTES[curve]) throw new Error('wrong public key length');
  if (curve === 'X25519') {
    if (!canonicalU(pub)) throw new Error('non-canonical X25519 key');
    const z = x25519.getSharedSecret(priv, pub);
    if (z.every((b) => b === 0)) throw new Error('all-zero X25519 output');
    return z;
  }
  if (pub[0] !== 0x04) throw new Error('not an uncompressed point');
  return nist[curve].getSharedSecret(priv, pub, true).slice(1);
}

/** SHA-256. */
export const sha256 = (data: Uint8Array): Uint8Array => nobleSha256(data);

/** HKDF-SHA256 (RFC 5869). */
export const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array =>
  nobleHkdf(nobleSha256, ikm, salt, info, length);

/** HMAC-SHA256. */
export const hmacSha256 = (key: Uint8Array, data: Uint8Array): Uint8Array => hmac(nobleSha256, key, data);

/** AES-256-GCM, 128-bit tag: ciphertext ‖ tag. */
export function aesGcmSeal(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  return cat(c.update(pt), c.final(), c.getAuthTag());
}

/** Open ciphertext ‖ tag; throws when the tag does not verify. */
export function aesGcmOpen(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array {
  if (sealed.length < 16) throw new Error('shorter than a tag');
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return cat(d.update(sealed.subarray(0, sealed.length - 16)), d.final());
}

/** §5 step 2: the two raw public keys in unsigned byte order. */
export function sortKeys(a: Uint8Array, b: Uint8Array): [Uint8Array, Uint8Array] {
  return compareBytes(a, b) <= 0 ? [a, b] : [b, a];
}

// Channel key derivation (docs/protocol.md §5 steps 2–4): sorted keys, salt, info, HKDF-SHA256 → AES-256-GCM.
import type { CurveId } from '../../common/wire.js';
import { bufferSource, compareBytes, concatBytes, utf8 } from './bytes.js';
import { getSubtle } from './errors.js';
import { toHex } from './hex.js';

/** The two raw public keys in unsigned byte order. */
export function sortPublicKeys(a: Uint8Array, b: Uint8Array): { lo: Uint8Array; hi: Uint8Array } {
  return compareBytes(a, b) <= 0 ? { lo: a, hi: b } : { lo: b, hi: a };
}

/**
 * HKDF salt = SHA-256(lo ‖ hi), independent of which side computes it; in a passphrase room (Extensions,
 * "Room passphrase") the passphrase key P is appended: SHA-256(lo ‖ hi ‖ P). Without `p` it is exactly v1.
 */
export async function hkdfSalt(
  a: Uint8Array,
  b: Uint8Array,
  p?: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const { lo, hi } = sortPublicKeys(a, b);
  const input = p ? concatBytes(lo, hi, p) : concatBytes(lo, hi);
  return new Uint8Array(await getSubtle().digest('SHA-256', input));
}

/** HKDF info string "curvechat/v1 <curve> <room>" (UTF-8 encoded when used). */
export function hkdfInfo(curve: CurveId, room: string): string {
  return `curvechat/v1 ${curve} ${room}`;
}

/** Raw HKDF-SHA256 output of `bits` bits (RFC 5869). */
export async function hkdfSha256(
  ikm: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array,
  bits: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const subtle = getSubtle();
  const base = await subtle.importKey('raw', bufferSource(ikm), 'HKDF', false, ['deriveBits']);
  const out = await subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: bufferSource(salt), info: bufferSource(info) },
    base,
    bits,
  );
  return new Uint8Array(out);
}

/** Import raw AES key bytes as a non-extractable AES-GCM encrypt/decrypt key. */
export function importAesGcmKey(raw: Uint8Array): Promise<CryptoKey> {
  return getSubtle().importKey('raw', bufferSource(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** Hex of SHA-256(K)[0..8): a short, safe-to-show fingerprint of a key. */
export async function keyFingerprint(k: Uint8Array): Promise<string> {
  const h = new Uint8Array(await getSubtle().digest('SHA-256', bufferSource(k)));
  return toHex(h.subarray(0, 8));
}

/** The result of deriving the channel key with one peer. */
export interface ChannelKey {
  /** AES-256-GCM key K (non-extractable). */
  key: CryptoKey;
  /** Hex of SHA-256(K)[0..8). */
  fingerprint: string;
  /** HKDF salt. */
  salt: Uint8Array;
  /** HKDF info as text. */
  info: string;
}

/**
 * K = HKDF-SHA256(Z, SHA-256(lo‖hi), "curvechat/v1 " + curve + " " + room), 256 bits; with a passphrase key
 * `p` the salt is SHA-256(lo‖hi‖P). K's bytes are fingerprinted, imported as a non-extractable key, then wiped.
 */
export async function deriveChannelKey(
  z: Uint8Array,
  ownPub: Uint8Array,
  peerPub: Uint8Array,
  curve: CurveId,
  room: string,
  p?: Uint8Array,
): Promise<ChannelKey> {
  const salt = await hkdfSalt(ownPub, peerPub, p);
  const info = hkdfInfo(curve, room);
  const k = await hkdfSha256(z, salt, utf8(info), 256);
  try {
    const [fingerprint, key] = await Promise.all([keyFingerprint(k), importAesGcmKey(k)]);
    return { key, fingerprint, salt, info };
  } finally {
    k.fill(0);
  }
}

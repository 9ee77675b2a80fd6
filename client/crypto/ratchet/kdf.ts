// The Double Ratchet's KDFs (docs/protocol.md, "v2: Double Ratchet"): root seed, KDF_RK, KDF_CK, message key → AES key + IV.
import type { CurveId } from '../../../common/wire.js';
import { bufferSource, utf8 } from '../bytes.js';
import { getSubtle } from '../errors.js';
import { hkdfSalt, hkdfSha256 } from '../kdf.js';

/** HKDF info of the root seed: "curvechat/v2 root <curve> <room>". */
export function rootSeedInfo(curve: CurveId, room: string): string {
  return `curvechat/v2 root ${curve} ${room}`;
}
/** HKDF info of KDF_RK. */
export const KDF_RK_INFO = 'curvechat/v2 ratchet';
/** HKDF info that expands a message key into the AES-256-GCM key and IV. */
export const MESSAGE_KEY_INFO = 'curvechat/v2 message';
/** HMAC input giving the message key (Signal's recommended constant). */
export const MESSAGE_KEY_CONSTANT = 0x01;
/** HMAC input giving the next chain key (Signal's recommended constant). */
export const CHAIN_KEY_CONSTANT = 0x02;
/** Root, chain and message keys are 32 bytes. */
export const KEY_BYTES = 32;
/** AES-GCM IV length derived from a message key. */
export const RATCHET_IV_BYTES = 12;

/**
 * RK0 = HKDF-SHA256(Z, salt, "curvechat/v2 root <curve> <room>"), 32 bytes: the v1 material with a v2 label. The salt
 * is v1's: SHA-256(lo ‖ hi), or SHA-256(lo ‖ hi ‖ P) in a passphrase room (`p` = the passphrase key P).
 */
export async function seedRootKey(
  z: Uint8Array,
  ownPub: Uint8Array,
  peerPub: Uint8Array,
  curve: CurveId,
  room: string,
  p?: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  return hkdfSha256(z, await hkdfSalt(ownPub, peerPub, p), utf8(rootSeedInfo(curve, room)), KEY_BYTES * 8);
}

/** KDF_RK(rk, dhOut): HKDF-SHA256(ikm = dhOut, salt = rk, info = "curvechat/v2 ratchet"), 64 bytes → (rk', ck). */
export async function kdfRoot(
  rootKey: Uint8Array,
  dhOut: Uint8Array,
): Promise<{ rootKey: Uint8Array<ArrayBuffer>; chainKey: Uint8Array<ArrayBuffer> }> {
  const okm = await hkdfSha256(dhOut, rootKey, utf8(KDF_RK_INFO), 2 * KEY_BYTES * 8);
  return { rootKey: okm.slice(0, KEY_BYTES), chainKey: okm.slice(KEY_BYTES) };
}

/** HMAC-SHA256(key, data) with WebCrypto. */
export async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const subtle = getSubtle();
  const k = await subtle.importKey('raw', bufferSource(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await subtle.sign('HMAC', k, bufferSource(data)));
}

/** KDF_CK(ck): message key = HMAC-SHA256(ck, 0x01), next chain key = HMAC-SHA256(ck, 0x02). */
export async function kdfChain(
  chainKey: Uint8Array,
): Promise<{ chainKey: Uint8Array<ArrayBuffer>; messageKey: Uint8Array<ArrayBuffer> }> {
  const [messageKey, next] = await Promise.all([
    hmacSha256(chainKey, Uint8Array.of(MESSAGE_KEY_CONSTANT)),
    hmacSha256(chainKey, Uint8Array.of(CHAIN_KEY_CONSTANT)),
  ]);
  return { chainKey: next, messageKey };
}

/** HKDF-SHA256(ikm = mk, salt = 32 zero bytes, info = "curvechat/v2 message"), 44 bytes → AES-256 key ‖ 12-byte IV. */
export async function messageKeyMaterial(
  messageKey: Uint8Array,
): Promise<{ aesKey: Uint8Array<ArrayBuffer>; iv: Uint8Array<ArrayBuffer> }> {
  const okm = await hkdfSha256(
    messageKey,
    new Uint8Array(KEY_BYTES),
    utf8(MESSAGE_KEY_INFO),
    (KEY_BYTES + RATCHET_IV_BYTES) * 8,
  );
  return { aesKey: okm.slice(0, KEY_BYTES), iv: okm.slice(KEY_BYTES) };
}

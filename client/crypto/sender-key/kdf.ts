// Sender-key chain KDF (docs/protocol.md "v2: sender keys"): HMAC-SHA-256 chain steps and per-message AES-GCM keys.
import { CHAIN_KEY_BYTES } from '../../../common/schema/index.js';
import { bufferSource, utf8 } from '../bytes.js';
import { getSubtle } from '../errors.js';
import { hkdfSha256 } from '../kdf.js';

/** HMAC input that derives a message key seed from a chain key (Signal's sender keys: 0x01). */
export const MESSAGE_KEY_CONSTANT = 0x01;
/** HMAC input that derives the next chain key (Signal's sender keys: 0x02). */
export const CHAIN_KEY_CONSTANT = 0x02;
/** HKDF info of the per-message key material. */
export const MESSAGE_KEY_INFO = 'curvechat/v2 sender-key message';
/** Bytes of per-message key material: a 32-byte AES-256-GCM key, then a 12-byte IV. */
export const MESSAGE_KEY_MATERIAL_BYTES = 44;

/** HMAC-SHA-256(key, data) with WebCrypto. */
export async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const subtle = getSubtle();
  const k = await subtle.importKey('raw', bufferSource(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await subtle.sign('HMAC', k, bufferSource(data)));
}

/** One chain step: the seed of this iteration's message key, and the chain key of the next iteration. */
export interface ChainStep {
  /** HMAC-SHA-256(CK_i, 0x01). */
  seed: Uint8Array<ArrayBuffer>;
  /** HMAC-SHA-256(CK_i, 0x02) = CK_{i+1}. */
  next: Uint8Array<ArrayBuffer>;
}

/** Advance chain key `ck` (CK_i) by one step. */
export async function chainStep(ck: Uint8Array): Promise<ChainStep> {
  if (ck.length !== CHAIN_KEY_BYTES) throw new TypeError(`a chain key has ${CHAIN_KEY_BYTES} bytes`);
  const [seed, next] = await Promise.all([
    hmacSha256(ck, Uint8Array.of(MESSAGE_KEY_CONSTANT)),
    hmacSha256(ck, Uint8Array.of(CHAIN_KEY_CONSTANT)),
  ]);
  return { seed, next };
}

/** The AES-256-GCM key bytes and IV of one message. */
export interface MessageKey {
  /** 32 bytes of AES-256 key. */
  key: Uint8Array<ArrayBuffer>;
  /** 12-byte GCM IV (each key encrypts exactly one message, so a derived IV is safe). */
  iv: Uint8Array<ArrayBuffer>;
}

/** HKDF-SHA256(seed, salt = 32 zero bytes, info = MESSAGE_KEY_INFO, 44 bytes) → key ‖ iv. */
export async function messageKey(seed: Uint8Array): Promise<MessageKey> {
  const okm = await hkdfSha256(
    seed,
    new Uint8Array(32),
    utf8(MESSAGE_KEY_INFO),
    MESSAGE_KEY_MATERIAL_BYTES * 8,
  );
  return { key: okm.slice(0, 32), iv: okm.slice(32, 44) };
}

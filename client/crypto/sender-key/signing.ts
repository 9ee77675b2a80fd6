// ECDSA P-256 signing keys of sender keys (docs/protocol.md "v2: sender keys"), with WebCrypto; raw r ‖ s signatures.
import { bufferSource } from '../bytes.js';
import { getSubtle } from '../errors.js';

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** A fresh signing key pair; the private key is not extractable. */
export async function newSigningKeys(): Promise<CryptoKeyPair> {
  return getSubtle().generateKey(ECDSA, false, ['sign', 'verify']);
}

/** The raw uncompressed public key (65 bytes, 04 ‖ X ‖ Y). */
export async function exportSigningPublic(key: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await getSubtle().exportKey('raw', key));
}

/** Import a raw P-256 public key for verifying; rejects keys that are not points on the curve. */
export function importSigningPublic(raw: Uint8Array): Promise<CryptoKey> {
  return getSubtle().importKey('raw', bufferSource(raw), ECDSA, true, ['verify']);
}

/** Import a private key from a JWK (test vectors only: real signing keys are generated and never leave the tab). */
export function importSigningPrivateJwk(jwk: JsonWebKey): Promise<CryptoKey> {
  return getSubtle().importKey('jwk', jwk, ECDSA, false, ['sign']);
}

/** ECDSA-P256-SHA256 signature of `data`, raw r ‖ s (64 bytes). */
export async function sign(key: CryptoKey, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await getSubtle().sign(SIGN, key, bufferSource(data)));
}

/** True when `sig` is a valid signature of `data` under `key`; false for any malformed signature. */
export async function verify(key: CryptoKey, sig: Uint8Array, data: Uint8Array): Promise<boolean> {
  try {
    return await getSubtle().verify(SIGN, key, bufferSource(sig), bufferSource(data));
  } catch {
    return false;
  }
}

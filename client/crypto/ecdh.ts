// ECDH / X25519 key agreement with WebCrypto behind the KeyAgreement interface (docs/protocol.md §5 step 1).
import { x25519UProblem } from '../../common/schema/primitives.js';
import { isToyCurve, type CurveId, type RealCurveId } from '../../common/wire.js';
import { fromBase64Url } from './base64url.js';
import { bufferSource, concatBytes, isAllZero } from './bytes.js';
import { CURVE_PARAMS, isRealCurve } from './curves.js';
import { NoSecureChannelError, getSubtle } from './errors.js';
import { toHex } from './hex.js';
import { getKeyAgreementProvider, type KeyAgreement, type KeyAgreementProvider } from './key-agreement.js';

/** PKCS#8 DER prefix of an X25519 private key (RFC 8410), followed by the 32 raw bytes. */
const X25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);

/** Check a peer's raw public key has the wire format of `curve` (a canonical u on X25519); throws NoSecureChannelError. */
export function checkPublicKeyFormat(curve: RealCurveId, raw: Uint8Array): void {
  const p = CURVE_PARAMS[curve];
  if (raw.length !== p.pubLength)
    throw new NoSecureChannelError(
      'invalid-public-key',
      `the ${curve} public key is ${raw.length} bytes; ${p.pubLength} were expected.`,
    );
  if (p.deriveName === 'ECDH' && raw[0] !== 0x04)
    throw new NoSecureChannelError(
      'invalid-public-key',
      `the ${curve} public key does not start with 04 (an uncompressed point).`,
    );
  if (curve === 'X25519' && x25519UProblem(raw))
    throw new NoSecureChannelError(
      'invalid-public-key',
      'the X25519 public key is not in canonical form (bit 255 set, or u ≥ 2^255 − 19), so the same point could come with another safety number.',
    );
}

/** Import a peer's raw public key; refuses wrong lengths and points that are not on the curve. */
export async function importPeerPublicKey(curve: RealCurveId, raw: Uint8Array): Promise<CryptoKey> {
  checkPublicKeyFormat(curve, raw);
  try {
    return await getSubtle().importKey('raw', bufferSource(raw), CURVE_PARAMS[curve].algorithm, true, []);
  } catch {
    throw new NoSecureChannelError('invalid-public-key', `the public key is not a valid point on ${curve}.`);
  }
}

/** Z = deriveBits(own private key, peer public key); refuses invalid points and all-zero X25519 output. */
export async function deriveSharedSecret(
  curve: RealCurveId,
  privateKey: CryptoKey,
  peerRaw: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const params = CURVE_PARAMS[curve];
  const peer = await importPeerPublicKey(curve, peerRaw);
  let z: Uint8Array<ArrayBuffer>;
  try {
    const bits = await getSubtle().deriveBits(
      { name: params.deriveName, public: peer } as EcdhKeyDeriveParams,
      privateKey,
      params.sharedBits,
    );
    z = new Uint8Array(bits);
  } catch {
    throw new NoSecureChannelError(
      'derive-failed',
      curve === 'X25519'
        ? 'the X25519 derivation was refused (the peer key is a low-order point that gives an all-zero secret).'
        : `the ${curve} derivation was refused.`,
    );
  }
  // All-zero Z is only a failure for X25519 (RFC 7748 §6.1); a NIST x-coordinate may legitimately be 0.
  if (curve === 'X25519' && isAllZero(z))
    throw new NoSecureChannelError(
      'zero-shared-secret',
      'the X25519 shared secret is all zeros (the peer key is a low-order point).',
    );
  return z;
}

/** A WebCrypto key pair wrapped as a KeyAgreement. */
class WebCryptoKeyAgreement implements KeyAgreement {
  readonly bits: number;

  constructor(
    readonly curve: RealCurveId,
    private readonly privateKey: CryptoKey,
    readonly publicRaw: Uint8Array,
    readonly privateHex: string,
  ) {
    this.bits = CURVE_PARAMS[curve].fieldBits;
  }

  derive(peerRaw: Uint8Array): Promise<Uint8Array> {
    return deriveSharedSecret(this.curve, this.privateKey, peerRaw);
  }
}

/** Raw public key (04‖X‖Y, or u for X25519) and private scalar hex from a private key's JWK export. */
function fromPrivateJwk(curve: RealCurveId, jwk: JsonWebKey): { publicRaw: Uint8Array; privateHex: string } {
  if (!jwk.d || !jwk.x) throw new Error('The private key export lacks d or x.');
  const x = fromBase64Url(jwk.x);
  const publicRaw = curve === 'X25519' ? x : concatBytes(Uint8Array.of(4), x, fromBase64Url(jwk.y ?? ''));
  return { publicRaw, privateHex: toHex(fromBase64Url(jwk.d)) };
}

async function wrapPrivateKey(curve: RealCurveId, privateKey: CryptoKey): Promise<KeyAgreement> {
  const jwk = await getSubtle().exportKey('jwk', privateKey);
  const { publicRaw, privateHex } = fromPrivateJwk(curve, jwk);
  checkPublicKeyFormat(curve, publicRaw);
  return new WebCryptoKeyAgreement(curve, privateKey, publicRaw, privateHex);
}

/** Generate an extractable WebCrypto key pair on a real curve. */
export async function generateWebCryptoKeyAgreement(curve: RealCurveId): Promise<KeyAgreement> {
  let pair: CryptoKeyPair;
  try {
    pair = (await getSubtle().generateKey(CURVE_PARAMS[curve].algorithm, true, [
      'deriveBits',
    ])) as CryptoKeyPair;
  } catch {
    throw new NoSecureChannelError('unsupported-curve', `this browser cannot generate ${curve} keys.`);
  }
  return wrapPrivateKey(curve, pair.privateKey);
}

/** Provider of WebCrypto key pairs for one real curve. */
export function webCryptoProvider(curve: RealCurveId): KeyAgreementProvider {
  return {
    curve,
    bits: CURVE_PARAMS[curve].fieldBits,
    generate: () => generateWebCryptoKeyAgreement(curve),
  };
}

/** The provider for any curve: WebCrypto for real curves, the registered BigInt provider for toys. */
export function keyAgreementProvider(curve: CurveId): KeyAgreementProvider | undefined {
  if (isRealCurve(curve)) return webCryptoProvider(curve);
  return getKeyAgreementProvider(curve);
}

/** Generate a key pair on any curve; rejects with a plain reason when the curve is unavailable. */
export async function generateKeyAgreement(curve: CurveId): Promise<KeyAgreement> {
  const provider = keyAgreementProvider(curve);
  if (!provider)
    throw new NoSecureChannelError(
      'unsupported-curve',
      isToyCurve(curve) ? `the teaching curve ${curve} is not available yet.` : `unknown curve ${curve}.`,
    );
  return provider.generate();
}

/** Import a private JWK (with its public part) as a KeyAgreement; used for known-answer tests. */
export async function keyAgreementFromJwk(curve: RealCurveId, jwk: JsonWebKey): Promise<KeyAgreement> {
  const want = CURVE_PARAMS[curve].jwk;
  if (jwk.kty !== want.kty || jwk.crv !== want.crv)
    throw new NoSecureChannelError('invalid-public-key', `the key is not a ${curve} key.`);
  const key = await getSubtle().importKey('jwk', jwk, CURVE_PARAMS[curve].algorithm, true, ['deriveBits']);
  return wrapPrivateKey(curve, key);
}

/** Import the raw 32-byte X25519 private key (RFC 7748 form) as a KeyAgreement. */
export async function keyAgreementFromX25519Private(raw: Uint8Array): Promise<KeyAgreement> {
  if (raw.length !== 32) throw new TypeError('An X25519 private key is 32 bytes.');
  const der = concatBytes(X25519_PKCS8_PREFIX, raw);
  const key = await getSubtle().importKey('pkcs8', der, CURVE_PARAMS.X25519.algorithm, true, ['deriveBits']);
  return wrapPrivateKey('X25519', key);
}

/**
 * Convert a peer's public JWK to the raw wire form; refuses a key whose kty/crv is
 * not `curve` or whose coordinates have the wrong size.
 */
export function peerRawFromJwk(curve: RealCurveId, jwk: JsonWebKey): Uint8Array {
  const p = CURVE_PARAMS[curve];
  if (jwk.kty !== p.jwk.kty || jwk.crv !== p.jwk.crv)
    throw new NoSecureChannelError(
      'invalid-public-key',
      `the key is ${String(jwk.crv ?? jwk.kty)}, not ${curve}.`,
    );
  try {
    const x = fromBase64Url(jwk.x ?? '');
    if (curve === 'X25519') {
      if (x.length !== 32) throw new TypeError('bad length');
      return x;
    }
    const y = fromBase64Url(jwk.y ?? '');
    if (x.length !== p.coordBytes || y.length !== p.coordBytes) throw new TypeError('bad length');
    return concatBytes(Uint8Array.of(4), x, y);
  } catch {
    throw new NoSecureChannelError('invalid-public-key', `the ${curve} key coordinates are malformed.`);
  }
}

/** Split a raw public key into hex coordinates: X and Y (Weierstrass 04‖X‖Y), or u for X25519. */
export function publicCoordinates(curve: CurveId, raw: Uint8Array): { x: string; y?: string } {
  if (curve === 'X25519' || raw[0] !== 0x04 || raw.length % 2 === 0) return { x: toHex(raw) };
  const n = (raw.length - 1) / 2;
  return { x: toHex(raw.subarray(1, 1 + n)), y: toHex(raw.subarray(1 + n)) };
}

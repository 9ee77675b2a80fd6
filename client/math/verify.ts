// The independent check of WebCrypto: recompute Q = d·G and the ECDH shared value with this engine and compare.
import type { RealCurveId } from '../../common/wire.js';
import { base64urlToBytes, bytesEqual, bytesToHex } from './bytes.js';
import { CURVE25519, getWeierstrassCurve, type WeierstrassCurve } from './curves.js';
import { bigIntToBytesBE, bytesToBigIntBE } from './field.js';
import { isAllZero } from './bytes.js';
import { decodeUCoordinate } from './montgomery.js';
import {
  doubleAndAdd,
  x25519Ladder,
  type DoubleAndAddRow,
  type ScalarMultTrace,
  type X25519Trace,
} from './scalar-mult.js';
import { decodePublicKey, encodePoint, PointError, type Point } from './weierstrass.js';

/** The engine's recorded computation: double-and-add rows (NIST curves) or the X25519 ladder rows. */
export type EngineTrace =
  | { readonly kind: 'weierstrass'; readonly trace: ScalarMultTrace<DoubleAndAddRow> }
  | { readonly kind: 'x25519'; readonly trace: X25519Trace };

/** Outcome of one check of WebCrypto against this engine. */
export interface VerifyResult {
  /** True when the engine's value equals WebCrypto's byte for byte. */
  readonly ok: boolean;
  /** Which curve. */
  readonly curve: RealCurveId;
  /** 'public-key': Q = d·G vs WebCrypto's raw public key; 'shared-secret': Z vs WebCrypto's deriveBits. */
  readonly check: 'public-key' | 'shared-secret';
  /** What WebCrypto produced, hex. */
  readonly expectedHex: string;
  /** What this engine computed, hex ('' if it could not compute). */
  readonly gotHex: string;
  /** Why it is not ok (absent when ok). */
  readonly reason?: string;
  /** The engine's recorded rows (null when it refused the input before multiplying). */
  readonly trace: EngineTrace | null;
  /** NIST curves: the engine's point (d·G, or the shared point d·Q); null otherwise. */
  readonly point: Point | null;
}

/** An exported private key: JWK `d` (base64url), the JWK itself, or raw bytes (X25519: the 32 raw bytes). */
export type ExportedPrivateKey = string | Uint8Array | { readonly d?: string };

function privateBytes(key: ExportedPrivateKey): Uint8Array {
  if (key instanceof Uint8Array) return key;
  const d = typeof key === 'string' ? key : key.d;
  if (typeof d !== 'string') throw new TypeError('the private key export has no d');
  return base64urlToBytes(d);
}

/** The private scalar of a NIST key export as an integer, checked to be in [1, n − 1]. */
export function nistPrivateScalar(curve: WeierstrassCurve, key: ExportedPrivateKey): bigint {
  const bytes = privateBytes(key);
  if (bytes.length !== curve.byteLength) {
    throw new RangeError(`${curve.id} private key must be ${curve.byteLength} bytes, got ${bytes.length}`);
  }
  const d = bytesToBigIntBE(bytes);
  if (d < 1n || d >= curve.n) throw new RangeError(`${curve.id} private key is not in [1, n − 1]`);
  return d;
}

function result(
  curve: RealCurveId,
  check: VerifyResult['check'],
  expected: Uint8Array,
  got: Uint8Array | null,
  trace: EngineTrace | null,
  point: Point | null,
  reason?: string,
): VerifyResult {
  const ok = got !== null && reason === undefined && bytesEqual(expected, got);
  const out = {
    ok,
    curve,
    check,
    expectedHex: bytesToHex(expected),
    gotHex: got ? bytesToHex(got) : '',
    trace,
    point,
  };
  if (ok) return out;
  return { ...out, reason: reason ?? 'the engine computed a different value than WebCrypto' };
}

function failure(
  curve: RealCurveId,
  check: VerifyResult['check'],
  expected: Uint8Array,
  e: unknown,
): VerifyResult {
  const reason = e instanceof Error ? e.message : String(e);
  return result(curve, check, expected, null, null, null, reason);
}

/**
 * Recomputes Q = d·G from the exported private key and compares it with WebCrypto's raw public key
 * (04 ‖ X ‖ Y for P-256/384/521, the 32-byte u for X25519).
 */
export function verifyPublicKey(
  curve: RealCurveId,
  privateKey: ExportedPrivateKey,
  webcryptoPublicRaw: Uint8Array,
): VerifyResult {
  try {
    if (curve === 'X25519') {
      const trace = x25519Ladder(privateBytes(privateKey), CURVE25519.Gu);
      return result(
        curve,
        'public-key',
        webcryptoPublicRaw,
        trace.resultBytes,
        { kind: 'x25519', trace },
        null,
      );
    }
    const c = getWeierstrassCurve(curve);
    const trace = doubleAndAdd(c, nistPrivateScalar(c, privateKey));
    const got = encodePoint(c, trace.result);
    return result(curve, 'public-key', webcryptoPublicRaw, got, { kind: 'weierstrass', trace }, trace.result);
  } catch (e) {
    return failure(curve, 'public-key', webcryptoPublicRaw, e);
  }
}

/**
 * Recomputes the shared value from the exported private key and the peer's raw public key — X of d·Q
 * (32/48/66 bytes) or X25519(k, u) — and compares it with WebCrypto's deriveBits output. An invalid
 * peer point or an all-zero X25519 result is reported as not ok.
 */
export function verifySharedSecret(
  curve: RealCurveId,
  privateKey: ExportedPrivateKey,
  peerPublicRaw: Uint8Array,
  webcryptoShared: Uint8Array,
): VerifyResult {
  try {
    if (curve === 'X25519') {
      const trace = x25519Ladder(privateBytes(privateKey), decodeUCoordinate(peerPublicRaw));
      const zero = isAllZero(trace.resultBytes)
        ? 'the X25519 result is all zeros (low-order peer point)'
        : undefined;
      return result(
        curve,
        'shared-secret',
        webcryptoShared,
        trace.resultBytes,
        { kind: 'x25519', trace },
        null,
        zero,
      );
    }
    const c = getWeierstrassCurve(curve);
    const d = nistPrivateScalar(c, privateKey);
    const Q = decodePublicKey(c, peerPublicRaw);
    const trace = doubleAndAdd(c, d, Q);
    const S = trace.result;
    if (S.infinity) throw new PointError('infinity', 'the shared point is O');
    const got = bigIntToBytesBE(S.x, c.byteLength);
    return result(curve, 'shared-secret', webcryptoShared, got, { kind: 'weierstrass', trace }, S);
  } catch (e) {
    return failure(curve, 'shared-secret', webcryptoShared, e);
  }
}

// WebCrypto parameters of the real curves (docs/protocol.md §5) and browser feature detection.
import { PUB_LENGTH, REAL_CURVES, TOY_CURVES, type CurveId, type RealCurveId } from '../../common/wire.js';
import { getSubtle } from './errors.js';
import { hasKeyAgreementProvider } from './key-agreement.js';

/** Browser support for each curve, from feature detection. */
export type CurveSupport = Record<CurveId, boolean>;

/** Everything WebCrypto needs to know about one real curve. */
export interface RealCurveParams {
  /** Curve id as on the wire. */
  id: RealCurveId;
  /** Algorithm for generateKey/importKey. */
  algorithm: EcKeyImportParams | Algorithm;
  /** Name used in deriveBits' algorithm ('ECDH' or 'X25519'). */
  deriveName: 'ECDH' | 'X25519';
  /** deriveBits length: Z size in bits. */
  sharedBits: number;
  /** Field size in bits (for display). */
  fieldBits: number;
  /** Raw public key length in bytes. */
  pubLength: number;
  /** Bytes of one coordinate (X, Y, d; or u and the X25519 scalar). */
  coordBytes: number;
  /** JWK key type and curve name. */
  jwk: { kty: 'EC' | 'OKP'; crv: string };
}

function ec(id: 'P-256' | 'P-384' | 'P-521', bits: number, sharedBits: number): RealCurveParams {
  return {
    id,
    algorithm: { name: 'ECDH', namedCurve: id },
    deriveName: 'ECDH',
    sharedBits,
    fieldBits: bits,
    pubLength: PUB_LENGTH[id],
    coordBytes: Math.ceil(bits / 8),
    jwk: { kty: 'EC', crv: id },
  };
}

/** Parameters per real curve id. */
export const CURVE_PARAMS: Readonly<Record<RealCurveId, RealCurveParams>> = {
  'P-256': ec('P-256', 256, 256),
  'P-384': ec('P-384', 384, 384),
  'P-521': ec('P-521', 521, 528),
  X25519: {
    id: 'X25519',
    algorithm: { name: 'X25519' },
    deriveName: 'X25519',
    sharedBits: 256,
    fieldBits: 255,
    pubLength: PUB_LENGTH.X25519,
    coordBytes: 32,
    jwk: { kty: 'OKP', crv: 'X25519' },
  },
};

/** Shared-secret (Z) length in bits per real curve: 256, 384, 528, 256. */
export const SHARED_SECRET_BITS: Readonly<Record<RealCurveId, number>> = Object.fromEntries(
  REAL_CURVES.map((c) => [c, CURVE_PARAMS[c].sharedBits]),
) as Record<RealCurveId, number>;

/** True for the curves done by WebCrypto. */
export function isRealCurve(id: CurveId): id is RealCurveId {
  return (REAL_CURVES as readonly string[]).includes(id);
}

/** True when a key pair can be generated on `curve` by WebCrypto here. */
export async function supportsRealCurve(curve: RealCurveId): Promise<boolean> {
  try {
    const pair = await getSubtle().generateKey(CURVE_PARAMS[curve].algorithm, false, ['deriveBits']);
    return 'privateKey' in pair;
  } catch {
    return false;
  }
}

/**
 * Feature detection: tries generateKey on every real curve; toy curves count as
 * supported when a BigInt provider has been registered for them.
 */
export async function detectCurveSupport(): Promise<CurveSupport> {
  const entries = await Promise.all(REAL_CURVES.map(async (c) => [c, await supportsRealCurve(c)] as const));
  const support = Object.fromEntries(entries) as Record<string, boolean>;
  for (const t of TOY_CURVES) support[t] = hasKeyAgreementProvider(t);
  return support as CurveSupport;
}

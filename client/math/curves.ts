// Curve definitions with published parameters: P-256/384/521, Curve25519 and the toy curves of docs/protocol.md §5.
import type { CurveId, ToyCurveId } from '../../common/wire.js';
import { byteLength, mod, signedMod } from './field.js';

/** A short Weierstrass curve y² = x³ + ax + b over F_p with base point G of prime order n and cofactor h. */
export interface WeierstrassCurve {
  /** Discriminant for the union {@link CurveDef}. */
  readonly kind: 'weierstrass';
  /** Wire id (common/wire.ts). */
  readonly id: Exclude<CurveId, 'X25519'>;
  /** Human name, e.g. "NIST P-256" or "toy curve over F_17". */
  readonly name: string;
  /** Field prime. */
  readonly p: bigint;
  /** Coefficient a, reduced into [0, p) (P-256's −3 is stored as p − 3; see {@link signedMod}). */
  readonly a: bigint;
  /** Coefficient b, reduced into [0, p). */
  readonly b: bigint;
  /** Base point G (affine). */
  readonly G: { readonly x: bigint; readonly y: bigint };
  /** Order of G. */
  readonly n: bigint;
  /** Cofactor: curve order = h·n. */
  readonly h: bigint;
  /** Bytes per coordinate: ⌈bits(p)/8⌉. */
  readonly byteLength: number;
  /** True for the insecure teaching curves. */
  readonly toy: boolean;
}

/** The Montgomery curve v² = u³ + Au² + u over F_p used by X25519 (RFC 7748). */
export interface MontgomeryCurve {
  /** Discriminant for the union {@link CurveDef}. */
  readonly kind: 'montgomery';
  /** Wire id. */
  readonly id: 'X25519';
  /** Human name. */
  readonly name: string;
  /** Field prime 2^255 − 19. */
  readonly p: bigint;
  /** Coefficient A = 486662. */
  readonly A: bigint;
  /** (A − 2)/4 = 121665, the ladder constant of RFC 7748 §5. */
  readonly a24: bigint;
  /** u-coordinate of the base point: 9. */
  readonly Gu: bigint;
  /** Prime order of the base point: 2^252 + 27742317777372353535851937790883648493. */
  readonly n: bigint;
  /** Cofactor 8. */
  readonly h: bigint;
  /** Bytes of a u-coordinate / scalar: 32. */
  readonly byteLength: number;
  /** Always false. */
  readonly toy: false;
}

/** Any curve of the engine. */
export type CurveDef = WeierstrassCurve | MontgomeryCurve;

function weier(
  id: WeierstrassCurve['id'],
  name: string,
  p: bigint,
  a: bigint,
  b: bigint,
  Gx: bigint,
  Gy: bigint,
  n: bigint,
  h: bigint,
  toy: boolean,
): WeierstrassCurve {
  return Object.freeze({
    kind: 'weierstrass',
    id,
    name,
    p,
    a: mod(a, p),
    b: mod(b, p),
    G: Object.freeze({ x: Gx, y: Gy }),
    n,
    h,
    byteLength: byteLength(p),
    toy,
  });
}

/** NIST P-256 (secp256r1), FIPS 186-5 / SEC 2. */
export const P256 = weier(
  'P-256',
  'NIST P-256',
  2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
  -3n,
  0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
  0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  1n,
  false,
);

/** NIST P-384 (secp384r1). */
export const P384 = weier(
  'P-384',
  'NIST P-384',
  2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
  -3n,
  0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
  0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
  0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  1n,
  false,
);

/** NIST P-521 (secp521r1): p = 2^521 − 1. */
export const P521 = weier(
  'P-521',
  'NIST P-521',
  2n ** 521n - 1n,
  -3n,
  0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n,
  0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n,
  0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  1n,
  false,
);

/** Curve25519 in Montgomery form, the curve of X25519 (RFC 7748 §4.1). */
export const CURVE25519: MontgomeryCurve = Object.freeze({
  kind: 'montgomery',
  id: 'X25519',
  name: 'Curve25519 (X25519)',
  p: 2n ** 255n - 19n,
  A: 486662n,
  a24: 121665n,
  Gu: 9n,
  n: 2n ** 252n + 27742317777372353535851937790883648493n,
  h: 8n,
  byteLength: 32,
  toy: false,
});

/** y² = x³ + 2x + 2 over F_17, G = (5, 1) of order 19 (Paar & Pelzl). */
export const TOY_17 = weier('toy-17', 'toy curve over F_17', 17n, 2n, 2n, 5n, 1n, 19n, 1n, true);
/** y² = x³ + 9x + 1 over F_61, G = (5, 7), prime order 73. */
export const TOY_61 = weier('toy-61', 'toy curve over F_61', 61n, 9n, 1n, 5n, 7n, 73n, 1n, true);
/** y² = x³ − 3x + 6 over F_97, G = (0, 43), order 107 (a = −3 like P-256). */
export const TOY_97_A3 = weier(
  'toy-97-a3',
  'toy curve over F_97, a = −3',
  97n,
  -3n,
  6n,
  0n,
  43n,
  107n,
  1n,
  true,
);
/** y² = x³ + 7 over F_97, G = (1, 28), order 79 (the shape of secp256k1). */
export const TOY_97_B7 = weier(
  'toy-97-b7',
  'toy curve over F_97, b = 7',
  97n,
  0n,
  7n,
  1n,
  28n,
  79n,
  1n,
  true,
);
/** y² = x³ − 3x + 1 over F_263, G = (0, 1), prime order 257. */
export const TOY_263 = weier('toy-263', 'toy curve over F_263', 263n, -3n, 1n, 0n, 1n, 257n, 1n, true);
/** y² = x³ − 3x + 4 over F_65521, G = (0, 2), order 65927: brute force visibly takes time. */
export const TOY_65521 = weier(
  'toy-65521',
  'toy curve over F_65521',
  65521n,
  -3n,
  4n,
  0n,
  2n,
  65927n,
  1n,
  true,
);
/** y² = x³ + 2x + 3 over F_97, G = (3, 6) of order 5; curve order 100, cofactor 20: explains cofactors. */
export const TOY_97_COFACTOR = weier(
  'toy-97-cofactor',
  'toy curve over F_97 with cofactor 20',
  97n,
  2n,
  3n,
  3n,
  6n,
  5n,
  20n,
  true,
);

/** Every toy curve keyed by its wire id. */
export const TOY_CURVE_DEFS: Readonly<Record<ToyCurveId, WeierstrassCurve>> = Object.freeze({
  'toy-17': TOY_17,
  'toy-61': TOY_61,
  'toy-97-a3': TOY_97_A3,
  'toy-97-b7': TOY_97_B7,
  'toy-263': TOY_263,
  'toy-65521': TOY_65521,
  'toy-97-cofactor': TOY_97_COFACTOR,
});

/** Every curve keyed by its wire id. */
export const CURVES: Readonly<Record<CurveId, CurveDef>> = Object.freeze({
  'P-256': P256,
  'P-384': P384,
  'P-521': P521,
  X25519: CURVE25519,
  ...TOY_CURVE_DEFS,
});

/** The definition of a curve by wire id; throws on an unknown id. */
export function getCurve(id: CurveId): CurveDef {
  const c = (CURVES as Record<string, CurveDef | undefined>)[id];
  if (!c) throw new RangeError(`unknown curve id: ${String(id)}`);
  return c;
}

/** The Weierstrass definition for any id except X25519; throws for X25519 or an unknown id. */
export function getWeierstrassCurve(id: CurveId): WeierstrassCurve {
  const c = getCurve(id);
  if (c.kind !== 'weierstrass') throw new RangeError(`${id} is not a Weierstrass curve`);
  return c;
}

/** The toy curve for a toy id; throws for real curves. */
export function getToyCurve(id: CurveId): WeierstrassCurve {
  const c = getWeierstrassCurve(id);
  if (!c.toy) throw new RangeError(`${id} is not a toy curve`);
  return c;
}

function term(coef: bigint, sym: string): string {
  if (coef === 0n) return '';
  const sign = coef < 0n ? ' − ' : ' + ';
  const abs = coef < 0n ? -coef : coef;
  return sign + (abs === 1n && sym ? '' : abs.toString()) + sym;
}

/**
 * The equation as display text, e.g. "y² = x³ − 3x + 6 over F_97"; the NIST curves' huge b is
 * written as "b". Montgomery: "v² = u³ + 486662u² + u over F_(2^255−19)".
 */
export function equationText(curve: CurveDef): string {
  if (curve.kind === 'montgomery') return 'v² = u³ + 486662u² + u over F_(2^255 − 19)';
  const a = signedMod(curve.a, curve.p);
  const rhs = curve.toy
    ? `x³${term(a, 'x')}${term(signedMod(curve.b, curve.p), '')}`
    : `x³${term(a, 'x')} + b`;
  const field = curve.toy ? `F_${curve.p}` : `F_p (${curve.p.toString(2).length}-bit p)`;
  return `y² = ${rhs} over ${field}`;
}

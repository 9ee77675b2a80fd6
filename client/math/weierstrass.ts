// Short Weierstrass point arithmetic: affine points with infinity, add/double/negate, Jacobian internals, SEC1 encoding.
import { bigIntToBytesBE, byteLength, bytesToBigIntBE, invert, mod } from './field.js';
import type { WeierstrassCurve } from './curves.js';
import { CodedError } from '../crypto/errors.js';

/** What the arithmetic needs of a curve y² = x³ + ax + b over F_p (a, b reduced mod p). */
export interface CurveParams {
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
}

/** A finite point (x, y) with 0 ≤ x, y < p. */
export interface AffinePoint {
  readonly infinity: false;
  readonly x: bigint;
  readonly y: bigint;
}

/** The point at infinity O: the group's identity, "the point where vertical lines meet". */
export interface PointAtInfinity {
  readonly infinity: true;
}

/** A curve point: affine or O. Test with `P.infinity`. */
export type Point = AffinePoint | PointAtInfinity;

/** The point at infinity O. */
export const INFINITY: PointAtInfinity = Object.freeze({ infinity: true as const });

/** Builds an affine point (no curve check; see {@link isOnCurve}). */
export function point(x: bigint, y: bigint): AffinePoint {
  return Object.freeze({ infinity: false as const, x, y });
}

/** The base point G of a curve as a {@link Point}. */
export function basePoint(curve: WeierstrassCurve): AffinePoint {
  return point(curve.G.x, curve.G.y);
}

/** True when P and Q are the same point. */
export function pointsEqual(P: Point, Q: Point): boolean {
  if (P.infinity || Q.infinity) return P.infinity === Q.infinity;
  return P.x === Q.x && P.y === Q.y;
}

/** True when P is O or satisfies y² = x³ + ax + b with coordinates in [0, p). */
export function isOnCurve(curve: CurveParams, P: Point): boolean {
  if (P.infinity) return true;
  const { p, a, b } = curve;
  if (P.x < 0n || P.x >= p || P.y < 0n || P.y >= p) return false;
  return mod(P.y * P.y - (P.x * P.x * P.x + a * P.x + b), p) === 0n;
}

/** −P = (x, −y); −O = O. */
export function negate(curve: CurveParams, P: Point): Point {
  return P.infinity ? P : point(P.x, mod(-P.y, curve.p));
}

/** How P + Q was formed, for drawing: the line and the third intersection point. */
export interface AddDetail {
  /** 'identity': P or Q is O; 'inverse': Q = −P (vertical line); 'double': tangent at P = Q; 'add': chord. */
  readonly kind: 'identity' | 'inverse' | 'double' | 'add';
  /** Slope λ of the line mod p (null for 'identity' and 'inverse'). */
  readonly slope: bigint | null;
  /** Intercept ν = y_P − λ·x_P mod p, so the line is y = λx + ν (null when no such line). */
  readonly intercept: bigint | null;
  /** The third point where the line meets the curve: −(P + Q). */
  readonly third: Point;
  /** P + Q. */
  readonly result: Point;
}

/** P + Q by the chord-and-tangent rule, with the line and third intersection (affine, one inversion). */
export function addDetailed(curve: CurveParams, P: Point, Q: Point): AddDetail {
  const { p, a } = curve;
  if (P.infinity || Q.infinity) {
    const result = P.infinity ? Q : P;
    return { kind: 'identity', slope: null, intercept: null, third: negate(curve, result), result };
  }
  let slope: bigint;
  let kind: 'double' | 'add';
  if (P.x === Q.x) {
    if (mod(P.y + Q.y, p) === 0n) {
      return { kind: 'inverse', slope: null, intercept: null, third: INFINITY, result: INFINITY };
    }
    kind = 'double';
    slope = mod((3n * P.x * P.x + a) * invert(2n * P.y, p), p);
  } else {
    kind = 'add';
    slope = mod((Q.y - P.y) * invert(Q.x - P.x, p), p);
  }
  const x3 = mod(slope * slope - P.x - Q.x, p);
  const intercept = mod(P.y - slope * P.x, p);
  const third = point(x3, mod(slope * x3 + intercept, p));
  return { kind, slope, intercept, third, result: negate(curve, third) };
}

/** P + Q (affine). */
export function add(curve: CurveParams, P: Point, Q: Point): Point {
  return addDetailed(curve, P, Q).result;
}

/** 2P (affine; the tangent rule). */
export function double(curve: CurveParams, P: Point): Point {
  return addDetailed(curve, P, P).result;
}

/** k·P by plain double-and-add on Jacobian coordinates, without recording (k ≥ 0). */
export function multiply(curve: CurveParams, k: bigint, P: Point): Point {
  if (k < 0n) throw new RangeError('multiply: negative scalar');
  if (P.infinity || k === 0n) return INFINITY;
  const base = toJacobian(P);
  let R = JACOBIAN_INFINITY;
  for (let i = k.toString(2).length - 1; i >= 0; i--) {
    R = jacobianDouble(curve, R);
    if ((k >> BigInt(i)) & 1n) R = jacobianAdd(curve, R, base);
  }
  return fromJacobian(curve, R);
}

// ---- Jacobian coordinates: (X, Y, Z) stands for (X/Z², Y/Z³); Z = 0 is O. Internal speed-up only. ----

/** A point in Jacobian coordinates (X/Z², Y/Z³); Z = 0 is the point at infinity. */
export interface JacobianPoint {
  readonly X: bigint;
  readonly Y: bigint;
  readonly Z: bigint;
}

/** O in Jacobian coordinates. */
export const JACOBIAN_INFINITY: JacobianPoint = Object.freeze({ X: 1n, Y: 1n, Z: 0n });

/** Affine → Jacobian (Z = 1). */
export function toJacobian(P: Point): JacobianPoint {
  return P.infinity ? JACOBIAN_INFINITY : { X: P.x, Y: P.y, Z: 1n };
}

/** Jacobian → affine (one inversion). */
export function fromJacobian(curve: CurveParams, P: JacobianPoint): Point {
  if (P.Z === 0n) return INFINITY;
  const { p } = curve;
  const zi = invert(P.Z, p);
  const zi2 = (zi * zi) % p;
  return point((P.X * zi2) % p, (((P.Y * zi2) % p) * zi) % p);
}

/** Many Jacobian points → affine with a single inversion (Montgomery's batch-inversion trick). */
export function batchFromJacobian(curve: CurveParams, points: readonly JacobianPoint[]): Point[] {
  const { p } = curve;
  const prefix: bigint[] = new Array<bigint>(points.length);
  let acc = 1n;
  points.forEach((P, i) => {
    prefix[i] = acc;
    if (P.Z !== 0n) acc = (acc * P.Z) % p;
  });
  let inv = acc === 1n ? 1n : invert(acc, p);
  const out: Point[] = new Array<Point>(points.length);
  for (let i = points.length - 1; i >= 0; i--) {
    const P = points[i] as JacobianPoint;
    if (P.Z === 0n) {
      out[i] = INFINITY;
      continue;
    }
    const zi = (inv * (prefix[i] as bigint)) % p;
    inv = (inv * P.Z) % p;
    const zi2 = (zi * zi) % p;
    out[i] = point((P.X * zi2) % p, (((P.Y * zi2) % p) * zi) % p);
  }
  return out;
}

/** 2P in Jacobian coordinates (general a). */
export function jacobianDouble(curve: CurveParams, P: JacobianPoint): JacobianPoint {
  const { p, a } = curve;
  if (P.Z === 0n || P.Y === 0n) return JACOBIAN_INFINITY;
  const XX = (P.X * P.X) % p;
  const YY = (P.Y * P.Y) % p;
  const ZZ = (P.Z * P.Z) % p;
  const S = (4n * P.X * YY) % p;
  const M = (3n * XX + a * ((ZZ * ZZ) % p)) % p;
  const X3 = mod(M * M - 2n * S, p);
  const Y3 = mod(M * (S - X3) - 8n * ((YY * YY) % p), p);
  const Z3 = (2n * P.Y * P.Z) % p;
  return { X: X3, Y: Y3, Z: Z3 };
}

/** P + Q in Jacobian coordinates (handles O, P = Q and P = −Q; faster when Q.Z = 1). */
export function jacobianAdd(curve: CurveParams, P: JacobianPoint, Q: JacobianPoint): JacobianPoint {
  if (P.Z === 0n) return Q;
  if (Q.Z === 0n) return P;
  const { p } = curve;
  const Z1Z1 = (P.Z * P.Z) % p;
  let U1 = P.X;
  let S1 = P.Y;
  if (Q.Z !== 1n) {
    const Z2Z2 = (Q.Z * Q.Z) % p;
    U1 = (P.X * Z2Z2) % p;
    S1 = (((P.Y * Q.Z) % p) * Z2Z2) % p;
  }
  const U2 = (Q.X * Z1Z1) % p;
  const S2 = (((Q.Y * P.Z) % p) * Z1Z1) % p;
  const H = mod(U2 - U1, p);
  const R = mod(S2 - S1, p);
  if (H === 0n) return R === 0n ? jacobianDouble(curve, P) : JACOBIAN_INFINITY;
  const HH = (H * H) % p;
  const HHH = (H * HH) % p;
  const V = (U1 * HH) % p;
  const X3 = mod(R * R - HHH - 2n * V, p);
  const Y3 = mod(R * (V - X3) - S1 * HHH, p);
  const Z3 = Q.Z === 1n ? (P.Z * H) % p : (((P.Z * Q.Z) % p) * H) % p;
  return { X: X3, Y: Y3, Z: Z3 };
}

// ---- Encoding (docs/protocol.md §5): 04 ‖ X ‖ Y, each coordinate ⌈bits(p)/8⌉ bytes big-endian. ----

/** Why a point encoding was refused. */
export type PointErrorCode = 'length' | 'prefix' | 'range' | 'not-on-curve' | 'infinity' | 'subgroup';

/** A refused point encoding or public key, with a machine-readable reason. */
export class PointError extends CodedError<PointErrorCode> {
  override readonly name = 'PointError';
}

/** Uncompressed SEC1 encoding 04 ‖ X ‖ Y (width ⌈bits(p)/8⌉: 32/48/66 for P-256/384/521); throws for O. */
export function encodePoint(curve: CurveParams, P: Point): Uint8Array {
  if (P.infinity) throw new PointError('infinity', 'the point at infinity has no uncompressed encoding');
  const w = byteLength(curve.p);
  const out = new Uint8Array(1 + 2 * w);
  out[0] = 0x04;
  out.set(bigIntToBytesBE(P.x, w), 1);
  out.set(bigIntToBytesBE(P.y, w), 1 + w);
  return out;
}

/** Decodes 04 ‖ X ‖ Y and checks length, prefix, X, Y < p and the curve equation; throws {@link PointError}. */
export function decodePoint(curve: CurveParams, bytes: Uint8Array): AffinePoint {
  const w = byteLength(curve.p);
  if (bytes.length !== 1 + 2 * w) {
    throw new PointError('length', `expected ${1 + 2 * w} bytes (04 ‖ X ‖ Y), got ${bytes.length}`);
  }
  if (bytes[0] !== 0x04) throw new PointError('prefix', `expected prefix 04, got ${bytes[0]}`);
  const x = bytesToBigIntBE(bytes.subarray(1, 1 + w));
  const y = bytesToBigIntBE(bytes.subarray(1 + w));
  if (x >= curve.p || y >= curve.p) throw new PointError('range', 'coordinate not below p');
  const P = point(x, y);
  if (!isOnCurve(curve, P))
    throw new PointError('not-on-curve', 'the point does not satisfy the curve equation');
  return P;
}

/**
 * Checks a peer public point: on the curve, not O, and in the subgroup of G (n·Q = O).
 * The subgroup check is skipped when h = 1, where every point but O already has order n.
 */
export function validatePublicPoint(curve: WeierstrassCurve, Q: Point): AffinePoint {
  if (Q.infinity) throw new PointError('infinity', 'the point at infinity is not a public key');
  if (!isOnCurve(curve, Q)) throw new PointError('not-on-curve', 'the point is not on the curve');
  if (curve.h !== 1n && !multiply(curve, curve.n, Q).infinity) {
    throw new PointError('subgroup', `the point is not in the subgroup of order ${curve.n} generated by G`);
  }
  return Q;
}

/** Decodes and validates a raw public key (length, prefix, range, on curve, not O, subgroup). */
export function decodePublicKey(curve: WeierstrassCurve, bytes: Uint8Array): AffinePoint {
  return validatePublicPoint(curve, decodePoint(curve, bytes));
}

/** A point as hex strings for display / JSON (`null` for O). */
export function pointToHex(P: Point): { x: string; y: string } | null {
  return P.infinity ? null : { x: P.x.toString(16), y: P.y.toString(16) };
}

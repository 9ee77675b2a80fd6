// Scalar multiplication that records every step: double-and-add, the Montgomery ladder, and the X25519 ladder.
import { CURVE25519 } from './curves.js';
import type { WeierstrassCurve } from './curves.js';
import { bitLength, bytesToBigIntLE, mod } from './field.js';
import {
  clampScalarBytes,
  describeClamping,
  encodeUCoordinate,
  montgomeryLadderU,
  type ClampBit,
} from './montgomery.js';
import {
  basePoint,
  batchFromJacobian,
  INFINITY,
  JACOBIAN_INFINITY,
  jacobianAdd,
  jacobianDouble,
  toJacobian,
  type CurveParams,
  type JacobianPoint,
  type Point,
} from './weierstrass.js';

/** Options for the recorded Weierstrass multiplications. */
export interface ScalarMultOptions {
  /**
   * Number of rows (bits processed, MSB first). Default: max(bits(n), bits(k)) when the curve has
   * an order n, else bits(k) — so every P-256 key gives 256 rows, leading zero bits included.
   */
  readonly width?: number;
}

/** One row of left-to-right double-and-add: R ← 2R, then R ← R + P if the bit is 1. */
export interface DoubleAndAddRow {
  /** Bit position in k (width−1 down to 0). */
  readonly bitIndex: number;
  /** k's bit at that position. */
  readonly bit: 0 | 1;
  /** 'D' (double only) for a 0 bit, 'D+A' (double then add P) for a 1 bit. */
  readonly op: 'D' | 'D+A';
  /** The bits of k read so far, as a number: after this row R = prefix·P. */
  readonly prefix: bigint;
  /** R after this row (affine, or O). */
  readonly point: Point;
}

/** One row of the Montgomery ladder: always one addition and one doubling (constant pattern). */
export interface LadderRow {
  /** Bit position in k (width−1 down to 0). */
  readonly bitIndex: number;
  /** k's bit at that position. */
  readonly bit: 0 | 1;
  /** Always 'A+D': bit 0 → R1 ← R0+R1, R0 ← 2R0; bit 1 → R0 ← R0+R1, R1 ← 2R1. */
  readonly op: 'A+D';
  /** The bits of k read so far: after this row R0 = prefix·P and R1 = (prefix+1)·P. */
  readonly prefix: bigint;
  /** R0 after this row. */
  readonly r0: Point;
  /** R1 after this row (always R0 + P). */
  readonly r1: Point;
}

/** A recorded Weierstrass scalar multiplication. */
export interface ScalarMultTrace<Row> {
  /** Which algorithm produced the rows. */
  readonly method: 'double-and-add' | 'montgomery-ladder';
  /** The scalar k. */
  readonly k: bigint;
  /** The point multiplied. */
  readonly base: Point;
  /** One row per bit, most significant first. */
  readonly rows: readonly Row[];
  /** k·P. */
  readonly result: Point;
  /** Point doublings performed (doubling O included). */
  readonly doublings: number;
  /** Point additions performed (adding to O included). */
  readonly additions: number;
}

function rowWidth(k: bigint, curve: CurveParams & { n?: bigint }, opts?: ScalarMultOptions): number {
  if (k < 0n) throw new RangeError('scalar must be non-negative');
  const natural = Math.max(bitLength(k), curve.n === undefined ? 0 : bitLength(curve.n));
  const width = opts?.width ?? natural;
  if (!Number.isInteger(width) || width < bitLength(k)) {
    throw new RangeError(`width ${width} is smaller than the ${bitLength(k)} bits of k`);
  }
  return width;
}

/**
 * k·P by double-and-add, most significant bit first, starting from R = O, recording one row per bit.
 * P defaults to the curve's G. Jacobian arithmetic inside; rows hold affine points.
 */
export function doubleAndAdd(
  curve: WeierstrassCurve | (CurveParams & { n?: bigint }),
  k: bigint,
  P: Point = 'G' in curve ? basePoint(curve) : failNoBase(),
  opts?: ScalarMultOptions,
): ScalarMultTrace<DoubleAndAddRow> {
  const width = rowWidth(k, curve, opts);
  const base = toJacobian(P);
  let R: JacobianPoint = JACOBIAN_INFINITY;
  const raw: JacobianPoint[] = [];
  let additions = 0;
  for (let i = width - 1; i >= 0; i--) {
    R = jacobianDouble(curve, R);
    if ((k >> BigInt(i)) & 1n) {
      R = jacobianAdd(curve, R, base);
      additions++;
    }
    raw.push(R);
  }
  const points = batchFromJacobian(curve, raw);
  const rows = points.map((point, j): DoubleAndAddRow => {
    const bitIndex = width - 1 - j;
    const bit: 0 | 1 = (k >> BigInt(bitIndex)) & 1n ? 1 : 0;
    return { bitIndex, bit, op: bit ? 'D+A' : 'D', prefix: k >> BigInt(bitIndex), point };
  });
  const result = points.at(-1) ?? INFINITY;
  return { method: 'double-and-add', k, base: P, rows, result, doublings: width, additions };
}

/**
 * k·P by the Montgomery ladder (R0 = O, R1 = P; one addition and one doubling per bit whatever the
 * bit), recording R0 and R1 after every row. P defaults to G.
 */
export function montgomeryLadder(
  curve: WeierstrassCurve | (CurveParams & { n?: bigint }),
  k: bigint,
  P: Point = 'G' in curve ? basePoint(curve) : failNoBase(),
  opts?: ScalarMultOptions,
): ScalarMultTrace<LadderRow> {
  const width = rowWidth(k, curve, opts);
  let R0: JacobianPoint = JACOBIAN_INFINITY;
  let R1: JacobianPoint = toJacobian(P);
  const raw: JacobianPoint[] = [];
  for (let i = width - 1; i >= 0; i--) {
    if ((k >> BigInt(i)) & 1n) {
      R0 = jacobianAdd(curve, R0, R1);
      R1 = jacobianDouble(curve, R1);
    } else {
      R1 = jacobianAdd(curve, R0, R1);
      R0 = jacobianDouble(curve, R0);
    }
    raw.push(R0, R1);
  }
  const points = batchFromJacobian(curve, raw);
  const rows: LadderRow[] = [];
  for (let j = 0; j < width; j++) {
    const bitIndex = width - 1 - j;
    const bit: 0 | 1 = (k >> BigInt(bitIndex)) & 1n ? 1 : 0;
    rows.push({
      bitIndex,
      bit,
      op: 'A+D',
      prefix: k >> BigInt(bitIndex),
      r0: points[2 * j] as Point,
      r1: points[2 * j + 1] as Point,
    });
  }
  const result = points.at(-2) ?? INFINITY;
  return { method: 'montgomery-ladder', k, base: P, rows, result, doublings: width, additions: width };
}

function failNoBase(): never {
  throw new TypeError('no base point: pass P explicitly for a curve without G');
}

/** One row of the RFC 7748 ladder on the clamped scalar. */
export interface X25519LadderRow {
  /** Bit position t (254 down to 0). */
  readonly bitIndex: number;
  /** Bit t of the clamped scalar. */
  readonly bit: 0 | 1;
  /** cswap flag applied at the start of this row (bit XOR previous bit): 1 = registers exchanged. */
  readonly swap: 0 | 1;
  /** Affine u of register x2/z2 after the row (null = O). As in the RFC, the swap is deferred. */
  readonly x2: bigint | null;
  /** Affine u of register x3/z3 after the row (null = O). */
  readonly x3: bigint | null;
  /** Logical R0 = prefix·P after the row: x3 when bit = 1 (pending swap), else x2. */
  readonly r0: bigint | null;
  /** Logical R1 = (prefix+1)·P after the row. */
  readonly r1: bigint | null;
  /** Bits of the clamped scalar read so far. */
  readonly prefix: bigint;
}

/** A recorded X25519 computation: clamping, the ladder rows, and the output. */
export interface X25519Trace {
  /** The 32 private bytes as given. */
  readonly scalarBytes: Uint8Array;
  /** The same bytes after clamping. */
  readonly clampedBytes: Uint8Array;
  /** The clamped scalar as an integer. */
  readonly k: bigint;
  /** The five clamped bits explained. */
  readonly clamping: ClampBit[];
  /** Input u-coordinate (decoded, mod p). */
  readonly u: bigint;
  /** 255 rows, bit 254 first. */
  readonly rows: readonly X25519LadderRow[];
  /** Output u-coordinate (0 for O). */
  readonly result: bigint;
  /** Output as 32 little-endian bytes, as X25519 returns it. */
  readonly resultBytes: Uint8Array;
}

/** X25519(k, u) with every ladder row recorded (u defaults to the base point 9). */
export function x25519Ladder(scalar: Uint8Array, u: bigint = CURVE25519.Gu): X25519Trace {
  const { p } = CURVE25519;
  const clampedBytes = clampScalarBytes(scalar);
  const k = bytesToBigIntLE(clampedBytes);
  const steps: { t: number; bit: 0 | 1; swap: 0 | 1 }[] = [];
  const proj: JacobianPoint[] = [];
  const result = montgomeryLadderU(k, u, 255, (s) => {
    steps.push({ t: s.t, bit: s.bit, swap: s.swap });
    proj.push({ X: s.x2, Y: 0n, Z: s.z2 }, { X: s.x3, Y: 0n, Z: s.z3 });
  });
  const us = batchInvertU(p, proj);
  const rows = steps.map((s, j): X25519LadderRow => {
    const x2 = us[2 * j] as bigint | null;
    const x3 = us[2 * j + 1] as bigint | null;
    return {
      bitIndex: s.t,
      bit: s.bit,
      swap: s.swap,
      x2,
      x3,
      r0: s.bit ? x3 : x2,
      r1: s.bit ? x2 : x3,
      prefix: k >> BigInt(s.t),
    };
  });
  return {
    scalarBytes: Uint8Array.from(scalar),
    clampedBytes,
    k,
    clamping: describeClamping(scalar),
    u: mod(u, p),
    rows,
    result,
    resultBytes: encodeUCoordinate(result),
  };
}

/** X/Z for many projective pairs with one inversion; null where Z = 0. */
function batchInvertU(p: bigint, pts: readonly JacobianPoint[]): (bigint | null)[] {
  // Feed (X·Z, ·, Z): batchFromJacobian returns X·Z / Z² = X/Z as the x-coordinate.
  const params: CurveParams = { p, a: 0n, b: 0n };
  const affine = batchFromJacobian(
    params,
    pts.map((q) => ({ X: (q.X * q.Z) % p, Y: 0n, Z: q.Z })),
  );
  return affine.map((P) => (P.infinity ? null : P.x));
}

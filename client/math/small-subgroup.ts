// Invalid-curve and small-subgroup attacks on toy curves: curves with the same a, points of small order, the victim's leak.
import type { WeierstrassCurve } from './curves.js';
import { crt, type Congruence } from './crt.js';
import { mod, sqrt } from './field.js';
import { factorize } from './toy.js';
import {
  add,
  INFINITY,
  isOnCurve,
  multiply,
  point,
  pointsEqual,
  type CurveParams,
  type Point,
} from './weierstrass.js';

/** Largest prime order the other-b attack uses: the attacker's matching tries at most this many multiples. */
export const MAX_PROBE_ORDER = 1000n;
const MAX_P = 1n << 20n;

/** A point of small order sent to the victim, and the curve it really lies on. */
export interface Probe {
  /** The b of the curve y² = x³ + ax + b the point lies on (the victim's own b on the cofactor curve). */
  readonly b: bigint;
  /** Number of points of that curve, O included (brute force). */
  readonly curveOrder: bigint;
  /** The point sent. */
  readonly point: Point;
  /** Its order: the victim's answer reveals d modulo this. */
  readonly order: bigint;
}

/** True when y² = x³ + ax + b over F_p is a curve (4a³ + 27b² ≠ 0 mod p). */
export function isNonSingular(p: bigint, a: bigint, b: bigint): boolean {
  return mod(4n * a * a * a + 27n * b * b, p) !== 0n;
}

function checkToy(curve: WeierstrassCurve): number {
  if (!curve.toy || curve.p >= MAX_P) throw new RangeError('the attack labs use toy curves only');
  return Number(curve.p);
}

/** Squares mod p as a table (isSquare[r] for r in [0, p)), for counting points quickly. */
function squareTable(p: number): Uint8Array {
  const t = new Uint8Array(p);
  for (let y = 0; y < p; y++) t[(y * y) % p] = y === 0 ? 1 : 2;
  return t;
}

/** #E for y² = x³ + ax + b over F_p (O included), counting the square roots of every right-hand side. */
export function countPoints(params: CurveParams, squares?: Uint8Array): bigint {
  const p = Number(params.p);
  const sq = squares ?? squareTable(p);
  const a = Number(params.a);
  const b = Number(params.b);
  let n = 1;
  for (let x = 0; x < p; x++) {
    const rhs = (((((x * x) % p) * x) % p) + ((a * x) % p) + b) % p;
    n += sq[rhs] ?? 0;
  }
  return BigInt(n);
}

/** The points of the curve in x order (y before p − y), lazily. */
function* pointsOf(params: CurveParams): Generator<Point> {
  const { p, a, b } = params;
  for (let x = 0n; x < p; x++) {
    const y = sqrt(mod(x * x * x + a * x + b, p), p);
    if (y === undefined) continue;
    yield point(x, y);
    if (y !== 0n) yield point(x, p - y);
  }
}

/**
 * The first point (in x order) of exact prime order q on a curve of order N (q | N), or null: for each
 * point P, R = (N / q^e)·P lies in the q-part of the group; multiplying R by q until the next step
 * gives O leaves a point of order q.
 */
export function pointOfPrimeOrder(params: CurveParams, N: bigint, q: bigint): Point | null {
  if (N % q !== 0n) return null;
  let rest = N;
  while (rest % q === 0n) rest /= q;
  let tried = 0;
  for (const P of pointsOf(params)) {
    let R = multiply(params, rest, P);
    if (!R.infinity) {
      for (let next = multiply(params, q, R); !next.infinity; next = multiply(params, q, R)) R = next;
      return R;
    }
    if (++tried > 64) return null; // the q-part is trivial for almost every point: q·(group) = group
  }
  return null;
}

/** The order of P on a curve of order N: the least divisor m of N with m·P = O. */
export function orderIn(params: CurveParams, P: Point, N: bigint): bigint {
  let order = N;
  for (const f of new Set(factorize(N))) {
    while (order % f === 0n && multiply(params, order / f, P).infinity) order /= f;
  }
  return order;
}

/**
 * The other-b attack plan: walking b′ = 0, 1, 2, … (b′ ≠ b, non-singular), every prime q ≤
 * {@link MAX_PROBE_ORDER} dividing #E(b′) that is not used yet gives one probe of order q, until the
 * product of the orders is at least n (then d mod that product is d). Deterministic.
 */
export function otherCurveProbes(curve: WeierstrassCurve): Probe[] {
  const p = checkToy(curve);
  const squares = squareTable(p);
  const out: Probe[] = [];
  let product = 1n;
  for (let b = 0n; b < curve.p && product < curve.n; b++) {
    if (b === curve.b || !isNonSingular(curve.p, curve.a, b)) continue;
    const params = { p: curve.p, a: curve.a, b };
    const N = countPoints(params, squares);
    for (const q of [...new Set(factorize(N))].sort((x, y) => (x < y ? -1 : 1))) {
      if (q > MAX_PROBE_ORDER || out.some((pr) => pr.order === q) || product >= curve.n) continue;
      const P = pointOfPrimeOrder(params, N, q);
      if (!P) continue;
      out.push({ b, curveOrder: N, point: P, order: q });
      product *= q;
    }
  }
  return out;
}

/**
 * The small-subgroup plan on a curve with cofactor h > 1: points of the curve itself whose order m
 * divides h and that are not in ⟨G⟩ (n·P ≠ O), smallest orders first, each one adding to the lcm,
 * until the lcm is at least n. Empty when h = 1 (a prime-order curve has no such points).
 */
export function cofactorProbes(curve: WeierstrassCurve): Probe[] {
  checkToy(curve);
  if (curve.h === 1n) return [];
  const N = curve.h * curve.n;
  const byOrder = new Map<bigint, Point>();
  for (const P of pointsOf(curve)) {
    if (multiply(curve, curve.n, P).infinity) continue;
    const m = orderIn(curve, P, N);
    if (curve.h % m === 0n && !byOrder.has(m)) byOrder.set(m, P);
  }
  const out: Probe[] = [];
  let lcm = 1n;
  for (const [m, P] of [...byOrder].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    if (lcm >= curve.n) break;
    const next = crt([
      { r: 0n, m: lcm },
      { r: 0n, m },
    ]);
    if (!next || next.m === lcm) continue;
    out.push({ b: curve.b, curveOrder: N, point: P, order: m });
    lcm = next.m;
  }
  return out;
}

/** What the victim computes with a point it did not validate: d·P with its own curve's formulas (they never use b). */
export function victimAnswer(curve: WeierstrassCurve, victimScalar: bigint, P: Point): Point {
  return multiply(curve, victimScalar, P);
}

/** The attacker's matching: the k in [0, order) with k·P = answer (O counts as k = 0), and the tries; null if none. */
export function matchInSubgroup(
  params: CurveParams,
  P: Point,
  order: bigint,
  answer: Point,
): { residue: bigint; tries: number } | null {
  let R: Point = INFINITY;
  for (let k = 0n; k < order; k++) {
    if (pointsEqual(R, answer)) return { residue: k, tries: Number(k) + 1 };
    R = add(params, R, P);
  }
  return null;
}

/** One probe of the attack as it went: the residue learnt, and everything combined so far. */
export interface ProbeResult {
  readonly probe: Probe;
  readonly answer: Point;
  /** d mod order, or null when the answer is not a multiple of the probe (a lie). */
  readonly residue: bigint | null;
  readonly tries: number;
  /** CRT of every residue so far (null once one is missing or they contradict). */
  readonly combined: Congruence | null;
}

/** Runs the attacker's side over the victim's answers (one per probe, in order): matching, then the CRT. */
export function recoverResidues(
  curve: WeierstrassCurve,
  probes: readonly Probe[],
  answers: readonly Point[],
): ProbeResult[] {
  const out: ProbeResult[] = [];
  let combined: Congruence | null = { r: 0n, m: 1n };
  for (let i = 0; i < Math.min(probes.length, answers.length); i++) {
    const probe = probes[i] as Probe;
    const answer = answers[i] as Point;
    const params = { p: curve.p, a: curve.a, b: probe.b };
    const onIt = answer.infinity || isOnCurve(params, answer);
    const m = onIt ? matchInSubgroup(params, probe.point, probe.order, answer) : null;
    combined = m && combined ? crt([combined, { r: m.residue, m: probe.order }]) : null;
    out.push({ probe, answer, residue: m?.residue ?? null, tries: m?.tries ?? 0, combined });
  }
  return out;
}

/** d from the combined residue, when the modulus reaches n and d·G is the victim's public point; else null. */
export function recoveredScalar(
  curve: WeierstrassCurve,
  combined: Congruence | null,
  victimPublic: Point,
): bigint | null {
  if (!combined || combined.m < curve.n) return null;
  const G = point(curve.G.x, curve.G.y);
  for (let cand = combined.r; cand < curve.n; cand += combined.m) {
    if (cand >= 1n && pointsEqual(multiply(curve, cand, G), victimPublic)) return cand;
  }
  return null;
}

// The curve y² = x³ + ax + b over the real numbers, for drawing: branches, components, chord-and-tangent addition.
import { signedMod } from './field.js';

/** A real curve y² = x³ + ax + b (plain numbers; a and b may be negative). */
export interface RealCurve {
  readonly a: number;
  readonly b: number;
}

/** A point (x, y) of the real plane. The point at infinity O is written `null` in this module. */
export interface RealPoint {
  readonly x: number;
  readonly y: number;
}

/** The real curve with the same a and b as a toy curve (a = p − 3 becomes −3): y² = x³ + 2x + 2 for toy-17. */
export function realCurveOf(curve: {
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
}): RealCurve {
  return { a: Number(signedMod(curve.a, curve.p)), b: Number(signedMod(curve.b, curve.p)) };
}

/** x³ + ax + b: the right-hand side, y² on the curve. */
export function rhs(curve: RealCurve, x: number): number {
  return x * x * x + curve.a * x + curve.b;
}

/** The y values on the curve above x: [+√, −√], [0] where the curve meets the x-axis, [] where there is none. */
export function yForX(curve: RealCurve, x: number): number[] {
  const r = rhs(curve, x);
  if (r < 0) return [];
  if (r === 0) return [0];
  const y = Math.sqrt(r);
  return [y, -y];
}

/** The discriminant −16(4a³ + 27b²); 0 means singular (a cusp or a node), not an elliptic curve. */
export function discriminant(curve: RealCurve): number {
  return -16 * (4 * curve.a ** 3 + 27 * curve.b ** 2);
}

/** True when 4a³ + 27b² = 0 (to a relative tolerance): the cubic has a repeated root. */
export function isSingular(curve: RealCurve, tol = 1e-12): boolean {
  const d = 4 * curve.a ** 3 + 27 * curve.b ** 2;
  return Math.abs(d) <= tol * Math.max(1, 4 * Math.abs(curve.a) ** 3, 27 * curve.b ** 2);
}

function polish(curve: RealCurve, x: number): number {
  let r = x;
  for (let i = 0; i < 3; i++) {
    const d = 3 * r * r + curve.a;
    if (d === 0) break;
    r -= rhs(curve, r) / d;
  }
  return r;
}

/** The distinct real roots of x³ + ax + b, ascending (1, 2 or 3 of them): where the curve crosses y = 0. */
export function cubicRoots(curve: RealCurve): number[] {
  const { a, b } = curve;
  if (isSingular(curve)) {
    if (Math.abs(a) < 1e-15) return [0];
    const simple = (3 * b) / a;
    const repeated = (-3 * b) / (2 * a);
    return [simple, repeated].sort((u, v) => u - v);
  }
  const D = (b * b) / 4 + (a * a * a) / 27;
  if (D > 0) {
    const s = Math.sqrt(D);
    return [polish(curve, Math.cbrt(-b / 2 + s) + Math.cbrt(-b / 2 - s))];
  }
  // three real roots (a < 0): the trigonometric form
  const m = 2 * Math.sqrt(-a / 3);
  const theta = Math.acos(Math.max(-1, Math.min(1, (3 * b) / (a * m)))) / 3;
  const roots = [0, 1, 2].map((k) => polish(curve, m * Math.cos(theta - (2 * Math.PI * k) / 3)));
  return roots.sort((u, v) => u - v);
}

/** Number of connected pieces of the real curve: 2 (an oval and an open branch) when Δ > 0, else 1. */
export function componentCount(curve: RealCurve): 1 | 2 {
  return !isSingular(curve) && discriminant(curve) > 0 ? 2 : 1;
}

/** True when P lies on the curve within a tolerance relative to the size of the numbers. */
export function isOnRealCurve(curve: RealCurve, P: RealPoint, tol = 1e-9): boolean {
  const scale = Math.max(
    1,
    Math.abs(P.y) ** 2,
    Math.abs(P.x) ** 3,
    Math.abs(curve.a * P.x),
    Math.abs(curve.b),
  );
  return Math.abs(P.y * P.y - rhs(curve, P.x)) <= tol * scale;
}

/** A line of the construction: y = slope·x + intercept, or the vertical x = const (through O). */
export type RealLine =
  | { readonly kind: 'line'; readonly slope: number; readonly intercept: number }
  | { readonly kind: 'vertical'; readonly x: number };

/** One chord-and-tangent step, everything needed to animate it. */
export interface RealAddResult {
  /** 'add' (chord), 'double' (tangent), 'inverse' (vertical line, result O), 'identity' (an input is O). */
  readonly kind: 'add' | 'double' | 'inverse' | 'identity';
  /** The line through P and Q (tangent when P = Q); null for 'identity'. */
  readonly line: RealLine | null;
  /** The third intersection of the line with the curve, −(P + Q); null when it is O. */
  readonly third: RealPoint | null;
  /** P + Q, the reflection of the third point in the x-axis; null for O. */
  readonly result: RealPoint | null;
}

/** P + Q over the reals (null = O). Points closer than `eps` count as equal (doubling). */
export function addReal(
  curve: RealCurve,
  P: RealPoint | null,
  Q: RealPoint | null,
  eps = 1e-12,
): RealAddResult {
  if (P === null || Q === null) {
    const r = P ?? Q;
    return { kind: 'identity', line: null, third: r && { x: r.x, y: -r.y }, result: r };
  }
  const scale = Math.max(1, Math.abs(P.x), Math.abs(P.y));
  const sameX = Math.abs(P.x - Q.x) <= eps * scale;
  let slope: number;
  let kind: 'add' | 'double';
  if (sameX) {
    const sameY = Math.abs(P.y - Q.y) <= eps * scale;
    if (!sameY || Math.abs(P.y) <= eps * scale) {
      return { kind: 'inverse', line: { kind: 'vertical', x: P.x }, third: null, result: null };
    }
    kind = 'double';
    slope = (3 * P.x * P.x + curve.a) / (2 * P.y);
  } else {
    kind = 'add';
    slope = (Q.y - P.y) / (Q.x - P.x);
  }
  const intercept = P.y - slope * P.x;
  const x3 = slope * slope - P.x - Q.x;
  const third = { x: x3, y: slope * x3 + intercept };
  return { kind, line: { kind: 'line', slope, intercept }, third, result: { x: x3, y: -third.y } };
}

/** 2P over the reals (the tangent construction). */
export function doubleReal(curve: RealCurve, P: RealPoint | null): RealAddResult {
  return addReal(curve, P, P);
}

/** A connected piece of the curve as a polyline; `closed` for the egg-shaped oval. */
export interface RealComponent {
  readonly closed: boolean;
  readonly points: RealPoint[];
}

/** Options for {@link sampleCurve}. */
export interface SampleOptions {
  /** Right edge of the plot: the open branch is drawn up to here. */
  readonly xMax: number;
  /** Points per branch (default 400). */
  readonly samples?: number;
}

/**
 * Polylines for plotting, one per component, dense near the x-axis crossings so the vertical
 * tangents look round: the oval (when there are three roots) as a closed loop, and the open branch
 * from (xMax, −y) through its root to (xMax, +y). An isolated point of a singular curve is a 1-point
 * closed component. The caller clips to its viewport.
 */
export function sampleCurve(curve: RealCurve, opts: SampleOptions): RealComponent[] {
  const n = Math.max(8, Math.floor(opts.samples ?? 400));
  const roots = cubicRoots(curve);
  const out: RealComponent[] = [];
  const yAt = (x: number) => Math.sqrt(Math.max(0, rhs(curve, x)));
  for (let i = 0; i < roots.length; i++) {
    const lo = roots[i] as number;
    const hi = roots[i + 1];
    const delta = 1e-6 * Math.max(1, Math.abs(lo));
    if (rhs(curve, lo - delta) < 0 && rhs(curve, lo + delta) < 0) {
      out.push({ closed: true, points: [{ x: lo, y: 0 }] }); // isolated point of a singular curve
    } else if (hi === undefined) {
      if (opts.xMax <= lo) continue;
      const upper: RealPoint[] = [];
      for (let k = 0; k <= n; k++) {
        const s = k / n;
        const x = lo + (opts.xMax - lo) * s * s;
        upper.push({ x, y: yAt(x) });
      }
      const lower = upper.map((p) => ({ x: p.x, y: -p.y })).reverse();
      out.push({ closed: false, points: [...lower, ...upper.slice(1)] });
    } else if (rhs(curve, (lo + hi) / 2) > 0) {
      const upper: RealPoint[] = [];
      for (let k = 0; k <= n; k++) {
        const x = lo + ((hi - lo) * (1 - Math.cos((Math.PI * k) / n))) / 2;
        upper.push({ x, y: yAt(x) });
      }
      const lower = upper
        .slice(1, -1)
        .map((p) => ({ x: p.x, y: -p.y }))
        .reverse();
      out.push({ closed: true, points: [...upper, ...lower] });
    }
  }
  return out;
}

/** The curve point nearest to (x, y) among a dense sample (for snapping a click onto the curve). */
export function nearestOnCurve(curve: RealCurve, x: number, y: number, xMax: number): RealPoint | null {
  let best: RealPoint | null = null;
  let bestD = Infinity;
  for (const c of sampleCurve(curve, { xMax, samples: 2000 })) {
    for (const p of c.points) {
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = p;
      }
    }
  }
  return best;
}

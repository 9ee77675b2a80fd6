// Pollard's rho for discrete logs: a pseudo-random walk a·G + b·Q until it meets itself (Brent's cycle finding).
import { bitLength, invert, isqrt, mod } from './field.js';
import {
  add,
  basePoint,
  double,
  multiply,
  pointsEqual,
  type CurveParams,
  type Point,
} from './weierstrass.js';
import type { WeierstrassCurve } from './curves.js';
import type { DlogProgress } from './dlog.js';

/** Options of {@link rhoDlog}. */
export interface RhoOptions {
  /** Base point (default: the curve's G). */
  readonly G?: Point;
  /** Order of G (default: the curve's n). */
  readonly n?: bigint;
  /** Steps between yields (default 1000). */
  readonly chunk?: number;
  /** Which pseudo-random start (any integer; the same number gives the same walk). Default 1. */
  readonly walk?: number;
  /** Fresh starts allowed before giving up (default {@link RHO_ATTEMPTS}). */
  readonly attempts?: number;
}

type RhoCurve = WeierstrassCurve | (CurveParams & { n?: bigint; G?: { x: bigint; y: bigint } });

/** A point of the walk with its known decomposition R = a·G + b·Q. */
interface Walker {
  R: Point;
  a: bigint;
  b: bigint;
}

/** mulberry32: a tiny deterministic PRNG (numbers in [0, 1)); the walk's starts come from it. */
export function prng(start: number): () => number {
  let s = start >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Which of the three sets a point falls in: x mod 3 (the point at infinity in set 0). */
export function rhoSet(R: Point): 0 | 1 | 2 {
  return R.infinity ? 0 : (Number(R.x % 3n) as 0 | 1 | 2);
}

/** Group operations double-and-add spends on k·P (k ≥ 1): one doubling per bit after the first, one addition per further 1 bit. */
export function doubleAndAddOps(k: bigint): number {
  let ones = 0;
  for (let v = k; v > 0n; v >>= 1n) ones += Number(v & 1n);
  return bitLength(k) - 1 + Math.max(0, ones - 1);
}

/** Fresh starts {@link rhoDlog} allows by default. */
export const RHO_ATTEMPTS = 8;

/**
 * Walk steps one start may take: Brent finds a cycle of length λ after at most about μ + 2·max(μ, λ) steps,
 * with room to spare: one start on toy-65521 (√n ≈ 257) had μ + λ = 1 251, and its cycle was found at step ≈ 3 100.
 */
export function rhoAttemptSteps(n: bigint): number {
  return 24 * Number(isqrt(n) + 1n) + 64;
}

/** Most steps {@link rhoDlog} may take for a group of order n with `attempts` starts (its bound). */
export function rhoBound(n: bigint, attempts = RHO_ATTEMPTS): number {
  const perAttempt = rhoAttemptSteps(n);
  return attempts * (perAttempt + 2 * bitLength(n) + 1);
}

/** Expected rho steps for a group of order n: about √(πn/2) (the birthday bound), before cycle-finding overhead. */
export function expectedRhoSteps(n: bigint): number {
  return Math.sqrt((Math.PI * Number(n)) / 2);
}

/**
 * Solves (b1 − b2)·d ≡ a2 − a1 (mod n) and returns the solution with d·G = Q, or null (a useless
 * collision: start again). When gcd(b1 − b2, n) = g > 1 there are g candidates; each is checked.
 */
function solve(curve: CurveParams, G: Point, Q: Point, n: bigint, t: Walker, h: Walker): bigint | null {
  const r = mod(t.b - h.b, n);
  const s = mod(h.a - t.a, n);
  if (r === 0n) return null;
  let g = n;
  for (let x = r; x !== 0n;) [g, x] = [x, g % x];
  if (s % g !== 0n) return null;
  const n1 = n / g;
  const base = n1 === 1n ? 0n : mod((s / g) * invert(mod(r / g, n1), n1), n1);
  for (let i = 0n; i < g; i++) {
    const cand = base + i * n1;
    if (pointsEqual(multiply(curve, cand, G), Q)) return cand;
  }
  return null;
}

/**
 * Pollard's rho (classic three-set walk): points R = a·G + b·Q; in set 0 add Q, in set 1 double, in set 2
 * add G. Brent's cycle finding keeps one saved point and compares each new one with it; when the walk meets
 * a saved point, a₁G + b₁Q = a₂G + b₂Q gives d. About √(πn/2) steps, and memory for two points only.
 * Every yielded step is one group operation (the random start's double-and-add is counted too).
 * Deterministic for a given `walk`; bounded by {@link rhoBound}. A generator like the others in dlog.ts.
 */
export function* rhoDlog(curve: RhoCurve, Q: Point, opts?: RhoOptions): Generator<DlogProgress, void, void> {
  const G = opts?.G ?? ('G' in curve && curve.G ? basePoint(curve as WeierstrassCurve) : undefined);
  const n = opts?.n ?? curve.n;
  if (!G || n === undefined) throw new TypeError('rho: give G and n for a curve without them');
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('rho: n too large to count steps');
  const chunk = Math.max(1, Math.floor(opts?.chunk ?? 1000));
  const attempts = Math.max(1, Math.floor(opts?.attempts ?? RHO_ATTEMPTS));
  const maxSteps = rhoBound(n, attempts);
  const perAttempt = rhoAttemptSteps(n);
  const rand = prng(opts?.walk ?? 1);
  const step = (w: Walker): Walker => {
    const set = rhoSet(w.R);
    if (set === 0) return { R: add(curve, w.R, Q), a: w.a, b: mod(w.b + 1n, n) };
    if (set === 1) return { R: double(curve, w.R), a: mod(2n * w.a, n), b: mod(2n * w.b, n) };
    return { R: add(curve, w.R, G), a: mod(w.a + 1n, n), b: w.b };
  };
  let steps = 0;
  const progress = (R: Point, done: boolean, found: bigint | null): DlogProgress => ({
    method: 'rho',
    phase: done ? 'done' : 'walk',
    steps,
    maxSteps,
    done,
    d: found,
    current: R,
  });
  for (let attempt = 0; attempt < attempts; attempt++) {
    // A random start a·G + Q (b = 1), paid for in double-and-add operations plus the one addition of Q.
    const a0 = n > 1n ? BigInt(Math.floor(rand() * Number(n - 1n))) + 1n : 1n;
    steps += doubleAndAddOps(a0) + 1;
    let saved: Walker = { R: add(curve, multiply(curve, a0, G), Q), a: a0, b: 1n };
    let hare = saved;
    let power = 1;
    let lam = 0;
    for (let i = 0; i < perAttempt; i++) {
      hare = step(hare);
      steps++;
      if (pointsEqual(hare.R, saved.R)) {
        const found = solve(curve, G, Q, n, saved, hare);
        if (found !== null) {
          yield progress(hare.R, true, found);
          return;
        }
        break; // a useless collision (b₁ = b₂): start again elsewhere
      }
      if (++lam === power) {
        saved = hare;
        power *= 2;
        lam = 0;
      }
      if (steps % chunk === 0) yield progress(hare.R, false, null);
    }
  }
  yield progress({ infinity: true }, true, null);
}

// Eve's panel: discrete logarithms by brute force and baby-step giant-step, steppable in chunks, plus extrapolation.
import type { WeierstrassCurve } from './curves.js';
import { bitLength, isqrt } from './field.js';
import {
  add,
  basePoint,
  multiply,
  negate,
  pointsEqual,
  type CurveParams,
  type Point,
} from './weierstrass.js';

/** Which attack (Pollard's rho lives in rho.ts). */
export type DlogMethod = 'brute-force' | 'bsgs' | 'rho';

/** A snapshot of an attack in progress (yielded every `chunk` steps, and once more when done). */
export interface DlogProgress {
  /** Which attack. */
  readonly method: DlogMethod;
  /** 'search' (brute force), 'baby' (BSGS building its table), 'giant' (BSGS searching), 'walk' (rho), 'done'. */
  readonly phase: 'search' | 'baby' | 'giant' | 'walk' | 'done';
  /** Group operations (point additions) performed so far. */
  readonly steps: number;
  /** The most steps this attack can take (n for brute force, 2⌈√n⌉ for BSGS), for a progress bar. */
  readonly maxSteps: number;
  /** True once the attack has finished (found d or proved there is none). */
  readonly done: boolean;
  /** The discrete log d with d·G = Q, once found; null otherwise. */
  readonly d: bigint | null;
  /** The point just computed (brute force: k·G; baby: j·G; giant: Q − i·m·G), for drawing. */
  readonly current: Point;
}

/** Options of the attacks. */
export interface DlogOptions {
  /** Base point (default: the curve's G). */
  readonly G?: Point;
  /** Order of G (default: the curve's n). */
  readonly n?: bigint;
  /** Steps between yields (default 1000). */
  readonly chunk?: number;
}

type AttackCurve = WeierstrassCurve | (CurveParams & { n?: bigint; G?: { x: bigint; y: bigint } });

function setup(curve: AttackCurve, opts: DlogOptions | undefined): { G: Point; n: bigint; chunk: number } {
  const G = opts?.G ?? ('G' in curve && curve.G ? basePoint(curve as WeierstrassCurve) : undefined);
  const n = opts?.n ?? curve.n;
  if (!G || n === undefined) throw new TypeError('dlog: give G and n for a curve without them');
  const chunk = Math.max(1, Math.floor(opts?.chunk ?? 1000));
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('dlog: n too large to count steps');
  return { G, n, chunk };
}

/**
 * Brute force: compare Q with G, 2G, 3G, … — one point addition per step; finds d after d steps
 * (n/2 on average). A generator: call `next()` to advance by one chunk without freezing a UI.
 */
export function* bruteForceDlog(
  curve: AttackCurve,
  Q: Point,
  opts?: DlogOptions,
): Generator<DlogProgress, void, void> {
  const { G, n, chunk } = setup(curve, opts);
  const maxSteps = Number(n);
  let R: Point = G;
  for (let k = 1; k <= maxSteps; k++) {
    if (pointsEqual(R, Q)) {
      yield {
        method: 'brute-force',
        phase: 'done',
        steps: k,
        maxSteps,
        done: true,
        d: BigInt(k) % n,
        current: R,
      };
      return;
    }
    if (k % chunk === 0)
      yield { method: 'brute-force', phase: 'search', steps: k, maxSteps, done: false, d: null, current: R };
    R = add(curve, R, G);
  }
  yield { method: 'brute-force', phase: 'done', steps: maxSteps, maxSteps, done: true, d: null, current: R };
}

const key = (P: Point): string => (P.infinity ? 'O' : `${P.x},${P.y}`);

/**
 * Baby-step giant-step (Shanks): with m = ⌈√n⌉, store j·G for 0 ≤ j < m (baby steps), then walk
 * Q, Q − mG, Q − 2mG, … until one is in the table: d = i·m + j. At most 2m steps. A generator.
 */
export function* bsgsDlog(
  curve: AttackCurve,
  Q: Point,
  opts?: DlogOptions,
): Generator<DlogProgress, void, void> {
  const { G, n, chunk } = setup(curve, opts);
  let m = isqrt(n);
  if (m * m < n) m += 1n;
  const M = Number(m);
  const maxSteps = 2 * M;
  let steps = 0;
  const table = new Map<string, number>();
  let R: Point = { infinity: true };
  for (let j = 0; j < M; j++) {
    if (!table.has(key(R))) table.set(key(R), j);
    R = add(curve, R, G);
    steps++;
    if (steps % chunk === 0)
      yield { method: 'bsgs', phase: 'baby', steps, maxSteps, done: false, d: null, current: R };
  }
  const giant = negate(curve, multiply(curve, m, G));
  let gamma: Point = Q;
  for (let i = 0; i < M; i++) {
    const j = table.get(key(gamma));
    steps++;
    if (j !== undefined) {
      const d = (BigInt(i) * m + BigInt(j)) % n;
      yield { method: 'bsgs', phase: 'done', steps, maxSteps, done: true, d, current: gamma };
      return;
    }
    if (steps % chunk === 0)
      yield { method: 'bsgs', phase: 'giant', steps, maxSteps, done: false, d: null, current: gamma };
    gamma = add(curve, gamma, giant);
  }
  yield { method: 'bsgs', phase: 'done', steps, maxSteps, done: true, d: null, current: gamma };
}

/** Runs an attack to the end and returns its final progress (for tests and small curves). */
export function runDlog(attack: Iterable<DlogProgress>): DlogProgress {
  let last: DlogProgress | undefined;
  for (const p of attack) last = p;
  if (!last) throw new Error('runDlog: the attack yielded nothing');
  return last;
}

/** Expected brute-force steps for a group of order n: n/2 on average. */
export function expectedBruteForceSteps(n: bigint): bigint {
  return n / 2n;
}

/** Expected baby-step giant-step work for a group of order n: ≈ √n (⌈√n⌉ baby steps, up to ⌈√n⌉ giant ones). */
export function expectedBsgsSteps(n: bigint): bigint {
  const s = isqrt(n);
  return s * s === n ? s : s + 1n;
}

/** Expected Pollard's rho work for a group of order n: ≈ √(πn/2) ≈ 1.25·√n (the birthday bound). */
export function expectedRhoStepsBig(n: bigint): bigint {
  return isqrt((n * 15708n) / 10000n);
}

/** Expected steps of `method` for a group of order n. */
export function expectedSteps(n: bigint, method: DlogMethod): bigint {
  if (method === 'bsgs') return expectedBsgsSteps(n);
  if (method === 'rho') return expectedRhoStepsBig(n);
  return expectedBruteForceSteps(n);
}

/** log₂ of a positive BigInt as a float (exact enough for display even at 2^521). */
export function log2BigInt(n: bigint): number {
  if (n <= 0n) throw new RangeError('log2BigInt: not positive');
  const bits = bitLength(n);
  if (bits <= 53) return Math.log2(Number(n));
  return bits - 53 + Math.log2(Number(n >> BigInt(bits - 53)));
}

/** Steps per second from a measured run (steps done in `ms` milliseconds). */
export function measuredRate(steps: number, ms: number): number {
  return ms > 0 ? (steps * 1000) / ms : Infinity;
}

const SECONDS_PER_YEAR = 365.25 * 24 * 3600;
/** Age of the universe in years (≈ 13.8 billion), for comparisons. */
export const UNIVERSE_AGE_YEARS = 1.38e10;

/** How long an attack would take at a given rate. */
export interface Extrapolation {
  readonly method: DlogMethod;
  /** Group order the estimate is for. */
  readonly n: bigint;
  /** Expected steps. */
  readonly steps: bigint;
  /** log₂(steps), e.g. ≈ 128 for BSGS on P-256. */
  readonly log2Steps: number;
  /** The rate used (steps per second). */
  readonly stepsPerSecond: number;
  /** Expected time in seconds. */
  readonly seconds: number;
  /** The same in years. */
  readonly years: number;
  /** The same in ages of the universe. */
  readonly universeAges: number;
  /** Readable summary, e.g. "≈ 2^128 steps: 1.1 × 10^25 years". */
  readonly text: string;
}

/** Time to attack a group of order n with `method` at `stepsPerSecond`. */
export function extrapolate(n: bigint, method: DlogMethod, stepsPerSecond: number): Extrapolation {
  const steps = expectedSteps(n, method);
  const log2Steps = steps > 0n ? log2BigInt(steps) : 0;
  const seconds = 2 ** log2Steps / stepsPerSecond;
  const years = seconds / SECONDS_PER_YEAR;
  const text = `≈ 2^${log2Steps.toFixed(log2Steps < 20 ? 1 : 0)} steps: ${formatDuration(seconds)}`;
  return {
    method,
    n,
    steps,
    log2Steps,
    stepsPerSecond,
    seconds,
    years,
    universeAges: years / UNIVERSE_AGE_YEARS,
    text,
  };
}

/** P-256's group order, for {@link extrapolateToP256}. */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** Time to break P-256 (≈ 2^128 BSGS steps, 2^255 brute force) at a measured rate. */
export function extrapolateToP256(stepsPerSecond: number, method: DlogMethod = 'bsgs'): Extrapolation {
  return extrapolate(P256_N, method, stepsPerSecond);
}

function sci(x: number): string {
  const e = Math.floor(Math.log10(x));
  return `${(x / 10 ** e).toFixed(1)} × 10^${e}`;
}

function num(x: number): string {
  return x >= 100 ? Math.round(x).toString() : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** A duration in words: "0.4 ms", "12 s", "3.2 hours", "1.1 × 10^25 years". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'forever';
  if (seconds < 1) return `${num(seconds * 1000)} ms`;
  if (seconds < 120) return `${num(seconds)} s`;
  if (seconds < 7200) return `${num(seconds / 60)} minutes`;
  if (seconds < 172800) return `${num(seconds / 3600)} hours`;
  const years = seconds / SECONDS_PER_YEAR;
  if (years < 2) return `${num(seconds / 86400)} days`;
  return years < 1e6 ? `${num(years)} years` : `${sci(years)} years`;
}

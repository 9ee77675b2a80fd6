// Eve's numbers for real curves: this machine's measured attack speed, extrapolated to P-256 in plain words.
import type { CurveId, ToyCurveId } from '../../../common/wire.js';
import { getCurve, getToyCurve } from '../../math/curves.js';
import {
  bruteForceDlog,
  extrapolate,
  formatDuration,
  log2BigInt,
  measuredRate,
  type DlogMethod,
  type Extrapolation,
} from '../../math/dlog.js';
import { basePoint, multiply } from '../../math/weierstrass.js';

/** Measures this machine's brute-force speed on toy-65521 for about `ms` milliseconds (steps per second). */
export function measureToyRate(ms = 30, now: () => number = () => performance.now()): number {
  const curve = getToyCurve('toy-65521');
  const Q = multiply(curve, curve.n - 1n, basePoint(curve)); // the last key: the search never ends early
  const gen = bruteForceDlog(curve, Q, { chunk: 64 });
  const start = now();
  let steps = 0;
  while (now() - start < ms) {
    const r = gen.next();
    if (r.done) break;
    steps = r.value.steps;
  }
  return measuredRate(steps, now() - start);
}

/** Plain-language estimate of the same attack on a real curve at a measured rate. */
export interface RealCurveEstimate {
  readonly curve: CurveId;
  readonly bsgs: Extrapolation;
  readonly bruteForce: Extrapolation;
  /** E.g. "At 120 000 steps per second, baby-step giant-step on P-256 needs about 2^128 steps: …". */
  readonly sentence: string;
}

function fmtCount(x: number): string {
  if (!Number.isFinite(x)) return 'unlimited';
  if (x < 1e6) return Math.round(x).toLocaleString('en-US');
  const e = Math.floor(Math.log10(x));
  return `${(x / 10 ** e).toFixed(1)} × 10^${e}`;
}

/** How long Eve would need on `curve` (default P-256) at `stepsPerSecond`, in words a student can read. */
export function estimateRealCurve(stepsPerSecond: number, curve: CurveId = 'P-256'): RealCurveEstimate {
  const n = getCurve(curve).n;
  const bsgs = extrapolate(n, 'bsgs', stepsPerSecond);
  const bruteForce = extrapolate(n, 'brute-force', stepsPerSecond);
  const ages = bsgs.universeAges;
  const sentence =
    `At ${fmtCount(stepsPerSecond)} steps per second, even baby-step giant-step on ${curve} needs about ` +
    `2^${Math.round(bsgs.log2Steps)} steps: ${bsgs.text.split(': ')[1]}` +
    (ages >= 1 ? ` — ${fmtCount(ages)} times the age of the universe.` : '.') +
    ` Plain brute force needs about 2^${Math.round(bruteForce.log2Steps)} steps.`;
  return { curve, bsgs, bruteForce, sentence };
}

/** The rate the race's times are stated at: a billion group operations per second (far faster than this page). */
export const RACE_RATE = 1e9;

/** One method's toy count scaled to P-256, and its typical count from P-256's order. */
export interface RaceEstimate {
  /** How the work grows with the group order n: n (brute force) or √n (BSGS, rho). */
  readonly growth: 'n' | '√n';
  /** The toy run's operations as a multiple of n or √n, e.g. 1.3 (·√n). */
  readonly factor: number;
  /** log₂ of the same multiple of P-256's n or √n. */
  readonly log2Scaled: number;
  /** log₂ of the typical count on P-256 from its order (n/2, ⌈√n⌉, √(πn/2)). */
  readonly log2Typical: number;
  /** Years at {@link RACE_RATE} for the scaled count. */
  readonly years: number;
  /** The time in words. */
  readonly time: string;
}

/**
 * Scales a toy run to P-256: brute force's count is a fraction of n, BSGS's and rho's a multiple of √n;
 * the same fraction or multiple of P-256's n or √n is the estimate. An estimate from the toy curve's
 * numbers, not a measurement; the time is stated at {@link RACE_RATE}.
 */
export function raceEstimate(curve: ToyCurveId, method: DlogMethod, steps: number): RaceEstimate {
  const nToy = getToyCurve(curve).n;
  const nBig = getCurve('P-256').n;
  const root = method !== 'brute-force';
  const unitToy = root ? Math.sqrt(Number(nToy)) : Number(nToy);
  const factor = Math.max(1, steps) / unitToy;
  const log2Unit = root ? log2BigInt(nBig) / 2 : log2BigInt(nBig);
  const log2Scaled = Math.log2(factor) + log2Unit;
  const typical = extrapolate(nBig, method, RACE_RATE);
  const seconds = 2 ** log2Scaled / RACE_RATE;
  return {
    growth: root ? '√n' : 'n',
    factor,
    log2Scaled,
    log2Typical: typical.log2Steps,
    years: seconds / (365.25 * 24 * 3600),
    time: formatDuration(seconds),
  };
}

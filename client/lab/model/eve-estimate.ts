// Eve's numbers for real curves: this machine's measured attack speed, extrapolated to P-256 in plain words.
import type { CurveId } from '../../../common/wire.js';
import { getCurve, getToyCurve } from '../../math/curves.js';
import { bruteForceDlog, extrapolate, measuredRate, type Extrapolation } from '../../math/dlog.js';
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

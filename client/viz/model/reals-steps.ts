// View model of chord-and-tangent addition over the reals: viewport choice, picked points, steps and captions (no DOM).
import {
  addReal,
  cubicRoots,
  isOnRealCurve,
  isSingular,
  yForX,
  type RealAddResult,
  type RealCurve,
  type RealPoint,
} from '../../math/reals.js';
import { singularText } from './reals-singular.js';
import { fitEqualScale, type Rect, type Viewport } from './viewport.js';

/** Which drawing elements a step shows (cumulative). */
export type RealsPhase = 'points' | 'line' | 'third' | 'reflect' | 'done';

/** One player step. */
export interface RealsStep {
  phase: RealsPhase;
  text: string;
}

/** Numbers for captions: 3 decimals, typographic minus, trailing zeros dropped. */
export function num(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const r = Number(v.toFixed(digits));
  return (Object.is(r, -0) ? 0 : r).toString().replace('-', '−');
}

/** "(−1, 1)" for a real point, "O" for the point at infinity. */
export function fmtReal(P: RealPoint | null): string {
  return P ? `(${num(P.x)}, ${num(P.y)})` : 'O';
}

/** The point above x on the chosen half (+ upper, − lower), or undefined when the curve has no point there. */
export function pointAt(curve: RealCurve, x: number, sign: 1 | -1): RealPoint | undefined {
  const ys = yForX(curve, x);
  if (ys.length === 0) return undefined;
  const y = ys.length === 1 ? 0 : sign * (ys[0] as number);
  return { x, y };
}

/**
 * An equal-scale viewport (true slopes) about 6.5 units wide, starting a little
 * left of the curve's leftmost point, with the x-axis in the middle; widened
 * (keeping the x-axis in the middle) until every point in `show` is well inside.
 */
export function realsViewport(
  curve: RealCurve,
  rect: Rect,
  span = 6.5,
  show: readonly (RealPoint | null | undefined)[] = [],
): Viewport {
  const roots = cubicRoots(curve);
  const left = Math.min(-2.5, (roots[0] ?? 0) - 1);
  const half = (span * rect.height) / rect.width / 2;
  const box = { xMin: left, xMax: left + span, yMin: -half, yMax: half };
  const margin = 0.6;
  for (const p of show) {
    if (!p || !Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    box.xMin = Math.min(box.xMin, p.x - margin);
    box.xMax = Math.max(box.xMax, p.x + margin);
    const h = Math.abs(p.y) + margin;
    box.yMin = Math.min(box.yMin, -h);
    box.yMax = Math.max(box.yMax, h);
  }
  return fitEqualScale(box, rect);
}

/** "y = −2x + 1", "y = x − 3", "y = 1": the line of a slope and intercept as a student would write it. */
export function lineEquation(slope: number, intercept: number): string {
  const m = num(slope);
  const xTerm = m === '0' ? '' : m === '1' ? 'x' : m === '−1' ? '−x' : `${m}x`;
  const c = num(Math.abs(intercept));
  if (!xTerm) return `y = ${num(intercept)}`;
  if (c === '0') return `y = ${xTerm}`;
  return `y = ${xTerm} ${intercept < 0 ? '−' : '+'} ${c}`;
}

/** The curve's equation with its coefficients, e.g. "y² = x³ − x + 1". */
export function realEquation(curve: RealCurve): string {
  const term = (c: number, sym: string) =>
    c === 0 ? '' : `${c < 0 ? ' − ' : ' + '}${Math.abs(c) === 1 && sym ? '' : num(Math.abs(c))}${sym}`;
  return `y² = x³${term(curve.a, 'x')}${term(curve.b, '')}`;
}

/** Why a curve cannot be used, or undefined when it is a fine elliptic curve. */
export function curveProblem(curve: RealCurve): string | undefined {
  if (!Number.isFinite(curve.a) || !Number.isFinite(curve.b)) return 'a and b must be numbers.';
  if (isSingular(curve)) return singularText(curve, fmtReal);
  return undefined;
}

/** The steps of P + Q (or 2P when Q = P) with captions computed from the engine's result. */
export function realsSteps(
  curve: RealCurve,
  P: RealPoint,
  Q: RealPoint,
  r: RealAddResult = addReal(curve, P, Q),
): RealsStep[] {
  const dbl = r.kind === 'double';
  const steps: RealsStep[] = [
    {
      phase: 'points',
      text: dbl
        ? `Double P = ${fmtReal(P)} on ${realEquation(curve)}: compute P + P = 2P.`
        : `Add P = ${fmtReal(P)} and Q = ${fmtReal(Q)} on ${realEquation(curve)}.`,
    },
  ];
  if (r.kind === 'inverse') {
    steps.push({
      phase: 'line',
      text: dbl
        ? `P is on the x-axis, so its tangent is vertical: x = ${num(P.x)}. A vertical line meets the curve "at infinity", in O.`
        : `P and Q have the same x, so the line through them is vertical: x = ${num(P.x)}. It never meets the curve again; we say it meets it at infinity, in O.`,
    });
    steps.push({
      phase: 'done',
      text: `So ${dbl ? '2P' : 'P + Q'} = O, the point at infinity: Q = −P, the mirror image of P.`,
    });
    return steps;
  }
  if (r.kind === 'identity' || !r.line || r.line.kind !== 'line' || !r.third || !r.result) {
    steps.push({
      phase: 'done',
      text: `One of the points is O, so the sum is the other point: ${fmtReal(r.result)}.`,
    });
    return steps;
  }
  const { slope, intercept } = r.line;
  steps.push({
    phase: 'line',
    text: dbl
      ? `Draw the tangent at P: its slope is λ = (3x² + a) / 2y = ${num(slope)}, so the line is ${lineEquation(slope, intercept)}.`
      : `Draw the line through P and Q: slope λ = (y_Q − y_P) / (x_Q − x_P) = ${num(slope)}, so the line is ${lineEquation(slope, intercept)}.`,
  });
  steps.push({
    phase: 'third',
    text: `A line meets a cubic curve in three points (counting a tangent twice). The third one is at x = λ² − x_P − x_Q = ${num(r.third.x)}: the point ${fmtReal(r.third)}, which is −(${dbl ? '2P' : 'P + Q'}).`,
  });
  steps.push({
    phase: 'reflect',
    text: `Reflect it in the x-axis (change the sign of y): ${dbl ? '2P' : 'P + Q'} = ${fmtReal(r.result)}.`,
  });
  const ok = isOnRealCurve(curve, r.result, 1e-7);
  steps.push({
    phase: 'done',
    text: ok
      ? `Result: ${dbl ? '2P' : 'P + Q'} = ${fmtReal(r.result)}. Check: y² = ${num(r.result.y ** 2)} and x³ + ax + b = ${num(r.result.x ** 3 + curve.a * r.result.x + curve.b)}, so it is on the curve.`
      : `Result: ${fmtReal(r.result)} — but it fails the curve check (rounding?), so treat it with suspicion.`,
  });
  return steps;
}

/** Index of a phase in drawing order, for "show everything up to this phase". */
export function phaseRank(phase: RealsPhase): number {
  return ['points', 'line', 'third', 'reflect', 'done'].indexOf(phase);
}

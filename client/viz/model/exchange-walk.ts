// The walk d × Q of one side of a toy exchange, step by step (double-and-add from the engine's recorded rows; no DOM).
import type { WeierstrassCurve } from '../../math/curves.js';
import { bitLength, signedMod } from '../../math/field.js';
import { doubleAndAdd } from '../../math/scalar-mult.js';
import {
  addDetailed,
  INFINITY,
  multiply,
  pointsEqual,
  type AddDetail,
  type AffinePoint,
  type Point,
} from '../../math/weierstrass.js';
import { binary, fmtInt, fmtMultiple, fmtPoint } from './format.js';
import type { GridOp } from './grid-steps.js';

/** One step of a side's walk: R after it, as a multiple of the base, and the operation that got there. */
export interface WalkStep {
  /** Caption and aria-live text. */
  text: string;
  /** R after this step. */
  R: Point;
  /** R = multiple × base after this step. */
  multiple: bigint;
  /** The doubling or addition of this step (none for the start, a first addition to O, and the summary). */
  op?: GridOp;
}

/** Who walks: their name, the name of the point they multiply (e.g. "Q_B") and of the result ("S"). */
export interface WalkNames {
  who: string;
  base: string;
}

function lineText(curve: WeierstrassCurve, d: AddDetail): string {
  if (d.slope === null) return '';
  const lam = signedMod(d.slope, curve.p);
  const what = d.kind === 'double' ? 'tangent' : 'line';
  return ` The ${what} has slope λ = ${fmtInt(lam)} (mod ${curve.p}), meets the curve again at ${fmtPoint(d.third)}; reflected:`;
}

/**
 * The steps of d × P by left-to-right double-and-add: a start (R = O), one step per doubling and
 * per addition of P, and a summary. Every point comes from the engine's recorded rows and is
 * re-derived with addDetailed (for the line drawn); a disagreement throws.
 */
export function exchangeWalk(
  curve: WeierstrassCurve,
  d: bigint,
  P: AffinePoint,
  names: WalkNames,
): WalkStep[] {
  if (d < 1n) throw new RangeError('d must be at least 1');
  const width = bitLength(d);
  const trace = doubleAndAdd(curve, d, P, { width });
  const m = (k: bigint) => fmtMultiple(k, names.base);
  const steps: WalkStep[] = [
    {
      text: `${names.who} computes ${d} × ${names.base} with ${names.base} = ${fmtPoint(P)}: ${d} = ${binary(d, width)} in binary, so read the bits from the left, doubling R for every bit and adding ${names.base} for every 1. R starts at O.`,
      R: INFINITY,
      multiple: 0n,
    },
  ];
  let R: Point = INFINITY;
  let k = 0n;
  for (const row of trace.rows) {
    const bit = `${names.who}, bit ${row.bitIndex} is ${row.bit}`;
    if (!R.infinity) {
      const detail = addDetailed(curve, R, R);
      const before = R;
      R = detail.result;
      k *= 2n;
      steps.push({
        text: `${bit}: double R = ${m(k / 2n)} = ${fmtPoint(before)}.${lineText(curve, detail)} R = ${m(k)} = ${fmtPoint(R)}.`,
        R,
        multiple: k,
        op: { kind: 'double', P: before, Q: before, detail },
      });
    }
    if (row.bit === 1) {
      const detail = addDetailed(curve, R, P);
      const before = R;
      R = detail.result;
      k += 1n;
      steps.push({
        text: before.infinity
          ? `${bit}: R = O + ${names.base} = ${names.base} = ${fmtPoint(P)}.`
          : `${bit}, so also add ${names.base} = ${fmtPoint(P)} to R = ${m(k - 1n)} = ${fmtPoint(before)}.${lineText(curve, detail)} R = ${m(k)} = ${fmtPoint(R)}.`,
        R,
        multiple: k,
        ...(before.infinity ? {} : { op: { kind: 'add' as const, P: before, Q: P, detail } }),
      });
    }
    if (!pointsEqual(R, row.point))
      throw new Error(`walk step for bit ${row.bitIndex} disagrees with the engine`);
  }
  const direct = multiply(curve, d, P);
  const count = (kind: 'double' | 'add', one: string, many: string) => {
    const c = steps.filter((w) => w.op?.kind === kind).length;
    return `${c} ${c === 1 ? one : many}`;
  };
  steps.push({
    text: pointsEqual(direct, R)
      ? `${names.who} is done: S = ${d} × ${names.base} = ${fmtPoint(R)} after ${count('double', 'doubling', 'doublings')} and ${count('add', 'addition', 'additions')} (the engine's multiply gives the same point).`
      : `${names.who} ends on ${fmtPoint(R)}, but the engine's multiply gives ${fmtPoint(direct)}: they differ.`,
    R,
    multiple: k,
  });
  return steps;
}

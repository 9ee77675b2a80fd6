// The `present:demo` detail: the toy curve and demo d of the Math tab's grid, or the reals view's curve and points.
import { isCurveId, isToyCurve } from '../../../common/wire.js';
import { StepDetailError } from './presenter.js';

type Obj = Record<string, unknown>;
const bad = (field: string, want: string): StepDetailError =>
  new StepDetailError('bad-field', `Step field "${field}" must be ${want}.`);

/** Largest |value| accepted for a coefficient or coordinate of the reals demo. */
export const MAX_REAL_DEMO = 1e6;

function real(o: Obj, f: string): number {
  const v = o[f];
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_REAL_DEMO)
    throw bad(f, `a finite number of magnitude at most ${MAX_REAL_DEMO}`);
  return v;
}

function realPoint(v: unknown, f: string): { x: number; y: number } | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(f, 'a point { x, y }');
  return { x: real(v as Obj, 'x'), y: real(v as Obj, 'y') };
}

/**
 * Sanitised detail of `present:demo` (public teaching data chosen on a demo view, never a key):
 * `{ view: "curve-grid", curve: <toy curve id>, multiple }` or
 * `{ view: "curve-reals", a, b, P?: { x, y }, Q?: { x, y } }`. Throws StepDetailError.
 */
export function shapeDemo(o: Obj): Obj {
  if (o.view === 'curve-grid') {
    if (!isCurveId(o.curve) || !isToyCurve(o.curve)) throw bad('curve', 'a toy curve id');
    const m = o.multiple;
    if (typeof m !== 'number' || !Number.isSafeInteger(m) || m < 1 || m > 1e9)
      throw bad('multiple', 'an integer from 1 to 10^9');
    return { view: 'curve-grid', curve: o.curve, multiple: m };
  }
  if (o.view === 'curve-reals') {
    const out: Obj = { view: 'curve-reals', a: real(o, 'a'), b: real(o, 'b') };
    const P = realPoint(o.P, 'P');
    const Q = realPoint(o.Q, 'Q');
    if (P) out.P = P;
    if (Q) out.Q = Q;
    return out;
  }
  throw bad('view', '"curve-grid" or "curve-reals"');
}

// How <curvechat-curve-reals> picks P and Q: a click snapped to the curve, or x values typed into its form (no DOM).
import { nearestOnCurve, type RealCurve, type RealPoint } from '../../math/reals.js';
import { fmtReal, pointAt } from './reals-steps.js';
import { toScreen, toWorld, type Viewport } from './viewport.js';

/** Largest distance (CSS px) between a click and the curve for the click to pick a point. */
export const SNAP_PX = 36;

/** Which point the next click chooses. */
export type Picking = 'P' | 'Q';

/** What a pick changes: only the note, or both points, whose turn is next and the note. */
export type PickResult =
  | { kind: 'note'; note: string }
  | { kind: 'points'; P: RealPoint | undefined; Q: RealPoint | undefined; picking: Picking; note: string };

/**
 * A click at (sx, sy) CSS px in viewport `v`: the nearest curve point when
 * within SNAP_PX, becoming P (and clearing Q) or Q (= P when it lands on P,
 * to double). Undefined when nothing on the curve is near enough to judge.
 */
export function pickByClick(
  curve: RealCurve,
  v: Viewport,
  sx: number,
  sy: number,
  picking: Picking,
  P: RealPoint | undefined,
): PickResult | undefined {
  const w = toWorld(v, sx, sy);
  const near = nearestOnCurve(curve, w.x, w.y, v.xMax);
  if (!near) return undefined;
  const c = toScreen(v, near.x, near.y);
  if (Math.hypot(c.sx - sx, c.sy - sy) > SNAP_PX) {
    return { kind: 'note', note: 'Click on (or close to) the blue curve.' };
  }
  if (picking === 'P') {
    return {
      kind: 'points',
      P: near,
      Q: undefined,
      picking: 'Q',
      note: `P = ${fmtReal(near)}. Now click Q (click P again to double it).`,
    };
  }
  const same = P && Math.hypot(toScreen(v, P.x, P.y).sx - c.sx, toScreen(v, P.x, P.y).sy - c.sy) < 10;
  return {
    kind: 'points',
    P,
    Q: same && P ? P : near,
    picking: 'P',
    note: same
      ? `Q = P = ${fmtReal(near)}: doubling with the tangent. Press Play or step.`
      : `P = ${P ? fmtReal(P) : 'O'}, Q = ${fmtReal(near)}. Press Play or step.`,
  };
}

/** The form's fields px, ps, qx, qs (sign "+" or "-") and double, read by name. */
export type FieldReader = (name: string) => unknown;

/** P and Q from the typed x values and halves (Q = P when "double" is ticked), or a note when a point does not exist. */
export function pickByForm(curve: RealCurve, get: FieldReader): PickResult {
  const P = pointAt(curve, Number(get('px')), get('ps') === '-' ? -1 : 1);
  const Q = get('double') ? P : pointAt(curve, Number(get('qx')), get('qs') === '-' ? -1 : 1);
  if (!P || !Q) {
    return {
      kind: 'note',
      note: 'There is no curve point above that x (x³ + ax + b is negative there). Try a larger x.',
    };
  }
  return {
    kind: 'points',
    P,
    Q,
    picking: 'P',
    note: `P = ${fmtReal(P)}, Q = ${fmtReal(Q)}. Press Play or step.`,
  };
}

// Per-curve data for <curvechat-curve-grid> (points and G's orbit, cached), its default scalar and its canvas description (no DOM).
import type { ToyCurveId } from '../../../common/wire.js';
import { equationText, getToyCurve, type WeierstrassCurve } from '../../math/curves.js';
import type { AffinePoint } from '../../math/weierstrass.js';
import { fmtMultiple, fmtPoint } from './format.js';
import { allPoints, orbitInfo, type GridStep, type OrbitInfo } from './grid-steps.js';

/** Default d per curve: 10 on toy-17 (10G = (7, 11), the worked example of docs/protocol.md), a small valid scalar elsewhere. */
export function defaultScalar(curve: WeierstrassCurve): bigint {
  return curve.n > 10n ? 10n : curve.n - 2n;
}

/** A toy curve with every affine point and G's orbit. */
export interface CurveData {
  curve: WeierstrassCurve;
  points: AffinePoint[];
  orbit: OrbitInfo;
}

const cache = new Map<ToyCurveId, CurveData>();

/** The curve's data, computed once per curve and cached for the page's lifetime. */
export function curveData(id: ToyCurveId): CurveData {
  let data = cache.get(id);
  if (!data) {
    const curve = getToyCurve(id);
    data = { curve, points: allPoints(curve), orbit: orbitInfo(curve) };
    cache.set(id, data);
  }
  return data;
}

/** `d` (or the curve's default) reduced into [1, n−1]; 0 becomes 1. */
export function gridScalar(curve: WeierstrassCurve, d: bigint | undefined): bigint {
  const n = curve.n;
  const k = d ?? defaultScalar(curve);
  const r = ((k % n) + n) % n;
  return r === 0n ? 1n : r;
}

/** Text alternative of the grid canvas: the curve, its points, G's orbit and the highlighted R. */
export function gridDescription({ curve, points, orbit }: CurveData, step: GridStep | undefined): string {
  const cur =
    step && !step.current.infinity
      ? ` The highlighted point R is ${fmtMultiple(step.multiple)} = ${fmtPoint(step.current)}.`
      : '';
  return `Grid of x and y from 0 to ${curve.p - 1n} showing the ${points.length} points of ${equationText(curve)}. G = ${fmtPoint(orbit.points[0] ?? { infinity: true })} is highlighted; ${orbit.index.size} points are in G's orbit and are numbered k for k·G.${cur}`;
}

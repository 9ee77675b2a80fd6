// Where and how a singular curve y² = x³ + ax + b (4a³ + 27b² = 0) breaks: its cusp, self-crossing or isolated point (no DOM).
import type { RealCurve, RealPoint } from '../../math/reals.js';

/** The kind of singular point: a cusp (a = b = 0), a self-crossing (node) or an isolated point. */
export type SingularKind = 'cusp' | 'crossing' | 'isolated';

/** The singular point of a singular curve and its kind. */
export interface Singularity {
  kind: SingularKind;
  at: RealPoint;
}

/**
 * The singular point of a curve with 4a³ + 27b² = 0: x³ + ax + b = (x − r)²(x + 2r) with the double
 * root r = −3b / 2a (0 when a = 0). Near r, y² ≈ (r − s)(x − r)² with s = −2r the simple root, so the
 * curve crosses itself there when r > s (r > 0), and r is a lone point when r < s (r < 0).
 */
export function singularity(curve: RealCurve): Singularity {
  if (curve.a === 0) return { kind: 'cusp', at: { x: 0, y: 0 } };
  const r = (-3 * curve.b) / (2 * curve.a);
  return { kind: r > 0 ? 'crossing' : r < 0 ? 'isolated' : 'cusp', at: { x: r, y: 0 } };
}

/** What a student reads about a singular curve: where it breaks and why the addition rule fails. */
export function singularText(curve: RealCurve, fmt: (p: RealPoint) => string): string {
  const { kind, at } = singularity(curve);
  const where =
    kind === 'cusp'
      ? `a sharp point (a cusp) at ${fmt(at)}`
      : kind === 'crossing'
        ? `a self-crossing at ${fmt(at)}`
        : `an isolated point at ${fmt(at)}, apart from the rest of the curve`;
  return (
    `4a³ + 27b² = 0 here, so the curve has ${where}. There the tangent is not defined, ` +
    `so the chord-and-tangent rule breaks: this is not an elliptic curve. Change a or b.`
  );
}

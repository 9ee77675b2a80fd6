// Reading a student's typed answer: whole numbers mod p and points (x, y), with a sentence for what is wrong.
import type { WeierstrassCurve } from '../../math/curves.js';
import { mod } from '../../math/field.js';
import { point, type AffinePoint } from '../../math/weierstrass.js';
import type { Answer } from './exercise-types.js';

/** A whole number from `lo` to `hi` typed by a student, or undefined. */
export function parseWhole(s: string, lo: bigint, hi: bigint): bigint | undefined {
  const t = s.trim();
  if (!/^\d{1,12}$/.test(t)) return undefined;
  const v = BigInt(t);
  return v >= lo && v <= hi ? v : undefined;
}

/** The typed points of an answer (x and y in 0 … p−1), or a sentence saying which one is not. */
export function parsePoints(
  curve: WeierstrassCurve,
  answer: Answer,
  names: readonly string[],
): AffinePoint[] | string {
  if (answer.kind !== 'points' || answer.points.length !== names.length)
    return `Enter x and y for ${names.join(' and ')}.`;
  const out: AffinePoint[] = [];
  const max = curve.p - 1n;
  for (const [i, typed] of answer.points.entries()) {
    const x = parseWhole(typed.x, 0n, max);
    const y = parseWhole(typed.y, 0n, max);
    if (x === undefined || y === undefined)
      return `Enter whole numbers from 0 to ${max} for x and y of ${names[i] ?? 'the point'}.`;
    out.push(point(x, y));
  }
  return out;
}

/** Why (x, y) is not on the curve, with both sides computed mod p; undefined when it is. */
export function offCurve(curve: WeierstrassCurve, P: AffinePoint): string | undefined {
  const lhs = mod(P.y * P.y, curve.p);
  const rhs = mod(P.x * P.x * P.x + curve.a * P.x + curve.b, curve.p);
  if (lhs === rhs) return undefined;
  return `(${P.x}, ${P.y}) is not on the curve: y² = ${lhs} but x³ + ${curve.a}x + ${curve.b} = ${rhs} (mod ${curve.p}).`;
}

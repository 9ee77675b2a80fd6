// Keys a student can spot at a glance: d = 1 gives Q = G, d = n − 1 gives Q = −G. Checked on the real key (d and Q).
import type { WeierstrassCurve } from './curves.js';
import { basePoint, negate, point, pointsEqual } from './weierstrass.js';

/**
 * The one-line note for a key pair (d, Q) on `curve` when Q is ±G: d = 1 and Q = G, or d = n − 1 and Q = −G. Both the
 * scalar and the point must say so (a note is never claimed from d alone); undefined for every other key.
 */
export function specialKeyNote(
  curve: WeierstrassCurve,
  d: bigint,
  Q: { x: bigint; y: bigint },
): string | undefined {
  const q = point(Q.x, Q.y);
  const G = basePoint(curve);
  const fmt = (P: { x: bigint; y: bigint }): string => `(${P.x}, ${P.y})`;
  if (d === 1n && pointsEqual(q, G))
    return `d = 1, so Q = 1×G = G ${fmt(G)}: your public key is the base point itself, and anyone who sees it knows d.`;
  const minusG = negate(curve, G);
  if (d === curve.n - 1n && !minusG.infinity && pointsEqual(q, minusG))
    return `d = n − 1 = ${d}, so Q = −G ${fmt(minusG)}: G mirrored in the x-axis, and anyone who sees it knows d.`;
  return undefined;
}

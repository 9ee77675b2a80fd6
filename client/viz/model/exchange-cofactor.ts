// The cofactor explained on a toy curve: the subgroup ⟨G⟩ of order n inside #E = h·n points, counted by the engine (no DOM).
import type { WeierstrassCurve } from '../../math/curves.js';
import { enumeratePoints, orbit, pointOrder } from '../../math/toy.js';
import { basePoint, multiply, pointsEqual, type AffinePoint } from '../../math/weierstrass.js';
import { fmtPoint } from './format.js';

/** The subgroup G generates and the rest of the curve, with the numbers that explain the cofactor. */
export interface CofactorInfo {
  /** #E: every point of the curve, O included (brute-force count). */
  total: bigint;
  /** n: the order of G (the length of its orbit). */
  n: bigint;
  /** h = #E / n. */
  h: bigint;
  /** The affine points of ⟨G⟩ (G, 2G, …, (n−1)G). */
  subgroup: AffinePoint[];
  /** The affine points outside ⟨G⟩. */
  others: AffinePoint[];
  /** One point outside ⟨G⟩ and its order (an example that the rest is not reachable from G). */
  example?: { P: AffinePoint; order: bigint };
  /** (n + 1) × G = G: a private key n + 1 is the key 1 again. */
  wraps: boolean;
  /** Sentences for the screen and its text alternative. */
  text: string[];
}

/** Counts the curve and G's subgroup by brute force and explains why only n − 1 private keys exist. */
export function cofactorInfo(curve: WeierstrassCurve): CofactorInfo {
  const all = enumeratePoints(curve);
  const total = BigInt(all.length + 1);
  const G = basePoint(curve);
  const orb = orbit(curve, G);
  const n = BigInt(orb.length);
  const h = total / n;
  const inG = new Set(orb.filter((P): P is AffinePoint => !P.infinity).map((P) => `${P.x},${P.y}`));
  const subgroup = all.filter((P) => inG.has(`${P.x},${P.y}`));
  const others = all.filter((P) => !inG.has(`${P.x},${P.y}`));
  const first = others[0];
  const example = first ? { P: first, order: pointOrder(curve, first, total) } : undefined;
  const wraps = pointsEqual(multiply(curve, n + 1n, G), G);
  const text = [
    `This curve has #E = ${total} points (counting O), counted one by one. G = ${fmtPoint(G)} has order n = ${n}: G, 2G, …, ${n}G = O, so its multiples form a subgroup ⟨G⟩ of only ${n} points.`,
    `The cofactor is h = #E / n = ${total} / ${n} = ${h}: the curve is ${h} times larger than the part G can reach. The other ${others.length} points are never a public key here${example ? ` (for example ${fmtPoint(example.P)} has order ${example.order} and is not a multiple of G)` : ''}.`,
    `A private key d only matters modulo n: 0 × G = O is not a key, and ${n + 1n} × G = G again${wraps ? ' (checked by the engine)' : ''}. So there are only n − 1 = ${n - 1n} private keys, and Eve tries them all at once. Real curves keep h tiny (1 for P-256, 8 for Curve25519) and n huge.`,
  ];
  return { total, n, h, subgroup, others, example, wraps, text };
}

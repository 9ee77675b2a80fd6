// The commutativity table of a toy exchange: d_A(d_B G) and d_B(d_A G) for a few d_A and d_B, all computed by the engine (no DOM).
import type { WeierstrassCurve } from '../../math/curves.js';
import { basePoint, multiply, pointsEqual, type Point } from '../../math/weierstrass.js';

/** One cell: both orders of multiplication, whether they agree and the product point. */
export interface CommutativityCell {
  dA: bigint;
  dB: bigint;
  /** d_A × (d_B × G). */
  viaA: Point;
  /** d_B × (d_A × G). */
  viaB: Point;
  /** (d_A·d_B mod n) × G. */
  product: Point;
  /** viaA = viaB = product. */
  same: boolean;
  /** The room's (or the demo's) own pair. */
  ours: boolean;
}

/** Rows (d_A), columns (d_B) and cells of the table. */
export interface CommutativityTable {
  rows: bigint[];
  cols: bigint[];
  cells: CommutativityCell[][];
  /** Every cell agrees. */
  allSame: boolean;
}

/** `size` small scalars 1, 2, … (below n), with `extra` put in (in order) when it is a valid scalar. */
export function tableScalars(n: bigint, size: number, extra?: bigint): bigint[] {
  const out: bigint[] = [];
  for (let i = 1n; i < n && out.length < size; i++) out.push(i);
  if (extra !== undefined && extra >= 1n && extra < n && !out.includes(extra)) {
    out[out.length - 1] = extra;
    out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return out;
}

/**
 * The table for `curve`: up to `size` rows and columns, the pair (dA, dB) included and marked when
 * given. Each cell is computed both ways with the engine's multiply and compared with (d_A·d_B)×G.
 */
export function commutativityTable(
  curve: WeierstrassCurve,
  size = 6,
  pair?: [bigint, bigint],
): CommutativityTable {
  const G = basePoint(curve);
  const rows = tableScalars(curve.n, size, pair?.[0]);
  const cols = tableScalars(curve.n, size, pair?.[1]);
  const times = new Map(Array.from(new Set([...rows, ...cols]), (s) => [s, multiply(curve, s, G)] as const));
  const cells = rows.map((dA) =>
    cols.map((dB): CommutativityCell => {
      const viaA = multiply(curve, dA, times.get(dB)!);
      const viaB = multiply(curve, dB, times.get(dA)!);
      const product = multiply(curve, (dA * dB) % curve.n, G);
      const same = pointsEqual(viaA, viaB) && pointsEqual(viaA, product);
      const ours = pair !== undefined && pair[0] === dA && pair[1] === dB;
      return { dA, dB, viaA, viaB, product, same, ours };
    }),
  );
  return { rows, cols, cells, allSame: cells.every((r) => r.every((c) => c.same)) };
}

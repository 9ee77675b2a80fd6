// Baby-step giant-step as its two tables: j → j·G and Q − i·m·G, filled in up to a given step count (for drawing).
import { isqrt } from './field.js';
import { add, basePoint, multiply, negate, type Point } from './weierstrass.js';
import type { WeierstrassCurve } from './curves.js';

/** One row of the baby-step table: j and j·G. */
export interface BabyRow {
  readonly j: number;
  readonly P: Point;
}

/** One giant step: i and Q − i·m·G, with the baby row it matched (or null). */
export interface GiantRow {
  readonly i: number;
  readonly P: Point;
  readonly match: number | null;
}

/** Both tables after some steps of baby-step giant-step. */
export interface BsgsTables {
  /** m = ⌈√n⌉: the table size and the giant stride. */
  readonly m: number;
  /** Group operations done (the same count as bsgsDlog's `steps`). */
  readonly steps: number;
  /** Baby rows filled in so far (j = 0 … m−1). */
  readonly baby: readonly BabyRow[];
  /** Giant steps taken so far (i = 0, 1, …). */
  readonly giant: readonly GiantRow[];
  /** The match once found: Q − i·m·G = j·G, so d = i·m + j (mod n). */
  readonly found: { readonly i: number; readonly j: number; readonly d: bigint } | null;
  /** The giant stride −m·G (shown beside the giant table). */
  readonly stride: Point;
}

/** m = ⌈√n⌉ for a group of order n. */
export function bsgsStride(n: bigint): number {
  let m = isqrt(n);
  if (m * m < n) m += 1n;
  return Number(m);
}

const keyOf = (P: Point): string => (P.infinity ? 'O' : `${P.x},${P.y}`);

/**
 * The tables of baby-step giant-step on `curve` for target Q after `steps` group operations, exactly as
 * bsgsDlog (dlog.ts) counts them: steps 1…m each store one baby row (j = step − 1), then each further
 * step is one giant step Q − i·m·G looked up in the table. Stops at the match or at 2m steps.
 */
export function bsgsTables(curve: WeierstrassCurve, Q: Point, steps: number): BsgsTables {
  const n = curve.n;
  const m = bsgsStride(n);
  const G = basePoint(curve);
  const stride = negate(curve, multiply(curve, BigInt(m), G));
  const budget = Math.max(0, Math.min(Math.floor(steps), 2 * m));
  const baby: BabyRow[] = [];
  const table = new Map<string, number>();
  let R: Point = { infinity: true };
  let done = 0;
  for (let j = 0; j < m && done < budget; j++, done++) {
    baby.push({ j, P: R });
    if (!table.has(keyOf(R))) table.set(keyOf(R), j);
    R = add(curve, R, G);
  }
  const giant: GiantRow[] = [];
  let gamma: Point = Q;
  let found: BsgsTables['found'] = null;
  for (let i = 0; i < m && done < budget; i++, done++) {
    const j = table.get(keyOf(gamma)) ?? null;
    giant.push({ i, P: gamma, match: j });
    if (j !== null) {
      found = { i, j, d: (BigInt(i) * BigInt(m) + BigInt(j)) % n };
      done++;
      break;
    }
    gamma = add(curve, gamma, stride);
  }
  return { m, steps: done, baby, giant, found, stride };
}

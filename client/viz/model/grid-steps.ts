// Steps of d×G on a toy curve (double-and-add, from the engine's recorded rows) with lines and text (no DOM).
import type { WeierstrassCurve } from '../../math/curves.js';
import { bitLength, signedMod } from '../../math/field.js';
import { doubleAndAdd } from '../../math/scalar-mult.js';
import { enumeratePoints, orbit } from '../../math/toy.js';
import {
  addDetailed,
  basePoint,
  INFINITY,
  pointsEqual,
  type AddDetail,
  type AffinePoint,
  type Point,
} from '../../math/weierstrass.js';
import { binary, fmtInt, fmtMultiple, fmtPoint } from './format.js';

/** One drawable operation: R ← R + R (tangent) or R ← R + G (chord). */
export interface GridOp {
  kind: 'double' | 'add';
  /** The operands as drawn: P is R before, Q is R (double) or G (add). */
  P: Point;
  Q: Point;
  /** The engine's description: slope, third intersection, result. */
  detail: AddDetail;
}

/** One step of the player: what is drawn and said. */
export interface GridStep {
  /** Caption and aria-live text. */
  text: string;
  /** R after this step. */
  current: Point;
  /** R = multiple·G after this step. */
  multiple: bigint;
  /** Operation animated in this step (none for the start and the summary). */
  op?: GridOp;
  /** Multiples of G visited so far (for the trail). */
  visited: bigint[];
}

/** The multiples of G: index k−1 holds k·G; the last entry is O. */
export interface OrbitInfo {
  points: Point[];
  /** Affine point key "x,y" → k with k·G = point. */
  index: Map<string, number>;
}

/** Key of a point for maps. */
export function pointKey(P: AffinePoint): string {
  return `${P.x},${P.y}`;
}

/** The orbit of G with a reverse index (k for each point). */
export function orbitInfo(curve: WeierstrassCurve): OrbitInfo {
  const points = orbit(curve, basePoint(curve));
  const index = new Map<string, number>();
  points.forEach((P, i) => {
    if (!P.infinity) index.set(pointKey(P), i + 1);
  });
  return { points, index };
}

/** Every affine point of a toy curve (engine brute force). */
export function allPoints(curve: WeierstrassCurve): AffinePoint[] {
  return enumeratePoints(curve);
}

function lineText(curve: WeierstrassCurve, d: AddDetail): string {
  if (d.slope === null) return '';
  const lam = signedMod(d.slope, curve.p);
  const what = d.kind === 'double' ? 'The tangent' : 'The line';
  const slope = lam === d.slope ? `${d.slope}` : `${d.slope} ≡ ${fmtInt(lam)}`;
  const path = lam === 0n ? 'it is horizontal and' : `it wraps around the grid (mod ${curve.p}) and`;
  return `${what} has slope λ = ${slope} (mod ${curve.p}); ${path} meets the curve again at ${fmtPoint(d.third)}; reflecting (y → ${curve.p} − y) gives `;
}

/**
 * The player steps for d×G by left-to-right double-and-add. Rows come from the
 * engine's recorded multiplication; each doubling/addition is re-derived with
 * addDetailed for its line, and checked against the recorded row.
 */
export function scalarSteps(
  curve: WeierstrassCurve,
  d: bigint,
  orb: OrbitInfo = orbitInfo(curve),
): GridStep[] {
  if (d < 1n) throw new RangeError('d must be at least 1');
  const G = basePoint(curve);
  const width = bitLength(d);
  const trace = doubleAndAdd(curve, d, G, { width });
  const steps: GridStep[] = [];
  const visited: bigint[] = [];
  const order = BigInt(orb.points.length);
  const bitsText = width > 20 ? `${binary(d, width).slice(0, 12)}… (${width} bits)` : binary(d, width);
  const replay =
    d >= order
      ? ` Here ${order}G = O, so multiples wrap around: only d mod ${order} = ${d % order} matters.`
      : '';
  steps.push({
    text: `Compute d×G for d = ${width > 20 ? 'your key' : d} = ${bitsText} in binary: read the bits from the left, doubling R for every bit and adding G for every 1. R starts at O, the point at infinity.${replay}`,
    current: INFINITY,
    multiple: 0n,
    visited: [],
  });
  let R: Point = INFINITY;
  let k = 0n;
  for (const row of trace.rows) {
    const bitLabel = `Bit ${row.bitIndex} is ${row.bit}`;
    if (!R.infinity) {
      const detail = addDetailed(curve, R, R);
      const before = R;
      R = detail.result;
      k = (k * 2n) % order;
      visited.push(k);
      steps.push({
        text: `${bitLabel}: double R = ${fmtPoint(before)}. ${lineText(curve, detail)}${fmtMultiple(k)} = ${fmtPoint(R)}.`,
        current: R,
        multiple: k,
        op: { kind: 'double', P: before, Q: before, detail },
        visited: [...visited],
      });
    }
    if (row.bit === 1) {
      const detail = addDetailed(curve, R, G);
      const before = R;
      R = detail.result;
      k = (k + 1n) % order;
      visited.push(k);
      const text = before.infinity
        ? `${bitLabel}: R = O + G = G = ${fmtPoint(G)}.`
        : `Bit ${row.bitIndex} is 1, so also add G = ${fmtPoint(G)} to R = ${fmtPoint(before)}. ${lineText(curve, detail)}${fmtMultiple(k)} = ${fmtPoint(R)}.`;
      steps.push({
        text,
        current: R,
        multiple: k,
        ...(before.infinity ? {} : { op: { kind: 'add' as const, P: before, Q: G, detail } }),
        visited: [...visited],
      });
    } else if (R.infinity) {
      steps.push({ text: `${bitLabel}: R stays O.`, current: R, multiple: k, visited: [...visited] });
    }
    if (!pointsEqual(R, row.point)) throw new Error(`step for bit ${row.bitIndex} disagrees with the engine`);
  }
  const fromOrbit = orb.points[Number((d - 1n) % order)] ?? INFINITY;
  const agree = pointsEqual(fromOrbit, trace.result);
  const dm = d % order;
  const name = d >= order ? `${dm}G` : fmtMultiple(d);
  steps.push({
    text: agree
      ? `Done: d×G = ${fmtPoint(trace.result)} after ${trace.doublings} doublings and ${trace.additions} additions${d < order ? `, instead of ${d - 1n} additions of G one at a time` : ''}. Check: the orbit lists ${name} = ${fmtPoint(fromOrbit)} — the same point.`
      : `Done: d×G = ${fmtPoint(trace.result)}, but the orbit lists ${fmtPoint(fromOrbit)}: they differ.`,
    current: trace.result,
    multiple: dm,
    visited: [...visited],
  });
  return steps;
}

/** Plain-language explanation of G's order on this curve (the cofactor lesson), from counted numbers. */
export function orderExplanation(pointCount: number, orb: OrbitInfo): string {
  const total = BigInt(pointCount + 1);
  const order = BigInt(orb.points.length);
  const h = total / order;
  if (order === total) {
    return `This curve has ${total} points (counting O), and G's orbit G, 2G, 3G, …, ${order}G = O visits every one of them: the order of G is ${order}, so a private key d can be any of ${order - 1n} values.`;
  }
  return `This curve has ${total} points (counting O) but G's orbit G, 2G, …, ${order}G = O covers only ${order} of them: the order of G is ${order} and the cofactor is ${total} / ${order} = ${h}. A private key d then has only ${order - 1n} possible values, so an attacker tries them all at once. Real curves use a G of huge prime order n with a tiny cofactor (1 for P-256, 8 for Curve25519).`;
}

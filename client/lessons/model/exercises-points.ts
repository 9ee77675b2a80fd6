// Point exercises on toy-17: 2P and 3P by hand, P + Q from a picture, and d from Q — each checked by the engine.
import { TOY_17 } from '../../math/curves.js';
import { invert, mod } from '../../math/field.js';
import { orbit } from '../../math/toy.js';
import { add, basePoint, double, multiply, pointsEqual, type AffinePoint } from '../../math/weierstrass.js';
import { fmtPoint } from '../../viz/model/format.js';
import { offCurve, parsePoints, parseWhole } from './answer-parse.js';
import type { Answer, ExerciseInstance, Verdict } from './exercise-types.js';
import { SeededRandom } from './rng.js';

const C = TOY_17;
const ORDER = C.n;

/** The multiples kG of toy-17 for k = 1 … n−1 (every point but O), computed by the engine. */
function multiples(): { k: bigint; P: AffinePoint }[] {
  return orbit(C)
    .map((P, i) => ({ k: BigInt(i + 1), P }))
    .filter((m): m is { k: bigint; P: AffinePoint } => !m.P.infinity);
}

/** The verdict on one typed point against the engine's `want`. */
function pointVerdict(name: string, got: AffinePoint, want: AffinePoint, hint: string): Verdict | undefined {
  if (pointsEqual(got, want)) return undefined;
  const off = offCurve(C, got);
  return {
    correct: false,
    message: off ?? `(${got.x}, ${got.y}) is on the curve, but it is not ${name}.`,
    hint,
  };
}

/** Hint for 2P: the tangent's slope with the inverse the student needs, computed mod p. */
function doubleHint(P: AffinePoint): string {
  const inv = invert(mod(2n * P.y, C.p), C.p);
  return `Tangent at P: λ = (3·x_P² + a) / (2·y_P) mod ${C.p}, and 1/(2·${P.y}) = ${inv} (mod ${C.p}). Then x = λ² − 2·x_P and y = λ·(x_P − x) − y_P, mod ${C.p}.`;
}

/** Hint for P + Q (or 3P = 2P + P): the chord's slope, mod p. */
function chordHint(first: string, second: string): string {
  return `Chord through ${first} and ${second}: λ = (y₂ − y₁) / (x₂ − x₁) mod ${C.p}. Then x = λ² − x₁ − x₂ and y = λ·(x₁ − x) − y₁, mod ${C.p}.`;
}

/** Compute 2P and 3P on toy-17 for a P picked by the seed. */
export function doubleTriple(seed: number): ExerciseInstance {
  const rng = new SeededRandom(seed);
  const { P } = rng.pick(multiples());
  return {
    id: 'double-triple',
    title: 'Compute 2P and 3P',
    prompt: `On y² = x³ + ${C.a}x + ${C.b} over F_${C.p}, let P = ${fmtPoint(P)}. Compute 2P = P + P and 3P = 2P + P.`,
    curve: 'toy-17',
    form: { kind: 'points', names: ['2P', '3P'] },
    check(answer: Answer): Verdict {
      const two = double(C, P);
      const three = add(C, two, P);
      if (two.infinity || three.infinity) return { correct: false, message: 'This P has no 2P or 3P here.' };
      if (answer.kind !== 'points' || answer.points.length !== 2)
        return { correct: false, message: 'Enter x and y for 2P and 3P.', unanswered: true };
      // 2P first: a wrong 2P is what to fix, even while 3P is still empty.
      const got2 = parsePoints(C, { kind: 'points', points: answer.points.slice(0, 1) }, ['2P']);
      if (typeof got2 === 'string') return { correct: false, message: got2, unanswered: true };
      const v2 = pointVerdict('2P', got2[0] as AffinePoint, two, doubleHint(P));
      if (v2) return v2;
      const got3 = parsePoints(C, { kind: 'points', points: answer.points.slice(1) }, ['3P']);
      if (typeof got3 === 'string')
        return { correct: false, message: `2P is right. ${got3}`, unanswered: true };
      const v3 = pointVerdict('3P', got3[0] as AffinePoint, three, chordHint('2P', 'P'));
      if (v3) return { ...v3, message: `2P is right. ${v3.message}` };
      return { correct: true, message: `Right: 2P = ${fmtPoint(two)} and 3P = ${fmtPoint(three)}.` };
    },
  };
}

/** Find P + Q from a picture of the grid with P and Q marked. */
export function addPicture(seed: number): ExerciseInstance {
  const rng = new SeededRandom(seed);
  const all = multiples();
  let P: AffinePoint;
  let Q: AffinePoint;
  // Two different points whose sum is a point (not O) and not one of them: a chord, not a tangent.
  do {
    P = rng.pick(all).P;
    Q = rng.pick(all).P;
  } while (pointsEqual(P, Q) || add(C, P, Q).infinity);
  return {
    id: 'add-picture',
    title: 'Find P + Q from the picture',
    prompt: `The picture shows the points of y² = x³ + ${C.a}x + ${C.b} over F_${C.p}, with P and Q marked. Read their coordinates and compute P + Q.`,
    curve: 'toy-17',
    form: { kind: 'points', names: ['P + Q'] },
    picture: [
      { label: 'P', P },
      { label: 'Q', P: Q },
    ],
    check(answer: Answer): Verdict {
      const got = parsePoints(C, answer, ['P + Q']);
      if (typeof got === 'string') return { correct: false, message: got, unanswered: true };
      const sum = add(C, P, Q);
      if (sum.infinity) return { correct: false, message: 'P + Q is O here.' };
      const g = got[0] as AffinePoint;
      if (pointsEqual(g, Q) || pointsEqual(g, P))
        return {
          correct: false,
          message: 'That is P or Q itself, not their sum.',
          hint: chordHint('P', 'Q'),
        };
      const v = pointVerdict(
        'P + Q',
        g,
        sum,
        `P = ${fmtPoint(P)} and Q = ${fmtPoint(Q)}. ${chordHint('P', 'Q')}`,
      );
      return v ?? { correct: true, message: `Right: P + Q = ${fmtPoint(sum)}.` };
    },
  };
}

/** Find d with d×G = Q by hand (walk G, 2G, 3G, …). */
export function findD(seed: number): ExerciseInstance {
  const rng = new SeededRandom(seed);
  const G = basePoint(C);
  const k = BigInt(rng.int(3, Number(ORDER) - 2));
  const Q = multiply(C, k, G) as AffinePoint;
  return {
    id: 'find-d',
    title: 'Find d from Q',
    prompt: `On y² = x³ + ${C.a}x + ${C.b} over F_${C.p} with G = ${fmtPoint(G)}, Eve sees the public key Q = ${fmtPoint(Q)}. Find the private d (1 to ${ORDER - 1n}) with d×G = Q.`,
    curve: 'toy-17',
    form: { kind: 'number', name: 'd' },
    check(answer: Answer): Verdict {
      const d = answer.kind === 'number' ? parseWhole(answer.value, 1n, ORDER - 1n) : undefined;
      if (d === undefined)
        return { correct: false, message: `Enter a whole number from 1 to ${ORDER - 1n}.`, unanswered: true };
      const dG = multiply(C, d, G);
      if (pointsEqual(dG, Q)) return { correct: true, message: `Right: ${d}×G = ${fmtPoint(Q)}.` };
      return {
        correct: false,
        message: `${d}×G = ${fmtPoint(dG)}, not Q = ${fmtPoint(Q)}.`,
        hint: `Walk from G = ${fmtPoint(G)}: 2G = ${fmtPoint(double(C, G))}, then keep adding G and count until you reach Q. That walk is exactly Eve's brute force.`,
      };
    },
  };
}

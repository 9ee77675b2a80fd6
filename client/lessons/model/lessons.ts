// The lessons: six short walks through curvechat's views, every number in their text computed by the engine.
import { P256, TOY_17 } from '../../math/curves.js';
import {
  bruteForceDlog,
  bsgsDlog,
  expectedBruteForceSteps,
  expectedBsgsSteps,
  log2BigInt,
  runDlog,
} from '../../math/dlog.js';
import { addReal } from '../../math/reals.js';
import { enumeratePoints, orbit } from '../../math/toy.js';
import { basePoint, multiply, pointsEqual } from '../../math/weierstrass.js';
import { doubleAndAdd } from '../../math/scalar-mult.js';
import { bitLength } from '../../math/field.js';
import { toyExchange } from '../../viz/model/exchange-model.js';
import { fmtPoint } from '../../viz/model/format.js';
import { fmtReal, pointAt, realEquation } from '../../viz/model/reals-steps.js';
import type { RealPoint } from '../../math/reals.js';
import type { Lesson, LessonStep, LessonView } from './lesson-types.js';
import { EXCHANGE_DEMO, exchangeDemoPlan, viewStepCount } from './lesson-views.js';

/** The last step index of a view in that state. */
function last(v: LessonView): number {
  return Math.max(0, viewStepCount(v) - 1);
}

/** The toy-17 grid with demo multiple `multiple`, at step `index` (default: the last, m×G drawn). */
function gridAt(multiple: number, index?: number): LessonView {
  const v: LessonView = { kind: 'grid', curve: 'toy-17', multiple, index: 0 };
  return { ...v, index: index ?? last(v) };
}

/** A point of the reals demo, computed on the curve (throws if x is off it: a lesson bug, caught by the tests). */
function on(a: number, b: number, x: number, sign: 1 | -1): RealPoint {
  const P = pointAt({ a, b }, x, sign);
  if (!P) throw new RangeError(`no point at x = ${x} on y² = x³ + ${a}x + ${b}`);
  return P;
}

function curveAndAddition(): Lesson {
  const a = -1;
  const b = 1;
  const P = on(a, b, -1, 1);
  const Q = on(a, b, 1, 1);
  const sum = addReal({ a, b }, P, Q);
  const eq = realEquation({ a, b });
  const reals = (index: number): LessonView => ({ kind: 'reals', a, b, P, Q, index });
  const lastIndex = last(reals(0));
  return {
    id: 'curve-addition',
    title: 'The curve and point addition',
    steps: [
      {
        heading: 'An elliptic curve',
        text: `The points (x, y) with ${eq} form a curve. It is symmetric about the x-axis: with (x, y), (x, −y) is on it too.`,
        view: reals(0),
      },
      {
        heading: 'A line through two points',
        text: `Take P = ${fmtReal(P)} and Q = ${fmtReal(Q)}. The line through them meets the curve in exactly one more point.`,
        view: reals(Math.min(1, lastIndex)),
      },
      {
        heading: 'Reflect the third point',
        text: `That third point is ${fmtReal(sum.third)}. Mirror it in the x-axis and you get P + Q = ${fmtReal(sum.result)}.`,
        view: reals(Math.min(3, lastIndex)),
      },
      {
        heading: 'Check it',
        text: `P + Q = ${fmtReal(sum.result)} is on the curve again: adding two points always gives a point of the curve. That is all "addition" means here.`,
        view: reals(lastIndex),
      },
    ],
  };
}

function orbitOfG(): Lesson {
  const c = TOY_17;
  const points = enumeratePoints(c).length;
  const orb = orbit(c);
  const n = orb.length;
  const G = basePoint(c);
  const two = multiply(c, 2n, G);
  const grid = gridAt;
  return {
    id: 'orbit',
    title: 'F_p and the orbit of G',
    steps: [
      {
        heading: 'A curve over F_p',
        text: `Replace the real numbers by the integers mod ${c.p}. The curve y² = x³ + ${c.a}x + ${c.b} (mod ${c.p}) is then just ${points} dots on a ${c.p} × ${c.p} grid, plus O, the point at infinity.`,
        view: grid(1, 0),
      },
      {
        heading: 'The same addition, mod p',
        text: `Lines "wrap around" the grid, but the formulas are those of the reals. G = ${fmtPoint(G)}, and G + G = 2G = ${fmtPoint(two)}.`,
        view: grid(2),
      },
      {
        heading: 'The orbit of G',
        text: `Keep adding G: G, 2G, 3G, … After ${n - 1} points you reach ${n}G = O, the point at infinity, and it starts over. G has order ${n}.`,
        view: grid(n - 1),
      },
    ],
  };
}

function scalarMult(): Lesson {
  const c = TOY_17;
  const G = basePoint(c);
  const dm = 13n;
  const Q = multiply(c, dm, G);
  const trace = doubleAndAdd(c, dm, G, { width: bitLength(dm) });
  const doublings = trace.rows.length - 1;
  const additions = trace.rows.filter((r) => r.bit === 1).length - 1;
  const bruteP256 = Math.round(log2BigInt(expectedBruteForceSteps(P256.n)));
  const found = runDlog(bruteForceDlog(c, Q));
  const pBits = bitLength(P256.n);
  return {
    id: 'scalar-mult',
    title: 'Scalar multiplication and why it is one-way',
    steps: [
      {
        heading: 'd × G by double-and-add',
        text: `To compute ${dm}G, write ${dm} in binary (${dm.toString(2)}) and double for every further bit, adding G for every further 1: ${doublings} doublings and ${additions} additions instead of ${dm - 1n} additions.`,
        view: gridAt(Number(dm), 0),
      },
      {
        heading: 'The result',
        text: `${dm}G = ${fmtPoint(Q)}. Going forward is fast even for a ${pBits}-bit d: at most ${2 * pBits} doublings and additions.`,
        view: gridAt(Number(dm)),
      },
      {
        heading: 'Going back is hard',
        text: `Given only Q = ${fmtPoint(Q)}, finding d means trying G, 2G, 3G, … Here that took ${found.steps} steps; for a ${pBits}-bit d it would take about 2^${bruteP256}.`,
        view: gridAt(Number(dm)),
        open: { tab: 'exercises', label: 'Try the exercises' },
      },
    ],
  };
}

function exchange(): Lesson {
  const ex = toyExchange(EXCHANGE_DEMO.curve, EXCHANGE_DEMO.dA, EXCHANGE_DEMO.dB);
  const plan = exchangeDemoPlan();
  const total = viewStepCount({ kind: 'exchange', index: 0 });
  const at = (index: number): LessonView => ({ kind: 'exchange', index: Math.min(index, total - 1) });
  const walked = plan.stages.find((s) => s.part === 'walk-b');
  const bothWalked = walked ? walked.start + walked.length - 1 : 2;
  const same = pointsEqual(ex.a.S, ex.b.S) ? 'the same point' : 'different points (a bug!)';
  return {
    id: 'exchange',
    title: 'The exchange',
    steps: [
      {
        heading: 'Two key pairs',
        text: `Alice picks d_A = ${ex.a.d} and publishes Q_A = d_A × G = ${fmtPoint(ex.a.Q)}. Bob picks d_B = ${ex.b.d} and publishes Q_B = ${fmtPoint(ex.b.Q)}.`,
        view: at(0),
      },
      {
        heading: 'Each side multiplies',
        text: `Alice computes d_A × Q_B = ${fmtPoint(ex.a.S)}. Bob computes d_B × Q_A = ${fmtPoint(ex.b.S)}. The grids walk both, one doubling or addition at a time.`,
        view: at(bothWalked),
      },
      {
        heading: 'The same secret',
        text: `Both got ${same}, because d_A × (d_B × G) = d_B × (d_A × G). Its x-coordinate is Z; HKDF turns Z into the AES key.`,
        view: at(total - 1),
        open: { tab: 'math', label: 'Open the Math tab' },
      },
    ],
  };
}

function eveDlog(): Lesson {
  const c = TOY_17;
  const ex = toyExchange(EXCHANGE_DEMO.curve, EXCHANGE_DEMO.dA, EXCHANGE_DEMO.dB);
  const brute = runDlog(bruteForceDlog(c, ex.b.Q));
  const bsgs = runDlog(bsgsDlog(c, ex.b.Q));
  const bsgsP256 = Math.round(log2BigInt(expectedBsgsSteps(P256.n)));
  const walk = Number(brute.d ?? 1n);
  return {
    id: 'eve',
    title: 'Eve and the discrete log',
    steps: [
      {
        heading: 'What Eve sees',
        text: `Eve sees both public keys, Q_A = ${fmtPoint(ex.a.Q)} and Q_B = ${fmtPoint(ex.b.Q)}, and every ciphertext. She does not see d_A or d_B.`,
        view: gridAt(walk, 0),
      },
      {
        heading: 'Brute force',
        text: `She walks G, 2G, 3G, … until she hits Q_B: after ${brute.steps} steps she has d_B = ${brute.d ?? '?'} (the numbers beside the dots are her walk), and then Z like Bob.`,
        view: gridAt(walk),
      },
      {
        heading: 'Baby-step giant-step, and P-256',
        text: `Baby-step giant-step needs about √n steps: ${bsgs.steps} here. On P-256 that is still about 2^${bsgsP256} steps — far beyond every computer on Earth.`,
        view: gridAt(walk),
        open: { tab: 'eve', label: "Open Eve's panel" },
      },
    ],
  };
}

function mitm(): Lesson {
  const view: LessonView = { kind: 'mitm', curve: 'toy-17' };
  return {
    id: 'mitm',
    title: 'The man in the middle and safety numbers',
    steps: [
      {
        heading: 'Mallory swaps the keys',
        text: 'Mallory sits on the relay: she hands Alice her own key instead of Bob’s, and Bob her key instead of Alice’s. Each victim shares a secret with Mallory, not with the other.',
        view,
      },
      {
        heading: 'She reads and re-encrypts',
        text: 'Mallory decrypts every message with one secret and encrypts it again with the other. Nothing looks wrong: the messages arrive.',
        view,
      },
      {
        heading: 'Safety numbers catch her',
        text: 'A safety number is a hash of the two public keys each side sees. Under attack Alice and Bob hash different keys, so their numbers differ: compare them aloud.',
        view,
        open: { tab: 'mitm', label: 'Open the man-in-the-middle lab' },
      },
    ],
  };
}

/** Every lesson, in teaching order. */
export const LESSONS: readonly Lesson[] = [
  curveAndAddition(),
  orbitOfG(),
  scalarMult(),
  exchange(),
  eveDlog(),
  mitm(),
];

/** The lesson with id `id`, or undefined. */
export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** Step `index` of a lesson, clamped into range. */
export function lessonStep(lesson: Lesson, index: number): LessonStep {
  const i = Math.min(lesson.steps.length - 1, Math.max(0, Math.trunc(index) || 0));
  return lesson.steps[i] as LessonStep;
}

/** A lesson position in words, e.g. "Lesson 2, F_p and the orbit of G: step 3 of 3"; null for an unknown lesson. */
export function describeLesson(at: { readonly lesson: string; readonly step: number }): string | null {
  const i = LESSONS.findIndex((l) => l.id === at.lesson);
  const lesson = LESSONS[i];
  if (!lesson) return null;
  const step = Math.min(lesson.steps.length, Math.max(1, at.step + 1));
  return `Lesson ${i + 1}, ${lesson.title}: step ${step} of ${lesson.steps.length}`;
}

// Multiple-choice exercises: which point is d_A×Q_B, and which conversation has a man in the middle.
import { safetyNumber } from '../../crypto/safety.js';
import { TOY_17 } from '../../math/curves.js';
import { toyEncodePublicKey } from '../../math/toy.js';
import { add, basePoint, multiply, negate, pointsEqual, type Point } from '../../math/weierstrass.js';
import { fmtPoint } from '../../viz/model/format.js';
import type { Answer, ExerciseInstance, Verdict } from './exercise-types.js';
import { SeededRandom } from './rng.js';

const C = TOY_17;
const G = basePoint(C);

/** Distinct scalars 2 … n−2 drawn from the seed. */
function distinctScalars(rng: SeededRandom, count: number): bigint[] {
  const out = new Set<bigint>();
  while (out.size < count) out.add(BigInt(rng.int(2, Number(C.n) - 2)));
  return [...out];
}

/** Which of four computed points is d_A×Q_B (the others are the usual mistakes, also computed). */
export function sharedPoint(seed: number): ExerciseInstance {
  const rng = new SeededRandom(seed);
  let dA: bigint;
  let dB: bigint;
  let options: Point[];
  for (;;) {
    [dA, dB] = distinctScalars(rng, 2) as [bigint, bigint];
    const QA = multiply(C, dA, G);
    const QB = multiply(C, dB, G);
    const S = multiply(C, dA, QB);
    // Mistakes a student makes: Alice's own public key, Q_A + Q_B, −S, (d_A + d_B)·G.
    const wrong = [QA, add(C, QA, QB), negate(C, S), multiply(C, dA + dB, G), QB];
    const unique: Point[] = [S];
    for (const w of wrong) if (!w.infinity && !unique.some((u) => pointsEqual(u, w))) unique.push(w);
    if (unique.length >= 4 && !S.infinity) {
      options = rng.shuffle(unique.slice(0, 4));
      break;
    }
  }
  const QB = multiply(C, dB, G);
  return {
    id: 'shared-point',
    title: 'Which point is d_A×Q_B?',
    prompt: `On toy-17 with G = ${fmtPoint(G)}, Alice's private key is d_A = ${dA} and Bob's public key is Q_B = ${fmtPoint(QB)}. Which point does Alice compute as the shared point d_A×Q_B?`,
    curve: 'toy-17',
    form: { kind: 'choice', options: options.map((o) => fmtPoint(o)) },
    check(answer: Answer): Verdict {
      const chosen = answer.kind === 'choice' ? options[answer.index] : undefined;
      if (!chosen) return { correct: false, message: 'Pick one of the points.', unanswered: true };
      const S = multiply(C, dA, QB);
      if (pointsEqual(chosen, S))
        return {
          correct: true,
          message: `Right: ${dA}×Q_B = ${fmtPoint(S)} — and Bob gets the same from d_B×Q_A.`,
        };
      return {
        correct: false,
        message: `${fmtPoint(chosen)} is not ${dA}×Q_B.`,
        hint: `Add Q_B to itself: Q_B, 2Q_B, 3Q_B, … up to ${dA}Q_B. (Alice never uses Bob's private key, only his public Q_B.)`,
      };
    },
  };
}

/** The names of the people in the safety-number exercise. */
const PEOPLE = ['Alice', 'Bob', 'Carol'] as const;

/** Groups of a safety number as one line, e.g. "12345 67890 …". */
function line(groups: readonly string[]): string {
  return groups.join(' ');
}

/**
 * Three conversations between Alice, Bob and Carol with toy demo keys; on one of them Mallory swapped
 * the keys, so the two sides' safety numbers (computed with SHA-512 like the app's) differ.
 */
export async function spotMitm(seed: number): Promise<ExerciseInstance> {
  const rng = new SeededRandom(seed);
  const [a, b, c, m] = distinctScalars(rng, 4) as [bigint, bigint, bigint, bigint];
  const pub = (s: bigint) => toyEncodePublicKey('toy-17', multiply(C, s, G));
  const keys = [pub(a), pub(b), pub(c)];
  const mallory = pub(m);
  const pairs: [number, number][] = [
    [0, 1],
    [0, 2],
    [1, 2],
  ];
  const attacked = rng.int(0, pairs.length - 1);
  const rows = await Promise.all(
    pairs.map(async ([i, j], p) => {
      const ki = keys[i] as Uint8Array;
      const kj = keys[j] as Uint8Array;
      // Under attack each side holds Mallory's key in place of the other's.
      const left = await safetyNumber(ki, p === attacked ? mallory : kj);
      const right = await safetyNumber(kj, p === attacked ? mallory : ki);
      return { i, j, left: line(left), right: line(right) };
    }),
  );
  const names = rows.map((r) => `${PEOPLE[r.i]} – ${PEOPLE[r.j]}`);
  return {
    id: 'spot-mitm',
    title: 'Spot the man in the middle',
    prompt:
      'Three conversations; each person read out the safety number their screen shows for the other. Which conversation has a man in the middle?',
    curve: 'toy-17',
    form: { kind: 'choice', options: names },
    table: rows.flatMap((r, p) => [
      { group: names[p], label: `${PEOPLE[r.i]}'s screen`, cells: [r.left] },
      { group: names[p], label: `${PEOPLE[r.j]}'s screen`, cells: [r.right] },
    ]),
    check(answer: Answer): Verdict {
      const index = answer.kind === 'choice' ? answer.index : -1;
      const row = rows[index];
      if (!row) return { correct: false, message: 'Pick one of the conversations.', unanswered: true };
      const name = names[index] ?? '';
      if (row.left !== row.right)
        return {
          correct: true,
          message: `Right: on ${name} the two screens show different numbers, so each side holds someone else's key.`,
        };
      return {
        correct: false,
        message: `On ${name} both screens show the same number: nobody is in the middle there.`,
        hint: 'Compare the two lines of each conversation group by group; under attack they differ.',
      };
    },
  };
}

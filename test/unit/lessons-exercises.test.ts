// Unit tests for the exercises: on many seeds, the engine accepts the right answer and rejects wrong ones with a hint.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOY_17 } from '../../client/math/curves.js';
import {
  add,
  basePoint,
  double,
  multiply,
  pointsEqual,
  type AffinePoint,
} from '../../client/math/weierstrass.js';
import { enumeratePoints } from '../../client/math/toy.js';
import {
  exerciseFromSeed,
  generateExercise,
  type Answer,
  type ExerciseInstance,
} from '../../client/lessons/model/exercises.js';
import { fmtPoint } from '../../client/viz/model/format.js';

const C = TOY_17;
const G = basePoint(C);
const SEEDS = Array.from({ length: 60 }, (_, i) => i * 7919 + 1);

const pts = (...ps: AffinePoint[]): Answer => ({
  kind: 'points',
  points: ps.map((p) => ({ x: String(p.x), y: String(p.y) })),
});
const other = (not: AffinePoint): AffinePoint => enumeratePoints(C).find((p) => !pointsEqual(p, not))!;
const pointIn = (prompt: string, name: string): AffinePoint => {
  const m = new RegExp(`${name} = \\((\\d+), (\\d+)\\)`).exec(prompt)!;
  return { infinity: false, x: BigInt(m[1]!), y: BigInt(m[2]!) };
};
const wrong = (ex: ExerciseInstance, a: Answer) => {
  const v = ex.check(a);
  assert.equal(v.correct, false, `${ex.id}: ${JSON.stringify(a)} must be wrong`);
  assert.ok(v.message.length > 0);
  return v;
};

test('2P and 3P: the engine’s values are accepted; wrong, off-curve and junk answers are refused with a hint', async () => {
  for (const seed of SEEDS) {
    const ex = await exerciseFromSeed('double-triple', seed);
    const P = pointIn(ex.prompt, 'P');
    const two = double(C, P) as AffinePoint;
    const three = add(C, two, P) as AffinePoint;
    assert.equal(ex.check(pts(two, three)).correct, true);
    assert.ok(wrong(ex, pts(other(two), three)).hint?.includes('Tangent'));
    assert.equal(wrong(ex, pts(other(two), three)).unanswered, undefined, 'a real wrong answer counts');
    assert.equal(ex.check({ kind: 'points', points: [] }).unanswered, true);
    assert.ok(wrong(ex, pts(two, other(three))).message.startsWith('2P is right.'));
    assert.match(wrong(ex, pts({ ...two, y: (two.y + 1n) % 17n }, three)).message, /not on the curve/);
    wrong(ex, {
      kind: 'points',
      points: [
        { x: 'a', y: '1' },
        { x: '1', y: '1' },
      ],
    });
    wrong(ex, {
      kind: 'points',
      points: [
        { x: '17', y: '1' },
        { x: '1', y: '1' },
      ],
    });
    wrong(ex, { kind: 'number', value: '3' });
  }
});

test('P + Q from a picture: both points are marked; only the engine’s sum is accepted', async () => {
  for (const seed of SEEDS) {
    const ex = await exerciseFromSeed('add-picture', seed);
    const [P, Q] = ex.picture!.map((m) => m.P) as [AffinePoint, AffinePoint];
    assert.deepEqual(
      ex.picture!.map((m) => m.label),
      ['P', 'Q'],
    );
    const sum = add(C, P, Q) as AffinePoint;
    assert.equal(sum.infinity, false);
    assert.equal(ex.check(pts(sum)).correct, true);
    assert.ok(wrong(ex, pts(P)).hint);
    assert.ok(wrong(ex, pts(other(sum))).hint);
  }
});

test('d×G = Q: d is accepted, every other d in 1…n−1 is refused and told what it gives', async () => {
  for (const seed of SEEDS.slice(0, 20)) {
    const ex = await exerciseFromSeed('find-d', seed);
    const Q = pointIn(ex.prompt, 'Q');
    let right = 0;
    for (let d = 1n; d < C.n; d++) {
      const v = ex.check({ kind: 'number', value: String(d) });
      if (pointsEqual(multiply(C, d, G), Q)) {
        assert.equal(v.correct, true);
        right++;
      } else {
        assert.equal(v.correct, false);
        assert.ok(v.message.includes(fmtPoint(multiply(C, d, G))));
        assert.ok(v.hint);
      }
    }
    assert.equal(right, 1);
    for (const junk of ['0', '19', '-1', '1e3', '', ' 3x']) {
      const v = ex.check({ kind: 'number', value: junk });
      assert.equal(v.correct, false);
      assert.equal(v.unanswered, true, 'not a number in range: shown, never counted by the class tally');
    }
  }
});

test('which point is d_A×Q_B: exactly one of four distinct options is right', async () => {
  for (const seed of SEEDS) {
    const ex = await exerciseFromSeed('shared-point', seed);
    assert.equal(ex.form.kind, 'choice');
    if (ex.form.kind !== 'choice') continue;
    const options = ex.form.options;
    assert.equal(options.length, 4);
    assert.equal(new Set(options).size, 4);
    const dA = BigInt(/d_A = (\d+)/.exec(ex.prompt)![1]!);
    const QB = pointIn(ex.prompt, 'Q_B');
    const S = fmtPoint(multiply(C, dA, QB));
    const verdicts = options.map((_, index) => ex.check({ kind: 'choice', index }));
    assert.equal(verdicts.filter((v) => v.correct).length, 1);
    assert.equal(options[verdicts.findIndex((v) => v.correct)], S);
    assert.ok(verdicts.every((v) => v.correct || v.hint));
    assert.equal(ex.check({ kind: 'choice', index: 9 }).correct, false);
  }
});

test('spot the man in the middle: the right pair is the one whose two safety numbers differ', async () => {
  for (const seed of SEEDS.slice(0, 15)) {
    const ex = await exerciseFromSeed('spot-mitm', seed);
    const rows = ex.table!;
    assert.equal(rows.length, 6);
    for (const r of rows) assert.match(r.cells[0]!, /^(\d{5} ){11}\d{5}$/);
    const differ = [0, 1, 2].map((p) => rows[2 * p]!.cells[0] !== rows[2 * p + 1]!.cells[0]);
    assert.equal(differ.filter(Boolean).length, 1, 'exactly one pair was swapped');
    for (let index = 0; index < 3; index++)
      assert.equal(ex.check({ kind: 'choice', index }).correct, differ[index]);
  }
});

test('exercises are seeded per student: the same student gets the same numbers, others get different ones', async () => {
  const a1 = await generateExercise('find-d', 'member-a');
  const a2 = await generateExercise('find-d', 'member-a');
  assert.equal(a1.prompt, a2.prompt);
  const prompts = new Set<string>();
  for (let i = 0; i < 20; i++) prompts.add((await generateExercise('find-d', `member-${i}`)).prompt);
  assert.ok(prompts.size > 5, 'different students get different Q');
  const next = await generateExercise('find-d', 'member-a', 1);
  assert.equal(typeof next.prompt, 'string');
});

// Unit tests for the lessons: every step's view state is valid, and the numbers in the text are the engine's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOY_17 } from '../../client/math/curves.js';
import { bruteForceDlog, runDlog } from '../../client/math/dlog.js';
import { addReal, isOnRealCurve } from '../../client/math/reals.js';
import { enumeratePoints, orbit } from '../../client/math/toy.js';
import { basePoint, multiply } from '../../client/math/weierstrass.js';
import { lessonById, lessonStep, LESSONS } from '../../client/lessons/model/lessons.js';
import { EXCHANGE_DEMO, viewInputs, viewStepCount } from '../../client/lessons/model/lesson-views.js';
import { presentDemoDetail, presentLessonDetail, MAX_LESSON_STEPS } from '../../common/schema/steps.js';
import { toyExchange } from '../../client/viz/model/exchange-model.js';
import { fmtPoint } from '../../client/viz/model/format.js';
import { fmtReal } from '../../client/viz/model/reals-steps.js';

test('the six lessons of issue 9 exist, with unique ids and schema-valid present:lesson details', () => {
  assert.deepEqual(
    LESSONS.map((l) => l.id),
    ['curve-addition', 'orbit', 'scalar-mult', 'exchange', 'eve', 'mitm'],
  );
  for (const l of LESSONS) {
    assert.ok(l.steps.length >= 2 && l.steps.length <= MAX_LESSON_STEPS, l.id);
    assert.equal(lessonById(l.id), l);
    for (let step = 0; step < l.steps.length; step++)
      assert.equal(presentLessonDetail.safeParse({ lesson: l.id, step }).success, true);
  }
  assert.equal(lessonById('nope'), undefined);
});

test("every step's view state is valid: index within the view's own step list, demo data schema-valid", () => {
  for (const l of LESSONS)
    for (const s of l.steps) {
      const v = s.view;
      const count = viewStepCount(v);
      assert.ok(count >= 1, `${l.id}: ${s.heading} has a view with steps`);
      if ('index' in v)
        assert.ok(v.index >= 0 && v.index < count, `${l.id}: ${s.heading} index ${v.index}/${count}`);
      const inputs = viewInputs(v);
      if (inputs.demo) assert.equal(presentDemoDetail.safeParse(inputs.demo).success, true);
      if (v.kind === 'reals') {
        assert.ok(isOnRealCurve(v, v.P) && isOnRealCurve(v, v.Q), 'P and Q lie on the curve');
        assert.equal(inputs.step?.view, 'curve-reals');
      }
      if (v.kind === 'grid') assert.ok(v.multiple >= 1 && v.multiple < Number(TOY_17.n));
      assert.ok(s.text.length > 20 && s.text.length < 400, `${l.id}: short text`);
      assert.ok(!/undefined|NaN|\?\?/.test(s.text), `${l.id}: ${s.text}`);
    }
});

test('lessonStep clamps the index', () => {
  const l = LESSONS[0]!;
  assert.equal(lessonStep(l, -3), l.steps[0]);
  assert.equal(lessonStep(l, 99), l.steps[l.steps.length - 1]);
  assert.equal(lessonStep(l, Number.NaN), l.steps[0]);
});

test('the numbers in the text are the engine’s', () => {
  const text = (id: string) =>
    lessonById(id)!
      .steps.map((s) => s.text)
      .join('\n');
  const c = TOY_17;
  const G = basePoint(c);
  // Point addition over the reals.
  const add = lessonById('curve-addition')!.steps[0]!.view;
  assert.equal(add.kind, 'reals');
  if (add.kind === 'reals') {
    const r = addReal(add, add.P, add.Q);
    assert.ok(text('curve-addition').includes(`P + Q = ${fmtReal(r.result)}`));
    assert.ok(text('curve-addition').includes(fmtReal(r.third)));
  }
  // The orbit of G.
  const n = orbit(c).length;
  assert.ok(text('orbit').includes(`${n}G = O`));
  assert.ok(text('orbit').includes(`${enumeratePoints(c).length} dots`));
  assert.ok(text('orbit').includes(`2G = ${fmtPoint(multiply(c, 2n, G))}`));
  // Scalar multiplication.
  assert.ok(text('scalar-mult').includes(`13G = ${fmtPoint(multiply(c, 13n, G))}`));
  // The exchange.
  const ex = toyExchange(EXCHANGE_DEMO.curve, EXCHANGE_DEMO.dA, EXCHANGE_DEMO.dB);
  const S = multiply(c, EXCHANGE_DEMO.dA, multiply(c, EXCHANGE_DEMO.dB, G));
  assert.ok(text('exchange').includes(`d_A × Q_B = ${fmtPoint(S)}`));
  assert.ok(text('exchange').includes(`Q_B = ${fmtPoint(ex.b.Q)}`));
  // Eve finds d_B by brute force.
  const found = runDlog(bruteForceDlog(c, ex.b.Q));
  assert.ok(text('eve').includes(`after ${found.steps} steps she has d_B = ${found.d}`));
});

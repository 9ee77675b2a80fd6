// Unit tests for the class at a glance (tally reducer, hostile input) and for following a lesson (`present:lesson`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  describePresenter,
  followedView,
  followReducer,
  INITIAL_FOLLOW,
} from '../../client/lab/model/follow.js';
import { sanitizeStep, stepsForChange, StepDetailError } from '../../client/lab/model/presenter.js';
import {
  INITIAL_TALLY,
  MAX_TALLY_MEMBERS,
  tallyCounts,
  tallyReducer,
  type TallyState,
  type TallyStep,
} from '../../client/lessons/model/tally.js';

const answer = (from: string, exercise: string, correct: boolean, name?: string): TallyStep => ({
  from,
  phase: 'present:answer',
  detail: name === undefined ? { exercise, correct } : { exercise, correct, name },
});
const run = (steps: TallyStep[], from: TallyState = INITIAL_TALLY) => steps.reduce(tallyReducer, from);
const count = (st: TallyState, id: string) => tallyCounts(st).find((c) => c.exercise === id)!;

test('counts answers and right answers per exercise; names only when sent', () => {
  const st = run([
    answer('a', 'find-d', true),
    answer('b', 'find-d', false, 'Bea'),
    answer('a', 'spot-mitm', false),
  ]);
  assert.deepEqual(
    { ...count(st, 'find-d'), names: count(st, 'find-d').names },
    { exercise: 'find-d', answered: 2, correct: 1, names: [{ correct: false, name: 'Bea' }] },
  );
  assert.equal(count(st, 'spot-mitm').answered, 1);
  assert.equal(count(st, 'double-triple').answered, 0);
});

test('one member counts once per exercise: a later answer replaces the earlier one (floods and lying repeats)', () => {
  const flood = Array.from({ length: 1000 }, (_, i) => answer('liar', 'find-d', i % 2 === 0));
  let st = run(flood);
  assert.deepEqual([count(st, 'find-d').answered, count(st, 'find-d').correct], [1, 0]);
  st = run([answer('liar', 'find-d', true)], st);
  assert.deepEqual([count(st, 'find-d').answered, count(st, 'find-d').correct], [1, 1]);
});

test('junk is ignored and counted: malformed details, unknown exercises, forbidden fields, other phases', () => {
  const junk: TallyStep[] = [
    { from: 'x', phase: 'present:answer', detail: null },
    { from: 'x', phase: 'present:answer', detail: 'find-d' },
    { from: 'x', phase: 'present:answer', detail: { exercise: 'find-d', correct: 'yes' } },
    { from: 'x', phase: 'present:answer', detail: { exercise: 'find-d', correct: 5 } },
    { from: 'x', phase: 'present:answer', detail: { exercise: 'no-such', correct: true } },
    { from: 'x', phase: 'present:answer', detail: { exercise: 'find-d', correct: true, d: '05' } },
    {
      from: 'x',
      phase: 'present:answer',
      detail: { exercise: 'find-d', correct: true, name: 'n'.repeat(5000) },
    },
    { from: 'x', phase: 'present:answer', detail: { exercise: 'find-d', correct: true, answered: 900 } },
    { from: '', phase: 'present:answer', detail: { exercise: 'find-d', correct: true } },
    { from: 'has space', phase: 'present:answer', detail: { exercise: 'find-d', correct: true } },
  ];
  const st = run(junk);
  assert.equal(st.ignored, junk.length - 1, 'all but the one with an extra (dropped) field');
  assert.equal(count(st, 'find-d').answered, 1);
  assert.equal(
    run([{ from: 'x', phase: 'present:view', detail: { exercise: 'find-d', correct: true } }]),
    INITIAL_TALLY,
  );
  // A member id like "__proto__" is just a key.
  const proto = run([answer('__proto__', 'find-d', true), answer('constructor', 'find-d', true)]);
  assert.equal(count(proto, 'find-d').answered, 2);
  assert.equal(({} as Record<string, unknown>).correct, undefined);
});

test('members tracked per exercise are capped; members already counted may still change their answer', () => {
  const many = Array.from({ length: MAX_TALLY_MEMBERS + 50 }, (_, i) => answer(`m${i}`, 'find-d', false));
  let st = run(many);
  assert.equal(count(st, 'find-d').answered, MAX_TALLY_MEMBERS);
  assert.equal(st.ignored, 50);
  st = run([answer('m0', 'find-d', true), answer('new', 'find-d', true)], st);
  assert.deepEqual([count(st, 'find-d').answered, count(st, 'find-d').correct], [MAX_TALLY_MEMBERS, 1]);
});

test('present:answer is sanitised like every present:* detail (name guard, size)', () => {
  assert.throws(
    () => sanitizeStep('present:answer', { exercise: 'find-d', correct: true, d: 3 }),
    StepDetailError,
  );
  assert.throws(
    () => sanitizeStep('present:answer', { exercise: 'find-d', correct: true, secretValue: 'x' }),
    StepDetailError,
  );
  assert.deepEqual(
    sanitizeStep('present:answer', { exercise: 'find-d', correct: false, name: undefined }).detail,
    {
      exercise: 'find-d',
      correct: false,
    },
  );
});

test('followers follow present:lesson; a present:answer makes nobody a presenter', () => {
  const step = (from: string, phase: string, detail: unknown) => ({
    type: 'peer-step' as const,
    step: { from, phase, detail: detail as Record<string, unknown>, fromName: from },
  });
  let st = followReducer(INITIAL_FOLLOW, { type: 'follow', id: 'P' });
  st = followReducer(st, step('P', 'present:view', { view: 'lessons', curve: 'toy-17' }));
  st = followReducer(st, step('P', 'present:lesson', { lesson: 'orbit', step: 2 }));
  assert.deepEqual(followedView(st)?.lesson, { lesson: 'orbit', step: 2 });
  assert.equal(followedView(st)?.view, 'lessons');
  assert.equal(describePresenter(followedView(st)!), 'P: Lesson 2, F_p and the orbit of G: step 3 of 3');
  // Junk and oversize steps are ignored and counted.
  const before = st;
  for (const d of [{ lesson: 'orbit', step: 99 }, { lesson: 'ORBIT', step: 0 }, { lesson: 'orbit' }, null])
    st = followReducer(st, step('P', 'present:lesson', d));
  assert.equal(st.rejected, before.rejected + 4);
  assert.deepEqual(followedView(st)?.lesson, { lesson: 'orbit', step: 2 });
  // The lesson is kept across a view change.
  st = followReducer(st, step('P', 'present:view', { view: 'eve', curve: 'toy-17' }));
  assert.deepEqual(followedView(st)?.lesson, { lesson: 'orbit', step: 2 });
  // Answers are not presenters.
  const ans = followReducer(st, step('S', 'present:answer', { exercise: 'find-d', correct: true }));
  assert.equal(ans, st);
  assert.equal('S' in ans.presenters, false);
});

test('the presenter publishes present:lesson after the view, and again only when the step moves', () => {
  const view = { view: 'lessons', curve: 'toy-17' as const, title: 'Lessons' };
  const first = stepsForChange(null, { ...view, lesson: { lesson: 'orbit', step: 0 } });
  assert.deepEqual(
    first.map((s) => s.phase),
    ['present:view', 'present:lesson'],
  );
  const same = stepsForChange(
    { ...view, lesson: { lesson: 'orbit', step: 0 } },
    { ...view, lesson: { lesson: 'orbit', step: 0 } },
  );
  assert.deepEqual(same, []);
  const moved = stepsForChange(
    { ...view, lesson: { lesson: 'orbit', step: 0 } },
    { ...view, lesson: { lesson: 'orbit', step: 1 } },
  );
  assert.deepEqual(moved, [{ phase: 'present:lesson', detail: { lesson: 'orbit', step: 1 } }]);
  assert.throws(
    () => stepsForChange(null, { ...view, lesson: { lesson: 'orbit', step: -1 } }),
    StepDetailError,
  );
});

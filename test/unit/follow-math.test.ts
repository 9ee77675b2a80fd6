// Following the exchange and the key view: the exchange `stage` on the wire (valid, junk and lying details) and the follower's sentence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FollowInputs, publicViewStep, ViewSteps } from '../../client/components/room-follow.js';
import {
  followedView,
  followReducer,
  INITIAL_FOLLOW,
  type FollowState,
} from '../../client/lab/model/follow.js';
import { sanitizeStep, StepDetailError, stepsForChange } from '../../client/lab/model/presenter.js';
import { exchangePlan, indexForStage } from '../../client/viz/model/exchange-stages.js';
import { toyExchange } from '../../client/viz/model/exchange-model.js';
import { followNote } from '../../client/viz/view-step.js';

const STEP = { view: 'exchange', curve: 'toy-17', index: 7, total: 20 } as const;
const STAGE = { part: 'walk-a', index: 2, total: 6 } as const;

function receive(state: FollowState, detail: Record<string, unknown>, phase = 'present:step'): FollowState {
  return followReducer(state, {
    type: 'peer-step',
    step: { from: 'alice', fromName: 'Alice', phase, detail },
  });
}

test('present:step carries an exchange stage; the follower keeps it only on the exchange view', () => {
  assert.deepEqual(sanitizeStep('present:step', { ...STEP, stage: { ...STAGE, extra: 1 } }).detail, {
    ...STEP,
    stage: STAGE,
  });
  let s = followReducer(INITIAL_FOLLOW, { type: 'follow', id: 'alice' });
  s = receive(s, { ...STEP, stage: STAGE });
  assert.deepEqual(followedView(s)?.stage, STAGE);
  s = receive(s, { view: 'keygen', curve: 'P-256', index: 4, total: 257, stage: STAGE });
  assert.equal(followedView(s)?.stage, undefined, 'a stage on another view is dropped');
  assert.equal(followedView(s)?.index, 4);
});

test('junk and lying stages are refused and ignored by the follower', () => {
  const bad: Record<string, unknown>[] = [
    { ...STEP, stage: { part: 'eve', index: 0, total: 1 } },
    { ...STEP, stage: { part: 'walk-a', index: 6, total: 6 } },
    { ...STEP, stage: { part: 'walk-a', index: -1, total: 6 } },
    { ...STEP, stage: { part: 'walk-a', index: 1.5, total: 6 } },
    { ...STEP, stage: { part: 'walk-a', index: 0, total: 0 } },
    { ...STEP, stage: 'walk-a' },
    { ...STEP, stage: { part: 'walk-a', index: '1', total: 6 } },
    { ...STEP, stage: { part: 'x'.repeat(5000), index: 0, total: 1 } },
    { ...STEP, stage: { ...STAGE, scalar: 5 } },
    { ...STEP, stage: { ...STAGE, d: 5 } },
    { ...STEP, stage: { ...STAGE, privateHex: 'ab' } },
  ];
  let s = followReducer(INITIAL_FOLLOW, { type: 'follow', id: 'alice' });
  s = receive(s, { ...STEP, stage: STAGE });
  for (const detail of bad) {
    assert.throws(
      () => sanitizeStep('present:step', detail),
      StepDetailError,
      JSON.stringify(detail).slice(0, 80),
    );
    s = receive(s, detail);
  }
  assert.equal(s.rejected, bad.length);
  assert.deepEqual(followedView(s)?.stage, STAGE, 'the last valid stage stays');
});

test('the presenter publishes the exchange stage (and only its own fields); other views never', () => {
  assert.deepEqual(publicViewStep({ view: 'exchange', index: 7, total: 20, stage: STAGE }), {
    index: 7,
    total: 20,
    stage: STAGE,
  });
  const lying = { part: 'walk-a', index: 9, total: 6, note: 'd = 5' } as unknown as typeof STAGE;
  assert.deepEqual(publicViewStep({ view: 'exchange', index: 7, total: 20, stage: lying }), {
    index: 7,
    total: 20,
  });
  assert.deepEqual(publicViewStep({ view: 'keygen', index: 3, total: 257, stage: STAGE }), {
    index: 3,
    total: 257,
  });
  const views = new ViewSteps();
  views.step({ view: 'exchange', index: 7, total: 20, stage: STAGE });
  const out = stepsForChange(null, views.complete({ view: 'exchange', curve: 'toy-17' }));
  const step = out.find((p) => p.phase === 'present:step');
  assert.deepEqual(step?.detail, { ...STEP, stage: STAGE });
  // A move inside the same index but another stage is published too.
  const prev = views.complete({ view: 'exchange', curve: 'toy-17' });
  views.step({ view: 'exchange', index: 7, total: 20, stage: { ...STAGE, index: 3 } });
  assert.equal(stepsForChange(prev, views.complete({ view: 'exchange', curve: 'toy-17' })).length, 1);
});

test("a follower with other keys lands in the presenter's stage, and the sentence says whose step it is", () => {
  const f = new FollowInputs();
  f.update({
    id: 'alice',
    name: 'Alice',
    view: 'exchange',
    curve: 'toy-17',
    index: 7,
    total: 20,
    stage: STAGE,
    points: [],
    seq: 1,
  });
  assert.deepEqual(f.step, { view: 'exchange', index: 7, total: 20, by: 'Alice', stage: STAGE });
  const mine = exchangePlan(toyExchange('toy-17', 2n, 3n));
  const i = indexForStage(mine, f.step!.stage!);
  assert.equal(mine.stages.find((s) => s.part === 'walk-a')!.start + 2, i);
  assert.equal(
    followNote(f.step, 'exchange', 'exchange', { index: i, total: mine.steps.length }),
    `You are following Alice: showing your own exchange at Alice's step 8 of 20 (the first walk, d_A × Q_B, step 3 of 6). Yours has ${mine.steps.length} steps, so this is your step ${i + 1}.`,
  );
  const key = { view: 'keygen', index: 4, total: 256, by: 'Alice' };
  assert.equal(
    followNote(key, 'keygen', 'key', { index: 4, total: 256 }),
    "You are following Alice: showing your own key at Alice's step 5 of 256.",
  );
  assert.equal(followNote(key, 'exchange', 'key', { index: 4, total: 256 }), undefined);
  assert.equal(followNote(undefined, 'keygen', 'key', { index: 0, total: 1 }), undefined);
  assert.equal(
    followNote({ view: 'keygen', index: 4 }, 'keygen', 'key', { index: 4, total: 256 }),
    undefined,
  );
});

test('the Ratchet view publishes its message facts (schema fields only, on view ratchet only); a follower gets them', () => {
  const FACTS = {
    direction: 'received',
    kind: 'receipt',
    chain: 3,
    n: 0,
    pn: 2,
    ratchetKeyFingerprint: '00112233445566ff',
    messageKeyFingerprint: '8899aabbccddeeff',
  } as const;
  const leaky = { ...FACTS, ck: 'ab'.repeat(32), rk: 'cd'.repeat(32) } as unknown as typeof FACTS;
  assert.deepEqual(publicViewStep({ view: 'ratchet', index: 4, total: 9, ratchet: leaky }), {
    index: 4,
    total: 9,
    ratchet: FACTS,
  });
  assert.deepEqual(publicViewStep({ view: 'ratchet', index: 4, total: 9, ratchet: { ...FACTS, n: -1 } }), {
    index: 4,
    total: 9,
  });
  assert.deepEqual(publicViewStep({ view: 'keygen', index: 4, total: 9, ratchet: FACTS }), {
    index: 4,
    total: 9,
  });
  const views = new ViewSteps();
  views.step({ view: 'ratchet', index: 4, total: 9, ratchet: leaky });
  const prev = views.complete({ view: 'ratchet', curve: 'X25519' });
  const out = stepsForChange(null, prev);
  const step = out.find((p) => p.phase === 'present:step');
  assert.deepEqual(step?.detail, { view: 'ratchet', curve: 'X25519', index: 4, total: 9, ratchet: FACTS });
  // Another message at the same index (the conversation went on) is published too.
  views.step({ view: 'ratchet', index: 4, total: 9, ratchet: { ...FACTS, n: 1 } });
  assert.equal(stepsForChange(prev, views.complete({ view: 'ratchet', curve: 'X25519' })).length, 1);
  // The follower's reducer keeps the facts for view ratchet, and FollowInputs hands them to the view.
  let s = receive(INITIAL_FOLLOW, { view: 'ratchet', curve: 'X25519', index: 4, total: 9, ratchet: FACTS });
  s = { ...s, following: 'alice' };
  assert.deepEqual(followedView(s)?.ratchet, FACTS);
  const f = new FollowInputs();
  f.update(followedView(s));
  assert.deepEqual(f.step?.ratchet, FACTS);
});

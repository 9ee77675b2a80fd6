// Unit tests for step-level presenter mode: `present:demo`, the label policy of views, follow inputs, view events.
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
import { emitViewState, followIndex } from '../../client/viz/view-step.js';

const refuses = (code: string, fn: () => unknown): void =>
  assert.throws(fn, (e: unknown) => e instanceof StepDetailError && e.code === code);

const GRID = { view: 'curve-grid', curve: 'toy-61', multiple: 11 } as const;
const REALS = { view: 'curve-reals', a: -3, b: 1, P: { x: -1, y: 1.7320508 }, Q: { x: 0, y: 1 } } as const;

test('present:demo keeps the toy grid and the reals demo, drops other fields', () => {
  assert.deepEqual(sanitizeStep('present:demo', { ...GRID, extra: 1 }).detail, GRID);
  assert.deepEqual(sanitizeStep('present:demo', REALS).detail, REALS);
  assert.deepEqual(sanitizeStep('present:demo', { view: 'curve-reals', a: 1, b: 2 }).detail, {
    view: 'curve-reals',
    a: 1,
    b: 2,
  });
});

test('present:demo refuses real curves, other views, bad numbers and key-like names', () => {
  refuses('bad-field', () => sanitizeStep('present:demo', { ...GRID, curve: 'P-256' }));
  refuses('bad-field', () => sanitizeStep('present:demo', { ...GRID, view: 'keygen' }));
  refuses('bad-field', () => sanitizeStep('present:demo', { ...GRID, multiple: 0 }));
  refuses('bad-field', () => sanitizeStep('present:demo', { ...GRID, multiple: 1.5 }));
  refuses('bad-field', () => sanitizeStep('present:demo', { ...REALS, a: Number.NaN }));
  refuses('bad-field', () => sanitizeStep('present:demo', { ...REALS, P: { x: 1e7, y: 0 } }));
  refuses('forbidden-field', () => sanitizeStep('present:demo', { ...GRID, d: 11 }));
  refuses('forbidden-field', () => sanitizeStep('present:demo', { ...GRID, scalar: 11 }));
});

test('stepsForChange publishes view, demo, then step; a demo change alone re-sends demo and step', () => {
  const base = { view: 'curve-grid', curve: 'toy-61' as const, title: 'Grid', index: 3, total: 8 };
  const first = stepsForChange(null, { ...base, demo: GRID });
  assert.deepEqual(
    first.map((s) => s.phase),
    ['present:view', 'present:demo', 'present:step'],
  );
  const again = stepsForChange(
    { ...base, demo: GRID },
    { ...base, index: 0, demo: { ...GRID, multiple: 5 } },
  );
  assert.deepEqual(
    again.map((s) => s.phase),
    ['present:demo', 'present:step'],
  );
  assert.deepEqual(stepsForChange({ ...base, demo: GRID }, { ...base, demo: { ...GRID } }), []);
});

test('the follower keeps the presenter demo across view changes', () => {
  let s: FollowState = followReducer(INITIAL_FOLLOW, { type: 'follow', id: 'a' });
  const step = (phase: string, detail: Record<string, unknown>) =>
    (s = followReducer(s, { type: 'peer-step', step: { from: 'a', phase, detail, fromName: 'Alice' } }));
  step('present:view', { view: 'curve-grid', curve: 'toy-61' });
  step('present:demo', GRID);
  step('present:step', { view: 'curve-grid', curve: 'toy-61', index: 3, total: 8, label: 'Bit 1' });
  assert.deepEqual(followedView(s)?.demo, GRID);
  assert.equal(followedView(s)?.index, 3);
  step('present:view', { view: 'keygen', curve: 'P-256' });
  assert.deepEqual(followedView(s)?.demo, GRID);
  assert.equal(followedView(s)?.index, 0);
  const rejected = s.rejected;
  step('present:demo', { ...GRID, curve: 'P-256' });
  assert.equal(s.rejected, rejected + 1);
});

test('only demo views publish labels; keygen and exchange publish the position only', () => {
  assert.deepEqual(publicViewStep({ view: 'keygen', index: 3, total: 257, label: 'bit 253 = 1' }), {
    index: 3,
    total: 257,
  });
  assert.deepEqual(publicViewStep({ view: 'exchange', index: 2, total: 6, label: 'dA = 7' }), {
    index: 2,
    total: 6,
  });
  assert.deepEqual(publicViewStep({ view: 'curve-grid', index: 1, total: 8, label: 'G' }), {
    index: 1,
    total: 8,
    label: 'G',
  });
  const long = publicViewStep({ view: 'curve-reals', index: 9, total: 5, label: 'x'.repeat(300) });
  assert.equal(long.index, 4);
  assert.equal(long.label?.length, 200);
  // And what the bar publishes for keygen passes the sanitiser without op/bit/point.
  const views = new ViewSteps();
  views.step({ view: 'keygen', index: 3, total: 257, label: 'bit' });
  const cur = views.complete({ view: 'keygen', curve: 'P-256' });
  const out = stepsForChange(null, cur).find((p) => p.phase === 'present:step');
  assert.deepEqual(Object.keys(out!.detail).sort(), ['curve', 'index', 'total', 'view']);
});

test('ViewSteps completes a view with its position and demo (the grid curve from the demo)', () => {
  const v = new ViewSteps();
  assert.equal(v.step({ view: 'curve-grid', index: 2, total: 8, label: 'L' }), true);
  assert.equal(v.step({ view: 'curve-grid', index: 2, total: 8, label: 'L' }), false);
  assert.equal(v.demo({ ...GRID }), true);
  assert.equal(v.demo({ ...GRID }), false);
  const c = v.complete({ view: 'curve-grid', curve: 'P-256', title: 'Grid' });
  assert.equal(c.curve, 'toy-61');
  assert.equal(c.index, 2);
  assert.deepEqual(c.demo, GRID);
});

test('FollowInputs makes a new step object only when the presenter moves or the demo changes', () => {
  const f = new FollowInputs();
  const now = {
    id: 'a',
    name: 'Alice',
    view: 'curve-grid',
    curve: 'toy-61' as const,
    index: 3,
    total: 8,
    points: [],
    seq: 1,
  };
  f.update(now);
  const first = f.step;
  assert.deepEqual(first, { view: 'curve-grid', index: 3, total: 8, by: 'Alice' });
  f.update({ ...now, seq: 2 });
  assert.equal(f.step, first);
  f.update({ ...now, demo: GRID, seq: 3 });
  assert.notEqual(f.step, first);
  assert.deepEqual(f.demo, GRID);
  f.update(null);
  assert.equal(f.step, undefined, 'not following: no step (and no "you are following" sentence)');
  f.update({ ...now, demo: GRID, seq: 4 });
  assert.deepEqual(f.step, { view: 'curve-grid', index: 3, total: 8, by: 'Alice' });
});

test('followIndex and emitViewState', () => {
  assert.equal(followIndex({ view: 'keygen', index: 4 }, 'keygen'), 4);
  assert.equal(followIndex({ view: 'keygen', index: 4 }, 'exchange'), undefined);
  assert.equal(followIndex({ view: 'keygen', index: -1 }, 'keygen'), undefined);
  assert.equal(followIndex(undefined, 'keygen'), undefined);
  const target = new EventTarget();
  const seen: string[] = [];
  for (const name of ['view-step-change', 'view-demo-change'])
    target.addEventListener(name, (e) => seen.push(`${name} ${JSON.stringify((e as CustomEvent).detail)}`));
  const host = target as unknown as HTMLElement;
  let memo = emitViewState(host, '', { view: 'curve-grid', index: 0, total: 8 }, GRID);
  assert.equal(seen.length, 2);
  memo = emitViewState(host, memo, { view: 'curve-grid', index: 0, total: 8 }, GRID);
  assert.equal(seen.length, 2);
  emitViewState(host, memo, { view: 'curve-grid', index: 1, total: 8 }, GRID);
  assert.equal(seen.length, 3);
  assert.match(seen[2]!, /^view-step-change .*"index":1/);
});

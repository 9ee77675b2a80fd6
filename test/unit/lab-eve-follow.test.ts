// Unit tests for Eve followed by the class: the run model, present:eve through the follower reducer, hostile details.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { getToyCurve } from '../../client/math/curves.js';
import { toyEncodePublicKey, toyPublicPoint } from '../../client/math/toy.js';
import { eveTargets, type EveTarget } from '../../client/lab/model/eve.js';
import { raceEstimate } from '../../client/lab/model/eve-estimate.js';
import { FollowEve } from '../../client/lab/model/eve-follow.js';
import { EveRun, runFor, sameRun } from '../../client/lab/model/eve-run.js';
import {
  followedView,
  followReducer,
  INITIAL_FOLLOW,
  type FollowState,
} from '../../client/lab/model/follow.js';
import { sanitizeStep } from '../../client/lab/model/presenter.js';
import type { ToyCurveId } from '../../common/wire.js';

function target(curve: ToyCurveId, d: bigint, id = 'alice'): EveTarget {
  const Q = toyPublicPoint(getToyCurve(curve), d);
  const pub = toBase64Url(toyEncodePublicKey(curve, Q));
  const t = eveTargets(curve, [{ id, name: 'Alice', curve, pub }])[0];
  assert.ok(t);
  return t;
}

const eveStep = (detail: unknown, from = 'p1') => ({
  type: 'peer-step' as const,
  step: { from, fromName: 'Prof', phase: 'present:eve', detail: detail as Record<string, unknown> },
});

function following(): FollowState {
  return followReducer(INITIAL_FOLLOW, { type: 'follow', id: 'p1' });
}

test('a race runs the three attacks fairly and all find the same d', () => {
  const run = new EveRun(target('toy-263', 200n), 'race');
  for (let i = 0; i < 10_000 && !run.over; i++) run.tick(0, false);
  assert.equal(run.over, true);
  assert.deepEqual(
    run.attacks.map((a) => a.d),
    [200n, 200n, 200n],
  );
  assert.equal(run.attack('brute-force')?.steps, 200);
  const detail = sanitizeStep('present:eve', run.detail()).detail;
  assert.deepEqual(detail.race, {
    bruteForce: 200,
    bsgs: run.attack('bsgs')?.steps,
    rho: run.attack('rho')?.steps,
  });
  assert.equal(detail.found, true);
  assert.ok(!JSON.stringify(detail).includes('"d"'), 'never d');
});

test('a race pauses and resumes even when brute force already finished', () => {
  const run = new EveRun(target('toy-263', 2n), 'race');
  while (run.attack('brute-force')?.status !== 'done') run.tick(0, true);
  run.pause();
  assert.equal(run.paused, true);
  const before = run.attacks.map((a) => a.steps);
  run.tick(0, false);
  assert.deepEqual(
    run.attacks.map((a) => a.steps),
    before,
    'a paused race does not move',
  );
  run.resume();
  assert.equal(run.paused, false);
  for (let i = 0; i < 10_000 && !run.over; i++) run.tick(0, false);
  assert.ok(run.attacks.every((a) => a.d === 2n));
});

test('a follower replays the presenter to the same counts and finds d itself', () => {
  const t = target('toy-61', 41n);
  for (const mode of ['brute-force', 'bsgs', 'rho', 'race'] as const) {
    const presenter = new EveRun(t, mode, { walk: 5 });
    for (let i = 0; i < 40; i++) presenter.tick(0, true);
    const mid = sanitizeStep('present:eve', presenter.detail()).detail;
    const follower = runFor(t, mid);
    follower.replayTo(mid);
    assert.deepEqual(
      follower.attacks.map((a) => a.steps),
      presenter.attacks.map((a) => a.steps),
      mode,
    );
    assert.ok(sameRun(follower, mid));
    while (!presenter.over) presenter.tick(0, true);
    const end = sanitizeStep('present:eve', presenter.detail()).detail;
    assert.ok(sameRun(follower, end), 'the same run carries on');
    follower.replayTo(end);
    assert.equal(follower.over, true);
    assert.ok(follower.attacks.every((a) => a.d === 41n));
  }
});

test('the reducer keeps every present:eve field (rho walk, race) for the followed presenter', () => {
  const detail = {
    curve: 'toy-17',
    target: 'alice',
    targetName: 'Alice',
    method: 'brute-force',
    steps: 5,
    maxSteps: 19,
    walk: 3,
    race: { bruteForce: 5, bsgs: 6, rho: 7 },
  };
  const st = followReducer(following(), eveStep(detail));
  const now = followedView(st);
  assert.equal(now?.curve, 'toy-17');
  const { curve: _curve, ...rest } = detail;
  assert.deepEqual(now?.attack, { ...rest, done: false, found: false });
  const f = new FollowEve();
  const a = f.of(now);
  assert.equal(a?.name, 'Prof');
  assert.equal(a?.detail.curve, 'toy-17');
  assert.equal(f.of(now), a, 'the same object while nothing changed');
});

test('junk, oversized and secret-bearing present:eve details are ignored by a follower', () => {
  const good = { curve: 'toy-17', target: 'alice', method: 'rho', steps: 3, maxSteps: 10 };
  const start = followReducer(following(), eveStep(good));
  const hostile: unknown[] = [
    'junk',
    null,
    [],
    { ...good, curve: 'P-256' },
    { ...good, method: 'pohlig-hellman' },
    { ...good, steps: 11 },
    { ...good, steps: 2 ** 40, maxSteps: 2 ** 40 },
    { ...good, walk: -1 },
    { ...good, race: { bruteForce: 1e12, bsgs: 1, rho: 1 } },
    { ...good, race: 'fast' },
    { ...good, d: 7 },
    { ...good, race: { bruteForce: 1, bsgs: 1, rho: 1, privateKey: 'ab' } },
    { ...good, targetName: 'x'.repeat(5000) },
  ];
  let st = start;
  for (const h of hostile) st = followReducer(st, eveStep(h));
  assert.equal(st.rejected, start.rejected + hostile.length);
  assert.deepEqual(followedView(st)?.attack, followedView(start)?.attack, 'the shown attack is unchanged');
});

test('a lying present:eve (found, done) changes nothing the follower computes', () => {
  const t = target('toy-17', 13n);
  const lie = sanitizeStep('present:eve', {
    curve: 'toy-17',
    target: t.id,
    method: 'brute-force',
    steps: 2,
    maxSteps: 19,
    done: true,
    found: true,
  }).detail;
  const run = runFor(t, lie);
  run.replayTo(lie);
  assert.equal(run.primary.steps, 2);
  assert.equal(run.primary.d, null, 'two steps do not reach 13·G whatever the presenter claims');
  assert.equal(run.over, false);
  // a step count past the attack's end stops at the end
  const far = { ...lie, steps: 19, maxSteps: 19 };
  const run2 = runFor(t, far);
  run2.replayTo(far);
  assert.equal(run2.primary.steps, 13);
  assert.equal(run2.primary.d, 13n);
});

test('race estimates scale the toy counts to P-256: ≈ 2^128 for √n methods, ≈ 2^256 for brute force', () => {
  const n = Number(getToyCurve('toy-65521').n);
  const rho = raceEstimate('toy-65521', 'rho', Math.round(Math.sqrt(n)));
  assert.ok(Math.abs(rho.log2Scaled - 128) < 0.1, String(rho.log2Scaled));
  assert.ok(Math.abs(rho.log2Typical - 128.3) < 0.3);
  const bf = raceEstimate('toy-65521', 'brute-force', Math.round(n / 2));
  assert.ok(Math.abs(bf.log2Scaled - 255) < 0.1, String(bf.log2Scaled));
  assert.equal(bf.growth, 'n');
  assert.match(bf.time, /10\^\d+ years/);
});

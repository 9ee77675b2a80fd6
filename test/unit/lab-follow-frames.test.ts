// Unit tests of presenter-step pacing: the follower's once-per-frame coalescer and the presenter's step rate cap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StepPayload } from '../../common/wire.js';
import {
  FOLLOW_APPLY_INTERVAL_MS,
  FrameCoalescer,
  type FrameClock,
} from '../../client/lab/model/coalescer.js';
import {
  describePresenter,
  followedView,
  followReducer,
  INITIAL_FOLLOW,
  type FollowAction,
  type FollowState,
} from '../../client/lab/model/follow.js';
import { PRESENT_STEP_INTERVAL_MS, StepPublisher } from '../../client/lab/model/publisher.js';

/** A fake clock: frames every 16 ms when {@link tick} is called, timers by time. */
function fakeClock(): { clock: FrameClock; tick(ms?: number): void; now(): number } {
  let now = 0;
  let frames: (() => void)[] = [];
  let timers: { at: number; fn: () => void }[] = [];
  const clock: FrameClock = {
    frame(fn) {
      frames.push(fn);
      return () => {
        frames = frames.filter((f) => f !== fn);
      };
    },
    after(fn, ms) {
      const t = { at: now + ms, fn };
      timers.push(t);
      return () => {
        timers = timers.filter((x) => x !== t);
      };
    },
    now: () => now,
  };
  const tick = (ms = 16): void => {
    now += ms;
    for (const t of timers.filter((x) => x.at <= now)) {
      timers = timers.filter((x) => x !== t);
      t.fn();
    }
    const due = frames;
    frames = [];
    for (const f of due) f();
  };
  return { clock, tick, now: () => now };
}

/** A `present:step` on the toy grid from the scripted presenter "p". */
function step(index: number, total = 40): FollowAction {
  const detail = { view: 'curve-grid', curve: 'toy-65521', index, total, label: `step ${index}` };
  return { type: 'peer-step', step: { from: 'p', fromName: 'Prof', phase: 'present:step', detail } };
}

test('FrameCoalescer: N pushes within one frame are one apply, with the last value', () => {
  const { clock, tick } = fakeClock();
  const applied: number[] = [];
  const c = new FrameCoalescer<number>((v) => applied.push(v), clock);
  for (let i = 1; i <= 50; i++) c.push(i);
  assert.deepEqual(applied, [], 'nothing is applied before the frame');
  assert.equal(c.waiting, true);
  tick();
  assert.deepEqual(applied, [50]);
  assert.equal(c.waiting, false);
  tick(1000);
  assert.deepEqual(applied, [50], 'nothing more without a push');
});

test('FrameCoalescer: a flood over many frames is applied at most once per interval, and the last value lands', () => {
  const { clock, tick } = fakeClock();
  const applied: number[] = [];
  const c = new FrameCoalescer<number>((v) => applied.push(v), clock);
  // 30 pushes a frame for one second (60 frames): 1800 values.
  let v = 0;
  for (let f = 0; f < 60; f++) {
    for (let i = 0; i < 30; i++) c.push(++v);
    tick();
  }
  for (let f = 0; f < 20; f++) tick();
  assert.ok(
    applied.length <= 1000 / FOLLOW_APPLY_INTERVAL_MS + 2,
    `${applied.length} applies for 1800 pushes in 1 s`,
  );
  assert.equal(applied.at(-1), 1800, 'trailing edge: the last value is applied');
  for (let i = 1; i < applied.length; i++) assert.ok(applied[i]! > applied[i - 1]!, 'in order, never older');
});

test('FrameCoalescer: flush applies at once, clear drops what waits', () => {
  const { clock, tick } = fakeClock();
  const applied: string[] = [];
  const c = new FrameCoalescer<string>((v) => applied.push(v), clock);
  c.push('a');
  c.flush();
  assert.deepEqual(applied, ['a']);
  c.push('b');
  c.clear();
  tick(500);
  assert.deepEqual(applied, ['a'], 'cleared: never applied');
  c.flush();
  assert.deepEqual(applied, ['a'], 'nothing waiting: nothing applied');
});

test('a follower: 50 steps in one frame are one update whose step and status text are both the last step', () => {
  const { clock, tick } = fakeClock();
  let latest: FollowState = followReducer(INITIAL_FOLLOW, { type: 'follow', id: 'p' });
  const shown: FollowState[] = [];
  const frames = new FrameCoalescer<FollowState>((s) => shown.push(s), clock);
  for (let i = 0; i < 50; i++) {
    latest = followReducer(latest, step(i % 40));
    frames.push(latest);
  }
  latest = followReducer(latest, step(37));
  frames.push(latest);
  tick();
  assert.equal(shown.length, 1);
  const now = followedView(shown[0]!);
  assert.equal(now?.index, 37);
  assert.equal(now?.label, 'step 37');
  assert.match(describePresenter(now!), /step 38 of 40 — step 37$/);
});

test(`StepPublisher: a presenter sends at most one step every ${PRESENT_STEP_INTERVAL_MS} ms and always the final position`, () => {
  let now = 0;
  let timers: { fn: () => void; at: number }[] = [];
  const sent: StepPayload[] = [];
  const at: number[] = [];
  const pub = new StepPublisher(
    (s) => {
      sent.push(s);
      at.push(now);
    },
    PRESENT_STEP_INTERVAL_MS,
    {
      setTimeout: (fn, ms) => {
        const t = { fn, at: now + ms };
        timers.push(t);
        return t;
      },
      clearTimeout: (h) => {
        timers = timers.filter((t) => t !== h);
      },
      now: () => now,
    },
  );
  const run = (until: number): void => {
    for (;;) {
      const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      timers = timers.filter((t) => t !== next);
      now = next.at;
      next.fn();
    }
    now = until;
  };
  // Typing d: every 10 ms for 2 s the grid reports a new demo d and its step (alternating phases).
  for (let i = 1; i <= 200; i++) {
    pub.push({ phase: 'present:demo', detail: { view: 'curve-grid', curve: 'toy-61', multiple: i } });
    pub.push({ phase: 'present:step', detail: { view: 'curve-grid', index: 0, total: i + 5 } });
    assert.ok(pub.pending <= 2, `at most one pending demo and one step (${pub.pending})`);
    run(i * 10);
  }
  run(10_000);
  for (let i = 1; i < at.length; i++)
    assert.ok(
      at[i]! - at[i - 1]! >= PRESENT_STEP_INTERVAL_MS,
      `sends ${i - 1} and ${i} are ${at[i]! - at[i - 1]!} ms apart`,
    );
  // 2 s of typing, then the last demo and step: the queue drains at once instead of replaying 400 steps.
  assert.ok(
    sent.length <= 2000 / PRESENT_STEP_INTERVAL_MS + 3,
    `${sent.length} steps sent for 400 pushes in 2 s`,
  );
  assert.ok(at.at(-1)! <= 2000 + 2 * PRESENT_STEP_INTERVAL_MS, `the last went out at ${at.at(-1)} ms`);
  assert.deepEqual(
    sent.slice(-2).map((s) => [s.phase, s.detail.multiple ?? s.detail.total]),
    [
      ['present:demo', 200],
      ['present:step', 205],
    ],
    'the final demo and its step are the last sent, in that order',
  );
  assert.equal(pub.pending, 0);
});

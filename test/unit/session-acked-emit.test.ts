// Receipts and key announcements (issue 8 item 4): the client's receipt budget, and a state-changing event retried
// with back-off until acknowledged, on an injected clock (no real sleeps).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AckResult, RelayFailure } from '../../client/session/ack-errors.js';
import {
  AckedEmit,
  ackRetryDelay,
  afterRefusal,
  DEFAULT_ACK_RETRY,
  type AckedEmitClock,
  type AckedProgress,
  type AckRetryPolicy,
} from '../../client/session/acked-emit.js';
import { DEFAULT_INBOUND_RATE } from '../../client/session/flood.js';
import { DEFAULT_RECEIPT_RATE, ReceiptBudget } from '../../client/session/receipt-budget.js';

/** Timers that only fire when the test says so, and a fixed "random" number. */
function manualClock(random = 0.5) {
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const clock: AckedEmitClock = {
    setTimeout: (fn, ms) => {
      timers.set(++next, { fn, ms });
      return next;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    random: () => random,
  };
  /** Fire the only pending timer and return its delay. */
  const fire = (): number => {
    assert.equal(timers.size, 1, 'exactly one retry is scheduled');
    const [id, t] = [...timers][0]!;
    timers.delete(id);
    t.fn();
    return t.ms;
  };
  return { clock, timers, fire };
}

/** Let pending promise callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const refused = (code: RelayFailure['code']): AckResult<unknown> => ({
  ok: false,
  failure: { code, message: '' },
});
const OK: AckResult<unknown> = { ok: true, value: { ok: true } };

const POLICY: AckRetryPolicy = { firstDelayMs: 1000, maxDelayMs: 4000, maxTries: 5, jitter: 0.25 };

/** A sender answering with `answers` in order (the last one repeats), counting its calls. */
function scripted(answers: AckResult<unknown>[]) {
  let calls = 0;
  const send = async (): Promise<AckResult<unknown>> => answers[Math.min(calls++, answers.length - 1)]!;
  return { send, calls: () => calls };
}

describe('ReceiptBudget', () => {
  it('sends the burst, skips beyond it (saying so once per dry spell), and refills at the rate', () => {
    let t = 5_000_000;
    const budget = new ReceiptBudget({ perSecond: 2, burst: 3 }, () => t);
    assert.deepEqual(
      Array.from({ length: 6 }, () => budget.take()),
      ['send', 'send', 'send', 'skip-first', 'skip', 'skip'],
    );
    t += 499;
    assert.equal(budget.take(), 'skip', 'not yet a whole token');
    t += 1;
    assert.equal(budget.take(), 'send');
    assert.equal(budget.take(), 'skip', 'the same flood, one refilled token later: not reported again');
    t += 3_600_000; // refills to the burst, never beyond
    assert.deepEqual(
      Array.from({ length: 4 }, () => budget.take()),
      ['send', 'send', 'send', 'skip-first'],
    );
  });

  it('keeps two thirds of the relay default budget (30 a second, burst 60) for our own events', () => {
    assert.ok(DEFAULT_RECEIPT_RATE.perSecond <= 30 / 3);
    assert.ok(DEFAULT_RECEIPT_RATE.burst <= 60 / 3);
    // Still enough to answer every message one member may send us (the flood guard's own limit).
    assert.ok(DEFAULT_RECEIPT_RATE.perSecond >= DEFAULT_INBOUND_RATE.perSecond);
    assert.ok(DEFAULT_RECEIPT_RATE.burst >= DEFAULT_INBOUND_RATE.burst);
  });
});

describe('ackRetryDelay and afterRefusal', () => {
  it('doubles from the first delay up to the ceiling, shortened by at most the jitter', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 40].map((n) => ackRetryDelay(n, POLICY, 0)),
      [1000, 2000, 4000, 4000, 4000, 4000],
    );
    assert.deepEqual(
      [1, 2, 3].map((n) => ackRetryDelay(n, POLICY, 0.999_999)),
      [750, 1500, 3000],
    );
    for (let n = 1; n < 60; n++)
      for (const r of [0, 0.3, 0.7, 0.99]) {
        const d = ackRetryDelay(n, DEFAULT_ACK_RETRY, r);
        assert.ok(d <= DEFAULT_ACK_RETRY.maxDelayMs && d >= DEFAULT_ACK_RETRY.firstDelayMs * 0.75);
      }
  });

  it('retries what may work later, waits for the re-join when offline, gives up on a refusal that will repeat', () => {
    for (const code of ['rate-limited', 'timeout', 'internal', 'malformed'] as const)
      assert.equal(afterRefusal({ code, message: '' }), 'retry', code);
    for (const code of ['disconnected', 'not-joined'] as const)
      assert.equal(afterRefusal({ code, message: '' }), 'wait', code);
    for (const code of ['bad-request', 'too-large', 'unsupported-curve'] as const)
      assert.equal(afterRefusal({ code, message: '' }), 'give-up', code);
  });
});

describe('AckedEmit', () => {
  it('retries a rate-limited event with growing delays until the relay acknowledges it', async () => {
    const { clock, timers, fire } = manualClock(0.5);
    const seen: AckedProgress[] = [];
    const emitter = new AckedEmit(POLICY, (p) => seen.push(p), clock);
    const s = scripted([refused('rate-limited'), refused('timeout'), refused('rate-limited'), OK]);
    emitter.start(s.send);
    await settle();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      delays.push(fire());
      await settle();
    }
    assert.deepEqual(delays, [875, 1750, 3500], 'doubling, an eighth shorter for random 0.5');
    assert.equal(s.calls(), 4);
    assert.deepEqual(
      seen.map((p) => `${p.phase}:${p.refusals}`),
      ['sending:0', 'retrying:1', 'retrying:2', 'retrying:3', 'acked:3'],
    );
    assert.equal(seen[1]!.failure?.code, 'rate-limited');
    assert.equal(emitter.progress?.phase, 'acked');
    assert.equal(timers.size, 0, 'nothing more is scheduled');
  });

  it('gives up after maxTries with the last reason, and a new start tries again from the first try', async () => {
    const { clock, timers, fire } = manualClock();
    const seen: AckedProgress[] = [];
    const emitter = new AckedEmit(POLICY, (p) => seen.push(p), clock);
    const s = scripted([refused('rate-limited')]);
    emitter.start(s.send);
    await settle();
    for (let i = 1; i < POLICY.maxTries; i++) {
      fire();
      await settle();
    }
    assert.equal(s.calls(), POLICY.maxTries);
    assert.deepEqual(emitter.progress, {
      phase: 'failed',
      refusals: POLICY.maxTries,
      maxTries: POLICY.maxTries,
      failure: { code: 'rate-limited', message: '' },
    });
    assert.equal(timers.size, 0);
    const again = scripted([OK]);
    emitter.start(again.send);
    await settle();
    assert.equal(emitter.progress?.phase, 'acked');
    assert.equal(emitter.progress?.refusals, 0);
  });

  it('gives up at once on a refusal that would repeat, and waits (no timer) when not joined', async () => {
    const { clock, timers } = manualClock();
    const emitter = new AckedEmit(POLICY, () => undefined, clock);
    emitter.start(scripted([refused('bad-request')]).send);
    await settle();
    assert.equal(emitter.progress?.phase, 'failed');
    assert.equal(emitter.progress?.refusals, 1);
    emitter.start(scripted([refused('disconnected')]).send);
    await settle();
    assert.equal(emitter.progress?.phase, 'waiting');
    assert.equal(timers.size, 0, 'the re-join starts it again');
  });

  it('a newer start supersedes an older one: its late answer and pending retry are dropped', async () => {
    const { clock, timers } = manualClock();
    const seen: AckedProgress[] = [];
    const emitter = new AckedEmit(POLICY, (p) => seen.push(p), clock);
    let release: (a: AckResult<unknown>) => void = () => undefined;
    emitter.start(() => new Promise((resolve) => (release = resolve)));
    const old = release;
    emitter.start(scripted([refused('rate-limited')]).send);
    await settle();
    assert.equal(timers.size, 1);
    emitter.start(scripted([OK]).send);
    await settle();
    assert.equal(timers.size, 0, 'the older retry was cancelled');
    old(OK);
    await settle();
    assert.deepEqual(
      seen.map((p) => `${p.phase}:${p.refusals}`),
      ['sending:0', 'sending:0', 'retrying:1', 'sending:0', 'acked:0'],
    );
    emitter.stop();
    assert.equal(emitter.progress, undefined);
  });
});

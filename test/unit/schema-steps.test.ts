// Accept/reject tables of the `present:*` step schemas (common/schema/steps.ts), hostile input included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { peerStep } from '../../common/schema/index.js';
import { PRESENT_PHASES, presentStep } from '../../common/schema/steps.js';
import { followReducer, INITIAL_FOLLOW } from '../../client/lab/model/follow.js';
import { sanitizeStep, StepDetailError } from '../../client/lab/model/presenter.js';
import { dispatchPeerStep } from '../../client/session/step-publishing.js';
import { PeerStepEvent } from '../../client/session/steps.js';

type Detail = Record<string, unknown>;
const parse = (phase: string, detail: unknown) => presentStep.safeParse({ phase, detail });

const VIEW = { view: 'curve-grid', curve: 'toy-17', title: 'Grid' };
const STEP = { view: 'keygen', curve: 'P-256', index: 3, total: 256, label: 'bit 252' };
const POINTS = { curve: 'P-256', points: [{ label: 'G', x: '6b17', y: '4fe3' }, { x: 'ab' }] };
const GRID = { view: 'curve-grid', curve: 'toy-61', multiple: 11 };
const REALS = { view: 'curve-reals', a: -3, b: 1, P: { x: -1, y: 1.5 } };
const EVE = {
  curve: 'toy-17',
  target: 'a',
  method: 'bsgs',
  steps: 7,
  maxSteps: 10,
  done: true,
  found: false,
};
const FP = '3f9a1c0d5e6b7a88';
const RATCHET = {
  view: 'ratchet',
  curve: 'X25519',
  index: 4,
  total: 9,
  ratchet: {
    direction: 'sent',
    kind: 'message',
    chain: 2,
    n: 3,
    pn: 1,
    ratchetKeyFingerprint: FP,
    messageKeyFingerprint: FP,
  },
};
const R = RATCHET.ratchet;
const CT = { curve: 'toy-17', room: 'r', from: 'a', to: 'b', id: '1', iv: 'AAAA', ct: 'AAAAAAAA' };

/** Per phase: details that pass as they are, and details that must be refused. */
const TABLE: Record<string, { accept: Detail[]; reject: Detail[] }> = {
  'present:view': {
    accept: [VIEW, { view: 'keygen', curve: 'X25519' }, { view: 'a', curve: 'P-521', title: 't'.repeat(80) }],
    reject: [
      { ...VIEW, view: 'Key Gen' },
      { ...VIEW, view: 'a'.repeat(33) },
      { ...VIEW, view: 7 },
      { ...VIEW, curve: 'P-999' },
      { ...VIEW, curve: null },
      { ...VIEW, title: 't'.repeat(81) },
      { ...VIEW, title: ['t'] },
      { curve: 'P-256' },
    ],
  },
  'present:step': {
    accept: [
      STEP,
      { view: 'curve-grid', curve: 'toy-17', index: 0, total: 1 },
      { ...STEP, bitIndex: 0 },
      { ...STEP, demo: true, op: 'D+A', bit: 1, point: { x: '05', y: '01' } },
      RATCHET,
      { ...RATCHET, ratchet: { ...R, chain: undefined, messageKeyFingerprint: undefined, eve: 'healed' } },
      { ...RATCHET, ratchet: { ...R, direction: 'received', kind: 'receipt', n: 2 ** 32 - 1 } },
    ],
    reject: [
      { ...STEP, index: 256 },
      { ...STEP, index: -1 },
      { ...STEP, index: 1.5 },
      { ...STEP, index: Number.NaN },
      { ...STEP, total: Number.POSITIVE_INFINITY },
      { ...STEP, total: 0 },
      { ...STEP, total: 2 ** 60 },
      { ...STEP, index: '3' },
      { ...STEP, label: 'x'.repeat(201) },
      { ...STEP, bitIndex: -1 },
      { ...STEP, op: 'D' },
      { ...STEP, bit: 0 },
      { ...STEP, point: { x: '05' } },
      { ...STEP, demo: false, op: 'D' },
      { ...STEP, demo: 'yes' },
      { ...STEP, demo: true, op: 'A' },
      { ...STEP, demo: true, bit: 2 },
      { ...STEP, demo: true, point: { x: 'XYZ' } },
      { ...STEP, demo: true, point: [] },
      { ...STEP, ratchet: R },
      { ...RATCHET, ratchet: { ...R, direction: 'both' } },
      { ...RATCHET, ratchet: { ...R, kind: 'secret' } },
      { ...RATCHET, ratchet: { ...R, n: -1 } },
      { ...RATCHET, ratchet: { ...R, n: 2 ** 32 } },
      { ...RATCHET, ratchet: { ...R, pn: 1.5 } },
      { ...RATCHET, ratchet: { ...R, chain: '2' } },
      { ...RATCHET, ratchet: { ...R, ratchetKeyFingerprint: FP.toUpperCase() } },
      { ...RATCHET, ratchet: { ...R, messageKeyFingerprint: 'ab'.repeat(32) } },
      { ...RATCHET, ratchet: { ...R, ratchetKeyFingerprint: undefined } },
      { ...RATCHET, ratchet: { ...R, eve: 'maybe' } },
      { ...RATCHET, ratchet: 'x'.repeat(100_000) },
      { ...RATCHET, ratchet: [R] },
    ],
  },
  'present:points': {
    accept: [POINTS, { curve: 'toy-17', points: [] }],
    reject: [
      { ...POINTS, points: Array.from({ length: 17 }, () => ({ x: '01' })) },
      { ...POINTS, points: Array.from({ length: 100_000 }, () => ({ x: '01' })) },
      { ...POINTS, points: [{ x: 'AB' }] },
      { ...POINTS, points: [{ x: 'a'.repeat(201) }] },
      { ...POINTS, points: [{ x: '01', label: 'l'.repeat(41) }] },
      { ...POINTS, points: [null] },
      { ...POINTS, points: 'G' },
      { points: [] },
    ],
  },
  'present:demo': {
    accept: [GRID, REALS, { view: 'curve-reals', a: 1e6, b: -1e6 }, { ...GRID, multiple: 1e9 }],
    reject: [
      { ...GRID, curve: 'P-256' },
      { ...GRID, view: 'keygen' },
      { ...GRID, multiple: 0 },
      { ...GRID, multiple: 1e9 + 1 },
      { ...GRID, multiple: 1.5 },
      { ...GRID, multiple: '11' },
      { ...REALS, a: Number.NaN },
      { ...REALS, b: Number.NEGATIVE_INFINITY },
      { ...REALS, a: 1e6 + 1 },
      { ...REALS, P: { x: 1e7, y: 0 } },
      { ...REALS, Q: { x: 0 } },
      { ...REALS, Q: 'origin' },
      { view: 'curve-reals', a: 1 },
      {},
    ],
  },
  'present:eve': {
    accept: [
      EVE,
      { ...EVE, targetName: 'Bob', method: 'brute-force' },
      { ...EVE, method: 'rho', walk: 3 },
      { ...EVE, race: { bruteForce: 5, bsgs: 7, rho: 9 } },
    ],
    reject: [
      { ...EVE, curve: 'P-256' },
      { ...EVE, method: 'pohlig-hellman' },
      { ...EVE, steps: 11, maxSteps: 10 },
      { ...EVE, steps: 2 ** 21, maxSteps: 2 ** 21 },
      { ...EVE, walk: 0 },
      { ...EVE, walk: 2 ** 31 },
      { ...EVE, race: { bruteForce: 5, bsgs: 7 } },
      { ...EVE, race: { bruteForce: -1, bsgs: 7, rho: 1 } },
      { ...EVE, race: [1, 2, 3] },
      { ...EVE, steps: -1 },
      { ...EVE, maxSteps: 0 },
      { ...EVE, target: '' },
      { ...EVE, target: 'has space' },
      { ...EVE, targetName: 'n'.repeat(33) },
      { ...EVE, done: 'yes' },
    ],
  },
  'present:ciphertext': {
    accept: [CT, { ...CT, ct: 'A'.repeat(2800) }],
    reject: [
      { ...CT, curve: 'X25519' },
      { ...CT, iv: 'not base64!' },
      { ...CT, ct: 'A'.repeat(2801) },
      { ...CT, id: 'i'.repeat(129) },
      { ...CT, room: 5 },
      { curve: 'toy-17' },
    ],
  },
  'present:lab': {
    accept: [
      { lab: 'side-channel', curve: 'toy-17', method: 'ladder' },
      { lab: 'invalid-curve', curve: 'toy-17', mode: 'other-b', victim: { x: 'd', y: '7' }, answers: [null] },
    ],
    reject: [
      { lab: 'side-channel', curve: 'P-256', method: 'ladder' },
      { lab: 'rowhammer', curve: 'toy-17' },
      { lab: 'invalid-curve', curve: 'toy-17', mode: 'twist', victim: { x: 'd', y: '7' }, answers: [] },
    ],
  },
  'present:lesson': {
    accept: [
      { lesson: 'orbit', step: 0 },
      { lesson: 'mitm', step: 63 },
    ],
    reject: [
      { lesson: 'Orbit', step: 0 },
      { lesson: 'orbit', step: -1 },
      { lesson: 'orbit', step: 64 },
      { lesson: 'orbit', step: 1.5 },
      { lesson: 'o'.repeat(33), step: 0 },
      { lesson: 'orbit' },
    ],
  },
  'present:answer': {
    accept: [
      { exercise: 'find-d', correct: true },
      { exercise: 'find-d', correct: false, name: 'Ann' },
    ],
    reject: [
      { exercise: 'find-d', correct: 'yes' },
      { exercise: 'find-d' },
      { exercise: 'Find D', correct: true },
      { exercise: 'find-d', correct: true, name: 'n'.repeat(33) },
    ],
  },
  'present:stop': { accept: [{}], reject: [] },
};

describe('present:* schemas', () => {
  it('cover every phase', () => {
    assert.deepEqual(Object.keys(TABLE).sort(), [...PRESENT_PHASES].sort());
  });

  for (const [phase, { accept, reject }] of Object.entries(TABLE))
    it(`${phase}: accepts the documented shapes, refuses the rest`, () => {
      for (const d of accept) {
        assert.equal(parse(phase, d).success, true, `${phase} should accept ${JSON.stringify(d)}`);
        assert.ok(sanitizeStep(phase, d));
      }
      for (const d of reject) {
        assert.equal(parse(phase, d).success, false, `${phase} should refuse ${JSON.stringify(d)}`);
        assert.throws(() => sanitizeStep(phase, d), StepDetailError);
      }
    });

  it('drops undocumented fields, undefined values and demo: false; fills done and found', () => {
    assert.deepEqual(sanitizeStep('present:view', { ...VIEW, title: undefined, junk: 1 }).detail, {
      view: 'curve-grid',
      curve: 'toy-17',
    });
    assert.deepEqual(sanitizeStep('present:step', { ...STEP, demo: false, label: undefined }).detail, {
      view: 'keygen',
      curve: 'P-256',
      index: 3,
      total: 256,
    });
    const { done, found } = sanitizeStep('present:eve', { ...EVE, done: undefined, found: undefined }).detail;
    assert.deepEqual([done, found], [false, false]);
    assert.deepEqual(sanitizeStep('present:stop', { anything: 1 }).detail, {});
  });

  it('no secret of the ratchet passes a Ratchet view step: chain and root keys are dropped, private names refused', () => {
    const ck = 'ab'.repeat(32);
    const leaky = {
      ...R,
      ck,
      rk: ck,
      cks: ck,
      ckr: ck,
      mk: ck,
      chainKey: ck,
      rootKey: ck,
      messageKey: ck,
      dhs: ck,
    };
    const got = sanitizeStep('present:step', { ...RATCHET, ratchet: leaky }).detail;
    assert.deepEqual(got.ratchet, R);
    assert.ok(!JSON.stringify(got).includes(ck), 'no 32-byte key survives the schema');
    for (const name of ['priv', 'privateKey', 'secret', 'sharedSecret', 'key', 'seed'])
      assert.throws(
        () => sanitizeStep('present:step', { ...RATCHET, ratchet: { ...R, [name]: ck } }),
        (e: unknown) => e instanceof StepDetailError && e.code === 'forbidden-field',
        name,
      );
  });

  it('refuses unknown phases and non-object details', () => {
    for (const phase of ['present:mitm', 'present:', 'PRESENT:VIEW', 'keygen', ''])
      assert.throws(
        () => sanitizeStep(phase, VIEW),
        (e: unknown) => e instanceof StepDetailError && e.code === 'unknown-phase',
      );
    for (const d of [null, undefined, 'x', 1, [], [VIEW]])
      assert.throws(
        () => sanitizeStep('present:view', d),
        (e: unknown) => e instanceof StepDetailError && e.code === 'bad-field',
      );
  });

  it('__proto__ keys neither pollute nor slip a forbidden field through', () => {
    const hostile = JSON.parse('{"view":"keygen","curve":"P-256","__proto__":{"title":"polluted"}}');
    const out = sanitizeStep('present:view', hostile).detail;
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal(out.title, undefined);
    assert.equal(Object.hasOwn(out, '__proto__'), false);
    const hidden = JSON.parse('{"view":"keygen","curve":"P-256","__proto__":{"d":"01"}}');
    assert.throws(
      () => sanitizeStep('present:view', hidden),
      (e: unknown) => e instanceof StepDetailError && e.code === 'forbidden-field',
    );
    assert.equal(({} as Record<string, unknown>).title, undefined, 'Object.prototype untouched');
  });

  it('refuses details nested too deeply and very long strings without throwing anything else', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i++) deep = { n: deep };
    assert.throws(() => sanitizeStep('present:view', { ...VIEW, extra: deep }), StepDetailError);
    assert.throws(
      () => sanitizeStep('present:view', { ...VIEW, view: 'a'.repeat(1_000_000) }),
      StepDetailError,
    );
  });
});

describe('peer steps', () => {
  const from = 'A'.repeat(22);
  it('the peer-step envelope needs a member id, a phase and an object detail', () => {
    assert.equal(peerStep.safeParse({ from, phase: 'present:stop', detail: {} }).success, true);
    for (const bad of [
      null,
      { from: 'short', phase: 'p', detail: {} },
      { from, phase: '', detail: {} },
      { from, phase: 'p'.repeat(65), detail: {} },
      { from, phase: 'p', detail: [] },
      { from, phase: 'p', detail: 'x' },
      { from, phase: 'p' },
    ])
      assert.equal(peerStep.safeParse(bad).success, false, JSON.stringify(bad));
  });

  it('dispatchPeerStep dispatches well-formed envelopes only', () => {
    const target = new EventTarget();
    const got: string[] = [];
    target.addEventListener('peer-step', (e) => {
      if (e instanceof PeerStepEvent) got.push(`${e.step.fromName} ${e.step.phase}`);
    });
    assert.equal(
      dispatchPeerStep(target, { from, phase: 'x', detail: [] }, () => 'Ann'),
      false,
    );
    assert.equal(
      dispatchPeerStep(target, undefined, () => 'Ann'),
      false,
    );
    assert.equal(
      dispatchPeerStep(target, { from, phase: 'present:stop', detail: {} }, () => 'Ann'),
      true,
    );
    assert.deepEqual(got, ['Ann present:stop']);
  });

  it('the follower reducer counts a refused peer step and changes nothing else', () => {
    const hostile: Detail[] = [
      { ...STEP, index: Number.NaN },
      { ...STEP, point: { x: '05' } },
      JSON.parse('{"view":"keygen","curve":"P-256","index":0,"total":1,"__proto__":{"k":"1"}}'),
      { ...STEP, label: 'x'.repeat(10_000) },
      { ...RATCHET, ratchet: { ...R, n: 'lots' } },
      { ...RATCHET, ratchet: { ...R, priv: 'ab' } },
      { ...RATCHET, ratchet: null },
    ];
    let s = INITIAL_FOLLOW;
    for (const detail of hostile) {
      const next = followReducer(s, { type: 'peer-step', step: { from, phase: 'present:step', detail } });
      assert.deepEqual({ ...next, rejected: s.rejected }, s);
      assert.equal(next.rejected, s.rejected + 1);
      s = next;
    }
  });
});

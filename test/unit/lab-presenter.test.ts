// Unit tests for presenter mode: the sanitiser refuses secrets and oversize details; the follower reducer; the publisher.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StepPayload } from '../../common/wire.js';
import { toBase64Url } from '../../client/crypto/base64url.js';
import {
  describePresenter,
  followedView,
  followIn,
  followReducer,
  INITIAL_FOLLOW,
  presenterList,
  type FollowAction,
  type FollowState,
} from '../../client/lab/model/follow.js';
import {
  isForbiddenFieldName,
  sanitizeStep,
  StepDetailError,
  stepsForChange,
} from '../../client/lab/model/presenter.js';
import { StepPublisher } from '../../client/lab/model/publisher.js';

/** A `present:ciphertext` envelope without its curve (12-byte IV, 16-byte ciphertext ‖ tag). */
const ENVELOPE = {
  room: 'r',
  from: 'a',
  to: 'b',
  id: '1',
  iv: 'AAAAAAAAAAAAAAAA',
  ct: 'AAAAAAAAAAAAAAAAAAAAAA',
};

const refuses = (code: string, fn: () => unknown): void =>
  assert.throws(fn, (e: unknown) => e instanceof StepDetailError && e.code === code);

test('sanitiser refuses fields named like private material, at any depth', () => {
  for (const name of [
    'd',
    'D',
    'z',
    'k',
    'key',
    'priv',
    'privateKey',
    'private_hex',
    'secret',
    'sharedSecret',
    'zHex',
    'aesKey',
    'channelKey',
    'jwk',
    'prefix',
    'scalar',
    'mySecretThing',
    'sharedPoint',
    'plaintext',
  ])
    assert.equal(isForbiddenFieldName(name), true, name);
  for (const name of ['view', 'curve', 'index', 'pub', 'x', 'y', 'iv', 'ct', 'label', 'bitIndex'])
    assert.equal(isForbiddenFieldName(name), false, name);
  const view = { view: 'keygen', curve: 'P-256' };
  assert.deepEqual(sanitizeStep('present:view', view).detail, view);
  refuses('forbidden-field', () => sanitizeStep('present:view', { ...view, d: '01' }));
  refuses('forbidden-field', () =>
    sanitizeStep('present:view', { ...view, extra: { nested: [{ privateHex: 'ab' }] } }),
  );
  refuses('forbidden-field', () => sanitizeStep('present:view', { ...view, z: 'ab' }));
  refuses('forbidden-field', () => sanitizeStep('present:view', { ...view, key: 'ab' }));
  refuses('forbidden-field', () => sanitizeStep('present:view', { ...view, sharedSecret: 'ab' }));
});

test('sanitiser keeps only documented fields and checks their shapes', () => {
  const s = sanitizeStep('present:step', {
    view: 'keygen',
    curve: 'P-256',
    index: 3,
    total: 256,
    label: 'bit 252',
    junk: 1,
  });
  assert.deepEqual(s, {
    phase: 'present:step',
    detail: { view: 'keygen', curve: 'P-256', index: 3, total: 256, label: 'bit 252' },
  });
  refuses('bad-field', () =>
    sanitizeStep('present:step', { view: 'keygen', curve: 'P-256', index: 256, total: 256 }),
  );
  refuses('bad-field', () => sanitizeStep('present:view', { view: 'Key Gen', curve: 'P-256' }));
  refuses('bad-field', () => sanitizeStep('present:view', { view: 'keygen', curve: 'P-999' }));
  refuses('bad-field', () => sanitizeStep('present:view', ['not', 'an', 'object']));
  refuses('unknown-phase', () => sanitizeStep('scalar-mult', { view: 'keygen', curve: 'P-256' }));
});

test('op, bit and the running point reveal the scalar: only for a demo scalar', () => {
  const base = { view: 'curve-grid', curve: 'toy-17', index: 1, total: 5 };
  refuses('forbidden-field', () => sanitizeStep('present:step', { ...base, op: 'D+A' }));
  refuses('forbidden-field', () => sanitizeStep('present:step', { ...base, point: { x: '05', y: '01' } }));
  refuses('forbidden-field', () => sanitizeStep('present:step', { ...base, bit: 1 }));
  const ok = sanitizeStep('present:step', {
    ...base,
    demo: true,
    op: 'D+A',
    bit: 1,
    point: { x: '05', y: '01' },
  });
  assert.deepEqual(ok.detail.point, { x: '05', y: '01' });
});

test('ciphertexts for Eve: toy curves only; secret values refused in hex and base64url; ≤ 4 KiB', () => {
  assert.equal(sanitizeStep('present:ciphertext', { curve: 'toy-17', ...ENVELOPE }).detail.ct, ENVELOPE.ct);
  refuses('bad-field', () => sanitizeStep('present:ciphertext', { curve: 'P-256', ...ENVELOPE }));
  const secret = '00112233445566778899aabbccddeeff';
  const pts = (x: string) => ({ curve: 'P-256', points: [{ label: 'Q', x, y: '01' }] });
  refuses('secret-value', () => sanitizeStep('present:points', pts(`ff${secret}`), { secretsHex: [secret] }));
  const b64 = toBase64Url(Buffer.from(secret, 'hex'));
  refuses('secret-value', () =>
    sanitizeStep('present:view', { view: 'keygen', curve: 'P-256', title: b64 }, { secretsHex: [secret] }),
  );
  assert.ok(sanitizeStep('present:points', pts('ab'), { secretsHex: [secret] }));
  const big = {
    curve: 'P-521',
    points: Array.from({ length: 16 }, () => ({ label: 'P', x: 'a'.repeat(132), y: 'b'.repeat(132) })),
  };
  refuses('too-large', () => sanitizeStep('present:points', big));
  refuses('too-large', () =>
    sanitizeStep('present:view', { view: 'keygen', curve: 'P-256', title: 't' }, { maxBytes: 20 }),
  );
});

const step = (
  from: string,
  phase: string,
  detail: Record<string, unknown>,
  fromName = from.toUpperCase(),
): FollowAction => ({
  type: 'peer-step',
  step: { from, fromName, phase, detail },
});

test('follower reducer: what the followed presenter is looking at now', () => {
  let s: FollowState = INITIAL_FOLLOW;
  s = followReducer(
    s,
    step('ann', 'present:view', { view: 'keygen', curve: 'P-256', title: 'Key generation' }),
  );
  s = followReducer(s, step('ben', 'present:view', { view: 'curve-grid', curve: 'toy-17' }));
  assert.equal(followedView(s), null, 'not following anyone yet');
  s = followReducer(s, { type: 'follow', id: 'ann' });
  assert.deepEqual((({ view, curve, index, name }) => ({ view, curve, index, name }))(followedView(s)!), {
    view: 'keygen',
    curve: 'P-256',
    index: 0,
    name: 'ANN',
  });
  s = followReducer(
    s,
    step('ann', 'present:step', { view: 'keygen', curve: 'P-256', index: 12, total: 256, label: 'bit 243' }),
  );
  assert.equal(followedView(s)?.index, 12);
  assert.equal(followedView(s)?.title, 'Key generation', 'title kept within the same view');
  assert.equal(describePresenter(followedView(s)!), 'ANN: Key generation on P-256, step 13 of 256 — bit 243');
  s = followReducer(
    s,
    step('ben', 'present:step', { view: 'curve-grid', curve: 'toy-17', index: 2, total: 5 }),
  );
  assert.equal(followedView(s)?.index, 12, 'other presenters do not move my view');
  assert.deepEqual(
    presenterList(s).map((p) => p.id),
    ['ben', 'ann'],
  );
  const before = s;
  s = followReducer(
    s,
    step('ann', 'present:step', { view: 'keygen', curve: 'P-256', index: 13, total: 256, d: 'ff' }),
  );
  assert.equal(followedView(s)?.index, 12, 'a step carrying a secret is ignored');
  assert.equal(s.rejected, before.rejected + 1);
  s = followReducer(s, step('ann', 'chat-typing', { whatever: 1 }));
  assert.equal(s.rejected, before.rejected + 1, 'other phases are not ours to judge');
  s = followReducer(s, step('ann', 'present:view', { view: 'exchange', curve: 'P-256' }));
  assert.equal(followedView(s)?.index, 0, 'a new view starts at step 0');
  s = followReducer(s, step('ann', 'present:stop', {}));
  assert.equal(followedView(s), null);
  assert.equal(s.following, 'ann', 'still following: resumes when she presents again');
  s = followReducer(s, step('ann', 'present:step', { view: 'exchange', curve: 'P-256', index: 4, total: 9 }));
  assert.equal(followedView(s)?.index, 4, 'a late follower catches up from any step');
  s = followReducer(s, { type: 'peer-left', id: 'ann' });
  assert.equal(followedView(s), null);
});

test('follower keeps shared toy ciphertexts once each, and Eve progress without d', () => {
  let s = followIn('r');
  const env = { curve: 'toy-17', ...ENVELOPE };
  s = followReducer(s, step('a', 'present:ciphertext', env));
  s = followReducer(s, step('a', 'present:ciphertext', env));
  assert.equal(s.ciphertexts.length, 1);
  s = followReducer(
    s,
    step('t', 'present:eve', {
      curve: 'toy-17',
      target: 'a',
      method: 'bsgs',
      steps: 7,
      maxSteps: 10,
      done: true,
      found: true,
    }),
  );
  assert.deepEqual(s.presenters.t.attack, {
    target: 'a',
    method: 'bsgs',
    steps: 7,
    maxSteps: 10,
    done: true,
    found: true,
  });
});

test('stepsForChange publishes a view change then the step; nothing when nothing moved', () => {
  const a = { view: 'keygen', curve: 'P-256' as const, index: 0, total: 256, label: 'bit 255' };
  assert.deepEqual(
    stepsForChange(null, a).map((s) => s.phase),
    ['present:view', 'present:step'],
  );
  assert.deepEqual(stepsForChange(a, { ...a }), []);
  assert.deepEqual(
    stepsForChange(a, { ...a, index: 1 }).map((s) => s.phase),
    ['present:step'],
  );
  assert.deepEqual(
    stepsForChange(a, { ...a, view: 'exchange' }).map((s) => s.phase),
    ['present:view', 'present:step'],
  );
  assert.deepEqual(
    stepsForChange(null, { view: 'mitm', curve: 'P-256' }).map((s) => s.phase),
    ['present:view'],
  );
});

test('StepPublisher rate-limits and coalesces steps, keeps views in order', () => {
  let now = 0;
  const timers: { fn: () => void; at: number }[] = [];
  const sent: StepPayload[] = [];
  const pub = new StepPublisher((s) => sent.push(s), 100, {
    setTimeout: (fn, ms) => timers.push({ fn, at: now + ms }),
    clearTimeout: () => undefined,
    now: () => now,
  });
  const st = (i: number): StepPayload => ({ phase: 'present:step', detail: { index: i } });
  pub.push({ phase: 'present:view', detail: { view: 'a' } });
  pub.push(st(1));
  pub.push(st(2));
  pub.push(st(3));
  assert.equal(sent.length, 1, 'first goes out at once');
  now = 100;
  timers.shift()!.fn();
  assert.deepEqual(
    sent.map((s) => s.detail.index ?? s.detail.view),
    ['a', 3],
    'steps 1 and 2 coalesced into 3',
  );
  const eve = (n: number): StepPayload => ({ phase: 'present:eve', detail: { steps: n } });
  pub.push(eve(1));
  pub.push(eve(2));
  pub.push(st(4));
  now = 200;
  timers.shift()!.fn();
  assert.deepEqual(
    sent.slice(2).map((s) => s.detail),
    [{ steps: 2 }],
    'Eve progress coalesced too; the step after it waits its turn',
  );
  pub.clear();
  assert.equal(sent.length, 3, 'cleared: the pending step is dropped');
});

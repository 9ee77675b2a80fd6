// Toy rooms share v2 envelopes (docs/protocol.md "Toy rooms share their ciphertexts"): the three `present:ciphertext`
// shapes and their refusals, the follower's ratchet anchors that outlive the newest-200 window, envelopes of other rooms
// refused, the per-member counts, the bounded publisher and Eve's serial harvest job.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presentCiphertextDetail } from '../../common/schema/steps.js';
import type { StepPayload } from '../../common/wire.js';
import { envelopeKey } from '../../client/lab/model/eve-targets.js';
import {
  followIn,
  followReducer,
  INITIAL_FOLLOW,
  MAX_ANCHORS_PER_MEMBER,
  MAX_RATCHET_ANCHORS,
  MAX_SHARED_CIPHERTEXTS,
  type FollowState,
} from '../../client/lab/model/follow.js';
import { SerialJob } from '../../client/lab/model/serial-job.js';
import { MAX_QUEUED_STEPS, StepPublisher } from '../../client/lab/model/publisher.js';

const BASE = { curve: 'toy-65521', room: 'r', from: 'alice', id: 'm1' };
const V1 = { ...BASE, to: 'bob', iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAAAAAAAAAAAAAAAAAAAA' };
const RATCHET = {
  ...BASE,
  to: 'bob',
  kind: 'ratchet',
  h: { dh: 'BAECAwQ', pn: 0, n: 0 },
  ct: 'AAAAAAAAAAAAAAAAAAAAAA',
};
const SKMSG = {
  ...BASE,
  kind: 'skmsg',
  chain: 'AAAAAAAAAAA',
  n: 3,
  ct: 'AAAAAAAAAAAAAAAAAAAAAA',
  sig: 'A'.repeat(86),
};

test('present:ciphertext: a v1 part (kind added), a ratchet or skdist part, an skmsg broadcast', () => {
  assert.equal(presentCiphertextDetail.parse(V1).kind, 'msg');
  assert.deepEqual(presentCiphertextDetail.parse(RATCHET), RATCHET);
  assert.equal(presentCiphertextDetail.parse({ ...RATCHET, kind: 'skdist' }).kind, 'skdist');
  assert.deepEqual(presentCiphertextDetail.parse(SKMSG), SKMSG);
  // Extra fields are dropped, never passed on.
  assert.equal('d' in presentCiphertextDetail.parse({ ...RATCHET, d: '5' }), false);
});

test('present:ciphertext refuses real curves, unknown kinds, junk headers and signatures', () => {
  const bad: unknown[] = [
    { ...RATCHET, curve: 'X25519' },
    { ...SKMSG, curve: 'P-256' },
    { ...RATCHET, kind: 'receipt' },
    { ...RATCHET, h: { dh: 'BAECAwQ', pn: -1, n: 0 } },
    { ...RATCHET, h: { dh: 'BAECAwQ', pn: 0, n: 2 ** 32 } },
    { ...RATCHET, h: { dh: 'x'.repeat(17), pn: 0, n: 0 } },
    { ...RATCHET, h: { dh: 'not base64!', pn: 0, n: 0 } },
    { ...RATCHET, to: undefined },
    { ...SKMSG, sig: 'A'.repeat(85) },
    { ...SKMSG, n: 2 ** 31 },
    { ...SKMSG, chain: '' },
    { ...SKMSG, kind: 'skmsg2' },
    { ...RATCHET, ct: 'A'.repeat(2801) },
  ];
  for (const detail of bad)
    assert.equal(presentCiphertextDetail.safeParse(detail).success, false, JSON.stringify(detail));
});

/** `detail` shared by its own sender (`by` may differ: a lie). */
const shared = (
  s: FollowState,
  detail: { from: string; [k: string]: unknown },
  by = detail.from,
): FollowState =>
  followReducer(s, {
    type: 'peer-step',
    step: { from: by, phase: 'present:ciphertext', detail: { ...detail } },
  });

test('the follower keeps each envelope once, and anchors the first under each new ratchet key past the window', () => {
  let s = followIn('r');
  // Alice sends 300 messages under 3 ratchet keys (100 each), with a distribution first; Bob answers once.
  s = shared(s, { ...RATCHET, kind: 'skdist', id: 'dist' });
  for (let i = 0; i < 300; i++) {
    const dh = ['BAECAwQ', 'BAUGBwg', 'BAkKCww'][Math.floor(i / 100)]!;
    s = shared(s, { ...RATCHET, id: `m${i}`, h: { dh, pn: 0, n: i % 100 } });
    s = shared(s, { ...RATCHET, id: `m${i}`, h: { dh, pn: 0, n: i % 100 } }); // a resend: the same envelope
  }
  s = shared(s, { ...RATCHET, from: 'bob', to: 'alice', id: 'r', h: { dh: 'BA0ODxA', pn: 0, n: 0 } });
  s = shared(s, SKMSG);
  assert.equal(s.ciphertexts.length, MAX_SHARED_CIPHERTEXTS);
  assert.equal(new Set(s.ciphertexts.map(envelopeKey)).size, MAX_SHARED_CIPHERTEXTS);
  // The distribution, the first message under each later key of Alice's (m0 has the distribution's key) and Bob's first.
  assert.deepEqual(
    s.anchors.map((a) => a.id),
    ['dist', 'm100', 'm200', 'r'],
  );
  // Anchors are bounded per member (a flood of key changes evicts only the flooder's own) and in all.
  for (let i = 0; i < 2 * MAX_ANCHORS_PER_MEMBER; i++)
    s = shared(s, { ...RATCHET, from: 'mallory', kind: 'skdist', id: `d${i}` });
  assert.equal(s.anchors.filter((a) => a.from === 'mallory').length, MAX_ANCHORS_PER_MEMBER);
  assert.deepEqual(
    s.anchors.filter((a) => a.from !== 'mallory').map((a) => a.id),
    ['dist', 'm100', 'm200', 'r'],
  );
  for (let m = 0; m < 6; m++)
    for (let i = 0; i < MAX_ANCHORS_PER_MEMBER; i++)
      s = shared(s, { ...RATCHET, from: `member${m}`, kind: 'skdist', id: `d${i}` });
  assert.equal(s.anchors.length, MAX_RATCHET_ANCHORS);
  // An envelope shared in another member's name is a lie: refused and counted.
  const lies = s.rejected;
  s = shared(s, { ...RATCHET, id: 'forged' }, 'mallory');
  assert.equal(s.rejected, lies + 1);
  assert.equal(
    s.ciphertexts.some((c) => c.id === 'forged'),
    false,
  );
  // A refused envelope (real curve) is counted, never kept.
  const before = s.rejected;
  s = shared(s, { ...RATCHET, curve: 'P-256', id: 'real' });
  assert.equal(s.rejected, before + 1);
  assert.equal(
    s.ciphertexts.some((c) => c.id === 'real'),
    false,
  );
});

test("a member flooding shared envelopes evicts their own: the others' stay in the window and in the anchors", () => {
  let s = followIn('r');
  for (let i = 0; i < 30; i++) s = shared(s, { ...RATCHET, id: `a${i}`, h: { dh: 'BAECAwQ', pn: 0, n: i } });
  for (let i = 0; i < 20; i++)
    s = shared(s, { ...RATCHET, from: 'bob', to: 'alice', id: `b${i}`, h: { dh: 'BA0ODxA', pn: 0, n: i } });
  // Mallory shares 500 envelopes in her own name, each under a fresh ratchet key (so each is an anchor too).
  for (let i = 0; i < 500; i++)
    s = shared(s, { ...RATCHET, from: 'mallory', to: 'alice', id: `j${i}`, h: { dh: `j${i}`, pn: 0, n: 0 } });
  assert.equal(s.ciphertexts.length, MAX_SHARED_CIPHERTEXTS);
  const ids = (list: FollowState['ciphertexts'], from: string) =>
    list.filter((c) => c.from === from).map((c) => c.id);
  assert.equal(ids(s.ciphertexts, 'alice').length, 30);
  assert.equal(ids(s.ciphertexts, 'bob').length, 20);
  assert.deepEqual(
    ids(s.ciphertexts, 'mallory'),
    Array.from({ length: 150 }, (_, i) => `j${i + 350}`),
  );
  // Four more identities filling the anchors do not push out Alice's and Bob's first envelopes either.
  for (let m = 0; m < 4; m++)
    for (let i = 0; i < MAX_ANCHORS_PER_MEMBER; i++)
      s = shared(s, { ...RATCHET, from: `sybil${m}`, kind: 'skdist', id: `d${i}` });
  assert.equal(s.anchors.length, MAX_RATCHET_ANCHORS);
  assert.deepEqual(ids(s.anchors, 'alice'), ['a0']);
  assert.deepEqual(ids(s.anchors, 'bob'), ['b0']);
});

test('the follower refuses envelopes naming another room than its own (counted), so Eve never lists them', () => {
  let s = followIn('r');
  // Mallory shares well-shaped envelopes in her own name, each naming a made-up room (a v1 part, ratchets, skdists).
  const fakes = [
    { ...V1, from: 'mallory', room: 'x', id: 'f1' },
    { ...RATCHET, from: 'mallory', room: 'r2', id: 'f2' },
    { ...RATCHET, from: 'mallory', room: 'R', id: 'f3', kind: 'skdist' },
    { ...SKMSG, from: 'mallory', room: 'r ', id: 'f4' },
  ];
  for (const f of fakes) s = shared(s, f);
  assert.equal(s.rejected, fakes.length);
  assert.deepEqual([s.ciphertexts, s.anchors], [[], []]);
  assert.deepEqual([s.shares.ciphertexts.size, s.shares.anchors.size], [0, 0]);
  // The same envelopes naming the lab's room are kept; before any room is named, none is.
  for (const f of fakes) s = shared(s, { ...f, room: 'r' });
  assert.deepEqual(
    s.ciphertexts.map((c) => c.id),
    ['f1', 'f2', 'f3', 'f4'],
  );
  assert.equal(shared(INITIAL_FOLLOW, V1).ciphertexts.length, 0);
});

/** Each member's number of entries in `list`, counted afresh. */
function recount(list: FollowState['ciphertexts']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of list) counts.set(e.from, (counts.get(e.from) ?? 0) + 1);
  return counts;
}

test("the per-member counts kept beside the window and the anchors stay equal to a recount through a flood's evictions", () => {
  let s = followIn('r');
  const add = (i: number, from: string): void => {
    const kind = i % 3 === 0 ? 'skdist' : 'ratchet';
    s = shared(s, {
      ...RATCHET,
      from,
      kind,
      id: `e${i}`,
      h: { dh: `k${Math.floor(i / 4)}`, pn: 0, n: i % 4 },
    });
    assert.deepEqual(s.shares.ciphertexts, recount(s.ciphertexts), `window counts after envelope ${i}`);
    assert.deepEqual(s.shares.anchors, recount(s.anchors), `anchor counts after envelope ${i}`);
  };
  // Mallory alone, past the window and her own anchor cap: her oldest envelopes and anchors go.
  for (let i = 0; i < 1200; i++) add(i, 'mallory');
  assert.equal(s.shares.anchors.get('mallory'), MAX_ANCHORS_PER_MEMBER);
  assert.equal(s.shares.ciphertexts.get('mallory'), MAX_SHARED_CIPHERTEXTS);
  // Then she floods half of all envelopes while Alice and Bob talk and five sybils change keys, past every cap.
  for (let i = 1200; i < 6000; i++)
    add(i, i % 2 === 0 ? 'mallory' : i % 6 === 1 ? 'alice' : i % 6 === 3 ? 'bob' : `sybil${i % 5}`);
  assert.equal(s.ciphertexts.length, MAX_SHARED_CIPHERTEXTS);
  assert.equal(s.anchors.length, MAX_RATCHET_ANCHORS);
  assert.equal(s.shares.ciphertexts.size, 8, 'everyone still has envelopes in the window');
  // No member is left in the counts with nothing kept.
  for (const n of [...s.shares.ciphertexts.values(), ...s.shares.anchors.values()]) assert.ok(n > 0);
});

test(`the publisher queues at most ${MAX_QUEUED_STEPS} steps and drops the oldest shared ciphertext first`, () => {
  const sent: StepPayload[] = [];
  const timers = { setTimeout: () => 1, clearTimeout: () => undefined, now: () => 0 };
  const pub = new StepPublisher((s) => sent.push(s), 150, timers);
  pub.push({ phase: 'present:view', detail: { view: 'eve', curve: 'toy-17' } }); // goes out at once
  pub.push({ phase: 'present:view', detail: { view: 'chat', curve: 'toy-17' } }); // waits
  for (let i = 0; i < 1000; i++)
    pub.push({ phase: 'present:ciphertext', detail: { ...RATCHET, id: `m${i}` } });
  assert.equal(pub.pending, MAX_QUEUED_STEPS);
  assert.equal(sent.length, 1);
});

test("Eve's harvest runs one at a time: a burst of requests is one more run, each run is shown, a cancelled one is not", async () => {
  let runs = 0;
  let release: () => void = () => undefined;
  const delivered: number[] = [];
  const job = new SerialJob(
    () =>
      new Promise<number>((resolve) => {
        const n = ++runs;
        release = () => resolve(n);
      }),
    (n) => delivered.push(n),
  );
  job.request();
  for (let i = 0; i < 50; i++) job.request(); // 50 envelopes arrive while the first run is busy
  assert.equal(runs, 1);
  release();
  await new Promise((r) => setImmediate(r));
  assert.equal(runs, 2, 'one rerun for the whole burst');
  // Requests kept coming while it ran, but its result is shown: a steady flood of envelopes cannot starve Eve's view.
  assert.deepEqual(delivered, [1], 'the overtaken first result is shown while the rerun goes');
  release();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(delivered, [1, 2]);
  job.request();
  job.cancel();
  release();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(delivered, [1, 2], 'cancelled: nothing delivered');
  assert.equal(job.busy, false);
});

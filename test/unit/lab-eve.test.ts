// Unit tests for client/lab/model/eve.ts: Eve breaks real toy key agreements and reads real AES-GCM messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { buildDemoScenario } from '../../client/lab/model/eve-demo.js';
import { DlogAttack, eveHarvest, eveTargets, type ObservedKey } from '../../client/lab/model/eve.js';
import { estimateRealCurve, measureToyRate } from '../../client/lab/model/eve-estimate.js';
import { toyChannel, toyEncrypt, toyKeyFromPrivate } from '../../client/lab/model/toy-room.js';

test('eve breaks a real toy key agreement on toy-17 and decrypts the real message (brute force and BSGS)', async () => {
  const s = await buildDemoScenario(
    'toy-17',
    ['Alice', 'Bob'],
    [
      { from: 0, to: 1, text: 'meet at noon' },
      { from: 1, to: 0, text: 'ok, bring the key' },
    ],
  );
  const [alice] = eveTargets('toy-17', s.keys);
  assert.equal(alice.name, 'Alice');
  for (const method of ['brute-force', 'bsgs'] as const) {
    const attack = new DlogAttack(alice, method, { chunk: 1 });
    const last = attack.runToEnd();
    assert.equal(last?.done, true);
    assert.equal(attack.d, s.members[0].d, `${method} recovers Alice's d`);
    assert.equal(attack.verified, true);
    assert.equal(attack.status, 'done');
    if (method === 'brute-force')
      assert.equal(attack.steps, Number(s.members[0].d), 'brute force takes d steps');
  }
  const d = s.members[0].d;
  const harvest = await eveHarvest('toy-17', [{ target: alice, d }], s.keys, s.envelopes);
  assert.deepEqual(
    harvest.readings.map((r) => [r.status, r.plaintext?.text, r.fromName, r.toName]),
    [
      ['read', 'meet at noon', 'Alice', 'Bob'],
      ['read', 'ok, bring the key', 'Bob', 'Alice'],
    ],
  );
  // Eve's Z is the one Alice and Bob computed in private.
  const z = await s.members[0].derive(s.members[1].publicRaw);
  assert.equal(harvest.channels.length, 1);
  assert.equal(harvest.channels[0].zHex, Buffer.from(z).toString('hex'));
  assert.equal(harvest.channels[0].key.info, 'curvechat/v1 toy-17 toy-lab');
});

test('a wrong d does not read anything: only a verifying tag counts', async () => {
  const s = await buildDemoScenario('toy-61', ['A', 'B'], [{ from: 0, to: 1, text: 'secret' }], {
    privateKeys: [5n, 9n],
  });
  const [a] = eveTargets('toy-61', s.keys);
  const wrong = await eveHarvest('toy-61', [{ target: a, d: 6n }], s.keys, s.envelopes);
  assert.equal(wrong.readings[0].status, 'failed');
  assert.equal(wrong.readings[0].plaintext, undefined);
  const right = await eveHarvest('toy-61', [{ target: a, d: 5n }], s.keys, s.envelopes);
  assert.equal(right.readings[0].status, 'read');
  assert.equal(right.readings[0].plaintext?.text, 'secret');
});

test('messages between members Eve has not broken stay unread; breaking a third member reads her own traffic', async () => {
  const s = await buildDemoScenario(
    'toy-263',
    ['Ann', 'Ben', 'Cat'],
    [
      { from: 0, to: 1, text: 'ann→ben' },
      { from: 1, to: 2, text: 'ben→cat' },
    ],
  );
  const targets = eveTargets('toy-263', s.keys);
  const cat = targets[2];
  const attack = new DlogAttack(cat, 'bsgs');
  attack.runToEnd();
  assert.equal(attack.d, s.members[2].d);
  const h = await eveHarvest('toy-263', [{ target: cat, d: attack.d as bigint }], s.keys, s.envelopes);
  assert.deepEqual(
    h.readings.map((r) => r.status),
    ['no-key', 'read'],
  );
  assert.equal(h.readings[1].plaintext?.text, 'ben→cat');
  assert.equal(h.channels.length, 2, 'Cat with Ann and with Ben');
});

test('the attack advances in slices, pauses, resumes and cancels; compute time only', () => {
  const pair = toyKeyFromPrivate('toy-65521', 60000n);
  const keys: ObservedKey[] = [{ id: 'x', name: 'X', curve: 'toy-65521', pub: toBase64Url(pair.publicRaw) }];
  const [t] = eveTargets('toy-65521', keys);
  let clock = 0;
  const attack = new DlogAttack(t, 'brute-force', { chunk: 100, now: () => (clock += 1) });
  attack.advance(1000, 3);
  assert.equal(attack.status, 'running');
  assert.equal(attack.steps, 300, 'three chunks of 100');
  attack.pause();
  assert.equal(attack.advance(1000)?.steps, 300, 'paused: no progress');
  attack.resume();
  attack.advance(1000, 1);
  assert.equal(attack.steps, 400);
  assert.ok(attack.computeMs > 0 && Number.isFinite(attack.rate));
  attack.cancel();
  assert.equal(attack.status, 'cancelled');
  assert.equal(attack.advance(1000)?.steps, 400);
  assert.equal(attack.d, null);
});

test('targets: only valid keys on the panel curve; none on a real curve', async () => {
  const a = toyKeyFromPrivate('toy-17', 3n);
  const keys: ObservedKey[] = [
    { id: 'a', name: 'A', curve: 'toy-17', pub: toBase64Url(a.publicRaw) },
    { id: 'b', name: 'B', curve: 'toy-61', pub: toBase64Url(a.publicRaw) },
    { id: 'c', name: 'C', curve: 'toy-17', pub: 'BAAA' }, // 04 00 00: not on the curve
    { id: 'e', name: 'E', curve: 'toy-17', pub: '!!' },
  ];
  assert.deepEqual(
    eveTargets('toy-17', keys).map((t) => t.id),
    ['a'],
  );
  assert.deepEqual(eveTargets('P-256', keys), []);
});

test('hand-checked toy-17: d = 3 and 10 give the shared point (13, 10) and Eve finds d = 3 in 3 steps', async () => {
  const alice = toyKeyFromPrivate('toy-17', 3n);
  const bob = toyKeyFromPrivate('toy-17', 10n);
  const ch = await toyChannel(alice, toBase64Url(bob.publicRaw), 'r');
  assert.equal(ch.zHex, '0d');
  const enc = await toyEncrypt(ch, 'r', 'a', 'b', '1', 'hi', 1);
  const keys: ObservedKey[] = [
    { id: 'a', name: 'Alice', curve: 'toy-17', pub: toBase64Url(alice.publicRaw) },
    { id: 'b', name: 'Bob', curve: 'toy-17', pub: toBase64Url(bob.publicRaw) },
  ];
  const attack = new DlogAttack(eveTargets('toy-17', keys)[0], 'brute-force');
  attack.runToEnd();
  assert.equal(attack.d, 3n);
  assert.equal(attack.steps, 3);
  const h = await eveHarvest('toy-17', [{ target: eveTargets('toy-17', keys)[0], d: 3n }], keys, [
    { kind: 'msg', from: 'a', to: 'b', id: '1', room: 'r', ...enc.body },
  ]);
  assert.equal(h.readings[0].plaintext?.text, 'hi');
});

test('extrapolation to P-256 in plain words: about 2^128 BSGS steps, longer than the universe', () => {
  const e = estimateRealCurve(1e6);
  assert.equal(Math.round(e.bsgs.log2Steps), 128);
  assert.equal(Math.round(e.bruteForce.log2Steps), 255);
  assert.ok(e.bsgs.universeAges > 1e10);
  assert.match(e.sentence, /2\^128 steps/);
  assert.match(e.sentence, /years/);
  assert.match(e.sentence, /age of the universe/);
  assert.equal(Math.round(estimateRealCurve(1e6, 'P-384').bsgs.log2Steps), 192);
  const rate = measureToyRate(5);
  assert.ok(rate > 100 && Number.isFinite(rate), `measured ${rate} steps/s`);
});

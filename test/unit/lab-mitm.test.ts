// Unit tests for client/lab/model/mitm.ts: with Mallory the chat still delivers but safety numbers differ; without, they match.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyText } from '../../client/lab/model/key-text.js';
import { toHex } from '../../client/crypto/hex.js';
import { safetyNumber } from '../../client/crypto/safety.js';
import {
  buildMitmState,
  compareSafetyNumbers,
  createParties,
  sendThroughLab,
} from '../../client/lab/model/mitm.js';

for (const curve of ['P-256', 'X25519', 'toy-263'] as const) {
  test(`${curve}: Mallory swapping keys reads and relays the chat, and the safety numbers differ`, async () => {
    const parties = await createParties(curve);
    const s = await buildMitmState(parties, true);
    assert.equal(s.aliceHoldsHex, toHex(parties.mallory.publicRaw), 'Alice holds Mallory\'s key as "Bob\'s"');
    assert.equal(s.bobHoldsHex, toHex(parties.mallory.publicRaw));
    assert.equal(s.aliceKey.fingerprint, s.malloryAlice.fingerprint, 'K_A = K_AM');
    assert.equal(s.bobKey.fingerprint, s.malloryBob.fingerprint, 'K_B = K_MB');
    assert.notEqual(s.aliceKey.fingerprint, s.bobKey.fingerprint);
    const run = await sendThroughLab(s, 'pay 10 to Bob', { id: 'm1', ts: 1 });
    assert.equal(run.delivered, true, 'the chat still "works"');
    assert.equal(run.malloryReads, 'pay 10 to Bob');
    assert.equal(run.bobReads, 'pay 10 to Bob');
    assert.deepEqual(
      run.hops.map((h) => [h.actor, h.action, h.ok]),
      [
        ['alice', 'encrypt', true],
        ['mallory', 'intercept', true],
        ['mallory', 're-encrypt', true],
        ['bob', 'decrypt', true],
      ],
    );
    assert.notEqual(run.hops[0].ctHex, run.hops[2].ctHex, 'Mallory re-encrypted under another key');
    const rewritten = await sendThroughLab(s, 'pay 10 to Bob', { id: 'm2', rewrite: 'pay 1000 to Mallory' });
    assert.equal(rewritten.bobReads, 'pay 1000 to Mallory', 'and she can change it undetected');
    assert.equal(s.comparison.equal, false);
    assert.ok(s.comparison.differing.length > 6);
    assert.deepEqual(s.aliceSafety, await safetyNumber(parties.alice.publicRaw, parties.mallory.publicRaw));
    assert.deepEqual(s.bobSafety, await safetyNumber(parties.bob.publicRaw, parties.mallory.publicRaw));
  });

  test(`${curve}: without Mallory, Bob reads, Mallory cannot, and the safety numbers match`, async () => {
    const parties = await createParties(curve);
    const s = await buildMitmState(parties, false);
    assert.equal(s.aliceKey.fingerprint, s.bobKey.fingerprint);
    const run = await sendThroughLab(s, 'hello Bob', { id: 'm1', ts: 1 });
    assert.equal(run.delivered, true);
    assert.equal(run.bobReads, 'hello Bob');
    assert.equal(run.malloryReads, null, 'Mallory only sees ciphertext');
    assert.deepEqual(
      run.hops.map((h) => [h.actor, h.action, h.ok]),
      [
        ['alice', 'encrypt', true],
        ['mallory', 'forward', false],
        ['bob', 'decrypt', true],
      ],
    );
    assert.equal(s.comparison.equal, true);
    assert.deepEqual(s.comparison.differing, []);
    assert.equal(s.aliceSafety.length, 12);
    assert.deepEqual(s.aliceSafety, s.bobSafety);
  });
}

test('compareSafetyNumbers flags the groups that differ', () => {
  const a = ['00001', '00002', '00003'];
  assert.deepEqual(compareSafetyNumbers(a, [...a]), { equal: true, differing: [] });
  assert.deepEqual(compareSafetyNumbers(a, ['00001', '99999', '00003']), { equal: false, differing: [1] });
  assert.deepEqual(compareSafetyNumbers(a, a.slice(0, 2)).differing, [2]);
  assert.equal(compareSafetyNumbers([], []).equal, false, 'no number is not a match');
});

test('keyText shows a toy point as (x, y) in decimal with its hex, a real key as hex', () => {
  // 04 ‖ x ‖ y on toy-17: (5, 16) is G.
  assert.equal(keyText('toy-17', '040510'), '(5, 16) · hex 040510');
  assert.equal(keyText('toy-17', '04ff'), '04ff', 'not a point: left as hex');
  assert.equal(keyText('P-256', '04abcd'), '04abcd');
});

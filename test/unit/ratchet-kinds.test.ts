// What each ratchet message carried, for the Ratchet view: the transcript keeps the plaintext's JSON `type`, so a
// receipt for a broadcast and a sender-key distribution are named as such (client/session/ratchet-facts.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { utf8 } from '../../client/crypto/bytes.js';
import { plaintextType } from '../../client/crypto/ratchet/ratchet.js';
import { pairFacts } from '../../client/session/ratchet-facts.js';
import { ab, ba, makePair } from '../helpers/ratchet.js';

const json = (v: unknown) => utf8(JSON.stringify(v));

describe('ratchet message kinds', () => {
  test('plaintextType reads a short string `type` and nothing else', () => {
    assert.equal(plaintextType(json({ type: 'receipt', id: 'x', ok: true })), 'receipt');
    assert.equal(plaintextType(json({ type: 'sender-key' })), 'sender-key');
    for (const junk of [
      json({ type: 'x'.repeat(33) }),
      json({ type: 7 }),
      json([1]),
      json(null),
      utf8('{'),
      utf8(''),
    ])
      assert.equal(plaintextType(junk), undefined);
  });

  test('a distribution, a receipt whose id never went the other way, and a text are each named by what they carry', async () => {
    const { a, b } = await makePair('X25519');
    // Alice gives Bob her sender chain; Bob acknowledges it; then Bob acknowledges a broadcast "bc1" that never
    // travelled in this ratchet (the id rule alone would call that receipt a message); then a text.
    const dist = await a.encryptBytes(
      json({ type: 'sender-key', chain: 'c', n: 0, ck: 'k', spk: 'p' }),
      ab('sk1'),
    );
    await b.decryptBody(dist.body, ab('sk1'));
    const r1 = await b.encryptBytes(json({ type: 'receipt', id: 'sk1', ok: true }), ba('sk1'));
    await a.decryptBody(r1.body, ba('sk1'));
    const r2 = await b.encryptBytes(json({ type: 'receipt', id: 'bc1', ok: true }), ba('bc1'));
    await a.decryptBody(r2.body, ba('bc1'));
    const t = await a.encryptBytes(json({ type: 'text', text: 'hi', ts: 1 }), ab('m1'));
    await b.decryptBody(t.body, ab('m1'));
    const facts = await pairFacts('Bob', a.snapshot(), a.transcript());
    assert.deepEqual(
      facts.events.map((e) => [e.direction, e.kind]),
      [
        ['sent', 'sender-key'],
        ['received', 'receipt'],
        ['received', 'receipt'],
        ['sent', 'message'],
      ],
    );
  });
});

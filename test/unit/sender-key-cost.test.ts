// The sender-key cost model (client/crypto/sender-key/cost.ts) against real encodings: real ciphertexts in real
// payloads, encoded by socket.io-parser as the relay receives them; the threshold and the 1.2× check.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { importAesGcmKey } from '../../client/crypto/kdf.js';
import {
  REFERENCE_TEXT_CHARS,
  SENDER_KEYS_FROM_MEMBERS,
  breakEvenRoomSize,
  frameBytes,
  plaintextBytes,
  senderCost,
  useSenderKeys,
} from '../../client/crypto/sender-key/cost.js';
import { distributionOf, newSenderChain } from '../../client/crypto/sender-key/sender.js';
import { memberId, realBcast, realFrame, realMsgDm, TS } from '../helpers/cost-payloads.js';

const text = (chars: number) => 'x'.repeat(chars);
/** A v1 `msg` dm of `chars` characters to `recipients` peers. */
const realPairwise = (recipients: number, chars: number) => realMsgDm(recipients, text(chars));
/** A sender-key `bcast` of `chars` characters. */
const realBroadcast = (chars: number) => realBcast(text(chars));

describe('the cost model matches real encodings', () => {
  test('frameBytes is what socket.io-parser writes', () => {
    for (const payload of [{}, { a: 'ü' }, { id: 'x', parts: [1, 2] }])
      for (const ack of [1, 42, 1234])
        assert.equal(frameBytes('dm', payload, ack), realFrame('dm', payload, ack));
  });

  test('pairwise and sender-key bytes equal real encrypted payloads, for short, reference and long texts', async () => {
    for (const chars of [0, 10, REFERENCE_TEXT_CHARS, 2000])
      for (const roomSize of [2, 3, 10]) {
        const model = senderCost(roomSize, chars);
        assert.equal(
          model.pairwise,
          realFrame('dm', await realPairwise(roomSize - 1, chars)),
          `pairwise ${roomSize}/${chars}`,
        );
        assert.equal(model.senderKeys, realFrame('bcast', await realBroadcast(chars)), `bcast ${chars}`);
      }
  });

  test('the distribution and the v1 fallback are measured on real payloads too', async () => {
    const chain = await newSenderChain();
    const dist = JSON.stringify(distributionOf(chain));
    const key = await importAesGcmKey(randomBytes(32));
    const parts = [];
    for (let i = 0; i < 4; i++) {
      const iv = randomBytes(12);
      const ct = new Uint8Array(
        await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(dist)),
      );
      parts.push({
        to: memberId(),
        body: { iv: iv.toString('base64url'), ct: Buffer.from(ct).toString('base64url') },
      });
    }
    assert.equal(senderCost(5).distribution, realFrame('dm', { id: memberId(), kind: 'skdist', parts }));
    const mixed = senderCost(10, REFERENCE_TEXT_CHARS, 3);
    const real =
      realFrame('bcast', await realBroadcast(REFERENCE_TEXT_CHARS)) +
      realFrame('dm', await realPairwise(3, REFERENCE_TEXT_CHARS));
    assert.equal(mixed.senderKeys, real);
    assert.equal(
      plaintextBytes(REFERENCE_TEXT_CHARS),
      JSON.stringify({ type: 'text', text: text(140), ts: TS }).length,
    );
  });
});

describe('what the model says', () => {
  test('pairwise grows with the room, sender keys do not', () => {
    const costs = [2, 10, 100, 300].map((n) => senderCost(n));
    for (let i = 1; i < costs.length; i++) {
      assert.ok(costs[i]!.pairwise > costs[i - 1]!.pairwise);
      assert.equal(costs[i]!.senderKeys, costs[0]!.senderKeys);
    }
  });

  test('a reference message to a room of 100 with sender keys costs ≤ 1.2× a pairwise message to one peer', () => {
    const ratio = senderCost(100).senderKeys / senderCost(2).pairwise;
    assert.ok(ratio <= 1.2, `ratio ${ratio}`);
    assert.ok(ratio > 1, 'the signature makes one bcast a little larger than one dm part');
  });

  test('the documented threshold is the break-even room size, and useSenderKeys follows it', () => {
    assert.equal(breakEvenRoomSize(), SENDER_KEYS_FROM_MEMBERS);
    assert.equal(useSenderKeys(SENDER_KEYS_FROM_MEMBERS - 1), false);
    assert.equal(useSenderKeys(SENDER_KEYS_FROM_MEMBERS), true);
    assert.equal(useSenderKeys(2, true), true);
    assert.equal(useSenderKeys(1, true), false);
    // A pair never gains: one bcast is larger than one dm part.
    assert.ok(senderCost(2).ratio > 1);
  });

  test('bad room sizes are refused', () => {
    assert.throws(() => senderCost(1), RangeError);
    assert.throws(() => senderCost(2.5), RangeError);
    assert.throws(() => senderCost(5, 10, 5), RangeError);
  });
});

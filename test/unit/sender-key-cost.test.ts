// The sender-key cost model (client/crypto/sender-key/cost.ts) against real encodings: real ciphertexts in real
// payloads, encoded by socket.io-parser as the relay receives them; the threshold and the 1.2× check.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { Encoder, PacketType } from 'socket.io-parser';
import { utf8 } from '../../client/crypto/bytes.js';
import { importAesGcmKey } from '../../client/crypto/kdf.js';
import { encryptMessage } from '../../client/crypto/message.js';
import {
  REFERENCE_TEXT_CHARS,
  SENDER_KEYS_FROM_MEMBERS,
  breakEvenRoomSize,
  frameBytes,
  plaintextBytes,
  senderCost,
  useSenderKeys,
} from '../../client/crypto/sender-key/cost.js';
import { distributionOf, encryptBroadcast, newSenderChain } from '../../client/crypto/sender-key/sender.js';
import { bcastPayload, dmPayload } from '../../common/schema/index.js';

const encoder = new Encoder();
/** The WebSocket message socket.io-client sends for `event` with an ack: Engine.IO's `4` + socket.io-parser's packet. */
function realFrame(event: string, payload: unknown, ackId = 1): number {
  const [packet] = encoder.encode({ type: PacketType.EVENT, nsp: '/', data: [event, payload], id: ackId });
  assert.equal(typeof packet, 'string');
  return Buffer.byteLength(`4${packet as string}`);
}
const memberId = () => randomBytes(16).toString('base64url');
const text = (chars: number) => 'x'.repeat(chars);
const TS = 1767225600000;

async function realPairwise(recipients: number, chars: number): Promise<unknown> {
  const key = await importAesGcmKey(randomBytes(32));
  const id = memberId();
  const parts = [];
  for (let i = 0; i < recipients; i++) {
    const env = await encryptMessage(key, `room\nfrom\nto\n${id}`, text(chars), TS);
    parts.push({ to: memberId(), body: env.body });
  }
  return dmPayload.parse({ id, kind: 'msg', parts });
}

async function realBroadcast(chars: number): Promise<unknown> {
  const chain = await newSenderChain();
  const id = memberId();
  const pt = utf8(JSON.stringify({ type: 'text', text: text(chars), ts: TS }));
  const body = await encryptBroadcast(chain, 'room', memberId(), id, pt);
  return bcastPayload.parse({ id, kind: 'skmsg', body });
}

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

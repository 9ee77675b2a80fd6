// mixedCost (client/crypto/sender-key/cost.ts) against real encodings: real Double Ratchet and AES-GCM ciphertexts
// and real sender-key broadcasts in real dm/bcast payloads, encoded by socket.io-parser; then its refusals.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { utf8 } from '../../client/crypto/bytes.js';
import {
  MAX_COST_MEMBERS,
  frameBytes,
  messagePlaintextBytes,
  mixedCost,
  pairwisePayload,
  partsFrame,
  ratchetPayload,
} from '../../client/crypto/sender-key/cost.js';
import { distributionOf, newSenderChain } from '../../client/crypto/sender-key/sender.js';
import { dmPayload } from '../../common/schema/index.js';
import type { CurveId } from '../../common/wire.js';
import { memberId, msgBytes, realBcast, realFrame, realMsgDm, ROOM, TS } from '../helpers/cost-payloads.js';
import { makePair } from '../helpers/ratchet.js';

/** A `ratchet` dm to `recipients` v2 peers: each part the first message of a real pair's ratchet. */
async function realRatchetDm(curve: CurveId, recipients: number, plaintext: Uint8Array, kind = 'ratchet') {
  const id = memberId();
  const from = memberId();
  const parts = [];
  for (let i = 0; i < recipients; i++) {
    const { a } = await makePair(curve);
    const to = memberId();
    const enc = await a.encryptBytes(plaintext, { room: ROOM, from, to, id });
    parts.push({ to, body: enc.body });
  }
  return dmPayload.parse({ id, kind, parts });
}

describe('mixedCost matches real encodings', () => {
  test('pairwise, sender keys and the distribution equal real payloads on X25519 and P-256, mixed and not', async () => {
    const texts = ['', 'hello', 'Grüße — "quoted" \\ and a\nnew line 🦉', 'x'.repeat(1000)];
    const rooms: [number, number][] = [
      [1, 0],
      [0, 1],
      [2, 1],
      [3, 0],
      [0, 3],
    ];
    for (const curve of ['X25519', 'P-256'] as const)
      for (const text of texts)
        for (const [v2, v1] of rooms) {
          const c = mixedCost(v2, v1, text, curve);
          const label = `${curve} v2=${v2} v1=${v1} text=${JSON.stringify(text).slice(0, 20)}`;
          const v2Frame = v2 > 0 ? realFrame('dm', await realRatchetDm(curve, v2, msgBytes(text))) : 0;
          const v1Frame = v1 > 0 ? realFrame('dm', await realMsgDm(v1, text)) : 0;
          const bFrame = v2 > 0 ? realFrame('bcast', await realBcast(text)) : 0;
          assert.equal(c.pairwiseV2, v2Frame, `ratchet dm ${label}`);
          assert.equal(c.v1Part, v1Frame, `msg dm ${label}`);
          assert.equal(c.pairwise, v2Frame + v1Frame, `pairwise ${label}`);
          assert.equal(c.bcast, bFrame, `bcast ${label}`);
          assert.equal(c.senderKeys, bFrame + v1Frame, `sender keys ${label}`);
          if (text === 'hello' && v2 > 0) {
            const dist = utf8(JSON.stringify(distributionOf(await newSenderChain())));
            assert.equal(c.distribution, realFrame('dm', await realRatchetDm(curve, v2, dist, 'skdist')));
          }
          if (v2 === 0) assert.equal(c.distribution, 0);
        }
  });

  test('partsFrame extrapolates exactly: equal to serialising every part, for any count', () => {
    for (const n of [1, 2, 3, 9, 10, 11, 99, 100, 101, 300])
      for (const payload of [
        (k: number) => pairwisePayload(k, 200),
        (k: number) => ratchetPayload(k, 200, 65, { pn: 3, n: 12 }),
      ])
        assert.equal(partsFrame(n, payload), frameBytes('dm', payload(n)), `n=${n}`);
    assert.equal(
      partsFrame(0, (k) => pairwisePayload(k, 1)),
      0,
    );
  });

  test('the plaintext is the exact UTF-8 JSON the client encrypts, escapes and all', () => {
    for (const text of ['', 'a"b', 'ü', '🦉', 'line\nbreak', '\u0000'])
      assert.equal(messagePlaintextBytes(text, TS), msgBytes(text).length);
  });

  test('the documented rounding: each extra digit of the ack number adds one byte', async () => {
    const c = mixedCost(1, 0, 'hello', 'X25519');
    const payload = await realRatchetDm('X25519', 1, msgBytes('hello'));
    assert.equal(realFrame('dm', payload, 1), c.pairwise);
    assert.equal(realFrame('dm', payload, 42), c.pairwise + 1);
    assert.equal(realFrame('dm', payload, 123), c.pairwise + 2);
  });

  test('a longer curve key makes the ratchet header longer: P-521 > P-256 > X25519', () => {
    const [x, p256, p521] = (['X25519', 'P-256', 'P-521'] as const).map((c) => mixedCost(1, 0, 'hi', c));
    assert.ok(p521!.pairwise > p256!.pairwise && p256!.pairwise > x!.pairwise);
    // 65 − 32 = 33 more key bytes: 44 more base64url characters.
    assert.equal(p256!.pairwise - x!.pairwise, 44);
  });
});

describe('what mixedCost says, and what it refuses', () => {
  test('v1 members cost the same pairwise part either way; sender keys win from a few v2 members', () => {
    const c = mixedCost(5, 2, 'x'.repeat(140), 'X25519');
    assert.equal(c.pairwise - c.pairwiseV2, c.senderKeys - c.bcast);
    assert.ok(c.ratio < 1);
    assert.ok(
      mixedCost(1, 0, 'x'.repeat(140), 'X25519').ratio > 1,
      'one peer: the signature makes it bigger',
    );
    const onlyV1 = mixedCost(0, 4, 'hi', 'P-256');
    assert.equal(onlyV1.senderKeys, onlyV1.pairwise);
    assert.equal(onlyV1.ratio, 1);
  });

  test('junk counts and unknown curves are refused, never turned into a number', () => {
    for (const [v2, v1] of [
      [-1, 1],
      [1.5, 0],
      [Number.NaN, 1],
      [Infinity, 0],
      [0, 0],
      [MAX_COST_MEMBERS + 1, 0],
    ])
      assert.throws(() => mixedCost(v2!, v1!, 'x', 'X25519'), RangeError, `${v2}/${v1}`);
    assert.throws(() => mixedCost(1, 0, 'x', 'P-999' as CurveId), RangeError);
    assert.throws(() => mixedCost(1, 0, 42 as unknown as string, 'X25519'), RangeError);
  });

  test('the largest room counted stays a finite number', () => {
    const c = mixedCost(MAX_COST_MEMBERS, 0, 'x'.repeat(140), 'P-521');
    assert.ok(Number.isFinite(c.pairwise) && c.pairwise > c.senderKeys * 1000);
  });
});

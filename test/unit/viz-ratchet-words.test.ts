// The Ratchet view's words and forms: one fingerprint of a ratchet key for the view and for Eve (real WebCrypto).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { fromBase64Url, toBase64Url } from '../../client/crypto/base64url.js';
import { utf8 } from '../../client/crypto/bytes.js';
import type { DoubleRatchet } from '../../client/crypto/ratchet/ratchet.js';
import { ratchetKeyFingerprint } from '../../client/crypto/ratchet/key-fingerprint.js';
import { eveHarvest } from '../../client/lab/model/eve-harvest.js';
import {
  eveTargets,
  type ObservedKey,
  type ObservedRatchetEnvelope,
} from '../../client/lab/model/eve-targets.js';
import { pairFacts } from '../../client/session/ratchet-facts.js';
import { ALICE_ID, BOB_ID, ROOM, makePair } from '../helpers/ratchet.js';

/** SHA-256(raw key)[0..8) in hex, computed without the client's code. */
const sha16 = (b64: string): string =>
  createHash('sha256').update(fromBase64Url(b64)).digest('hex').slice(0, 16);

/** One envelope from `r`, as a toy room shares it with Eve, after the other side `to` decrypted it. */
async function deliver(
  r: DoubleRatchet,
  to: DoubleRatchet,
  [from, toId]: [string, string],
  id: string,
  plaintext: object,
): Promise<ObservedRatchetEnvelope> {
  const binding = { room: ROOM, from, to: toId, id };
  const enc = await r.encryptBytes(utf8(JSON.stringify(plaintext)), binding);
  await to.decryptBody(enc.body, binding);
  return { kind: 'ratchet', room: ROOM, from, to: toId, id, h: enc.body.h, ct: enc.body.ct };
}

describe('one fingerprint of a ratchet key, in the Ratchet view and in Eve’s table', () => {
  it('the view’s ratchet key is SHA-256(raw key)[0..8) of the header’s dh, and carries that dh for the tooltip', async () => {
    const { a, b } = await makePair('X25519');
    for (let i = 0; i < 3; i++) {
      const [from, to, fromId, toId] = i % 2 === 0 ? [a, b, ALICE_ID, BOB_ID] : [b, a, BOB_ID, ALICE_ID];
      await deliver(from, to, [fromId, toId], `m${i}`, { type: 'text', text: `m${i}`, ts: 1 });
    }
    const v = await pairFacts(BOB_ID, a.snapshot(), a.transcript());
    const dhs = a.transcript().map((t) => toBase64Url(t.header.dh));
    assert.deepEqual(
      v.events.map((e) => e.ratchetKeyPub),
      dhs,
    );
    for (const e of v.events) {
      assert.equal(e.ratchetKey, sha16(e.ratchetKeyPub));
      assert.equal(e.ratchetKey, await ratchetKeyFingerprint(e.ratchetKeyPub));
    }
    // Three turns, three ratchet keys: the form tells them apart.
    assert.equal(new Set(v.events.map((e) => e.ratchetKey)).size, 3);
  });

  it('every key Eve breaks is listed by the string the member’s Ratchet view shows for it', async () => {
    const curve = 'toy-263';
    const { a, b, aKey, bKey } = await makePair(curve);
    const seen: ObservedRatchetEnvelope[] = [];
    for (let t = 0; t < 4; t++) {
      const [from, to, ids] =
        t % 2 === 0 ? ([a, b, [ALICE_ID, BOB_ID]] as const) : ([b, a, [BOB_ID, ALICE_ID]] as const);
      seen.push(await deliver(from, to, [...ids], `t${t}`, { type: 'text', text: `turn ${t}`, ts: 1 }));
    }
    const keys: ObservedKey[] = [
      { id: ALICE_ID, name: 'Alice', curve, pub: toBase64Url(aKey.publicRaw) },
      { id: BOB_ID, name: 'Bob', curve, pub: toBase64Url(bKey.publicRaw) },
    ];
    const [alice] = eveTargets(curve, keys);
    const h = await eveHarvest(
      curve,
      [{ target: alice!, d: BigInt(`0x${aKey.privateHex}`) }],
      keys,
      seen,
      ROOM,
    );
    assert.ok(h.ratchetKeys.length >= 3, `${h.ratchetKeys.length} keys broken`);
    const shown = new Set(
      (await pairFacts(BOB_ID, a.snapshot(), a.transcript())).events.map((e) => e.ratchetKey),
    );
    for (const k of h.ratchetKeys) {
      assert.equal(k.fingerprint, sha16(k.pub));
      assert.ok(
        shown.has(k.fingerprint),
        `Eve's ${k.fingerprint} (root step ${k.rootStep}) is in Alice's view`,
      );
    }
  });
});

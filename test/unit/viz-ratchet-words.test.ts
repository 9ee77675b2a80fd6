// The Ratchet view's words and forms: one fingerprint of a ratchet key for the view and for Eve, the glossary's
// claims checked against real ratchets and the ratchet's bounds, and where the drawing starts (real WebCrypto).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { fromBase64Url, toBase64Url } from '../../client/crypto/base64url.js';
import { utf8 } from '../../client/crypto/bytes.js';
import type { DoubleRatchet } from '../../client/crypto/ratchet/ratchet.js';
import { MAX_TRANSCRIPT } from '../../client/crypto/ratchet/ratchet.js';
import { ratchetKeyFingerprint } from '../../client/crypto/ratchet/key-fingerprint.js';
import { MAX_HISTORY } from '../../client/crypto/ratchet/state.js';
import { eveHarvest } from '../../client/lab/model/eve-harvest.js';
import {
  eveTargets,
  type ObservedKey,
  type ObservedRatchetEnvelope,
} from '../../client/lab/model/eve-targets.js';
import { pairFacts } from '../../client/session/ratchet-facts.js';
import { currentX } from '../../client/viz/ratchet-draw.js';
import { keptSentence, ratchetGlossary } from '../../client/viz/model/ratchet-glossary.js';
import { ratchetModel } from '../../client/viz/model/ratchet-model.js';
import { ALICE_ID, BOB_ID, ROOM, makePair } from '../helpers/ratchet.js';

const A_NAMES = { me: 'Alice', peer: 'Bob' };
const B_NAMES = { me: 'Bob', peer: 'Alice' };

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

describe('the glossary says what the ratchet does', () => {
  it('names every term the table uses, and each side’s role matches the real ratchet', async () => {
    const { a, b, aKey, bKey } = await makePair('X25519');
    // The initiator is the member whose v1 public key sorts first (makePair puts it in `a`).
    assert.ok(Buffer.compare(Buffer.from(aKey.publicRaw), Buffer.from(bKey.publicRaw)) < 0);
    const va = await pairFacts(BOB_ID, a.snapshot(), a.transcript());
    const vb = await pairFacts(ALICE_ID, b.snapshot(), b.transcript());
    assert.deepEqual([va.role, vb.role], ['initiator', 'responder']);
    const ga = ratchetGlossary(va.role, A_NAMES);
    const gb = ratchetGlossary(vb.role, B_NAMES);
    assert.deepEqual(
      ga.map((e) => e.term),
      ['n', 'pn', 'initiator and responder', 'ratchet key', 'not kept'],
    );
    const roles = (g: typeof ga) => g.find((e) => e.term === 'initiator and responder')!.meaning;
    assert.match(roles(ga), /Here Alice is the initiator and Bob the responder\.$/);
    assert.match(roles(gb), /Here Bob is the responder and Alice the initiator\.$/);
    // The glossary's root steps at the start: the initiator holds root step 0, the responder 0 and 1.
    assert.match(roles(ga), /\(root step 0\).*\(root step 1\)/);
    assert.deepEqual(
      va.roots.map((r) => r.step),
      [0],
    );
    assert.deepEqual(
      vb.roots.map((r) => r.step),
      [0, 1],
    );
    // pn is the length of the sender's previous sending chain: Alice sends 2, Bob answers, Alice's next has pn = 2.
    const send = async (from: DoubleRatchet, to: DoubleRatchet, ids: [string, string], id: string) =>
      deliver(from, to, ids, id, { type: 'text', text: id, ts: 1 });
    await send(a, b, [ALICE_ID, BOB_ID], 'x');
    await send(a, b, [ALICE_ID, BOB_ID], 'y');
    await send(b, a, [BOB_ID, ALICE_ID], 'z');
    await send(a, b, [ALICE_ID, BOB_ID], 'w');
    const last = (await pairFacts(BOB_ID, a.snapshot(), a.transcript())).events.at(-1)!;
    assert.deepEqual([last.n, last.pn], [0, 2]);
    assert.match(ga.find((e) => e.term === 'pn')!.meaning, /previous sending chain/);
    assert.match(ga.find((e) => e.term === 'n')!.meaning, /counting from 0/);
  });

  it('"not kept" states the ratchet’s real bounds, from its constants', () => {
    assert.equal(MAX_HISTORY, 256);
    const s = keptSentence();
    assert.match(s, new RegExp(`last ${MAX_HISTORY} chain links and its last ${MAX_TRANSCRIPT} messages`));
    assert.doesNotMatch(s, /257/);
    assert.equal(ratchetGlossary('initiator', A_NAMES).at(-1)!.meaning, s);
  });
});

describe('where the drawing starts', () => {
  it('step 0 keeps the first column in sight, the same x as a link of chain 0', async () => {
    const { a, b } = await makePair('X25519');
    await deliver(a, b, [ALICE_ID, BOB_ID], 'p', { type: 'text', text: 'p', ts: 1 });
    await deliver(b, a, [BOB_ID, ALICE_ID], 'q', { type: 'text', text: 'q', ts: 1 });
    const m = ratchetModel(await pairFacts(BOB_ID, a.snapshot(), a.transcript()), A_NAMES);
    assert.equal(m.links[0]!.col, 0);
    assert.equal(currentX(m, 0), currentX(m, 1));
    assert.ok(currentX(m, 2)! > currentX(m, 0)!);
  });
});

// Eve against toy-curve v2: she replays real Double Ratchet pairs from one broken static key, breaking every ratchet
// key by BSGS, in any arrival order; she reads sender keys and broadcasts; a missing key change or a tampered envelope stays closed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TOY_CURVES, type ToyCurveId } from '../../common/wire.js';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { utf8 } from '../../client/crypto/bytes.js';
import type { KeyAgreement } from '../../client/crypto/key-agreement.js';
import type { DoubleRatchet } from '../../client/crypto/ratchet/ratchet.js';
import { distributionOf, encryptBroadcast, newSenderChain } from '../../client/crypto/sender-key/sender.js';
import { MAX_SKIP } from '../../client/crypto/ratchet/state.js';
import { toyKeyPairFromPrivate } from '../../client/math/toy.js';
import { eveHarvest } from '../../client/lab/model/eve-harvest.js';
import { breakToyKey, replayRatchetPair } from '../../client/lab/model/eve-ratchet.js';
import {
  eveTargets,
  type ObservedEnvelope,
  type ObservedKey,
  type ObservedRatchetEnvelope,
} from '../../client/lab/model/eve-targets.js';
import { ALICE_ID, BOB_ID, ROOM, makePair } from '../helpers/ratchet.js';

const dOf = (k: KeyAgreement): bigint => BigInt(`0x${k.privateHex}`);

/** Eve's replay of the pair with `broken`'s static key (its d), given `other`'s public key only. */
function replayAs(
  curve: ToyCurveId,
  [brokenKey, brokenId]: [KeyAgreement, string],
  [otherKey, otherId]: [KeyAgreement, string],
  envelopes: readonly ObservedRatchetEnvelope[],
) {
  return replayRatchetPair(
    {
      curve,
      room: ROOM,
      broken: { id: brokenId, pubRaw: brokenKey.publicRaw, d: dOf(brokenKey) },
      other: { id: otherId, pubRaw: otherKey.publicRaw },
    },
    envelopes,
  );
}

/** One observed envelope of `r` (from → to) carrying `plaintext`, as a toy room shares it. */
async function send(
  r: DoubleRatchet,
  from: string,
  to: string,
  id: string,
  plaintext: object,
  kind: 'ratchet' | 'skdist' = 'ratchet',
): Promise<ObservedRatchetEnvelope> {
  const enc = await r.encryptBytes(utf8(JSON.stringify(plaintext)), { room: ROOM, from, to, id });
  return { kind, room: ROOM, from, to, id, h: enc.body.h, ct: enc.body.ct };
}

/** A conversation of `turns` turns (two messages and a receipt each); every envelope delivered, some late. */
async function conversation(curve: ToyCurveId, turns: number) {
  const pair = await makePair(curve);
  const { a, b } = pair;
  const seen: ObservedRatchetEnvelope[] = [];
  for (let t = 0; t < turns; t++) {
    const [from, to, fromId, toId] = t % 2 === 0 ? [a, b, ALICE_ID, BOB_ID] : [b, a, BOB_ID, ALICE_ID];
    const m0 = await send(from, fromId, toId, `${t}.0`, { type: 'text', text: `turn ${t} first`, ts: 1 });
    const m1 = await send(from, fromId, toId, `${t}.1`, { type: 'text', text: `turn ${t} second`, ts: 2 });
    await to.decryptBody({ h: m1.h, ct: m1.ct }, { room: ROOM, from: fromId, to: toId, id: m1.id });
    await to.decryptBody({ h: m0.h, ct: m0.ct }, { room: ROOM, from: fromId, to: toId, id: m0.id });
    const receipt = await send(to, toId, fromId, m1.id, { type: 'receipt', id: m1.id, ok: true });
    await from.decryptBody(
      { h: receipt.h, ct: receipt.ct },
      { room: ROOM, from: toId, to: fromId, id: m1.id },
    );
    seen.push(m1, m0, receipt);
  }
  return { ...pair, seen };
}

const texts = (opened: { plaintext: Uint8Array }[]): string[] =>
  opened.map((o) => new TextDecoder().decode(o.plaintext)).sort();

describe('Eve replays a toy Double Ratchet pair', () => {
  for (const curve of TOY_CURVES)
    it(`${curve}: every envelope opens from either member's static key, in any order`, async () => {
      const { aKey, bKey, seen } = await conversation(curve, 6);
      const expected = seen.length;
      for (const [brokenKey, otherKey, brokenId, otherId] of [
        [aKey, bKey, ALICE_ID, BOB_ID],
        [bKey, aKey, BOB_ID, ALICE_ID],
      ] as const)
        for (const order of [seen, [...seen].reverse()]) {
          const replay = await replayAs(curve, [brokenKey, brokenId], [otherKey, otherId], order);
          assert.equal(replay.failed.length, 0, JSON.stringify(replay.failed.map((f) => f.reason)));
          assert.equal(replay.opened.length, expected);
          const all = texts(replay.opened).join('\n');
          for (let t = 0; t < 6; t++) assert.match(all, new RegExp(`turn ${t} second`));
          assert.equal((all.match(/"type":"receipt"/g) ?? []).length, 6);
          // Every key Eve broke is real: d·G is the public key she saw in a header.
          assert.ok(replay.keys.length >= 5, `${replay.keys.length} ratchet keys broken`);
          for (const k of replay.keys)
            assert.equal(toBase64Url(toyKeyPairFromPrivate(curve, k.d).publicRaw), k.pub);
        }
    });

  it('an envelope of a key change Eve never saw closes everything after it, and says why', async () => {
    const { aKey, bKey, seen } = await conversation('toy-65521', 4);
    // No envelope under Bob's first ratchet key reached Eve (his receipt of turn 0 and his turn 1).
    const bobFirst = seen.find((e) => e.from === BOB_ID)!.h.dh;
    const observed = seen.filter((e) => !(e.from === BOB_ID && e.h.dh === bobFirst));
    assert.ok(observed.length < seen.length - 2);
    const replay = await replayAs('toy-65521', [aKey, ALICE_ID], [bKey, BOB_ID], observed);
    const openedIds = replay.opened.map((o) => `${o.envelope.from === ALICE_ID ? 'A' : 'B'}${o.envelope.id}`);
    assert.deepEqual(openedIds.sort(), ['A0.0', 'A0.1'], 'only what came before the unseen key opens');
    assert.ok(replay.failed.length > 0);
    for (const f of replay.failed) assert.match(f.reason, /never saw|does not verify/);
  });

  it('a tampered ciphertext, a wrong room or a bad ratchet key is never "read"', async () => {
    const { aKey, bKey, seen } = await conversation('toy-263', 2);
    const flip = (ct: string): string => (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1);
    const bad: ObservedRatchetEnvelope[] = [
      { ...seen[0], ct: flip(seen[0].ct) },
      { ...seen[1], room: 'other-room' },
      { ...seen[2], h: { ...seen[2].h, dh: 'AAAA' } },
    ];
    const replay = await replayAs('toy-263', [aKey, ALICE_ID], [bKey, BOB_ID], bad);
    assert.equal(replay.opened.length, 0);
    assert.equal(replay.failed.length, 2, 'the other-room envelope is not in this pair');
    assert.throws(() => breakToyKey('toy-263', new Uint8Array([4, 0, 0, 0, 0])));
  });
});

describe('Eve against junk and passphrases', () => {
  it('a flood of junk envelopes in the pair opens nothing and does not stop the real ones', async () => {
    const { aKey, bKey, seen } = await conversation('toy-65521', 4);
    const junk: ObservedRatchetEnvelope[] = [];
    for (let i = 0; i < 300; i++) {
      const real = seen[i % seen.length]!;
      const dh = i % 3 === 0 ? 'A' : i % 3 === 1 ? real.h.dh : seen[(i + 1) % seen.length]!.h.dh;
      junk.push({ ...real, id: `junk${i}`, h: { dh, pn: 0, n: i % 7 } });
    }
    const replay = await replayAs(
      'toy-65521',
      [bKey, BOB_ID],
      [aKey, ALICE_ID],
      [...junk.slice(0, 150), ...seen, ...junk.slice(150)],
    );
    assert.equal(replay.opened.length, seen.length);
    assert.equal(replay.failed.length, junk.length);
    assert.ok(replay.failed.some((f) => /not valid base64url/.test(f.reason)));
  });

  it('junk under fresh keys, far ahead in its chain, costs Eve little, and a second replay tries none of it again', async () => {
    const curve: ToyCurveId = 'toy-65521';
    const { aKey, bKey, seen } = await conversation(curve, 3);
    const eve = (envs: readonly ObservedRatchetEnvelope[]) =>
      replayAs(curve, [bKey, BOB_ID], [aKey, ALICE_ID], envs);
    const honest = await eve(seen);
    // Alice's name is hers to use (a flooder's own pair): 200 envelopes, each under a fresh valid ratchet key.
    const junk: ObservedRatchetEnvelope[] = Array.from({ length: 200 }, (_, i) => ({
      ...seen.find((e) => e.from === ALICE_ID)!,
      id: `junk${i}`,
      h: {
        dh: toBase64Url(toyKeyPairFromPrivate(curve, BigInt(1000 + i)).publicRaw),
        pn: 0,
        n: i % 2 ? MAX_SKIP - (i % 8) : i % 8,
      },
    }));
    const first = await eve([...junk.slice(0, 100), ...seen, ...junk.slice(100)]);
    assert.equal(first.opened.length, seen.length);
    assert.equal(first.failed.length, junk.length);
    // Only the 100 near the start of a chain were tried (at most 8 keys past it each), never 100 × MAX_SKIP keys.
    assert.ok(first.derived <= honest.derived + 100 * 8, `${first.derived} message keys derived`);
    assert.equal(first.failed.filter((f) => /too far ahead to be the first/.test(f.reason)).length, 100);
    const again = await eve([...junk.slice(0, 100), ...seen, ...junk.slice(100)]);
    assert.equal(again.opened.length, seen.length);
    assert.ok(again.derived <= honest.derived, 'the failed attempts are remembered, not redone');
    assert.deepEqual(
      again.failed.map((f) => f.reason),
      first.failed.map((f) => f.reason),
    );
  });

  it('in a passphrase room nothing opens, and Eve says why', async () => {
    const { aKey, bKey, seen } = await (async () => {
      const pair = await makePair('toy-263', { passphrase: new Uint8Array(32).fill(7) });
      const m = await send(pair.a, ALICE_ID, BOB_ID, 'p1', { type: 'text', text: 'with P', ts: 1 });
      return { ...pair, seen: [m] };
    })();
    const replay = await replayAs('toy-263', [aKey, ALICE_ID], [bKey, BOB_ID], seen);
    assert.equal(replay.opened.length, 0);
    assert.match(replay.failed[0]!.reason, /passphrase/);
  });
});

describe('Eve shows what a member really wrote', () => {
  it('a ratchet message whose plaintext is not a chat message is a failed reading with the reason, the rest reads', async () => {
    const curve: ToyCurveId = 'toy-263';
    const { a, aKey, bKey } = await makePair(curve);
    const good = await send(a, ALICE_ID, BOB_ID, 'g', { type: 'text', text: 'fine', ts: 1 });
    const junk = await send(a, ALICE_ID, BOB_ID, 'j', { type: 'image', src: 'x' });
    const keys: ObservedKey[] = [
      { id: ALICE_ID, name: 'Alice', curve, pub: toBase64Url(aKey.publicRaw) },
      { id: BOB_ID, name: 'Bob', curve, pub: toBase64Url(bKey.publicRaw) },
    ];
    const [alice] = eveTargets(curve, keys);
    const h = await eveHarvest(curve, [{ target: alice!, d: dOf(aKey) }], keys, [good, junk], ROOM);
    assert.equal(h.readings[0]!.plaintext?.text, 'fine');
    assert.equal(h.readings[1]!.status, 'failed');
    assert.match(
      h.readings[1]!.reason ?? '',
      /^decrypted \(the tag verified\), but the decrypted message is not of type "text"/,
    );
  });
});

describe('Eve reads sender keys in a toy room', () => {
  it('a distribution opened in a broken pair opens the broadcasts; the signature is checked; no key, no read', async () => {
    const curve: ToyCurveId = 'toy-65521';
    const { a, b, aKey, bKey } = await makePair(curve);
    const chain = await newSenderChain();
    const dist = distributionOf(chain);
    const skdist = await send(a, ALICE_ID, BOB_ID, 'dist-1', dist, 'skdist');
    const envs: ObservedEnvelope[] = [skdist];
    for (const [i, text] of ['hello room', 'second'].entries()) {
      const id = `b${i}`;
      const body = await encryptBroadcast(
        chain,
        ROOM,
        ALICE_ID,
        id,
        utf8(JSON.stringify({ type: 'text', text, ts: 5 })),
      );
      envs.push({ kind: 'skmsg', room: ROOM, from: ALICE_ID, id, ...body });
    }
    void b;
    const keys: ObservedKey[] = [
      { id: ALICE_ID, name: 'Alice', curve, pub: toBase64Url(aKey.publicRaw) },
      { id: BOB_ID, name: 'Bob', curve, pub: toBase64Url(bKey.publicRaw) },
    ];
    const [alice, bob] = eveTargets(curve, keys);
    const none = await eveHarvest(curve, [], keys, envs, ROOM);
    assert.deepEqual(
      none.readings.map((r) => r.status),
      ['no-key', 'no-key', 'no-key'],
    );
    for (const target of [bob, alice]) {
      const d = dOf(target === alice ? aKey : bKey);
      const h = await eveHarvest(curve, [{ target, d }], keys, envs, ROOM);
      assert.deepEqual(
        h.readings.map((r) => [r.status, r.what]),
        [
          ['read', 'sender-key'],
          ['read', 'message'],
          ['read', 'message'],
        ],
      );
      assert.deepEqual(
        h.readings.slice(1).map((r) => r.plaintext?.text),
        ['hello room', 'second'],
      );
      assert.match(h.readings[1].note ?? '', /Alice's signature checks out/);
    }
    // A broadcast whose signature was swapped still decrypts (the key is stolen) but is reported unsigned.
    const forged = { ...(envs[2] as Extract<ObservedEnvelope, { kind: 'skmsg' }>) };
    forged.sig = (envs[1] as typeof forged).sig;
    const h = await eveHarvest(curve, [{ target: bob, d: dOf(bKey) }], keys, [skdist, forged], ROOM);
    assert.match(h.readings[1].note ?? '', /signature does not check out/);
  });
});

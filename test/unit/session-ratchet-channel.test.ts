// Unit tests of the v2 pair sessions (client/session/ratchet-channel.ts, ratchet-messages.ts) with real WebCrypto:
// negotiation per peer, one ratchet per pair reset on a key change and bounded, messages and authenticated receipts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import type { KeyAgreement } from '../../client/crypto/key-agreement.js';
import { deriveChannel, type Channel } from '../../client/session/channel.js';
import type { PeerRecord } from '../../client/session/peer-record.js';
import { registerToyKeyAgreements } from '../../client/providers.js';
import { PairSessions } from '../../client/session/ratchet-channel.js';
import {
  encryptRatchetPart,
  encryptRatchetReceipt,
  openRatchet,
  RATCHET_BODY_OVERHEAD,
} from '../../client/session/ratchet-messages.js';
import { encryptedBodyBytes } from '../../client/session/messages.js';
import { jsonByteLength } from '../../client/session/views.js';

const ROOM = 'unit';

/** A member: its key pair and a PairSessions speaking `versions`. */
async function member(versions: number[] = [1, 2], curve: KeyAgreement['curve'] = 'X25519') {
  const key = await generateKeyAgreement(curve);
  const holder = { key };
  const pairs = new PairSessions(versions, {
    context: () => ({ room: ROOM, myKey: holder.key }),
    name: (id) => id,
  });
  return { key, holder, pairs, pub: toBase64Url(key.publicRaw) };
}

/** `viewer`'s record of `peer` (id `id`), with a ready channel and the peer's announced versions. */
async function recordOf(viewer: KeyAgreement, peer: KeyAgreement, id: string, v?: number[]) {
  const pub = toBase64Url(peer.publicRaw);
  const channel: Channel = await deriveChannel(viewer, { curve: peer.curve, pub }, ROOM);
  const rec: PeerRecord & { channel: Channel } = {
    id,
    name: id,
    present: true,
    key: { curve: peer.curve, pub, ...(v ? { v } : {}) },
    channel,
    state: 'ready',
    queue: Promise.resolve(),
  };
  return rec;
}

const me = (id: string) => ({ id, name: id });

describe('PairSessions', () => {
  test('negotiates per peer from the announced v: v2 with [1, 2], v1 without v, with the card line', async () => {
    const a = await member();
    const b = await generateKeyAgreement('X25519');
    const v2 = await recordOf(a.key, b, 'bob', [1, 2]);
    const v1 = await recordOf(a.key, b, 'olga');
    assert.equal(a.pairs.isV2(v2), true);
    assert.equal(a.pairs.isV2(v1), false);
    assert.equal(a.pairs.isV2(undefined), false);
    assert.equal(a.pairs.label(v2), 'v2 · Double Ratchet — both speak v2');
    assert.equal(a.pairs.label(v1), "v1 — olga's client speaks only v1 (it announces no versions)");
    const { key: _k, ...noKey } = v2;
    assert.equal(a.pairs.label(noKey as PeerRecord), undefined);
    // A client that speaks only v1 keeps every pair on v1.
    const old = await member([1]);
    assert.equal(old.pairs.isV2(await recordOf(old.key, b, 'bob', [1, 2])), false);
  });

  test('a pair on a toy curve uses v2 like any other when both speak it (Eve breaks its ratchet keys instead)', async () => {
    const a = await member();
    const rec = await recordOf(a.key, await generateKeyAgreement('X25519'), 'bob', [1, 2]);
    const toy: PeerRecord = { ...rec, key: { curve: 'toy-17', pub: 'AQ', v: [1, 2] } };
    assert.equal(a.pairs.isV2(toy), true);
    assert.equal(a.pairs.label(toy), 'v2 · Double Ratchet — both speak v2');
    const v1: PeerRecord = { ...rec, key: { curve: 'toy-17', pub: 'AQ' } };
    assert.equal(a.pairs.isV2(v1), false);
  });

  test('a member without a key of its own shows no protocol line (it has no channel to speak of)', async () => {
    const a = await member();
    const rec = await recordOf(a.key, await generateKeyAgreement('X25519'), 'bob', [1, 2]);
    const keyless = new PairSessions([1, 2], { context: () => ({ room: ROOM }), name: (id) => id });
    assert.equal(keyless.label(rec), undefined);
    assert.equal(a.pairs.label(rec), 'v2 · Double Ratchet — both speak v2');
  });

  test('two members that drew the same toy key stay on v1 (no initiator), both of them, and the card says why', async () => {
    registerToyKeyAgreements();
    const a = await member([1, 2], 'toy-97-cofactor');
    const twin: PeerRecord = { ...(await recordOf(a.key, a.key, 'twin', [1, 2])) };
    assert.equal(a.pairs.isV2(twin), false);
    assert.equal(
      a.pairs.label(twin),
      'v1 — both speak v2, but you drew the same toy key, so no ratchet can start',
    );
    // On a real curve the same key is a copycat: negotiation stays v2, and the ratchet refuses to start (no send).
    const real = await member();
    const copycat = await recordOf(real.key, real.key, 'copycat', [1, 2]);
    assert.equal(real.pairs.isV2(copycat), true);
    await assert.rejects(real.pairs.ratchet(copycat), /same public key/);
    let otherKey = await generateKeyAgreement('toy-97-cofactor');
    while (toBase64Url(otherKey.publicRaw) === a.pub)
      otherKey = await generateKeyAgreement('toy-97-cofactor');
    assert.equal(a.pairs.isV2(await recordOf(a.key, otherKey, 'other', [1, 2])), true);
  });

  test('a v2 member that joined again stays v2 until it re-announces (its previous key counts)', async () => {
    const a = await member();
    const b = await generateKeyAgreement('X25519');
    const rec = await recordOf(a.key, b, 'bob', [1, 2]);
    const { key, ...rest } = rec;
    const awaiting: PeerRecord = { ...rest, previousKey: key!, state: 'no-key' };
    assert.equal(a.pairs.isV2(awaiting), true);
    const v1Before = await recordOf(a.key, b, 'olga');
    const { key: k1, ...r1 } = v1Before;
    assert.equal(a.pairs.isV2({ ...r1, previousKey: k1!, state: 'no-key' }), false);
  });

  test('one ratchet per pair while the channel is the same; new keys start a new one', async () => {
    const a = await member();
    const b1 = await generateKeyAgreement('X25519');
    const rec = await recordOf(a.key, b1, 'bob', [1, 2]);
    const r1 = await a.pairs.ratchet(rec);
    assert.equal(await a.pairs.ratchet(rec), r1);
    const b2 = await generateKeyAgreement('X25519');
    const rec2 = await recordOf(a.key, b2, 'bob', [1, 2]);
    const r2 = await a.pairs.ratchet(rec2);
    assert.notEqual(r2, r1);
    assert.equal(a.pairs.size, 1);
    a.pairs.reset();
    assert.equal(a.pairs.size, 0);
  });

  test('refuses a channel derived with a key pair we no longer hold, and keeps nothing', async () => {
    const a = await member();
    const b = await generateKeyAgreement('X25519');
    const rec = await recordOf(a.key, b, 'bob', [1, 2]);
    a.holder.key = await generateKeyAgreement('X25519');
    await assert.rejects(a.pairs.ratchet(rec), /key pair changed/);
    await Promise.resolve();
    assert.equal(a.pairs.has('bob'), false);
  });

  test('bounded: past the maximum the least recently used pair is dropped', async () => {
    const key = await generateKeyAgreement('X25519');
    const pairs = new PairSessions(
      [1, 2],
      { context: () => ({ room: ROOM, myKey: key }), name: (id) => id },
      undefined,
      2,
    );
    const recs = [];
    for (const id of ['p1', 'p2', 'p3'])
      recs.push(await recordOf(key, await generateKeyAgreement('X25519'), id, [1, 2]));
    await pairs.ratchet(recs[0]!);
    await pairs.ratchet(recs[1]!);
    await pairs.ratchet(recs[0]!); // p1 used again: p2 is now the oldest
    await pairs.ratchet(recs[2]!);
    assert.equal(pairs.size, 2);
    assert.deepEqual([pairs.has('p1'), pairs.has('p2'), pairs.has('p3')], [true, false, true]);
  });
});

describe('ratchet messages', () => {
  async function pair(curve: KeyAgreement['curve'] = 'X25519') {
    const a = await member([1, 2], curve);
    const b = await member([1, 2], curve);
    const aSeesB = await recordOf(a.key, b.key, 'bob', [1, 2]);
    const bSeesA = await recordOf(b.key, a.key, 'alice', [1, 2]);
    return { a, b, aSeesB, bSeesA, ra: await a.pairs.ratchet(aSeesB), rb: await b.pairs.ratchet(bSeesA) };
  }

  test('a chat part opens once at the peer; the same cached body again is refused as a used key', async () => {
    for (const curve of ['X25519', 'P-256'] as const) {
      const { aSeesB, bSeesA, ra, rb } = await pair(curve);
      const msg = { id: 'm1', text: 'hello 🙂', ts: Date.now() };
      const part = await encryptRatchetPart(ROOM, 'alice', msg, me('bob'), aSeesB.channel, ra, false);
      assert.equal(part.kind, 'ratchet');
      assert.equal(part.wire.ivHex, '');
      assert.ok(!JSON.stringify(part.body).includes('hello'));
      const d = { from: 'alice', id: 'm1', kind: 'ratchet', body: part.body };
      const opened = await openRatchet(d, 'alice', ROOM, me('bob'), bSeesA.channel, rb, Date.now(), false);
      assert.equal(opened.kind, 'message');
      assert.equal(opened.kind === 'message' && opened.message.text, 'hello 🙂');
      const again = await openRatchet(d, 'alice', ROOM, me('bob'), bSeesA.channel, rb, Date.now(), false);
      assert.deepEqual([again.kind, again.kind === 'refused' && again.authentic], ['refused', false]);
    }
  });

  test('an authenticated receipt opens only under the id it was encrypted for, and only from its author', async () => {
    const { bSeesA, aSeesB, ra, rb } = await pair();
    const body = await encryptRatchetReceipt(ROOM, 'bob', 'alice', 'm1', false, 'bad', rb);
    assert.ok(!JSON.stringify(body).includes('receipt'));
    const relabelled = { from: 'bob', id: 'm2', kind: 'ratchet', body };
    const r1 = await openRatchet(relabelled, 'bob', ROOM, me('alice'), aSeesB.channel, ra, 0, false);
    assert.deepEqual([r1.kind, r1.kind === 'refused' && r1.authentic], ['refused', false]);
    const forgedFrom = { from: 'carol', id: 'm1', kind: 'ratchet', body };
    const r2 = await openRatchet(forgedFrom, 'bob', ROOM, me('alice'), aSeesB.channel, ra, 0, false);
    assert.equal(r2.kind, 'refused');
    const real = { from: 'bob', id: 'm1', kind: 'ratchet', body };
    const r3 = await openRatchet(real, 'bob', ROOM, me('alice'), aSeesB.channel, ra, 0, false);
    assert.deepEqual(r3, { kind: 'receipt', ok: false, reason: 'bad' });
    // A replay of the receipt is refused (its key was used).
    const r4 = await openRatchet(real, 'bob', ROOM, me('alice'), aSeesB.channel, ra, 0, false);
    assert.equal(r4.kind, 'refused');
    void bSeesA;
  });

  test('an authentic plaintext that is not a chat message or a receipt is refused as authentic', async () => {
    const { bSeesA, ra, rb } = await pair();
    const enc = await ra.encryptBytes(new TextEncoder().encode('{"type":"receipt","id":"other","ok":true}'), {
      room: ROOM,
      from: 'alice',
      to: 'bob',
      id: 'm9',
    });
    const d = { from: 'alice', id: 'm9', kind: 'ratchet', body: enc.body };
    const out = await openRatchet(d, 'alice', ROOM, me('bob'), bSeesA.channel, rb, 0, false);
    assert.deepEqual([out.kind, out.kind === 'refused' && out.authentic], ['refused', true]);
    const junk = await ra.encrypt('[1,2]', { room: ROOM, from: 'alice', to: 'bob', id: 'm10' });
    const j = await openRatchet(
      { ...d, id: 'm10', body: junk.body },
      'alice',
      ROOM,
      me('bob'),
      bSeesA.channel,
      rb,
      0,
      false,
    );
    assert.deepEqual([j.kind, j.kind === 'refused' && j.authentic], ['refused', true]);
    const bad = await openRatchet(
      { ...d, body: { h: 'x' } },
      'alice',
      ROOM,
      me('bob'),
      bSeesA.channel,
      rb,
      0,
      false,
    );
    assert.deepEqual([bad.kind, bad.kind === 'refused' && bad.authentic], ['refused', false]);
  });

  test('RATCHET_BODY_OVERHEAD covers a P-521 ratchet body over the v1 body estimate', async () => {
    const { aSeesB, ra } = await pair('P-521');
    const text = 'x'.repeat(1000);
    const ts = Date.now();
    const part = await encryptRatchetPart(
      ROOM,
      'alice',
      { id: 'm', text, ts },
      me('bob'),
      aSeesB.channel,
      ra,
      false,
    );
    assert.ok(jsonByteLength(part.body) <= encryptedBodyBytes(text, ts) + RATCHET_BODY_OVERHEAD);
  });
});

// Unit tests of the passphrase binding of v2 (docs/protocol.md "v2: Double Ratchet", Root key): with real WebCrypto,
// pairs whose channels were derived with the same P read each other's `ratchet` dms; another P or none reads nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import type { KeyAgreement } from '../../client/crypto/key-agreement.js';
import { derivePassphraseKey, type PassphraseKey } from '../../client/crypto/passphrase.js';
import { deriveChannel } from '../../client/session/channel.js';
import { PairSessions } from '../../client/session/ratchet-channel.js';
import { encryptRatchetPart, openRatchet } from '../../client/session/ratchet-messages.js';

const ROOM = 'unit-pass';
/** Few PBKDF2 iterations: these tests are about where P goes, not how slowly it is made. */
const FAST = 1000;

/** A member's key pair, its passphrase key (if any) and its pair sessions. */
async function member(passphrase: string, curve: KeyAgreement['curve'] = 'X25519') {
  const key = await generateKeyAgreement(curve);
  const pass = passphrase ? await derivePassphraseKey(passphrase, ROOM, FAST) : undefined;
  const pairs = new PairSessions([1, 2], { context: () => ({ room: ROOM, myKey: key }), name: (id) => id });
  return { key, pass, pairs };
}

/** The channel `viewer` derives with `peer` (with the viewer's P), as the session's peer record holds it. */
async function seen(viewer: KeyAgreement, pass: PassphraseKey | undefined, peer: KeyAgreement, id: string) {
  const pub = toBase64Url(peer.publicRaw);
  const channel = await deriveChannel(viewer, { curve: peer.curve, pub }, ROOM, pass);
  return { id, channel };
}

/** Send one chat part each way between members with passphrases `pa` and `pb`; what each side made of it. */
async function exchange(pa: string, pb: string, curve: KeyAgreement['curve'] = 'X25519') {
  const a = await member(pa, curve);
  const b = await member(pb, curve);
  const aSeesB = await seen(a.key, a.pass, b.key, 'bob');
  const bSeesA = await seen(b.key, b.pass, a.key, 'alice');
  const [ra, rb] = [await a.pairs.ratchet(aSeesB), await b.pairs.ratchet(bSeesA)];
  const results = [];
  for (const [from, to, fromSees, toSees, rFrom, rTo, text] of [
    ['alice', 'bob', aSeesB, bSeesA, ra, rb, 'from Alice'],
    ['bob', 'alice', bSeesA, aSeesB, rb, ra, 'from Bob'],
  ] as const) {
    const msg = { id: `m-${from}`, text, ts: Date.now() };
    const part = await encryptRatchetPart(
      ROOM,
      from,
      msg,
      { id: to, name: to },
      fromSees.channel,
      rFrom,
      false,
    );
    const d = { from, id: msg.id, kind: 'ratchet', body: part.body };
    const out = await openRatchet(
      d,
      from,
      ROOM,
      { id: to, name: to },
      toSees.channel,
      rTo,
      Date.now(),
      false,
    );
    results.push(
      out.kind === 'message' ? out.message.text : `${out.kind}:${'authentic' in out && out.authentic}`,
    );
  }
  return results;
}

describe('v2 in a passphrase room', () => {
  test('the same passphrase: both read each other on v2 (X25519 and P-256)', async () => {
    for (const curve of ['X25519', 'P-256'] as const)
      assert.deepEqual(await exchange('correct horse', 'correct horse', curve), ['from Alice', 'from Bob']);
  });

  test("another passphrase: neither opens the other's ratchet dm (refused, not authentic)", async () => {
    assert.deepEqual(await exchange('correct horse', 'battery staple'), ['refused:false', 'refused:false']);
  });

  test("a passphrase against none: neither opens the other's ratchet dm", async () => {
    assert.deepEqual(await exchange('correct horse', ''), ['refused:false', 'refused:false']);
    assert.deepEqual(await exchange('', 'correct horse'), ['refused:false', 'refused:false']);
  });

  test('no passphrase on either side is plain v2 (the existing vectors hold)', async () => {
    assert.deepEqual(await exchange('', ''), ['from Alice', 'from Bob']);
  });

  test('the same keys with another P are another root: a new ratchet, not the cached one', async () => {
    const a = await member('correct horse');
    const b = await generateKeyAgreement('X25519');
    const other = await derivePassphraseKey('battery staple', ROOM, FAST);
    const r1 = await a.pairs.ratchet(await seen(a.key, a.pass, b, 'bob'));
    const r2 = await a.pairs.ratchet(await seen(a.key, other, b, 'bob'));
    assert.notEqual(r1, r2);
    const [s1, s2] = [r1.snapshot(), r2.snapshot()];
    assert.notDeepEqual(s1, s2);
    assert.equal(a.pairs.size, 1);
  });
});

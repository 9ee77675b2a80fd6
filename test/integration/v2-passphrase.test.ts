// v2 in a passphrase room against a real relay (docs/protocol.md "v2: Double Ratchet", Root key; "Room passphrase"):
// members with the same passphrase chat on v2 both ways; one without it and one with another get no ratchet dm and
// read nothing; and P is in RK0: Bob's stolen v1 private key alone does not open Alice's first ratchet message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromBase64Url, toBase64Url } from '../../client/crypto/base64url.js';
import { generateKeyAgreement, keyAgreementFromJwk } from '../../client/crypto/ecdh.js';
import { fromHex } from '../../client/crypto/hex.js';
import type { KeyAgreement } from '../../client/crypto/key-agreement.js';
import { derivePassphraseKey } from '../../client/crypto/passphrase.js';
import { parseWireBody } from '../../client/crypto/ratchet/header.js';
import { DoubleRatchet } from '../../client/crypto/ratchet/ratchet.js';
import type { RoomSession } from '../../client/session/room-session.js';
import type { MyKeyView } from '../../client/session/types.js';
import { peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { sessionRelay } from './session-setup.js';

const PASSPHRASE = 'correct horse battery staple';

/** A P-256 key pair rebuilt from what a session shows of its own key (as a thief who read it would). */
function stolen(view: MyKeyView): Promise<KeyAgreement> {
  const b64 = (hex: string) => toBase64Url(fromHex(hex));
  return keyAgreementFromJwk('P-256', {
    kty: 'EC',
    crv: 'P-256',
    d: b64(view.privateHex),
    x: b64(view.coords.x),
    y: b64(view.coords.y!),
    ext: true,
  });
}

describe('v2 in a passphrase room', () => {
  const relay = sessionRelay();

  /** Every `dm` a client sent to the relay, parsed. */
  const sentDms = (): { id: string; kind: string; parts: { to: string; body: unknown }[] }[] =>
    relay.traffic.filter((t) => t.startsWith('dm ')).map((t) => JSON.parse(t.slice(3))[0]);
  const shows = (text: string) => (s: RoomSession['state']) =>
    s.messages.some((m) => !m.outgoing && m.text === text);
  const delivered = (text: string) => (s: RoomSession['state']) => {
    const m = s.messages.find((x) => x.outgoing && x.text === text);
    return m !== undefined && Object.values(m.delivery).some((d) => d.state === 'delivered');
  };

  async function member(room: string, name: string, passphrase?: string): Promise<RoomSession> {
    const s = relay.session();
    await s.join(room, name, passphrase);
    await s.generateKeys();
    return s;
  }

  it('the same passphrase chats on v2 both ways; Carol (none) and Dave (another) get no ratchet dm, read nothing', async () => {
    const room = 'v2-pp';
    const alice = await member(room, 'Alice', PASSPHRASE);
    const bob = await member(room, 'Bob', PASSPHRASE);
    const carol = await member(room, 'Carol');
    const dave = await member(room, 'Dave', 'wrong horse');
    await waitFor(alice, readyWith('Bob'), 'Alice ready with Bob');
    await waitFor(bob, readyWith('Alice'), 'Bob ready with Alice');
    // In a room of three or more the card may already add "sender keys +" (the chains travel inside the ratchet).
    assert.match(
      peerNamed(alice.state, 'Bob')!.protocol ?? '',
      /^v2 · (sender keys \+ )?Double Ratchet — both speak v2$/,
    );
    const mismatch = (name: string) => (st: RoomSession['state']) =>
      peerNamed(st, name)?.channel === 'passphrase-mismatch';
    for (const s of [alice, bob]) {
      await waitFor(s, mismatch('Carol'), `${s.state.name} names Carol`);
      await waitFor(s, mismatch('Dave'), `${s.state.name} names Dave`);
    }

    await alice.send('Alice on v2 with the passphrase');
    await waitFor(bob, shows('Alice on v2 with the passphrase'), 'Bob reads Alice');
    await bob.send('Bob answers on v2');
    await waitFor(alice, shows('Bob answers on v2'), 'Alice reads Bob');
    await waitFor(alice, delivered('Alice on v2 with the passphrase'), 'Alice: delivered');
    await waitFor(bob, delivered('Bob answers on v2'), 'Bob: delivered');
    for (const [s, text] of [
      [alice, 'Alice on v2 with the passphrase'],
      [bob, 'Bob answers on v2'],
    ] as const) {
      const m = s.state.messages.find((x) => x.outgoing && x.text === text)!;
      assert.deepEqual(Object.keys(m.delivery), [peerNamed(s.state, s === alice ? 'Bob' : 'Alice')!.id]);
      assert.ok(
        Object.values(m.delivery).every((d) => !d.unauthenticated),
        'the receipt came in the ratchet',
      );
    }

    // On the wire: Alice and Bob sent each other only `ratchet` (and `confirm`); nothing of theirs reached Carol or Dave
    // except confirmations, and the plaintext never crossed the relay.
    const ids = new Set([carol, dave].map((s) => s.state.me!.id));
    const pair = new Set([alice, bob].map((s) => s.state.me!.id));
    const dms = sentDms();
    assert.ok(dms.some((d) => d.kind === 'ratchet'));
    for (const d of dms) {
      if (d.kind === 'msg' || d.kind === 'receipt')
        assert.ok(
          d.parts.every((p) => !pair.has(p.to)),
          `a plain ${d.kind} reached a passphrase member`,
        );
      if (d.kind === 'ratchet')
        assert.ok(
          d.parts.every((p) => !ids.has(p.to)),
          'a ratchet dm went to Carol or Dave',
        );
    }
    for (const t of relay.traffic)
      for (const w of ['passphrase', 'answers']) assert.ok(!t.includes(w), t.slice(0, 200));
    for (const s of [carol, dave]) assert.ok(!s.state.messages.some((m) => !m.system && m.text.length > 0));
  });

  it("P is bound into RK0: with Bob's stolen v1 private key but no P (or another P), Alice's first message stays shut", async () => {
    const room = 'v2-pp-thief';
    const alice = await member(room, 'Alice', PASSPHRASE);
    const bob = await member(room, 'Bob', PASSPHRASE);
    await waitFor(alice, readyWith('Bob'), 'Alice ready with Bob');
    await waitFor(bob, readyWith('Alice'), 'Bob ready with Alice');
    const before = sentDms().length;
    await alice.send('only the passphrase opens this');
    await waitFor(bob, shows('only the passphrase opens this'), 'Bob reads it');
    const aliceId = alice.state.me!.id;
    const bobId = bob.state.me!.id;
    const dm = sentDms()
      .slice(before)
      .find((d) => d.kind === 'ratchet' && d.parts.some((p) => p.to === bobId))!;
    const { header, ct } = parseWireBody('P-256', dm.parts.find((p) => p.to === bobId)!.body);
    const binding = { room, from: aliceId, to: bobId, id: dm.id };
    const bobKey = await stolen(bob.state.myKey!);
    const alicePub = fromBase64Url(alice.state.myKey!.pub);
    // A thief's fresh ratchet as Bob (his v1 key pair, Alice's public key), with a given P or none.
    const thief = (passphrase?: Uint8Array) =>
      DoubleRatchet.create({
        own: bobKey,
        peerPub: alicePub,
        room,
        ...(passphrase ? { passphrase } : {}),
        generate: () => generateKeyAgreement('P-256'),
      });
    await assert.rejects((await thief()).decrypt(header, ct, binding), { code: 'auth-failed' });
    const other = await derivePassphraseKey('wrong horse', room);
    await assert.rejects((await thief(other.bytes)).decrypt(header, ct, binding), { code: 'auth-failed' });
    // The same key with the right P opens it: the binding is exactly P, computed as docs/protocol.md says.
    const p = await derivePassphraseKey(PASSPHRASE, room);
    const { plaintext } = await (await thief(p.bytes)).decrypt(header, ct, binding);
    assert.equal(JSON.parse(new TextDecoder().decode(plaintext)).text, 'only the passphrase opens this');
  });
});

// The peer card's derivation on a v2 pair (PeerView.v2Root): the v1 info it shows is K's, and the v2 root-key inputs it
// shows (Z, salt, info) rebuild the real ratchet's first root key, so every value on the card is the one in use.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utf8 } from '../../client/crypto/bytes.js';
import { fromHex } from '../../client/crypto/hex.js';
import { hkdfSha256, keyFingerprint } from '../../client/crypto/kdf.js';
import { kdfRoot } from '../../client/crypto/ratchet/kdf.js';
import type { DoubleRatchet } from '../../client/crypto/ratchet/ratchet.js';
import type { RoomSession } from '../../client/session/room-session.js';
import { peerNamed } from '../helpers/session.js';
import { readyPair, sessionRelay } from './session-setup.js';

/** The live ratchet `s` keeps with member `id` (a test reaching into the session, read only). */
async function liveRatchet(s: RoomSession, id: string): Promise<DoubleRatchet> {
  const inner = s as any;
  return inner.v2.pairs.ratchet(inner.peers.get(id));
}

describe("the peer card's key derivation", () => {
  const relay = sessionRelay();

  it('v2 pair: K keeps the v1 info, and the card’s RK0 inputs rebuild the ratchet’s first root key', async () => {
    const [alice, bob] = [relay.session(), relay.session()];
    await readyPair('card-root', [alice, 'Alice'], [bob, 'Bob']);
    const card = peerNamed(alice.state, 'Bob')!;
    const d = card.derived!;
    assert.match(card.protocol!, /^v2/);
    assert.equal(d.info, 'curvechat/v1 P-256 card-root');
    assert.deepEqual(card.v2Root, {
      info: 'curvechat/v2 root P-256 card-root',
      ratchetInfo: 'curvechat/v2 ratchet',
    });

    const z = fromHex(d.zHex);
    const salt = fromHex(d.saltHex);
    // K from the card's Z, salt and v1 info has the card's fingerprint: that row is K's, not the ratchet's.
    assert.equal(await keyFingerprint(await hkdfSha256(z, salt, utf8(d.info), 256)), d.keyFingerprint);
    // RK0 from the card's Z, salt and v2 info, then the first root step with the card's KDF_RK info (KDF_RK(RK0, Z)):
    // the fingerprint of the root key the live ratchet recorded at step 0.
    const rk0 = await hkdfSha256(z, salt, utf8(card.v2Root!.info), 256);
    const first = await kdfRoot(rk0, z);
    const step0 = (await liveRatchet(alice, card.id)).snapshot().rootLinks.find((r) => r.step === 0)!;
    assert.equal(step0.rootKeyFingerprint, await keyFingerprint(first.rootKey));
    // The v1 info would not give it: the two strings are different steps.
    const wrong = await kdfRoot(await hkdfSha256(z, salt, utf8(d.info), 256), z);
    assert.notEqual(step0.rootKeyFingerprint, await keyFingerprint(wrong.rootKey));
  });

  it('v1 pair: no v2 root rows', async () => {
    const [alice, bob] = [relay.session({ protocolVersions: [1] }), relay.session()];
    await readyPair('card-root-v1', [alice, 'Alice'], [bob, 'Bob']);
    const card = peerNamed(bob.state, 'Alice')!;
    assert.match(card.protocol!, /^v1/);
    assert.equal(card.v2Root, undefined);
  });
});

// Unit tests for toy-curve rooms: toy ECDH → Z → deriveChannelKey with the toy id → AES-GCM, between two parties.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOY_CURVES } from '../../common/wire.js';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { hkdfInfo } from '../../client/crypto/kdf.js';
import { byteLength } from '../../client/math/field.js';
import { getToyCurve } from '../../client/math/curves.js';
import {
  generateToyKey,
  INSECURE_LABEL,
  toyChannel,
  toyCurveOptions,
  toyDecrypt,
  toyEncrypt,
  toyKeyFromPrivate,
} from '../../client/lab/model/toy-room.js';

for (const curve of TOY_CURVES) {
  test(`${curve}: two members agree on Z and K and exchange an AES-GCM message`, async () => {
    const alice = await generateToyKey(curve);
    const bob = await generateToyKey(curve);
    const ab = await toyChannel(alice, toBase64Url(bob.publicRaw), 'class-1');
    const ba = await toyChannel(bob, toBase64Url(alice.publicRaw), 'class-1');
    assert.equal(ab.zHex, ba.zHex, 'same Z on both sides');
    assert.equal(ab.z.length, byteLength(getToyCurve(curve).p), 'Z has the width of a pub coordinate');
    assert.equal(ab.channel.fingerprint, ba.channel.fingerprint, 'same K on both sides');
    assert.equal(ab.channel.info, `curvechat/v1 ${curve} class-1`);
    assert.equal(ab.channel.info, hkdfInfo(curve, 'class-1'));
    const enc = await toyEncrypt(ab, 'class-1', 'alice-id', 'bob-id', 'm1', 'hello over a toy curve', 42);
    const got = await toyDecrypt(ba, 'class-1', 'alice-id', 'bob-id', 'm1', enc.body);
    assert.deepEqual(got, { type: 'text', text: 'hello over a toy curve', ts: 42 });
    // The AAD binds the envelope: a different id, or another room's key, fails the tag.
    await assert.rejects(toyDecrypt(ba, 'class-1', 'alice-id', 'bob-id', 'm2', enc.body), /tag/);
    const other = await toyChannel(bob, toBase64Url(alice.publicRaw), 'class-2');
    assert.notEqual(other.channel.fingerprint, ba.channel.fingerprint, 'the room is in the HKDF info');
    await assert.rejects(toyDecrypt(other, 'class-1', 'alice-id', 'bob-id', 'm1', enc.body), /tag/);
  });
}

test('toy-17 by hand: d_A = 3, d_B = 10 → shared point (13, 10), Z = 0d', async () => {
  const a = toyKeyFromPrivate('toy-17', 3n);
  const b = toyKeyFromPrivate('toy-17', 10n);
  assert.equal(Buffer.from(a.publicRaw).toString('hex'), '040a06', '3G = (10, 6)');
  assert.equal(Buffer.from(b.publicRaw).toString('hex'), '04070b', '10G = (7, 11)');
  const ch = await toyChannel(a, toBase64Url(b.publicRaw), 'r');
  assert.equal(ch.zHex, '0d');
  await assert.rejects(
    toyChannel(a, 'BAAA', 'r'),
    /No secure channel/,
    'an invalid toy key gives no channel',
  );
});

test('toy curves are listed with the insecure label', () => {
  const opts = toyCurveOptions();
  assert.deepEqual(
    opts.map((o) => o.id),
    [...TOY_CURVES],
  );
  for (const o of opts) {
    assert.equal(o.insecure, true);
    assert.ok(o.label.includes(INSECURE_LABEL), o.label);
    assert.ok(o.label.startsWith(`${o.id}: y² = `), o.label);
    assert.ok(o.note.length > 10);
  }
  assert.equal(INSECURE_LABEL, 'insecure — teaching only');
  assert.match(opts[0].label, /F_17, 18 possible private keys/);
});

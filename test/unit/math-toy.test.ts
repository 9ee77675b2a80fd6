// Unit tests for client/math/toy.ts: toy key generation, validation and the full toy ECDH.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PUB_LENGTH, TOY_CURVES } from '../../common/wire.js';
import { NoSecureChannelError } from '../../client/crypto/errors.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { hasKeyAgreementProvider, registerKeyAgreementProvider } from '../../client/crypto/key-agreement.js';
import { getToyCurve, TOY_17, TOY_97_COFACTOR } from '../../client/math/curves.js';
import { basePoint, encodePoint, multiply, PointError, pointsEqual } from '../../client/math/weierstrass.js';
import {
  enumeratePoints,
  randomScalar,
  toyDecodePublicKey,
  toyDeriveSharedSecret,
  toyEncodePublicKey,
  toyGenerateKeyPair,
  toyKeyAgreementProvider,
  toyKeyPairFromPrivate,
  toySharedPoint,
} from '../../client/math/toy.js';
import { registerToyKeyAgreements } from '../../client/providers.js';

test('toy-17 exchange with a = 3, b = 10: public keys (10,6), (7,11); shared (13,10); Z = 0x0d', () => {
  const alice = toyKeyPairFromPrivate('toy-17', 3n);
  const bob = toyKeyPairFromPrivate('toy-17', 10n);
  assert.deepEqual(alice.publicRaw, Uint8Array.of(4, 10, 6));
  assert.deepEqual(bob.publicRaw, Uint8Array.of(4, 7, 11));
  assert.ok(pointsEqual(toySharedPoint('toy-17', 3n, bob.publicRaw), { infinity: false, x: 13n, y: 10n }));
  assert.deepEqual(toyDeriveSharedSecret('toy-17', 3n, bob.publicRaw), Uint8Array.of(13));
  assert.deepEqual(toyDeriveSharedSecret('toy-17', 10n, alice.publicRaw), Uint8Array.of(13));
});

for (const id of TOY_CURVES) {
  test(`${id}: generated key pairs agree, Z has the pub width, d in [1, n−1]`, () => {
    const c = getToyCurve(id);
    for (let i = 0; i < 20; i++) {
      const a = toyGenerateKeyPair(id);
      const b = toyGenerateKeyPair(id);
      assert.ok(a.d >= 1n && a.d < c.n);
      assert.equal(a.publicRaw.length, PUB_LENGTH[id]);
      assert.ok(pointsEqual(toyDecodePublicKey(id, a.publicRaw), multiply(c, a.d, basePoint(c))));
      const za = toyDeriveSharedSecret(id, a.d, b.publicRaw);
      const zb = toyDeriveSharedSecret(id, b.d, a.publicRaw);
      assert.deepEqual(za, zb);
      assert.equal(za.length, c.byteLength);
      const S = multiply(c, (a.d * b.d) % c.n, basePoint(c));
      assert.ok(!S.infinity && pointsEqual(toySharedPoint(id, a.d, b.publicRaw), S));
    }
  });
}

test('randomScalar covers [1, n−1] uniformly enough and never leaves it', () => {
  const seen = new Map<bigint, number>();
  for (let i = 0; i < 4000; i++) {
    const d = randomScalar(19n);
    assert.ok(d >= 1n && d <= 18n);
    seen.set(d, (seen.get(d) ?? 0) + 1);
  }
  assert.equal(seen.size, 18);
  for (const count of seen.values()) assert.ok(count > 120 && count < 340, `count ${count}`);
  assert.throws(() => randomScalar(1n));
});

test('toy public keys are validated: wrong length, off curve, O-free, subgroup on the cofactor curve', () => {
  assert.throws(() => toyDecodePublicKey('toy-17', Uint8Array.of(4, 5)), PointError);
  assert.throws(() => toyDecodePublicKey('toy-17', Uint8Array.of(4, 5, 2)), PointError);
  assert.throws(() => toyDeriveSharedSecret('toy-17', 3n, Uint8Array.of(4, 0, 0)), PointError);
  const c = TOY_97_COFACTOR;
  const outside = enumeratePoints(c).filter((P) => !multiply(c, c.n, P).infinity);
  assert.ok(outside.length > 0);
  for (const P of outside) {
    assert.throws(
      () => toyDeriveSharedSecret('toy-97-cofactor', 2n, encodePoint(c, P)),
      (e: unknown) => {
        return e instanceof PointError && e.code === 'subgroup';
      },
    );
  }
  assert.deepEqual(toyEncodePublicKey('toy-17', basePoint(TOY_17)), Uint8Array.of(4, 5, 1));
});

test('toyKeyAgreementProvider has the KeyAgreement shape and wraps refusals', async () => {
  class Wrapped extends Error {}
  const provider = toyKeyAgreementProvider('toy-263', (e) => new Wrapped(e.message));
  assert.equal(provider.curve, 'toy-263');
  assert.equal(provider.bits, 9);
  const a = await provider.generate();
  const b = await provider.generate();
  assert.equal(a.publicRaw.length, 5);
  assert.match(a.privateHex, /^[0-9a-f]{4}$/);
  assert.equal(BigInt('0x' + a.privateHex), a.d);
  assert.deepEqual(await a.derive(b.publicRaw), await b.derive(a.publicRaw));
  await assert.rejects(a.derive(Uint8Array.of(4, 0, 0, 0, 0)), Wrapped);
});

test('registerToyKeyAgreements (the composition root) registers toyKeyAgreementProvider with client/crypto and rejects with NoSecureChannelError', async () => {
  registerToyKeyAgreements();
  for (const id of TOY_CURVES) assert.ok(hasKeyAgreementProvider(id), id);
  registerKeyAgreementProvider(toyKeyAgreementProvider('toy-17'));
  const a = await generateKeyAgreement('toy-17');
  const b = await generateKeyAgreement('toy-17');
  assert.deepEqual(await a.derive(b.publicRaw), await b.derive(a.publicRaw));
  await assert.rejects(a.derive(Uint8Array.of(4, 5, 2)), (e: unknown) => {
    return e instanceof NoSecureChannelError && e.code === 'invalid-public-key';
  });
});

// client/math/verify.ts against real WebCrypto in Node: the engine recomputes Q and Z and must agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REAL_CURVES, type RealCurveId } from '../../common/wire.js';
import { base64urlToBytes, bytesToHex } from '../../client/math/bytes.js';
import { verifyPublicKey, verifySharedSecret } from '../../client/math/verify.js';

const subtle = globalThis.crypto.subtle;
const BITS: Record<RealCurveId, number> = { 'P-256': 256, 'P-384': 384, 'P-521': 528, X25519: 256 };

function algorithm(curve: RealCurveId): EcKeyGenParams | Algorithm {
  return curve === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: curve };
}

async function generate(curve: RealCurveId) {
  const pair = (await subtle.generateKey(algorithm(curve), true, ['deriveBits'])) as CryptoKeyPair;
  const jwk = await subtle.exportKey('jwk', pair.privateKey);
  const raw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  return { pair, jwk, raw };
}

async function derive(curve: RealCurveId, priv: CryptoKey, peerRaw: Uint8Array): Promise<Uint8Array> {
  const pub = await subtle.importKey('raw', new Uint8Array(peerRaw), algorithm(curve), true, []);
  const name = curve === 'X25519' ? 'X25519' : 'ECDH';
  return new Uint8Array(
    await subtle.deriveBits({ name, public: pub } as EcdhKeyDeriveParams, priv, BITS[curve]),
  );
}

for (const curve of REAL_CURVES) {
  test(`${curve}: engine Q = d·G and Z equal WebCrypto's; tampering is caught`, async () => {
    for (let i = 0; i < 3; i++) {
      const alice = await generate(curve);
      const bob = await generate(curve);

      // the JWK d string, the JWK object, and (X25519) the 32 raw bytes are all accepted
      const r = verifyPublicKey(curve, alice.jwk.d!, alice.raw);
      assert.equal(r.ok, true, r.reason);
      assert.equal(r.gotHex, bytesToHex(alice.raw));
      assert.equal(r.expectedHex, r.gotHex);
      assert.equal(r.check, 'public-key');
      assert.ok(r.trace, 'rows recorded');
      if (curve === 'X25519') {
        assert.equal(r.trace.kind, 'x25519');
        assert.equal(r.trace.trace.rows.length, 255);
        assert.equal(verifyPublicKey(curve, base64urlToBytes(alice.jwk.d!), alice.raw).ok, true);
      } else {
        assert.equal(r.trace.kind, 'weierstrass');
        assert.equal(r.trace.trace.rows.length, Number(curve.slice(2)));
        assert.equal(r.point?.infinity, false);
      }
      assert.equal(verifyPublicKey(curve, alice.jwk, alice.raw).ok, true);

      const z = await derive(curve, alice.pair.privateKey, bob.raw);
      assert.equal(z.length, BITS[curve] / 8);
      const s = verifySharedSecret(curve, alice.jwk.d!, bob.raw, z);
      assert.equal(s.ok, true, s.reason);
      assert.equal(s.gotHex, bytesToHex(z));
      assert.equal(verifySharedSecret(curve, bob.jwk, alice.raw, z).ok, true, 'both sides');

      // tampered public key: one flipped bit in the last byte
      const tampered = alice.raw.slice();
      tampered[tampered.length - 1]! ^= 1;
      const t = verifyPublicKey(curve, alice.jwk.d!, tampered);
      assert.equal(t.ok, false);
      assert.notEqual(t.gotHex, t.expectedHex);
      assert.ok(t.reason);
      // tampered shared secret, and the wrong peer key for the shared secret
      const zBad = z.slice();
      zBad[0]! ^= 0x80;
      assert.equal(verifySharedSecret(curve, alice.jwk.d!, bob.raw, zBad).ok, false);
      // the wrong peer key: X25519 computes another Z; a NIST point with a flipped bit is off the curve
      const w = verifySharedSecret(curve, alice.jwk.d!, tampered, z);
      assert.equal(w.ok, false);
      if (curve !== 'X25519') {
        assert.equal(w.trace, null, 'an off-curve peer key is refused before multiplying');
        assert.match(w.reason ?? '', /curve/);
      }
    }
  });
}

test('malformed private keys are reported, not thrown', () => {
  const raw = new Uint8Array(65);
  const r = verifyPublicKey('P-256', 'AAAA', raw);
  assert.equal(r.ok, false);
  assert.match(r.reason ?? '', /32 bytes/);
  const zero = verifyPublicKey('P-256', new Uint8Array(32), raw);
  assert.equal(zero.ok, false);
  assert.match(zero.reason ?? '', /\[1, n − 1\]/);
  assert.equal(verifyPublicKey('X25519', new Uint8Array(31), new Uint8Array(32)).ok, false);
  assert.equal(verifyPublicKey('P-384', {}, raw).ok, false);
});

test('X25519: a low-order peer point (all-zero result) is not ok even if the bytes match', () => {
  const k = new Uint8Array(32).fill(7);
  const lowOrder = new Uint8Array(32); // u = 0
  const r = verifySharedSecret('X25519', k, lowOrder, new Uint8Array(32));
  assert.equal(r.ok, false);
  assert.match(r.reason ?? '', /zero/);
});

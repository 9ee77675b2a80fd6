// The math engine against Wycheproof ECDH (P-256/384/521, X25519) and RFC 7748 §5.2/§6.1 known answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getWeierstrassCurve } from '../../client/math/curves.js';
import { base64urlToBytes, bytesToHex, concatBytes, hexToBytes } from '../../client/math/bytes.js';
import { bigIntToBytesBE, bytesToBigIntBE } from '../../client/math/field.js';
import {
  basePoint,
  decodePublicKey,
  encodePoint,
  multiply,
  PointError,
} from '../../client/math/weierstrass.js';
import { x25519, X25519_BASE_U } from '../../client/math/montgomery.js';
import { loadWycheproof, rfcHex, wycheproofCases } from '../helpers/vectors.js';

/**
 * Wycheproof ECDH, WebCrypto (JWK) form: every valid case (330 / 771 / 632 for P-256/384/521),
 * with the engine's plain Jacobian double-and-add; every invalid case (23 per curve) must be refused.
 */
for (const [file, id] of [
  ['ecdh_secp256r1_webcrypto_test.json', 'P-256'],
  ['ecdh_secp384r1_webcrypto_test.json', 'P-384'],
  ['ecdh_secp521r1_webcrypto_test.json', 'P-521'],
] as const) {
  test(`Wycheproof ${file}: all valid shared secrets; invalid public keys refused`, () => {
    const c = getWeierstrassCurve(id);
    const cases = wycheproofCases(loadWycheproof(file));
    let valid = 0;
    let invalid = 0;
    let ownChecked = 0;
    for (const { test: t } of cases) {
      const pub = t.public as { crv: string; x: string; y: string };
      const raw = concatBytes(Uint8Array.of(4), base64urlToBytes(pub.x), base64urlToBytes(pub.y));
      if (t.result === 'valid') {
        assert.equal(pub.crv, id);
        const Q = decodePublicKey(c, raw);
        const d = bytesToBigIntBE(base64urlToBytes((t.private as { d: string }).d));
        const S = multiply(c, d, Q);
        assert.ok(!S.infinity, `tcId ${t.tcId}`);
        assert.equal(bytesToHex(bigIntToBytesBE(S.x, c.byteLength)), t.shared, `tcId ${t.tcId} ${t.comment}`);
        // the private JWK's own public key: d·G, on every 10th case (the d·G path is the same code)
        if (t.tcId % 10 === 1) {
          const priv = t.private as { x: string; y: string };
          const own = concatBytes(Uint8Array.of(4), base64urlToBytes(priv.x), base64urlToBytes(priv.y));
          assert.equal(bytesToHex(encodePoint(c, multiply(c, d, basePoint(c)))), bytesToHex(own));
          ownChecked++;
        }
        valid++;
      } else {
        assert.equal(t.result, 'invalid');
        let refusedByMath = false;
        try {
          decodePublicKey(c, raw);
        } catch (e) {
          assert.ok(e instanceof PointError);
          refusedByMath = true;
        }
        // A key labelled with another curve is refused at the JWK level (crv); the math must refuse
        // every key that claims to be on this curve. (P-256 tcId 347 is a secp256k1 point that
        // happens to lie on P-256: only its crv label gives it away.)
        if (pub.crv === id) assert.ok(refusedByMath, `tcId ${t.tcId} ${t.comment} must be refused`);
        else assert.ok(refusedByMath || t.tcId === 347, `tcId ${t.tcId} ${t.comment}`);
        invalid++;
      }
    }
    assert.equal(valid + invalid, cases.length);
    assert.ok(valid > 300 && invalid === 23 && ownChecked > 30, `${valid} valid, ${invalid} invalid`);
  });
}

test('Wycheproof x25519_test.json: all 518 cases (valid and acceptable) give the listed output', () => {
  const cases = wycheproofCases(loadWycheproof('x25519_test.json'));
  assert.equal(cases.length, 518);
  let zeros = 0;
  for (const { test: t } of cases) {
    const out = x25519(hexToBytes(t.private as string), hexToBytes(t.public as string));
    assert.equal(bytesToHex(out), t.shared, `tcId ${t.tcId} ${t.comment}`);
    if (/^0+$/.test(t.shared as string)) zeros++;
  }
  assert.equal(zeros, 31, 'the low-order cases give all-zero output (to be refused by the caller)');
});

test('RFC 7748 §6.1: Alice and Bob (values from rfc-vectors.md)', () => {
  const sec = '## 1. X25519';
  const a = hexToBytes(rfcHex(sec, "Alice's private key"));
  const b = hexToBytes(rfcHex(sec, "Bob's private key"));
  const A = x25519(a, X25519_BASE_U);
  const B = x25519(b, X25519_BASE_U);
  assert.equal(bytesToHex(A), rfcHex(sec, "Alice's public key"));
  assert.equal(bytesToHex(B), rfcHex(sec, "Bob's public key"));
  assert.equal(bytesToHex(x25519(a, B)), rfcHex(sec, 'Their shared secret'));
  assert.equal(bytesToHex(x25519(b, A)), rfcHex(sec, 'Their shared secret'));
});

test('RFC 7748 §5.2: the iterated X25519 test after 1 and 1,000 iterations', () => {
  let k: Uint8Array = X25519_BASE_U.slice();
  let u: Uint8Array = X25519_BASE_U.slice();
  const after: Record<number, string> = {};
  for (let i = 1; i <= 1000; i++) {
    const r = x25519(k, u);
    u = k;
    k = r;
    if (i === 1 || i === 1000) after[i] = bytesToHex(k);
  }
  assert.equal(after[1], '422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079');
  assert.equal(after[1000], '684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51');
});

test('P-256 known answers of rfc-vectors.md §3a (Wycheproof tcId 1) and §3b (NIST CAVP)', () => {
  const c = getWeierstrassCurve('P-256');
  const d = bytesToBigIntBE(hexToBytes(rfcHex('### 3a', 'private key d')));
  assert.equal(bytesToHex(encodePoint(c, multiply(c, d, basePoint(c)))), rfcHex('### 3a', 'own public'));
  const Q = decodePublicKey(c, hexToBytes(rfcHex('### 3a', 'peer public Q (uncompressed)')));
  const S = multiply(c, d, Q);
  assert.ok(!S.infinity);
  assert.equal(S.x.toString(16).padStart(64, '0'), rfcHex('### 3a', 'shared x-coordinate'));
  const d2 = bytesToBigIntBE(hexToBytes(rfcHex('### 3b', 'dIUT')));
  const Q2 = decodePublicKey(c, hexToBytes('04' + rfcHex('### 3b', 'QCAVSx') + rfcHex('### 3b', 'QCAVSy')));
  const own = multiply(c, d2, basePoint(c));
  assert.ok(!own.infinity);
  assert.equal(own.x.toString(16).padStart(64, '0'), rfcHex('### 3b', 'QIUTx'));
  const S2 = multiply(c, d2, Q2);
  assert.ok(!S2.infinity);
  assert.equal(S2.x.toString(16).padStart(64, '0'), rfcHex('### 3b', 'ZIUT'));
});

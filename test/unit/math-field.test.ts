// Unit tests for client/math/field.ts and bytes.ts: modular arithmetic, square roots, byte codings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  bigIntToBytesBE,
  bigIntToBytesLE,
  bitAt,
  bitLength,
  byteLength,
  bytesToBigIntBE,
  bytesToBigIntLE,
  invert,
  isqrt,
  isSquare,
  legendre,
  mod,
  pow,
  signedMod,
  sqrt,
} from '../../client/math/field.js';
import { base64urlToBytes, bytesToBase64url, bytesToHex, hexToBytes } from '../../client/math/bytes.js';
import { CURVE25519, P256, P384, P521 } from '../../client/math/curves.js';

const PRIMES = [17n, 61n, 97n, 263n, 65521n, P256.p, P384.p, P521.p, CURVE25519.p];

test('mod is always non-negative; signedMod shows p − 3 as −3', () => {
  assert.equal(mod(-1n, 17n), 16n);
  assert.equal(mod(-34n, 17n), 0n);
  assert.equal(mod(35n, 17n), 1n);
  assert.equal(signedMod(94n, 97n), -3n);
  assert.equal(signedMod(P256.a, P256.p), -3n);
  assert.equal(signedMod(5n, 97n), 5n);
});

test('invert: a·a⁻¹ ≡ 1 and matches Fermat a^(p−2); refuses 0 and non-units', () => {
  for (const p of PRIMES) {
    for (const a of [1n, 2n, 3n, p - 1n, p / 3n + 7n]) {
      const inv = invert(a, p);
      assert.equal(mod(a * inv, p), 1n);
      assert.equal(inv, pow(a, p - 2n, p));
    }
    assert.throws(() => invert(0n, p), RangeError);
    assert.throws(() => invert(p, p), RangeError);
  }
  assert.equal(invert(-3n, 17n), 11n); // −3·11 = −33 ≡ 1
  assert.throws(() => invert(4n, 10n), RangeError);
});

test('pow: small known values and exponent 0', () => {
  assert.equal(pow(3n, 4n, 17n), 81n % 17n);
  assert.equal(pow(5n, 0n, 17n), 1n);
  assert.equal(pow(2n, 255n, CURVE25519.p), 19n); // 2^255 ≡ 19 mod 2^255 − 19
});

test('sqrt: every square of F_17, F_97 (Tonelli–Shanks) and F_263 (p ≡ 3 mod 4) has its roots', () => {
  for (const p of [17n, 61n, 97n, 263n]) {
    const squares = new Set<bigint>();
    for (let y = 0n; y < p; y++) squares.add((y * y) % p);
    for (let a = 0n; a < p; a++) {
      const r = sqrt(a, p);
      if (squares.has(a)) {
        assert.notEqual(r, undefined, `sqrt(${a}) mod ${p}`);
        assert.equal(((r as bigint) * (r as bigint)) % p, a);
        assert.ok((r as bigint) <= p - (r as bigint));
        assert.equal(isSquare(a, p), true);
      } else {
        assert.equal(r, undefined);
        assert.equal(legendre(a, p), -1);
      }
    }
  }
});

test('sqrt on big primes (P-256/384/521 shortcut, 2^255−19 Tonelli–Shanks) round-trips random squares', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: (1n << 520n) - 1n }), (y0) => {
      for (const p of [P256.p, P384.p, P521.p, CURVE25519.p, 65521n]) {
        const y = mod(y0, p);
        const a = (y * y) % p;
        const r = sqrt(a, p);
        assert.ok(r === y || r === mod(-y, p));
      }
    }),
    { numRuns: 25 },
  );
  // −1 is a non-square mod p ≡ 3 (mod 4)
  assert.equal(sqrt(P256.p - 1n, P256.p), undefined);
});

test('isqrt, bitLength, byteLength, bitAt', () => {
  assert.equal(isqrt(0n), 0n);
  assert.equal(isqrt(65927n), 256n);
  assert.equal(isqrt(1n << 256n), 1n << 128n);
  assert.equal(isqrt((1n << 256n) - 1n), (1n << 128n) - 1n);
  assert.equal(bitLength(0n), 0);
  assert.equal(bitLength(17n), 5);
  assert.equal(bitLength(P521.p), 521);
  assert.deepEqual([17n, 263n, 65521n, P256.p, P384.p, P521.p].map(byteLength), [1, 2, 2, 32, 48, 66]);
  assert.equal(bitAt(10n, 1), 1);
  assert.equal(bitAt(10n, 0), 0);
});

test('bytes ↔ bigint in both byte orders', () => {
  assert.equal(bytesToBigIntBE(Uint8Array.of(1, 2)), 0x0102n);
  assert.equal(bytesToBigIntLE(Uint8Array.of(1, 2)), 0x0201n);
  assert.deepEqual(bigIntToBytesBE(0x0102n, 3), Uint8Array.of(0, 1, 2));
  assert.deepEqual(bigIntToBytesLE(0x0102n, 3), Uint8Array.of(2, 1, 0));
  assert.throws(() => bigIntToBytesBE(256n, 1), RangeError);
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 70 }), (b) => {
      assert.deepEqual(bigIntToBytesBE(bytesToBigIntBE(b), b.length), b);
      assert.deepEqual(bigIntToBytesLE(bytesToBigIntLE(b), b.length), b);
    }),
  );
});

test('hex and base64url round-trip and match Node Buffer', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
      const buf = Buffer.from(b);
      assert.equal(bytesToHex(b), buf.toString('hex'));
      assert.equal(bytesToBase64url(b), buf.toString('base64url'));
      assert.deepEqual(hexToBytes(bytesToHex(b)), b);
      assert.deepEqual(base64urlToBytes(bytesToBase64url(b)), b);
    }),
  );
  assert.throws(() => hexToBytes('abc'));
  assert.throws(() => base64urlToBytes('ab+c'));
});

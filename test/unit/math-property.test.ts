// Property tests: double-and-add, the Montgomery ladder and @noble/curves agree on k·G for random k.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { TOY_CURVES } from '../../common/wire.js';
import { getToyCurve, P256, P384, P521, type WeierstrassCurve } from '../../client/math/curves.js';
import { bytesToHex } from '../../client/math/bytes.js';
import { basePoint, encodePoint, multiply, type Point } from '../../client/math/weierstrass.js';
import { doubleAndAdd, montgomeryLadder, x25519Ladder } from '../../client/math/scalar-mult.js';
import { x25519 } from '../../client/math/montgomery.js';

const affine = (P: Point): string => (P.infinity ? 'O' : `${P.x.toString(16)},${P.y.toString(16)}`);

for (const [c, noble, runs] of [
  [P256, p256, 20],
  [P384, p384, 12],
  [P521, p521, 8],
] as const) {
  test(`${c.id}: double-and-add = ladder = @noble/curves for random k in [1, n−1]`, () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: c.n - 1n }), (k) => {
        const want = bytesToHex(noble.Point.BASE.multiply(k).toBytes(false));
        const da = doubleAndAdd(c, k);
        const ml = montgomeryLadder(c, k);
        assert.equal(bytesToHex(encodePoint(c, da.result)), want);
        assert.equal(bytesToHex(encodePoint(c, ml.result)), want);
        // the recorded rows end on the result and count one row per bit of n
        assert.equal(affine(da.rows.at(-1)!.point), affine(da.result));
        assert.equal(da.rows.length, c.n.toString(2).length);
      }),
      { numRuns: runs },
    );
  });
}

test('P-256: the engine multiplies arbitrary points (k·(j·G)) like @noble/curves', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 1n, max: P256.n - 1n }),
      fc.bigInt({ min: 1n, max: P256.n - 1n }),
      (j, k) => {
        const P = multiply(P256, j, basePoint(P256));
        const want = bytesToHex(p256.Point.BASE.multiply(j).multiply(k).toBytes(false));
        assert.equal(bytesToHex(encodePoint(P256, doubleAndAdd(P256, k, P).result)), want);
        assert.equal(bytesToHex(encodePoint(P256, montgomeryLadder(P256, k, P).result)), want);
      },
    ),
    { numRuns: 10 },
  );
});

function nobleToy(c: WeierstrassCurve) {
  return weierstrass({ p: c.p, n: c.n, h: c.h, a: c.a, b: c.b, Gx: c.G.x, Gy: c.G.y });
}

for (const id of TOY_CURVES) {
  test(`${id}: double-and-add = ladder = @noble/curves for random k and random base points`, () => {
    const c = getToyCurve(id);
    const Point = nobleToy(c);
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: c.n - 1n }), fc.bigInt({ min: 1n, max: c.n - 1n }), (k, j) => {
        const want = Point.BASE.multiply(k).toAffine();
        const da = doubleAndAdd(c, k).result;
        const ml = montgomeryLadder(c, k).result;
        assert.equal(affine(da), `${want.x.toString(16)},${want.y.toString(16)}`);
        assert.equal(affine(ml), affine(da));
        const P = multiply(c, j, basePoint(c));
        const wantJ = Point.BASE.multiply(j).multiply(k);
        const got = doubleAndAdd(c, k, P).result;
        assert.equal(affine(got), wantJ.is0() ? 'O' : `${wantJ.x.toString(16)},${wantJ.y.toString(16)}`);
        assert.equal(affine(montgomeryLadder(c, k, P).result), affine(got));
      }),
      { numRuns: 60 },
    );
  });
}

test('X25519: the recorded ladder and the plain ladder agree with @noble/curves x25519', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      (a, b) => {
        const pubA = nobleX25519.getPublicKey(a);
        assert.equal(bytesToHex(x25519Ladder(a).resultBytes), bytesToHex(pubA));
        const shared = nobleX25519.getSharedSecret(b, pubA);
        assert.equal(bytesToHex(x25519(b, pubA)), bytesToHex(shared));
      },
    ),
    { numRuns: 25 },
  );
});

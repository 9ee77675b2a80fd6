// Unit tests for client/math/curves.ts and toy.ts: published parameters, the toy-curve table of docs/protocol.md §5.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
import { ALL_CURVES, PUB_LENGTH, TOY_CURVES, type ToyCurveId } from '../../common/wire.js';
import {
  CURVE25519,
  CURVES,
  equationText,
  getCurve,
  getToyCurve,
  getWeierstrassCurve,
  P256,
  P384,
  P521,
  TOY_17,
  TOY_97_COFACTOR,
} from '../../client/math/curves.js';
import { bitLength } from '../../client/math/field.js';
import { basePoint, isOnCurve, multiply, negate, pointsEqual } from '../../client/math/weierstrass.js';
import { curveOrder, enumeratePoints, factorize, orbit, pointOrder } from '../../client/math/toy.js';

test('NIST curve parameters equal @noble/curves', () => {
  for (const [ours, noble] of [
    [P256, p256],
    [P384, p384],
    [P521, p521],
  ] as const) {
    const c = noble.Point.CURVE();
    assert.equal(ours.p, c.p, `${ours.id} p`);
    assert.equal(ours.a, c.a, `${ours.id} a`);
    assert.equal(ours.b, c.b, `${ours.id} b`);
    assert.equal(ours.n, c.n, `${ours.id} n`);
    assert.equal(ours.h, c.h, `${ours.id} h`);
    assert.equal(ours.G.x, c.Gx, `${ours.id} Gx`);
    assert.equal(ours.G.y, c.Gy, `${ours.id} Gy`);
  }
});

test('NIST curves: G on the curve, n·G = O, (n−1)·G = −G, p has 256/384/521 bits', () => {
  for (const [c, bits] of [
    [P256, 256],
    [P384, 384],
    [P521, 521],
  ] as const) {
    const G = basePoint(c);
    assert.ok(isOnCurve(c, G), `${c.id} G on curve`);
    assert.equal(multiply(c, c.n, G).infinity, true, `${c.id} n·G = O`);
    assert.ok(pointsEqual(multiply(c, c.n - 1n, G), negate(c, G)));
    assert.equal(bitLength(c.p), bits);
    assert.equal(1 + 2 * c.byteLength, PUB_LENGTH[c.id]);
    assert.equal(c.a, c.p - 3n);
  }
});

test('Curve25519 parameters (RFC 7748 §4.1)', () => {
  assert.equal(CURVE25519.p, 2n ** 255n - 19n);
  assert.equal(CURVE25519.A, 486662n);
  assert.equal(CURVE25519.a24, (CURVE25519.A - 2n) / 4n);
  assert.equal(CURVE25519.Gu, 9n);
  assert.equal(CURVE25519.h, 8n);
  assert.equal(CURVE25519.n, 7237005577332262213973186563042994240857116359379907606001950938285454250989n);
  assert.equal(nobleX25519.lengths.publicKey, CURVE25519.byteLength);
});

test('every wire curve id has a definition; lookups refuse the wrong kind', () => {
  for (const id of ALL_CURVES) assert.equal(getCurve(id).id, id);
  assert.equal(Object.keys(CURVES).length, ALL_CURVES.length);
  assert.throws(() => getWeierstrassCurve('X25519'));
  assert.throws(() => getToyCurve('P-256'));
  assert.throws(() => getCurve('nope' as never));
  assert.equal(equationText(TOY_17), 'y² = x³ + 2x + 2 over F_17');
  assert.equal(equationText(getToyCurve('toy-97-a3')), 'y² = x³ − 3x + 6 over F_97');
  assert.equal(equationText(getToyCurve('toy-97-b7')), 'y² = x³ + 7 over F_97');
  assert.match(equationText(P256), /^y² = x³ − 3x \+ b over F_p \(256-bit p\)$/);
});

/** docs/protocol.md §5: G, order of G, curve order (h·n). */
const TABLE: Record<
  ToyCurveId,
  { p: bigint; a: bigint; b: bigint; G: [bigint, bigint]; n: bigint; order: bigint }
> = {
  'toy-17': { p: 17n, a: 2n, b: 2n, G: [5n, 1n], n: 19n, order: 19n },
  'toy-61': { p: 61n, a: 9n, b: 1n, G: [5n, 7n], n: 73n, order: 73n },
  'toy-97-a3': { p: 97n, a: -3n, b: 6n, G: [0n, 43n], n: 107n, order: 107n },
  'toy-97-b7': { p: 97n, a: 0n, b: 7n, G: [1n, 28n], n: 79n, order: 79n },
  'toy-263': { p: 263n, a: -3n, b: 1n, G: [0n, 1n], n: 257n, order: 257n },
  'toy-65521': { p: 65521n, a: -3n, b: 4n, G: [0n, 2n], n: 65927n, order: 65927n },
  'toy-97-cofactor': { p: 97n, a: 2n, b: 3n, G: [3n, 6n], n: 5n, order: 100n },
};

for (const id of TOY_CURVES) {
  test(`${id}: parameters, brute-force curve order and order of G match docs/protocol.md §5`, () => {
    const c = getToyCurve(id);
    const t = TABLE[id];
    assert.equal(c.p, t.p);
    assert.equal(c.a, ((t.a % t.p) + t.p) % t.p);
    assert.equal(c.b, t.b);
    assert.deepEqual([c.G.x, c.G.y], t.G);
    assert.equal(c.n, t.n);
    assert.equal(c.h * c.n, t.order);
    assert.equal(1 + 2 * c.byteLength, PUB_LENGTH[id]);

    const points = enumeratePoints(c);
    assert.equal(BigInt(points.length + 1), t.order, 'brute-force point count + O');
    assert.equal(curveOrder(c), t.order);
    for (const P of points.slice(0, 200)) assert.ok(isOnCurve(c, P));
    assert.equal(new Set(points.map((P) => `${P.x},${P.y}`)).size, points.length, 'no duplicates');

    const G = basePoint(c);
    assert.ok(isOnCurve(c, G));
    assert.equal(pointOrder(c, G, t.order), t.n);
    if (t.n < 1000n) {
      const o = orbit(c, G);
      assert.equal(BigInt(o.length), t.n, 'orbit length = order of G');
      assert.equal(o.at(-1)?.infinity, true);
      assert.equal(new Set(o.map((P) => (P.infinity ? 'O' : `${P.x},${P.y}`))).size, o.length);
    }
  });
}

test('toy-65521: the orbit of G is walked to O in order-of-G steps', () => {
  const o = orbit(getToyCurve('toy-65521'));
  assert.equal(o.length, 65927);
  assert.equal(o.at(-1)?.infinity, true);
});

test('toy-17 multiples of G (Paar & Pelzl) and the a = 3, b = 10 exchange', () => {
  const c = TOY_17;
  const G = basePoint(c);
  const o = orbit(c, G);
  const at = (k: number) => o[k - 1];
  assert.deepEqual(at(1), G);
  assert.deepEqual(
    [at(2)?.infinity, (at(2) as { x: bigint }).x, (at(2) as { y: bigint }).y],
    [false, 6n, 3n],
  );
  assert.ok(pointsEqual(multiply(c, 2n, G), { infinity: false, x: 6n, y: 3n }));
  assert.ok(pointsEqual(multiply(c, 3n, G), { infinity: false, x: 10n, y: 6n }));
  assert.ok(pointsEqual(multiply(c, 10n, G), { infinity: false, x: 7n, y: 11n }));
  const A = multiply(c, 3n, G);
  const B = multiply(c, 10n, G);
  const shared = { infinity: false as const, x: 13n, y: 10n };
  assert.ok(pointsEqual(multiply(c, 3n, B), shared));
  assert.ok(pointsEqual(multiply(c, 10n, A), shared));
});

test('cofactor curve: order 100 = 20 · 5, G has order 5, and the group has points of other orders', () => {
  const c = TOY_97_COFACTOR;
  assert.equal(curveOrder(c), 100n);
  const G = basePoint(c);
  assert.equal(pointOrder(c, G), 5n);
  assert.equal(orbit(c, G).length, 5);
  const orders = new Set(enumeratePoints(c).map((P) => pointOrder(c, P, 100n)));
  assert.ok(orders.has(2n) || orders.has(4n) || orders.has(10n), 'some point outside ⟨G⟩');
  for (const o of orders) assert.equal(100n % o, 0n, 'Lagrange');
  assert.deepEqual(factorize(100n), [2n, 2n, 5n, 5n]);
});

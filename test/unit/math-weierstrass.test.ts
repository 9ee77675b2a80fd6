// Unit tests for client/math/weierstrass.ts: the group law, Jacobian internals, encoding and validation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOY_CURVES } from '../../common/wire.js';
import { getToyCurve, P256, P521, TOY_17, TOY_97_COFACTOR } from '../../client/math/curves.js';
import { mod } from '../../client/math/field.js';
import {
  add,
  addDetailed,
  basePoint,
  batchFromJacobian,
  decodePoint,
  decodePublicKey,
  double,
  encodePoint,
  fromJacobian,
  INFINITY,
  isOnCurve,
  jacobianAdd,
  jacobianDouble,
  multiply,
  negate,
  point,
  PointError,
  pointsEqual,
  pointToHex,
  toJacobian,
  type Point,
} from '../../client/math/weierstrass.js';
import { enumeratePoints } from '../../client/math/toy.js';

const G17 = basePoint(TOY_17);

test('toy-17 by hand: G + G = (6,3) with tangent slope 13; G + 2G = (10,6) with chord slope 2', () => {
  const d = addDetailed(TOY_17, G17, G17);
  assert.equal(d.kind, 'double');
  // λ = (3·25 + 2) / (2·1) = 77/2 ≡ 9·9 = 81 ≡ 13 (mod 17)
  assert.equal(d.slope, 13n);
  assert.ok(pointsEqual(d.result, point(6n, 3n)));
  assert.ok(pointsEqual(d.third, point(6n, 14n)));
  const c = addDetailed(TOY_17, G17, point(6n, 3n));
  assert.equal(c.kind, 'add');
  assert.equal(c.slope, 2n); // (3 − 1)/(6 − 5)
  assert.equal(c.intercept, mod(1n - 2n * 5n, 17n));
  assert.ok(pointsEqual(c.result, point(10n, 6n)));
});

test('addDetailed: the third point lies on the curve and on the line y = λx + ν', () => {
  for (const id of ['toy-17', 'toy-61', 'toy-97-a3', 'toy-97-cofactor'] as const) {
    const c = getToyCurve(id);
    const pts = enumeratePoints(c);
    for (const P of pts.slice(0, 12)) {
      for (const Q of pts) {
        const d = addDetailed(c, P, Q);
        assert.ok(isOnCurve(c, d.result));
        if (d.kind === 'add' || d.kind === 'double') {
          const T = d.third;
          assert.ok(!T.infinity && isOnCurve(c, T));
          const line = (R: { x: bigint; y: bigint }) =>
            mod((d.slope as bigint) * R.x + (d.intercept as bigint) - R.y, c.p);
          assert.equal(line(P), 0n);
          assert.equal(line(Q), 0n);
          assert.equal(line(T as { x: bigint; y: bigint }), 0n);
          assert.ok(pointsEqual(d.result, negate(c, T)));
        } else {
          assert.equal(d.kind, 'inverse');
          assert.ok(d.result.infinity);
        }
      }
    }
  }
});

test('group law on toy curves: identity, inverse, commutativity, associativity', () => {
  for (const id of TOY_CURVES.filter((t) => t !== 'toy-65521')) {
    const c = getToyCurve(id);
    const pts = enumeratePoints(c);
    const pick = (i: number) => pts[(i * 7919) % pts.length] as Point;
    for (let i = 0; i < 40; i++) {
      const [P, Q, R] = [pick(i), pick(i + 3), pick(i * 5 + 1)];
      assert.ok(pointsEqual(add(c, P, INFINITY), P));
      assert.ok(pointsEqual(add(c, INFINITY, P), P));
      assert.ok(add(c, P, negate(c, P)).infinity);
      assert.ok(pointsEqual(add(c, P, Q), add(c, Q, P)));
      assert.ok(pointsEqual(add(c, add(c, P, Q), R), add(c, P, add(c, Q, R))), `${id} associativity`);
      assert.ok(pointsEqual(double(c, P), add(c, P, P)));
    }
  }
  // a point with y = 0 has order 2: its tangent is vertical
  const c = TOY_97_COFACTOR;
  const two = enumeratePoints(c).find((P) => P.y === 0n);
  assert.ok(two, 'the cofactor curve has a point of order 2');
  assert.ok(double(c, two).infinity);
  assert.equal(addDetailed(c, two, two).kind, 'inverse');
});

test('Jacobian add/double agree with affine, including O, P = Q and P = −Q', () => {
  for (const id of ['toy-17', 'toy-97-cofactor', 'toy-263'] as const) {
    const c = getToyCurve(id);
    const pts: Point[] = [INFINITY, ...enumeratePoints(c).slice(0, 30)];
    // a non-trivial Z: 3·P computed projectively
    for (const P of pts) {
      const jP = jacobianDouble(c, toJacobian(P));
      assert.ok(pointsEqual(fromJacobian(c, jP), double(c, P)));
      for (const Q of pts) {
        const jQ = jacobianAdd(c, toJacobian(Q), toJacobian(Q)); // 2Q with Z ≠ 1
        const want = add(c, double(c, P), double(c, Q));
        assert.ok(pointsEqual(fromJacobian(c, jacobianAdd(c, jP, jQ)), want));
        assert.ok(pointsEqual(fromJacobian(c, jacobianAdd(c, jP, toJacobian(Q))), add(c, double(c, P), Q)));
      }
    }
  }
  const c = P256;
  const Js = [1n, 2n, 3n, 0n, 5n].map((k) => toJacobian(multiply(c, k, basePoint(c))));
  const doubled = Js.map((J) => jacobianDouble(c, J));
  assert.deepEqual(
    batchFromJacobian(c, doubled),
    doubled.map((J) => fromJacobian(c, J)),
  );
});

test('encodePoint / decodePoint: 04 ‖ X ‖ Y in ⌈bits(p)/8⌉-byte coordinates', () => {
  assert.deepEqual(encodePoint(TOY_17, G17), Uint8Array.of(4, 5, 1));
  const c263 = getToyCurve('toy-263');
  assert.deepEqual(encodePoint(c263, basePoint(c263)), Uint8Array.of(4, 0, 0, 0, 1));
  for (const c of [P256, P521]) {
    const enc = encodePoint(c, basePoint(c));
    assert.equal(enc.length, 1 + 2 * c.byteLength);
    assert.ok(pointsEqual(decodePoint(c, enc), basePoint(c)));
  }
  assert.throws(() => encodePoint(TOY_17, INFINITY), PointError);
  assert.deepEqual(pointToHex(point(255n, 16n)), { x: 'ff', y: '10' });
  assert.equal(pointToHex(INFINITY), null);
});

test('decodePoint / decodePublicKey refuse malformed, off-curve, O and out-of-subgroup points', () => {
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof PointError);
      return e.code;
    }
    return 'accepted';
  };
  assert.equal(
    code(() => decodePoint(TOY_17, Uint8Array.of(4, 5))),
    'length',
  );
  assert.equal(
    code(() => decodePoint(TOY_17, Uint8Array.of(2, 5, 1))),
    'prefix',
  );
  assert.equal(
    code(() => decodePoint(TOY_17, Uint8Array.of(4, 5 + 17, 1))),
    'range',
  );
  assert.equal(
    code(() => decodePoint(TOY_17, Uint8Array.of(4, 5, 2))),
    'not-on-curve',
  );
  const enc = encodePoint(P256, basePoint(P256));
  enc[64] ^= 1;
  assert.equal(
    code(() => decodePublicKey(P256, enc)),
    'not-on-curve',
  );
  // cofactor curve: every point outside ⟨G⟩ is refused, every point inside accepted
  const c = TOY_97_COFACTOR;
  let inside = 0;
  for (const P of enumeratePoints(c)) {
    const inSub = multiply(c, 5n, P).infinity;
    const got = code(() => decodePublicKey(c, encodePoint(c, P)));
    assert.equal(got, inSub ? 'accepted' : 'subgroup');
    if (inSub) inside++;
  }
  assert.equal(inside, 4, 'the four non-identity points of ⟨G⟩');
});

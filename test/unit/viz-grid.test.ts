// Unit tests of the toy-grid view model: orbit lists, d×G step list, captions and the cofactor text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOY_17, TOY_97_COFACTOR, TOY_CURVE_DEFS } from '../../client/math/curves.js';
import { multiply, basePoint } from '../../client/math/weierstrass.js';
import { allPoints, orbitInfo, orderExplanation, scalarSteps } from '../../client/viz/model/grid-steps.js';
import { binary, fmtMultiple, fmtPoint, groupHex, shortHex } from '../../client/viz/model/format.js';
import { dotRadius } from '../../client/viz/grid-draw.js';

test('format helpers', () => {
  assert.equal(fmtPoint({ infinity: false, x: 5n, y: 1n }), '(5, 1)');
  assert.equal(fmtPoint({ infinity: true }), 'O');
  assert.equal(fmtMultiple(1n), 'G');
  assert.equal(fmtMultiple(10n), '10G');
  assert.equal(fmtMultiple(0n), 'O');
  assert.equal(binary(10n, 6), '001010');
  assert.equal(groupHex('ABCDEF0123', 4), 'abcd ef01 23');
  assert.equal(shortHex(0x1234n), '0x1234');
  assert.equal(shortHex(2n ** 255n - 19n), '0x7fffff…ffffed');
});

test('orbit of G on toy-17 numbers the points as in docs/protocol.md (toy curves)', () => {
  const o = orbitInfo(TOY_17);
  assert.equal(o.points.length, 19);
  assert.ok(o.points[18]?.infinity);
  assert.equal(o.index.get('5,1'), 1);
  assert.equal(o.index.get('6,3'), 2);
  assert.equal(o.index.get('10,6'), 3);
  assert.equal(o.index.get('7,11'), 10);
  assert.equal(allPoints(TOY_17).length, 18);
});

test('d×G steps for d = 10 on toy-17: double-and-add in order, lines from the engine, ends at (7, 11)', () => {
  const steps = scalarSteps(TOY_17, 10n);
  // start, bit3: O+G, bit2: double, bit1: double + add, bit0: double, done
  assert.deepEqual(
    steps.map((s) => s.op?.kind ?? '-'),
    ['-', '-', 'double', 'double', 'add', 'double', '-'],
  );
  assert.deepEqual(
    steps.map((s) => s.multiple),
    [0n, 1n, 2n, 4n, 5n, 10n, 10n],
  );
  const last = steps.at(-1)!;
  assert.equal(fmtPoint(last.current), '(7, 11)');
  assert.match(last.text, /the same point/);
  assert.match(steps[0]!.text, /d = 10 = 1010/);
  // 2G = (6, 3) from the tangent at G with the third intersection (6, 14) reflected.
  const dbl = steps[2]!;
  assert.equal(fmtPoint(dbl.current), '(6, 3)');
  assert.equal(fmtPoint(dbl.op!.detail.third), '(6, 14)');
  assert.match(dbl.text, /slope λ = 13 ≡ −4/);
  for (const s of steps) {
    if (!s.current.infinity) {
      const expected = multiply(TOY_17, s.multiple, basePoint(TOY_17));
      assert.equal(fmtPoint(s.current), fmtPoint(expected), s.text);
    }
  }
});

test('d×G steps agree with the engine for every d on every small toy curve', () => {
  for (const curve of Object.values(TOY_CURVE_DEFS)) {
    if (curve.p > 300n) continue;
    const orb = orbitInfo(curve);
    for (let d = 1n; d < curve.n; d += curve.n > 60n ? 7n : 1n) {
      const steps = scalarSteps(curve, d, orb);
      assert.equal(fmtPoint(steps.at(-1)!.current), fmtPoint(multiply(curve, d, basePoint(curve))));
      assert.match(steps.at(-1)!.text, /the same point/);
    }
  }
});

test('the cofactor curve explains that G covers 5 of 100 points', () => {
  const o = orbitInfo(TOY_97_COFACTOR);
  const text = orderExplanation(allPoints(TOY_97_COFACTOR).length, o);
  assert.match(text, /100 points/);
  assert.match(text, /covers only 5 of them/);
  assert.match(text, /cofactor is 100 \/ 5 = 20/);
  const full = orderExplanation(18, orbitInfo(TOY_17));
  assert.match(full, /visits every one of them/);
});

test('replaying a long scalar on a toy curve wraps multiples mod the order of G', () => {
  const d = 0xfedcba9876543210fedcba9876543210n;
  const steps = scalarSteps(TOY_17, d);
  const last = steps.at(-1)!;
  assert.equal(fmtPoint(last.current), fmtPoint(multiply(TOY_17, d % 19n, basePoint(TOY_17))));
  assert.equal(last.multiple, d % 19n);
  assert.match(steps[0]!.text, /only d mod 19 = /);
  assert.match(last.text, /the same point/);
  for (const s of steps) assert.ok(s.multiple < 19n);
});

test('dots stay visible: at least 5 px across on toy-97-sized cells, 1 px only on the dense grids', () => {
  assert.ok(dotRadius(600 / 97) >= 2.5, 'toy-97 on a 600 px grid');
  assert.ok(dotRadius(460 / 97) >= 2.5, 'toy-97 in Large type at 1280×720');
  assert.ok(dotRadius(600 / 65521) <= 1, 'toy-65521: the dots may not cover the grid');
  assert.equal(dotRadius(100), 6, 'capped on tiny curves');
});

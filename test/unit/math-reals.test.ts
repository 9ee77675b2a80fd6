// Unit tests for client/math/reals.ts: chord-and-tangent over ℝ, roots, components and sampling.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addReal,
  componentCount,
  cubicRoots,
  discriminant,
  doubleReal,
  isOnRealCurve,
  isSingular,
  nearestOnCurve,
  realCurveOf,
  rhs,
  sampleCurve,
  yForX,
  type RealCurve,
  type RealPoint,
} from '../../client/math/reals.js';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} ≈ ${b}`);
const E: RealCurve = { a: -7, b: 10 }; // y² = x³ − 7x + 10

test('P + Q on y² = x³ − 7x + 10: (1,2) + (3,4) = (−3,2); 2·(1,2) = (−1,−4)', () => {
  const s = addReal(E, { x: 1, y: 2 }, { x: 3, y: 4 });
  assert.equal(s.kind, 'add');
  assert.deepEqual(s.line, { kind: 'line', slope: 1, intercept: 1 });
  close(s.result!.x, -3);
  close(s.result!.y, 2);
  close(s.third!.y, -2);
  const d = doubleReal(E, { x: 1, y: 2 });
  assert.equal(d.kind, 'double');
  assert.equal(d.line?.kind === 'line' && d.line.slope, -1);
  close(d.result!.x, -1);
  close(d.result!.y, -4);
  for (const r of [s, d]) {
    assert.ok(isOnRealCurve(E, r.third!), 'the third intersection lies on the curve');
    assert.ok(isOnRealCurve(E, r.result!));
    const l = r.line!;
    assert.equal(l.kind, 'line');
    if (l.kind === 'line') close(l.slope * r.third!.x + l.intercept, r.third!.y);
  }
});

test('vertical lines and O: P + (−P) = O, 2·(point on the x-axis) = O, O + P = P', () => {
  const inv = addReal(E, { x: 1, y: 2 }, { x: 1, y: -2 });
  assert.equal(inv.kind, 'inverse');
  assert.deepEqual(inv.line, { kind: 'vertical', x: 1 });
  assert.equal(inv.result, null);
  const root = cubicRoots(E)[0]!;
  assert.equal(doubleReal(E, { x: root, y: 0 }).result, null);
  const id = addReal(E, null, { x: 1, y: 2 });
  assert.equal(id.kind, 'identity');
  assert.deepEqual(id.result, { x: 1, y: 2 });
});

test('random chords: the third intersection is on the curve and P + Q = Q + P', () => {
  const C: RealCurve = { a: -1, b: 1 };
  const pts: RealPoint[] = [-1.2, -0.5, 0, 0.7, 1.5, 2.5].map((x) => ({ x, y: yForX(C, x)[0]! }));
  for (const P of pts)
    for (const Q of pts) {
      const r = addReal(C, P, Q);
      if (!r.third) continue;
      assert.ok(isOnRealCurve(C, r.third, 1e-8), `${P.x} + ${Q.x}`);
      const r2 = addReal(C, Q, P);
      close(r.result!.x, r2.result!.x, 1e-8);
      close(r.result!.y, r2.result!.y, 1e-8);
    }
  // associativity holds over ℝ too (numerically)
  const [P, Q, R] = [pts[1]!, pts[3]!, pts[5]!];
  const left = addReal(C, addReal(C, P, Q).result, R).result!;
  const right = addReal(C, P, addReal(C, Q, R).result).result!;
  close(left.x, right.x, 1e-6);
  close(left.y, right.y, 1e-6);
});

test('yForX gives both branches; roots and component count', () => {
  assert.deepEqual(yForX({ a: 0, b: 0 }, 4), [8, -8]);
  assert.deepEqual(yForX({ a: -1, b: 0 }, 0.5), []);
  assert.deepEqual(yForX({ a: -1, b: 0 }, 1), [0]);
  const twoPieces: RealCurve = { a: -1, b: 0 }; // y² = x³ − x
  const r = cubicRoots(twoPieces);
  assert.equal(r.length, 3);
  [-1, 0, 1].forEach((want, i) => close(r[i]!, want));
  assert.equal(componentCount(twoPieces), 2);
  assert.ok(discriminant(twoPieces) > 0);
  assert.equal(componentCount({ a: 2, b: 2 }), 1);
  const one = cubicRoots({ a: 2, b: 2 });
  assert.equal(one.length, 1);
  close(rhs({ a: 2, b: 2 }, one[0]!), 0);
  assert.ok(isSingular({ a: -3, b: 2 })); // (x − 1)²(x + 2)
  assert.deepEqual(cubicRoots({ a: -3, b: 2 }), [-2, 1]);
});

test('sampleCurve: y² = x³ − x is an oval plus an open branch; y² = x³ + 7 one branch; all samples on the curve', () => {
  const C: RealCurve = { a: -1, b: 0 };
  const parts = sampleCurve(C, { xMax: 3, samples: 200 });
  assert.equal(parts.length, 2);
  const [oval, branch] = parts as [(typeof parts)[0], (typeof parts)[0]];
  assert.equal(oval.closed, true);
  assert.equal(branch.closed, false);
  assert.ok(oval.points.every((p) => p.x >= -1 - 1e-12 && p.x <= 1e-12));
  assert.ok(oval.points.some((p) => p.y > 0.3) && oval.points.some((p) => p.y < -0.3));
  close(branch.points[0]!.x, 3);
  close(branch.points.at(-1)!.x, 3);
  assert.ok(branch.points[0]!.y < 0 && branch.points.at(-1)!.y > 0, 'from the lower to the upper branch');
  for (const p of [...oval.points, ...branch.points]) assert.ok(isOnRealCurve(C, p, 1e-9));
  // dense near the root: consecutive samples never jump more than a small step
  for (let i = 1; i < branch.points.length; i++) {
    const a = branch.points[i - 1]!;
    const b = branch.points[i]!;
    assert.ok(Math.hypot(a.x - b.x, a.y - b.y) < 0.1);
  }
  const k = sampleCurve({ a: 0, b: 7 }, { xMax: 5 });
  assert.equal(k.length, 1);
  assert.ok(k[0]!.points.every((p) => isOnRealCurve({ a: 0, b: 7 }, p)));
  // an isolated point: y² = (x + 1)²(x − 2) = x³ − 3x − 2 has the lone point (−1, 0)
  const lone = sampleCurve({ a: -3, b: -2 }, { xMax: 4 });
  assert.ok(lone.some((c) => c.points.length === 1 && Math.abs(c.points[0]!.x + 1) < 1e-9));
});

test('nearestOnCurve snaps a click to the curve', () => {
  // (1.02, 2) is 0.02 above the curve (y(1.02) ≈ 1.980)
  const p = nearestOnCurve(E, 1.02, 2, 5)!;
  assert.ok(isOnRealCurve(E, p));
  assert.ok(Math.hypot(p.x - 1.02, p.y - 2) < 0.025);
  assert.ok(p.y > 0, 'the upper branch');
  const q = nearestOnCurve(E, 1.02, -2, 5)!;
  assert.ok(q.y < 0, 'the lower branch');
});

test('realCurveOf: toy curves over the reals keep their small signed a and b', () => {
  assert.deepEqual(realCurveOf({ p: 17n, a: 2n, b: 2n }), { a: 2, b: 2 });
  assert.deepEqual(realCurveOf({ p: 97n, a: 94n, b: 6n }), { a: -3, b: 6 });
});

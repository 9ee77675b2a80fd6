// Unit tests of the reals view model: picked points, viewport, step captions from the engine's addition.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addReal } from '../../client/math/reals.js';
import { pickByClick } from '../../client/viz/model/reals-pick.js';
import { singularity } from '../../client/viz/model/reals-singular.js';
import { toScreen } from '../../client/viz/model/viewport.js';
import {
  curveProblem,
  fmtReal,
  lineEquation,
  num,
  pointAt,
  realEquation,
  realsSteps,
  realsViewport,
} from '../../client/viz/model/reals-steps.js';

const curve = { a: -1, b: 1 };

test('num and fmtReal round for captions with a real minus sign', () => {
  assert.equal(num(-1.23456), '−1.235');
  assert.equal(num(2), '2');
  assert.equal(num(-0.0000001), '0');
  assert.equal(fmtReal({ x: 1, y: -1 }), '(1, −1)');
  assert.equal(fmtReal(null), 'O');
});

test('pointAt picks the upper or lower half, and nothing where the curve is absent', () => {
  assert.deepEqual(pointAt(curve, -1, 1), { x: -1, y: 1 });
  assert.deepEqual(pointAt(curve, 0, -1), { x: 0, y: -1 });
  assert.equal(pointAt(curve, -2, 1), undefined);
});

test('realEquation and curveProblem', () => {
  assert.equal(realEquation(curve), 'y² = x³ − x + 1');
  assert.equal(realEquation({ a: 2, b: 0 }), 'y² = x³ + 2x');
  assert.equal(curveProblem(curve), undefined);
  assert.match(curveProblem({ a: -3, b: 2 }) ?? '', /not an elliptic curve/);
});

test('viewport shows the leftmost root and keeps equal scale', () => {
  const v = realsViewport(curve, { left: 0, top: 0, width: 600, height: 540 });
  assert.ok(v.xMin < -1.33 && v.xMax > 2);
  const sx = 600 / (v.xMax - v.xMin);
  const sy = 540 / (v.yMax - v.yMin);
  assert.ok(Math.abs(sx - sy) < 1e-9);
  const o = toScreen(v, 0, 0);
  assert.ok(Math.abs(o.sy - 270) < 1e-9, 'x-axis in the middle');
});

test('P + Q for P = (−1, 1), Q = (0, 1): horizontal chord, third point (1, 1), sum (1, −1)', () => {
  const steps = realsSteps(curve, { x: -1, y: 1 }, { x: 0, y: 1 });
  assert.deepEqual(
    steps.map((s) => s.phase),
    ['points', 'line', 'third', 'reflect', 'done'],
  );
  assert.match(steps[1]!.text, /slope λ = .* = 0/);
  assert.match(steps[2]!.text, /\(1, 1\)/);
  assert.match(steps[3]!.text, /P \+ Q = \(1, −1\)/);
  assert.match(steps[4]!.text, /on the curve/);
});

test('doubling uses the tangent; a vertical line gives O', () => {
  const d = realsSteps(curve, { x: 0, y: 1 }, { x: 0, y: 1 });
  assert.match(d[0]!.text, /Double P/);
  assert.match(d[1]!.text, /tangent at P: its slope is λ = \(3x² \+ a\) \/ 2y = −0.5/);
  assert.match(d[3]!.text, /2P = \(0.25, 0.875\)|2P = \(0.25, −0.875\)/);
  const inv = realsSteps(curve, { x: 0, y: 1 }, { x: 0, y: -1 });
  assert.deepEqual(
    inv.map((s) => s.phase),
    ['points', 'line', 'done'],
  );
  assert.match(inv[2]!.text, /= O/);
});

test('the chord is written as a student would: y = 1, y = x − 3, y = −x, never "0x"', () => {
  assert.equal(lineEquation(0, 1), 'y = 1');
  assert.equal(lineEquation(1, -3), 'y = x − 3');
  assert.equal(lineEquation(-1, 0), 'y = −x');
  assert.equal(lineEquation(-0.5, 1), 'y = −0.5x + 1');
  assert.equal(lineEquation(0, 0), 'y = 0');
  const steps = realsSteps(curve, { x: -1, y: 1 }, { x: 0, y: 1 });
  assert.match(steps[1]!.text, /the line is y = 1\.$/);
});

test('a singular curve names its bad point: cusp, self-crossing or isolated point', () => {
  assert.deepEqual(singularity({ a: 0, b: 0 }), { kind: 'cusp', at: { x: 0, y: 0 } });
  // x³ − 3x + 2 = (x − 1)²(x + 2): the curve crosses itself at (1, 0).
  assert.deepEqual(singularity({ a: -3, b: 2 }), { kind: 'crossing', at: { x: 1, y: 0 } });
  // x³ − 3x − 2 = (x + 1)²(x − 2): (−1, 0) is a lone point left of the rest.
  assert.deepEqual(singularity({ a: -3, b: -2 }), { kind: 'isolated', at: { x: -1, y: 0 } });
  for (const c of [
    { a: -3, b: 2 },
    { a: -3, b: -2 },
  ]) {
    const { at } = singularity(c);
    assert.equal(at.x ** 3 + c.a * at.x + c.b, 0, 'a root of the cubic');
    assert.equal(3 * at.x ** 2 + c.a, 0, 'a double root: the derivative vanishes too');
  }
  assert.match(curveProblem({ a: -3, b: 2 }) ?? '', /self-crossing at \(1, 0\)/);
  assert.match(curveProblem({ a: 0, b: 0 }) ?? '', /cusp\) at \(0, 0\)/);
});

test('the viewport grows to hold P, Q, the third point and the sum', () => {
  const two = { a: -3, b: 1 };
  const P = pointAt(two, 3, 1)!;
  const Q = pointAt(two, 3.2, -1)!;
  const add = addReal(two, P, Q);
  const rect = { left: 0, top: 0, width: 600, height: 540 };
  const v = realsViewport(two, rect, undefined, [P, Q, add.third, add.result]);
  for (const p of [P, Q, add.third!, add.result!]) {
    const c = toScreen(v, p.x, p.y);
    assert.ok(c.sx > 0 && c.sx < 600 && c.sy > 0 && c.sy < 540, `${fmtReal(p)} is on the canvas`);
  }
  // Without the points the default view would cut some of them off (what a student saw).
  const plain = realsViewport(two, rect);
  assert.ok([P, Q, add.third!, add.result!].some((p) => p.x > plain.xMax || Math.abs(p.y) > plain.yMax));
});

test('after choosing Q the note still names P', () => {
  const v = realsViewport(curve, { left: 0, top: 0, width: 600, height: 540 });
  const Q = { x: 0, y: 1 };
  const c = toScreen(v, Q.x, Q.y);
  const r = pickByClick(curve, v, c.sx, c.sy, 'Q', { x: -1, y: 1 });
  assert.equal(r?.kind, 'points');
  assert.match(r!.note, /^P = \(−1, 1\), Q = \(0(\.\d+)?, 0?\.?\d+\)\. Press Play/);
});

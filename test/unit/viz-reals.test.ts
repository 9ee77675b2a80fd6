// Unit tests of the reals view model: picked points, viewport, step captions from the engine's addition.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toScreen } from '../../client/viz/model/viewport.js';
import {
  curveProblem,
  fmtReal,
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

// Unit tests for client/math/dlog.ts: brute force and baby-step giant-step recover d; chunked stepping; extrapolation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOY_CURVES } from '../../common/wire.js';
import { getToyCurve, TOY_17 } from '../../client/math/curves.js';
import { isqrt } from '../../client/math/field.js';
import { basePoint, multiply, point } from '../../client/math/weierstrass.js';
import { enumeratePoints, randomScalar } from '../../client/math/toy.js';
import {
  bruteForceDlog,
  bsgsDlog,
  expectedBruteForceSteps,
  expectedBsgsSteps,
  extrapolate,
  extrapolateToP256,
  formatDuration,
  log2BigInt,
  measuredRate,
  runDlog,
} from '../../client/math/dlog.js';

for (const id of TOY_CURVES) {
  test(`${id}: brute force and BSGS recover random private keys with sane step counts`, () => {
    const c = getToyCurve(id);
    const m = Number(isqrt(c.n - 1n) + 1n);
    const tries = id === 'toy-65521' ? 2 : 6;
    for (let i = 0; i < tries; i++) {
      const d = i === 0 ? c.n - 1n : randomScalar(c.n);
      const Q = multiply(c, d, basePoint(c));
      const bf = runDlog(bruteForceDlog(c, Q, { chunk: 5000 }));
      assert.equal(bf.done, true);
      assert.equal(bf.d, d);
      assert.equal(bf.steps, Number(d), 'brute force takes exactly d steps');
      assert.equal(bf.maxSteps, Number(c.n));
      const bs = runDlog(bsgsDlog(c, Q, { chunk: 50 }));
      assert.equal(bs.d, d);
      assert.ok(bs.steps > m - 1 && bs.steps <= 2 * m, `BSGS steps ${bs.steps} within [√n, 2√n]`);
      assert.equal(bs.maxSteps, 2 * m);
    }
  });
}

test('chunked stepping: progress is monotone, yields every chunk, ends done (toy-65521)', () => {
  const c = getToyCurve('toy-65521');
  const d = 40000n;
  const it = bruteForceDlog(c, multiply(c, d, basePoint(c)), { chunk: 4096 });
  const seen: number[] = [];
  for (;;) {
    const r = it.next();
    if (r.done) break;
    seen.push(r.value.steps);
    if (!r.value.done) {
      assert.equal(r.value.steps % 4096, 0);
      assert.equal(r.value.phase, 'search');
      assert.equal(r.value.d, null);
      assert.ok(!r.value.current.infinity);
    } else assert.equal(r.value.d, d);
  }
  assert.equal(seen.length, Math.floor(40000 / 4096) + 1);
  assert.deepEqual(
    seen,
    [...seen].sort((a, b) => a - b),
  );
  const phases = [...bsgsDlog(c, multiply(c, d, basePoint(c)), { chunk: 16 })].map((p) => p.phase);
  assert.ok(phases.indexOf('giant') > phases.lastIndexOf('baby'));
  assert.equal(phases.at(-1), 'done');
});

test('a point outside ⟨G⟩ has no discrete log: both attacks finish with d = null', () => {
  const c = getToyCurve('toy-97-cofactor');
  const outside = enumeratePoints(c).find((P) => !multiply(c, c.n, P).infinity)!;
  const bf = runDlog(bruteForceDlog(c, outside));
  assert.equal(bf.d, null);
  assert.equal(bf.steps, 5);
  const bs = runDlog(bsgsDlog(c, outside));
  assert.equal(bs.d, null);
  assert.equal(bs.steps, 2 * 3);
  // and the toy-17 textbook case
  assert.equal(runDlog(bsgsDlog(TOY_17, point(7n, 11n))).d, 10n);
});

test('extrapolation: n/2 and √n, 2^128 BSGS steps for P-256, readable durations', () => {
  assert.equal(expectedBruteForceSteps(65927n), 32963n);
  assert.equal(expectedBsgsSteps(65927n), 257n);
  assert.equal(expectedBsgsSteps(65536n), 256n);
  assert.ok(Math.abs(log2BigInt(1n << 300n) - 300) < 1e-9);
  assert.ok(Math.abs(log2BigInt(3n) - Math.log2(3)) < 1e-12);
  const rate = measuredRate(65927, 500); // 131854 steps/s
  assert.equal(rate, 131854);
  const p = extrapolateToP256(rate);
  assert.ok(Math.abs(p.log2Steps - 128) < 0.01, `log2 ${p.log2Steps}`);
  assert.ok(p.years > 1e25 && p.years < 1e26, `${p.years} years`);
  assert.ok(p.universeAges > 1e14);
  assert.match(p.text, /^≈ 2\^128 steps: \d\.\d × 10\^\d+ years$/);
  const bf = extrapolateToP256(rate, 'brute-force');
  assert.ok(Math.abs(bf.log2Steps - 255) < 0.01);
  const toy = extrapolate(65927n, 'brute-force', rate);
  assert.ok(Math.abs(toy.seconds - 0.25) < 0.01);
  assert.equal(formatDuration(0.25), '250 ms');
  assert.equal(formatDuration(30), '30.0 s');
  assert.equal(formatDuration(3600), '60.0 minutes');
  assert.equal(formatDuration(86400 * 3), '3.00 days');
  assert.equal(formatDuration(Infinity), 'forever');
});

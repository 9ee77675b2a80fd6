// Unit tests for client/math/rho.ts and bsgs-tables.ts: rho finds brute force's d for every target; BSGS tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOY_CURVES } from '../../common/wire.js';
import { getToyCurve, TOY_17 } from '../../client/math/curves.js';
import { add, basePoint, multiply, pointsEqual, type Point } from '../../client/math/weierstrass.js';
import { bruteForceDlog, bsgsDlog, runDlog } from '../../client/math/dlog.js';
import { doubleAndAddOps, rhoBound, rhoDlog } from '../../client/math/rho.js';
import { bsgsStride, bsgsTables } from '../../client/math/bsgs-tables.js';

/** Every multiple k·G, 1 ≤ k < n, by walking the orbit once (brute force's own order). */
function orbit(id: (typeof TOY_CURVES)[number]): Point[] {
  const c = getToyCurve(id);
  const G = basePoint(c);
  const out: Point[] = [];
  let R: Point = G;
  for (let k = 1n; k < c.n; k++) {
    out.push(R);
    R = add(c, R, G);
  }
  return out;
}

for (const id of TOY_CURVES) {
  test(`${id}: Pollard's rho finds the same d as brute force for every target`, () => {
    const c = getToyCurve(id);
    const targets = orbit(id);
    // toy-65521 has 65 926 targets (about a minute of rho): every 16th one, and the first and last 64.
    const big = targets.length > 5000;
    for (let i = 0; i < targets.length; i++) {
      if (big && i % 16 !== 0 && i >= 64 && i < targets.length - 64) continue;
      const Q = targets[i] as Point;
      const d = BigInt(i + 1);
      // brute force is the reference (checked against the orbit on the small curves, where it is cheap)
      if (!big) assert.equal(runDlog(bruteForceDlog(c, Q, { chunk: 1000 })).d, d);
      const r = runDlog(rhoDlog(c, Q, { chunk: 100000 }));
      assert.equal(r.done, true);
      assert.equal(r.d, d, `${id}: rho on ${d}·G`);
      assert.ok(pointsEqual(multiply(c, r.d ?? 0n, basePoint(c)), Q));
      assert.ok(r.steps <= r.maxSteps && r.maxSteps === rhoBound(c.n));
    }
  });
}

test('rho is deterministic for a walk number and differs between walks', () => {
  const c = getToyCurve('toy-263');
  const Q = multiply(c, 200n, basePoint(c));
  const a = runDlog(rhoDlog(c, Q, { walk: 7 }));
  const b = runDlog(rhoDlog(c, Q, { walk: 7 }));
  assert.deepEqual(a, b);
  const counts = new Set([1, 2, 3, 4, 5, 6].map((w) => runDlog(rhoDlog(c, Q, { walk: w })).steps));
  assert.ok(counts.size > 1, 'different walks take different numbers of steps');
});

test('rho yields every step with chunk 1, counting one group operation per step', () => {
  const c = getToyCurve('toy-61');
  const Q = multiply(c, 50n, basePoint(c));
  const seen = [...rhoDlog(c, Q, { chunk: 1 })];
  const last = seen.at(-1);
  assert.equal(last?.d, 50n);
  for (let i = 1; i < seen.length; i++) assert.ok((seen[i]?.steps ?? 0) > (seen[i - 1]?.steps ?? 0));
  assert.equal(seen.filter((p) => p.done).length, 1);
});

test('rho gives up within its bound when Q is not a multiple of G', () => {
  const c = getToyCurve('toy-97-cofactor');
  // a point of the curve outside G's subgroup of order 5
  let off: Point | null = null;
  for (let x = 0n; x < c.p && !off; x++)
    for (let y = 0n; y < c.p && !off; y++)
      if ((y * y - (x * x * x + c.a * x + c.b)) % c.p === 0n) {
        const P = { infinity: false as const, x, y };
        if (!multiply(c, c.n, P).infinity) off = P;
      }
  assert.ok(off);
  const r = runDlog(rhoDlog(c, off, { chunk: 100000, attempts: 3 }));
  assert.equal(r.d, null);
  assert.ok(r.steps <= rhoBound(c.n, 3));
});

test('doubleAndAddOps counts doublings and additions', () => {
  assert.equal(doubleAndAddOps(1n), 0);
  assert.equal(doubleAndAddOps(2n), 1);
  assert.equal(doubleAndAddOps(3n), 2);
  assert.equal(doubleAndAddOps(0b1011n), 5);
});

test('BSGS tables on toy-17: baby rows j·G, giant rows Q − i·m·G, the match gives d', () => {
  const c = TOY_17;
  const G = basePoint(c);
  const m = bsgsStride(c.n);
  assert.equal(m, 5);
  const Q = multiply(c, 13n, G);
  const t = bsgsTables(c, Q, 1000);
  assert.equal(t.baby.length, m);
  t.baby.forEach((row, j) => {
    assert.equal(row.j, j);
    assert.ok(pointsEqual(row.P, multiply(c, BigInt(j), G)));
  });
  t.giant.forEach((row, i) => {
    const expect = add(c, Q, multiply(c, c.n - (BigInt(i * m) % c.n), G));
    assert.ok(pointsEqual(row.P, expect), `giant row ${i}`);
  });
  // 13 = 2·5 + 3: the third giant step (i = 2) meets baby row 3
  assert.deepEqual(t.found, { i: 2, j: 3, d: 13n });
  assert.equal(t.giant.at(-1)?.match, 3);
  assert.ok(t.giant.slice(0, -1).every((r) => r.match === null));
  assert.equal(t.steps, runDlog(bsgsDlog(c, Q, { chunk: 1 })).steps, 'the same count as bsgsDlog');
});

test('BSGS tables fill in step by step exactly as bsgsDlog counts', () => {
  for (const id of ['toy-61', 'toy-97-b7', 'toy-97-cofactor'] as const) {
    const c = getToyCurve(id);
    const m = bsgsStride(c.n);
    for (let d = 1n; d < c.n; d += 3n) {
      const Q = multiply(c, d, basePoint(c));
      const run = [...bsgsDlog(c, Q, { chunk: 1 })];
      for (const p of run) {
        const t = bsgsTables(c, Q, p.steps);
        assert.equal(t.steps, p.steps);
        assert.equal(t.baby.length, Math.min(p.steps, m));
        assert.equal(t.giant.length, Math.max(0, p.steps - m));
        assert.equal(t.found?.d ?? null, p.d);
      }
      assert.equal(bsgsTables(c, Q, Number.MAX_SAFE_INTEGER).found?.d, d);
    }
  }
});

test('BSGS tables with no steps are empty', () => {
  const t = bsgsTables(TOY_17, basePoint(TOY_17), 0);
  assert.equal(t.baby.length + t.giant.length, 0);
  assert.equal(t.found, null);
});

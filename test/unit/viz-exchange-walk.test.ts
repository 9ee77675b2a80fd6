// The exchange's teaching models against the engine and brute force on every toy curve: walks, stages, the table, the cofactor, Z = x.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOY_CURVES } from '../../common/wire.js';
import { getToyCurve } from '../../client/math/curves.js';
import {
  add,
  basePoint,
  INFINITY,
  multiply,
  negate,
  pointsEqual,
  type Point,
} from '../../client/math/weierstrass.js';
import { cofactorInfo } from '../../client/viz/model/exchange-cofactor.js';
import { toyExchange, toyZHex } from '../../client/viz/model/exchange-model.js';
import {
  exchangePlan,
  indexForStage,
  reached,
  sideDone,
  stageAt,
  walkAt,
} from '../../client/viz/model/exchange-stages.js';
import { commutativityTable, tableScalars } from '../../client/viz/model/exchange-table.js';
import { exchangeWalk } from '../../client/viz/model/exchange-walk.js';
import { fmtMultiple, fmtPoint } from '../../client/viz/model/format.js';
import { xOnly } from '../../client/viz/model/exchange-xonly.js';

/** k × P by k − 1 additions: the brute force the engine is checked against. */
function byAdding(curve: ReturnType<typeof getToyCurve>, k: bigint, P: Point): Point {
  let R: Point = INFINITY;
  for (let i = 0n; i < k; i++) R = add(curve, R, P);
  return R;
}

test("each walk step is multiple × base and the walk ends on the engine's d × P, on every toy curve", () => {
  for (const id of TOY_CURVES) {
    const curve = getToyCurve(id);
    const G = basePoint(curve);
    const P = multiply(curve, 3n, G);
    if (P.infinity) throw new Error('3G is O');
    for (const d of [1n, 2n, 5n, 13n, curve.n - 1n]) {
      const walk = exchangeWalk(curve, d, P, { who: 'Alice', base: 'Q_B' });
      assert.ok(pointsEqual(walk.at(-1)!.R, multiply(curve, d, P)), `${id} d=${d}`);
      assert.equal(walk.at(-1)!.multiple, d);
      for (const w of walk) assert.ok(pointsEqual(w.R, multiply(curve, w.multiple, P)), `${id}: ${w.text}`);
      // Each operation's caption names the new R as a multiple of Q_B and as the engine's point.
      for (const w of walk.filter((x) => x.op))
        assert.ok(w.text.includes(`R = ${fmtMultiple(w.multiple, 'Q_B')} = ${fmtPoint(w.R)}.`), w.text);
      // One doubling per bit after the first and one addition per one-bit: start + ops + summary.
      const ones = d
        .toString(2)
        .split('')
        .filter((b) => b === '1').length;
      assert.equal(walk.length, 2 + (d.toString(2).length - 1) + ones, `${id} d=${d}`);
      assert.match(walk.at(-1)!.text, /is done: S = /);
      assert.ok(
        walk.slice(1, -1).every((w, i) => i === 0 || w.op !== undefined),
        'every step after the first draws a line',
      );
    }
  }
});

test('the plan walks both sides, both walks end on the same S, and stages map between plans', () => {
  for (const id of TOY_CURVES) {
    const curve = getToyCurve(id);
    const ex = toyExchange(id, 2n, curve.n - 2n);
    const plan = exchangePlan(ex);
    assert.equal(
      plan.steps.length,
      plan.stages.reduce((a, s) => a + s.length, 0),
    );
    const [wa, wb] = plan.walks!;
    assert.ok(pointsEqual(wa.at(-1)!.R, wb.at(-1)!.R), `${id}: both walks meet`);
    assert.ok(pointsEqual(wa.at(-1)!.R, ex.a.S));
    const a = plan.stages.find((s) => s.part === 'walk-a')!;
    const b = plan.stages.find((s) => s.part === 'walk-b')!;
    assert.equal(walkAt(plan, a.start + 1)?.side, 0);
    assert.equal(walkAt(plan, b.start)?.side, 1);
    assert.equal(walkAt(plan, 0), undefined);
    assert.ok(!sideDone(plan, a.start, 0) && sideDone(plan, a.start + a.length - 1, 0));
    assert.ok(!reached(plan, b.start, 'same') && reached(plan, plan.steps.length - 1, 'same'));
    assert.match(plan.steps[b.start + b.length]!, /Both walks end on the same point/);
    for (let i = 0; i < plan.steps.length; i++) assert.equal(indexForStage(plan, stageAt(plan, i)), i);
  }
  // A follower with other keys (a longer walk, or a real curve) lands in the same stage, clamped.
  const short = exchangePlan(toyExchange('toy-17', 1n, 2n));
  const long = exchangePlan(toyExchange('toy-17', 15n, 13n));
  const lastOfLongA = stageAt(long, long.stages[1]!.start + long.stages[1]!.length - 1);
  const mapped = indexForStage(short, lastOfLongA);
  assert.equal(stageAt(short, mapped).part, 'walk-a');
  assert.equal(mapped, short.stages[1]!.start + short.stages[1]!.length - 1);
  const real = exchangePlan(undefined);
  assert.equal(indexForStage(real, { part: 'walk-b', index: 2, total: 5 }), 0);
  assert.equal(indexForStage(real, { part: 'hkdf', index: 0, total: 1 }), 1);
  assert.equal(indexForStage(short, { part: 'aes', index: 0, total: 1 }), short.steps.length - 1);
});

test('the commutativity table agrees with brute force and marks the pair', () => {
  for (const id of TOY_CURVES) {
    const curve = getToyCurve(id);
    const G = basePoint(curve);
    const pair: [bigint, bigint] = [curve.n - 1n, curve.n > 9n ? 9n : 2n];
    const t = commutativityTable(curve, 5, pair);
    assert.ok(t.allSame, id);
    assert.ok(t.rows.includes(pair[0]) && t.cols.includes(pair[1]));
    assert.equal(t.cells.flat().filter((c) => c.ours).length, 1);
    for (const c of t.cells.flat()) {
      const brute = byAdding(curve, (c.dA * c.dB) % curve.n, G);
      assert.ok(pointsEqual(c.viaA, brute) && pointsEqual(c.viaB, brute), `${id} ${c.dA}·${c.dB}`);
    }
  }
  assert.deepEqual(tableScalars(5n, 6), [1n, 2n, 3n, 4n]);
  assert.deepEqual(tableScalars(19n, 3, 17n), [1n, 2n, 17n]);
  assert.deepEqual(tableScalars(19n, 3, 40n), [1n, 2n, 3n], 'an invalid scalar is not put in');
});

test('the cofactor numbers match brute-force point counts', () => {
  for (const id of TOY_CURVES.filter((c) => c !== 'toy-65521')) {
    const curve = getToyCurve(id);
    const c = cofactorInfo(curve);
    // Brute force: count (x, y) with y² = x³ + ax + b directly, and the order of G by adding.
    let count = 1n;
    for (let x = 0n; x < curve.p; x++)
      for (let y = 0n; y < curve.p; y++)
        if ((y * y - (x * x * x + curve.a * x + curve.b)) % curve.p === 0n) count++;
    let n = 1n;
    for (let R: Point = basePoint(curve); !R.infinity; R = add(curve, R, basePoint(curve))) n++;
    assert.equal(c.total, count, id);
    assert.equal(c.n, n, id);
    assert.equal(c.h, curve.h, `${id}: the curve's stored cofactor`);
    assert.equal(c.subgroup.length, Number(n - 1n));
    assert.equal(c.subgroup.length + c.others.length + 1, Number(count));
    assert.ok(c.wraps);
  }
  const c = cofactorInfo(getToyCurve('toy-97-cofactor'));
  assert.equal(c.h, 20n);
  assert.match(c.text.join(' '), /only n − 1 = 4 private keys/);
  assert.ok(c.example && c.example.order > 1n && !c.subgroup.some((P) => pointsEqual(P, c.example!.P)));
});

test('Z = x(S): −S has the same x and the text says so with computed numbers', () => {
  for (const id of TOY_CURVES) {
    const ex = toyExchange(id, 3n, 7n);
    const x = xOnly(ex.curve, ex.a.S, toyZHex(ex, ex.a.S));
    assert.ok(x.sameX, id);
    assert.ok(pointsEqual(x.negS, negate(ex.curve, ex.a.S)));
    if (ex.a.S.infinity) continue;
    assert.ok(x.text[0]!.includes(`Z = x = ${ex.a.S.x}`));
    assert.match(x.text[2]!, /u-coordinate alone/);
  }
  assert.equal(xOnly(getToyCurve('toy-17'), INFINITY, '').sameX, false);
});

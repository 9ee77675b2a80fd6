// Unit tests for client/math/side-channel.ts: double-and-add's trace decodes to d; the ladder's is the same for every scalar.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOY_CURVES } from '../../common/wire.js';
import { getToyCurve } from '../../client/math/curves.js';
import { bitLength } from '../../client/math/field.js';
import { doubleAndAdd, montgomeryLadder } from '../../client/math/scalar-mult.js';
import { decodeDoubleAndAdd, traceOps, traceReading, traceSegments } from '../../client/math/side-channel.js';

for (const id of TOY_CURVES) {
  const c = getToyCurve(id);
  const scalars =
    c.n <= 300n
      ? [...Array(Number(c.n) - 1).keys()].map((i) => BigInt(i + 1))
      : [1n, 2n, 3n, 1000n, c.n - 1n];
  test(`${id}: the double-and-add trace is the engine's ops and decodes back to d`, () => {
    for (const d of scalars) {
      const ops = traceOps('double-and-add', d, bitLength(c.n));
      const engine = doubleAndAdd(c, d).rows.flatMap((r) => (r.op === 'D' ? ['D'] : ['D', 'A']));
      assert.deepEqual(
        ops.map((o) => o.op),
        engine,
      );
      assert.equal(decodeDoubleAndAdd(traceSegments(ops)), d);
    }
  });
  test(`${id}: the ladder's trace is the same for every scalar of the curve's bit length`, () => {
    const width = bitLength(c.n);
    const first = JSON.stringify(traceSegments(traceOps('ladder', 1n, width)));
    for (const d of scalars) {
      assert.equal(montgomeryLadder(c, d).rows.length * 2, traceOps('ladder', d, width).length);
      assert.equal(JSON.stringify(traceSegments(traceOps('ladder', d, width))), first);
    }
  });
}

test('every 12-bit scalar: double-and-add decodes, the ladder trace never changes', () => {
  const ladder = JSON.stringify(traceSegments(traceOps('ladder', 0n, 12)));
  for (let d = 0n; d < 4096n; d++) {
    assert.equal(decodeDoubleAndAdd(traceSegments(traceOps('double-and-add', d, 12))), d);
    assert.equal(JSON.stringify(traceSegments(traceOps('ladder', d, 12))), ladder);
  }
});

test('a 256-bit key: decodes; the reading says what is learnt; junk traces are refused', () => {
  const d = (1n << 255n) + 0xdeadbeefn;
  const seg = traceSegments(traceOps('double-and-add', d, 256));
  assert.equal(decodeDoubleAndAdd(seg), d);
  assert.match(
    traceReading('double-and-add', traceSegments(traceOps('double-and-add', 13n, 4))),
    /1101 = 13/,
  );
  assert.match(
    traceReading('ladder', traceSegments(traceOps('ladder', 13n, 4))),
    /only that the key has 4 bits/,
  );
  const twoAdds = traceSegments(traceOps('ladder', 5n, 3));
  assert.equal(decodeDoubleAndAdd(twoAdds), null);
  assert.throws(() => traceOps('ladder', 16n, 3), RangeError);
});

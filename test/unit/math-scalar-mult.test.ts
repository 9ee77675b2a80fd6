// Unit tests for client/math/scalar-mult.ts: the recorded rows of double-and-add and the two ladders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { p521 } from '@noble/curves/nist.js';
import { getToyCurve, P256, P521, TOY_17 } from '../../client/math/curves.js';
import { hexToBytes, bytesToHex } from '../../client/math/bytes.js';
import {
  add,
  basePoint,
  encodePoint,
  INFINITY,
  multiply,
  negate,
  pointsEqual,
} from '../../client/math/weierstrass.js';
import { doubleAndAdd, montgomeryLadder, x25519Ladder } from '../../client/math/scalar-mult.js';
import { decodeUCoordinate, montgomeryLadderU } from '../../client/math/montgomery.js';

const fmt = (P: { infinity: boolean; x?: bigint; y?: bigint }) => (P.infinity ? 'O' : `(${P.x},${P.y})`);

test('double-and-add on toy-17, k = 10 = 0b01010 (width 5 = bits(19)): rows by hand', () => {
  const t = doubleAndAdd(TOY_17, 10n);
  assert.deepEqual(
    t.rows.map((r) => `${r.bitIndex}:${r.bit}:${r.op}:${r.prefix}:${fmt(r.point)}`),
    ['4:0:D:0:O', '3:1:D+A:1:(5,1)', '2:0:D:2:(6,3)', '1:1:D+A:5:(9,16)', '0:0:D:10:(7,11)'],
  );
  assert.equal(fmt(t.result), '(7,11)');
  assert.equal(t.doublings, 5);
  assert.equal(t.additions, 2);
  assert.equal(t.method, 'double-and-add');
});

test('Montgomery ladder on toy-17, k = 10: R0 = prefix·G, R1 = R0 + G, one A+D per row', () => {
  const c = TOY_17;
  const G = basePoint(c);
  const t = montgomeryLadder(c, 10n);
  assert.equal(t.rows.length, 5);
  for (const r of t.rows) {
    assert.equal(r.op, 'A+D');
    assert.ok(pointsEqual(r.r0, multiply(c, r.prefix, G)));
    assert.ok(pointsEqual(r.r1, add(c, r.r0, G)));
  }
  assert.equal(fmt(t.result), '(7,11)');
  assert.equal(t.additions, t.doublings);
});

test('rows on P-256: every row point is prefix·G; width 256 with leading zeros; ladder agrees', () => {
  const c = P256;
  const G = basePoint(c);
  const k = 0x0000ff00deadbeefn << 180n;
  const t = doubleAndAdd(c, k);
  const l = montgomeryLadder(c, k);
  assert.equal(t.rows.length, 256);
  assert.equal(l.rows.length, 256);
  assert.equal(t.rows[0]?.point.infinity, true);
  for (const i of [0, 40, 41, 100, 200, 255]) {
    const r = t.rows[i]!;
    assert.equal(r.bitIndex, 255 - i);
    assert.ok(pointsEqual(r.point, multiply(c, r.prefix, G)), `row ${i}`);
    assert.ok(pointsEqual(l.rows[i]!.r0, r.point));
  }
  assert.ok(pointsEqual(t.result, l.result));
  assert.equal(t.additions, 24 + 8); // popcount(0xff00deadbeef): ff → 8, deadbeef → 24
  assert.equal(doubleAndAdd(c, 5n, G, { width: 3 }).rows.length, 3);
  assert.throws(() => doubleAndAdd(c, 5n, G, { width: 2 }), RangeError);
  assert.throws(() => doubleAndAdd(c, -1n), RangeError);
});

test('edge scalars: 0, 1, n − 1, n, n + 1, and P = O', () => {
  for (const c of [TOY_17, getToyCurve('toy-97-cofactor'), P256]) {
    const G = basePoint(c);
    for (const [k, want] of [
      [0n, INFINITY],
      [1n, G],
      [c.n - 1n, negate(c, G)],
      [c.n, INFINITY],
      [c.n + 1n, G],
    ] as const) {
      assert.ok(pointsEqual(doubleAndAdd(c, k).result, want), `${c.id} d&a k=${k}`);
      assert.ok(pointsEqual(montgomeryLadder(c, k).result, want), `${c.id} ladder k=${k}`);
    }
    assert.ok(doubleAndAdd(c, 7n, INFINITY).result.infinity);
    assert.ok(montgomeryLadder(c, 7n, INFINITY).result.infinity);
  }
});

test('P-521 recorded double-and-add and ladder equal @noble/curves', () => {
  const k =
    0x1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809n;
  const t = doubleAndAdd(P521, k);
  const l = montgomeryLadder(P521, k);
  assert.equal(t.rows.length, 521);
  const want = p521.Point.BASE.multiply(k).toBytes(false);
  assert.equal(bytesToHex(encodePoint(P521, t.result)), bytesToHex(want));
  assert.equal(bytesToHex(encodePoint(P521, l.result)), bytesToHex(want));
});

test('X25519 ladder trace: RFC 7748 §6.1 public keys, 255 rows, clamping and swap bookkeeping', () => {
  const a = hexToBytes('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
  const tr = x25519Ladder(a);
  assert.equal(
    bytesToHex(tr.resultBytes),
    '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
  );
  assert.equal(tr.rows.length, 255);
  assert.equal(tr.rows[0]?.bitIndex, 254);
  assert.equal(tr.rows[0]?.bit, 1);
  assert.equal(tr.rows[0]?.r0, 9n, 'after the top bit R0 = P');
  assert.equal(tr.k % 8n, 0n);
  assert.equal(tr.k >> 254n, 1n);
  let prev: 0 | 1 = 0;
  for (const r of tr.rows) {
    assert.equal(r.swap, r.bit ^ prev);
    prev = r.bit;
    assert.equal(r.r0, r.bit ? r.x3 : r.x2);
  }
  assert.equal(tr.rows.at(-1)?.r0, tr.result);
  assert.equal(tr.rows.at(-1)?.prefix, tr.k);
  // each row's R0 is the ladder of the prefix: spot-check some rows
  for (const i of [1, 17, 128, 200]) {
    const r = tr.rows[i]!;
    assert.equal(r.r0, montgomeryLadderU(r.prefix, 9n, 255));
    assert.equal(r.r1, montgomeryLadderU(r.prefix + 1n, 9n, 255));
  }
  const b = hexToBytes('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
  const shared = x25519Ladder(b, decodeUCoordinate(tr.resultBytes));
  assert.equal(
    bytesToHex(shared.resultBytes),
    '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742',
  );
});

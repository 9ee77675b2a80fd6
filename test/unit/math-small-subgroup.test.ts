// Unit tests for client/math/crt.ts and client/math/small-subgroup.ts against brute force on every toy curve.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOY_CURVES } from '../../common/wire.js';
import { NoSecureChannelError } from '../../client/crypto/errors.js';
import { getToyCurve, type WeierstrassCurve } from '../../client/math/curves.js';
import { crt, crtPair, gcd } from '../../client/math/crt.js';
import {
  cofactorProbes,
  countPoints,
  matchInSubgroup,
  otherCurveProbes,
  recoveredScalar,
  recoverResidues,
  victimAnswer,
  type Probe,
} from '../../client/math/small-subgroup.js';
import {
  enumeratePoints,
  orbit,
  randomScalar,
  toyDecodePublicKey,
  toyKeyAgreementProvider,
} from '../../client/math/toy.js';
import {
  basePoint,
  encodePoint,
  isOnCurve,
  multiply,
  point,
  PointError,
} from '../../client/math/weierstrass.js';

const asCurve = (c: WeierstrassCurve, b: bigint): WeierstrassCurve => ({ ...c, b });

test('crt agrees with a brute-force search, coprime or not', () => {
  for (let m1 = 1n; m1 <= 12n; m1++)
    for (let m2 = 1n; m2 <= 12n; m2++)
      for (let r1 = 0n; r1 < m1; r1++)
        for (let r2 = 0n; r2 < m2; r2++) {
          const lcm = (m1 * m2) / gcd(m1, m2);
          let want: bigint | null = null;
          for (let x = 0n; x < lcm; x++) if (x % m1 === r1 && x % m2 === r2) want = want ?? x;
          const got = crtPair({ r: r1, m: m1 }, { r: r2, m: m2 });
          if (want === null) assert.equal(got, null);
          else assert.deepEqual(got, { r: want, m: lcm });
        }
  assert.deepEqual(crt([]), { r: 0n, m: 1n });
  assert.deepEqual(
    crt([
      { r: 2n, m: 3n },
      { r: 3n, m: 5n },
      { r: 2n, m: 7n },
    ]),
    { r: 23n, m: 105n },
  );
});

function checkProbe(c: WeierstrassCurve, pr: Probe, sameCurve: boolean): void {
  const E = asCurve(c, pr.b);
  assert.ok(!pr.point.infinity && isOnCurve(E, pr.point), 'the probe lies on its curve');
  assert.equal(pr.curveOrder, BigInt(enumeratePoints(E).length + 1), '#E by brute force');
  assert.equal(BigInt(orbit(E, pr.point).length), pr.order, 'order by walking P, 2P, … to O');
  assert.equal(isOnCurve(c, pr.point), sameCurve);
}

for (const id of TOY_CURVES) {
  const c = getToyCurve(id);
  const other = otherCurveProbes(c);
  const cof = cofactorProbes(c);

  test(`${id}: other-b probes are points of small prime order on curves with the same a`, () => {
    assert.ok(other.length > 0);
    for (const pr of other) {
      assert.notEqual(pr.b, c.b);
      assert.equal(pr.curveOrder, countPoints({ p: c.p, a: c.a, b: pr.b }));
      checkProbe(c, pr, false);
    }
    assert.ok(other.reduce((m, pr) => m * pr.order, 1n) >= c.n, 'the orders together pin d');
  });

  test(`${id}: cofactor probes lie on the curve, outside ⟨G⟩, order dividing h`, () => {
    if (c.h === 1n) return assert.deepEqual(cof, []);
    assert.ok(cof.length > 0);
    for (const pr of cof) {
      checkProbe(c, pr, true);
      assert.equal(c.h % pr.order, 0n);
      assert.ok(!multiply(c, c.n, pr.point).infinity, 'not in the subgroup of G');
    }
  });

  test(`${id}: the victim's answers give d mod each order, and the CRT gives d`, () => {
    const all = c.n <= 300n ? [...Array(Number(c.n) - 1).keys()].map((i) => BigInt(i + 1)) : [];
    const scalars = all.length ? all : Array.from({ length: 40 }, () => randomScalar(c.n));
    const G = basePoint(c);
    for (const plan of [other, cof]) {
      if (!plan.length) continue;
      for (const d of scalars) {
        const answers = plan.map((pr) => victimAnswer(c, d, pr.point));
        const results = recoverResidues(c, plan, answers);
        results.forEach((r, i) => assert.equal(r.residue, d % (plan[i] as Probe).order));
        assert.equal(recoveredScalar(c, results.at(-1)?.combined ?? null, multiply(c, d, G)), d);
      }
    }
  });

  test(`${id}: curvechat's validation refuses every probe (not on the curve / not in the subgroup)`, async () => {
    const pair = await toyKeyAgreementProvider(id).generate();
    for (const [plan, code] of [
      [other, 'not-on-curve'],
      [cof, 'subgroup'],
    ] as const) {
      for (const pr of plan) {
        const raw = encodePoint(c, pr.point);
        assert.throws(
          () => toyDecodePublicKey(id, raw),
          (e) => e instanceof PointError && e.code === code,
        );
        await assert.rejects(pair.derive(raw), NoSecureChannelError);
      }
    }
  });
}

test('matching refuses an answer that is no multiple of the probe (a lying victim or follower input)', () => {
  const c = getToyCurve('toy-17');
  const [pr] = otherCurveProbes(c) as [Probe];
  const E = asCurve(c, pr.b);
  const outside = enumeratePoints(E).find((P) => matchInSubgroup(E, pr.point, pr.order, P) === null);
  assert.ok(outside);
  const [res] = recoverResidues(c, [pr], [outside]);
  assert.equal(res?.residue, null);
  assert.equal(res?.combined, null);
  assert.equal(recoverResidues(c, [pr], [point(1n, 1n)])[0]?.residue, null);
});

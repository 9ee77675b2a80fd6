// Following the attack labs: `present:lab` details built by the labs, validated, reduced, recomputed; hostile ones ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_LAB_TEXT, type PresentLabMitm } from '../../common/schema/steps-labs.js';
import { followReducer, INITIAL_FOLLOW } from '../../client/lab/model/follow.js';
import {
  invalidCurveDetail,
  newVictim,
  recover,
  sendNext,
  startAttack,
  stateFromDetail,
} from '../../client/lab/model/invalid-curve.js';
import { buildMitmState, createParties, sendThroughLab } from '../../client/lab/model/mitm.js';
import { followedMitm, mitmLabDetail } from '../../client/lab/model/mitm-follow.js';
import { sanitizeStep, stepsForChange, StepDetailError } from '../../client/lab/model/presenter.js';
import { sideChannelDetail } from '../../client/lab/model/side-channel-lab.js';

const step = (detail: unknown) => ({
  type: 'peer-step' as const,
  step: { from: 'p1', fromName: 'Pat', phase: 'present:lab', detail: detail as Record<string, unknown> },
});

async function mitmDetail(curve: 'toy-17' | 'P-256', swap: boolean, texts: string[], rewrite?: string) {
  const lab = await buildMitmState(await createParties(curve), swap);
  const runs = [];
  for (const t of texts) runs.unshift(await sendThroughLab(lab, t, rewrite ? { rewrite } : {}));
  return { lab, detail: mitmLabDetail(lab, runs) };
}

for (const curve of ['toy-17', 'P-256'] as const)
  test(`${curve}: a follower recomputes the presenter's MITM lab: keys, swap, messages, differing numbers`, async () => {
    const { lab, detail } = await mitmDetail(curve, true, ['hi', 'meet at 6'], 'meet at 7');
    const wire = sanitizeStep('present:lab', JSON.parse(JSON.stringify(detail))).detail as PresentLabMitm;
    const f = await followedMitm(wire);
    assert.ok(f);
    assert.deepEqual(f.aliceSafety, lab.aliceSafety);
    assert.deepEqual(f.bobSafety, lab.bobSafety);
    assert.equal(f.comparison.equal, false);
    assert.equal(f.aliceHoldsHex, lab.aliceHoldsHex);
    assert.deepEqual(
      f.runs.map((r) => [r.said, r.malloryReads, r.bobReads]),
      [
        ['meet at 6', 'meet at 6', 'meet at 7'],
        ['hi', 'hi', 'meet at 7'],
      ],
    );
    const honest = await mitmDetail(curve, false, ['hi']);
    const h = await followedMitm(honest.detail);
    assert.equal(h?.comparison.equal, true);
    assert.deepEqual(h?.runs[0], { said: 'hi', malloryReads: null, bobReads: 'hi' });
  });

test('MITM details: only public keys and demo texts on the wire; long texts clipped; lies refused', async () => {
  const { detail } = await mitmDetail('toy-17', true, ['x'.repeat(200)]);
  assert.equal([...(detail.runs[0]?.said ?? '')].length, MAX_LAB_TEXT);
  assert.deepEqual(Object.keys(detail).sort(), ['alice', 'bob', 'curve', 'lab', 'mallory', 'runs', 'swap']);
  const bad = (d: unknown, code = 'bad-field') =>
    assert.throws(
      () => sanitizeStep('present:lab', d),
      (e) => e instanceof StepDetailError && e.code === code,
    );
  bad({ ...detail, swap: false, runs: [{ said: 'a', rewrite: 'b' }] }); // Mallory cannot rewrite without the swap
  bad({ ...detail, alice: '04ab' }); // wrong length for the curve
  bad({ ...detail, curve: 'P-256' }); // toy-length keys for P-256
  bad({ ...detail, alice: `05${detail.alice.slice(2)}` }); // not an uncompressed point
  bad({ ...detail, runs: [{ said: 'a' }, { said: 'b' }, { said: 'c' }, { said: 'd' }] });
  bad({ ...detail, runs: [{ said: 'y'.repeat(MAX_LAB_TEXT + 1) }] });
  bad({ ...detail, alice: 'ZZ'.repeat(3) });
  bad({ ...detail, privateKey: '01' }, 'forbidden-field');
  bad({ ...detail, runs: [{ said: 'a', secret: 'b' }] }, 'forbidden-field');
  assert.equal('junk' in sanitizeStep('present:lab', { ...detail, junk: 1 }).detail, false);
  // Well-formed but not points of the curve: the follower shows nothing of them.
  assert.equal(await followedMitm({ ...detail, alice: '040000' }), null);
});

test('invalid-curve: the follower redoes the matching and the CRT from the public answers and finds d', () => {
  for (const [curve, mode] of [
    ['toy-263', 'other-b'],
    ['toy-97-cofactor', 'cofactor'],
    ['toy-65521', 'other-b'],
  ] as const) {
    const victim = newVictim(curve);
    let st = startAttack(victim, mode);
    while (st.answers.length < st.probes.length) st = sendNext(st, victim);
    const detail = invalidCurveDetail(st);
    assert.equal(JSON.stringify(detail).includes(`"${victim.scalar}"`), false);
    const wire = sanitizeStep('present:lab', JSON.parse(JSON.stringify(detail))).detail;
    assert.equal(wire.lab, 'invalid-curve');
    const mirrored = stateFromDetail(wire as typeof detail);
    assert.ok(mirrored);
    assert.equal(recover(mirrored).recovered, victim.scalar);
  }
});

test('invalid-curve: lying details give no d (wrong answers, a victim off the curve, too many answers)', () => {
  const victim = newVictim('toy-17');
  let st = startAttack(victim, 'other-b');
  while (st.answers.length < st.probes.length) st = sendNext(st, victim);
  const detail = invalidCurveDetail(st);
  const lie = { ...detail, answers: detail.answers.map(() => ({ x: '1', y: '1' })) };
  const s = stateFromDetail(lie);
  assert.ok(s);
  assert.equal(recover(s).recovered, null);
  assert.equal(recover(s).results[0]?.residue, null);
  assert.equal(stateFromDetail({ ...detail, victim: { x: '1', y: '1' } }), null);
  assert.equal(stateFromDetail({ ...detail, answers: [...detail.answers, ...detail.answers, null] }), null);
  assert.equal(stateFromDetail({ ...detail, answers: [{ x: 'ffff', y: '1' }] }), null);
});

test('side-channel: the detail names the curve and the algorithm only; a scalar or bits are refused', () => {
  const d = sideChannelDetail('toy-263', 'double-and-add');
  assert.deepEqual(Object.keys(sanitizeStep('present:lab', d).detail).sort(), ['curve', 'lab', 'method']);
  assert.equal('bits' in sanitizeStep('present:lab', { ...d, bits: '1011' }).detail, false);
  for (const name of ['d', 'scalar', 'k', 'privateHex'])
    assert.throws(() => sanitizeStep('present:lab', { ...d, [name]: '0b' }), StepDetailError);
});

test('the follower reducer keeps a valid lab state and ignores junk, oversized and lying details', async () => {
  const { detail } = await mitmDetail('toy-17', true, ['hi']);
  let s = followReducer(INITIAL_FOLLOW, { type: 'follow', id: 'p1' });
  s = followReducer(s, step(detail));
  assert.equal(s.presenters.p1?.view, 'mitm');
  assert.deepEqual(s.presenters.p1?.lab, detail);
  const kept = s;
  for (const junk of [
    null,
    'mitm',
    { lab: 'mitm' },
    { ...detail, runs: 'all' },
    { ...detail, swap: false, runs: [{ said: 'a', rewrite: 'b' }] },
    { ...detail, runs: [{ said: 'é'.repeat(1_000_000) }] },
    { lab: 'side-channel', curve: 'toy-17', method: 'ladder', scalar: 5 },
    { lab: 'invalid-curve', curve: 'P-256', mode: 'other-b', victim: { x: '1', y: '1' }, answers: [] },
    {
      lab: 'invalid-curve',
      curve: 'toy-17',
      mode: 'other-b',
      victim: { x: '1', y: '1' },
      answers: Array(17).fill(null),
    },
  ]) {
    s = followReducer(s, step(junk));
    assert.deepEqual(s.presenters, kept.presenters);
  }
  assert.equal(s.rejected, 9);
  s = followReducer(s, step(sideChannelDetail('toy-61', 'ladder')));
  assert.equal(s.presenters.p1?.view, 'attacks');
  assert.equal(s.presenters.p1?.lab?.lab, 'side-channel');
});

test('a presenter publishes present:lab after the view, and again only when the lab changes', () => {
  const lab = sideChannelDetail('toy-17', 'ladder');
  const first = stepsForChange(null, { view: 'attacks', curve: 'P-256', lab });
  assert.deepEqual(
    first.map((s) => s.phase),
    ['present:view', 'present:lab'],
  );
  const same = { view: 'attacks', curve: 'P-256' as const, lab };
  assert.deepEqual(stepsForChange(same, { ...same, lab: { ...lab } }), []);
  const next = stepsForChange(same, { ...same, lab: sideChannelDetail('toy-17', 'double-and-add') });
  assert.deepEqual(
    next.map((s) => s.phase),
    ['present:lab'],
  );
});

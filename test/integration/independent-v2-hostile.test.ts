// docs/protocol.md's v2 against lies: a v2 peer (the independent client, written from the document only) that
// lies inside the ratchet delivers nothing at a real session; junk, lies and a flood from a member are refused by
// the independent client with the reason the document names, and the honest pair keeps working.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { p256 } from '@noble/curves/nist.js';
import { MAX_RECORDS } from '../helpers/independent-v2/records.js';
import { readyWith, waitFor } from '../helpers/session.js';
import { call, joinAs } from './helpers.js';
import { delivered, independentRelay, shown } from './independent-v2-setup.js';
import { joinAll, keysAll } from './session-setup.js';
import { until } from './v1-scripted.js';

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

describe('the independent v2 client and a session against lies, junk and floods', () => {
  const { relay, indep } = independentRelay();

  it('the session refuses an authentic receipt that lies about its id, or that is not a receipt at all', async () => {
    const alice = relay.session();
    await joinAll('lies', [[alice, 'Alice']]);
    await keysAll(alice);
    const ivy = await indep('lies', 'Ivy');
    await waitFor(alice, readyWith('Ivy'), 'Alice ready with Ivy');
    const a = alice.state.me!.id;
    await until(() => ivy.versionWith(a) === 2, 'v2');
    ivy.hold(); // Ivy reads nothing yet, so she sends no honest receipt
    await alice.send('lie target one');
    await alice.send('lie target two');
    await until(() => ivy.heldCount >= 2, 'both held at Ivy');
    const idOf = (t: string) => alice.state.messages.find((m) => m.outgoing && m.text === t)!.id;
    const [one, two] = [idOf('lie target one'), idOf('lie target two')];
    // Sealed in the real ratchet (so authentic), but: a receipt for `two` carried by dm `one`; a receipt with
    // another type; a receipt for an id Alice never sent.
    await ivy.sealRaw(a, one, { type: 'receipt', id: two, ok: true });
    await ivy.sealRaw(a, two, { type: 'receipt!', id: two, ok: true });
    await ivy.sealRaw(a, 'never-sent', { type: 'receipt', id: 'never-sent', ok: true });
    // Alice handles one peer's ratchet dms in order: once this message shows, the lies above were handled.
    await ivy.send('after the lies');
    await waitFor(alice, shown('after the lies'), 'Alice read the barrier');
    const st = (t: string) =>
      alice.state.messages.find((m) => m.outgoing && m.text === t)!.delivery[ivy.me]!.state;
    assert.notEqual(st('lie target one'), 'delivered');
    assert.notEqual(st('lie target two'), 'delivered');
    assert.equal(
      alice.state.messages.filter((m) => !m.outgoing).length,
      1,
      'nothing but the barrier was shown',
    );
    // Ivy now reads what she held (last first) and answers honestly: both are delivered.
    ivy.release(true);
    for (const t of ['lie target one', 'lie target two'])
      await waitFor(alice, delivered(t, ivy.me), `${t} delivered`);
  });

  it('junk, lies and a flood from a v2 member are refused: nothing shown, no receipt, the pair still works', async () => {
    const alice = relay.session();
    await joinAll('hostile', [[alice, 'Alice']]);
    await keysAll(alice);
    const ivy = await indep('hostile', 'Ivy');
    const mallory = await joinAs(relay.server.url, 'hostile', 'Mallory');
    const mkey = p256.getPublicKey(p256.utils.randomSecretKey(), false);
    assert.equal((await call(mallory.socket, 'key', { curve: 'P-256', pub: b64(mkey), v: [1, 2] })).ok, true);
    await until(() => ivy.versionWith(mallory.id) === 2, 'Ivy sees Mallory on v2');
    const fresh = b64(p256.getPublicKey(p256.utils.randomSecretKey(), false));
    // The initiator never receives on the responder's v1 key (initiator rule): which one Ivy is depends on the keys.
    const ivyInitiates = Buffer.compare(Buffer.from(ivy.book.own.pub), Buffer.from(mkey)) < 0;
    const answers: unknown[] = [];
    mallory.socket.on('dm', (d: unknown) => answers.push(d));
    const ratchetJunk = [
      null,
      { h: { dh: 'x', pn: 0, n: 0 }, ct: 'AAAAAAAAAAAAAAAAAAAAAA' },
      { h: { dh: fresh, pn: 0, n: 0 }, ct: b64(new Uint8Array(40)) }, // the right shape, a wrong tag
      { h: { dh: fresh, pn: 0, n: 5000 }, ct: b64(new Uint8Array(40)) }, // too far ahead
      { h: { dh: b64(new Uint8Array(65).fill(4)), pn: 0, n: 0 }, ct: b64(new Uint8Array(40)) }, // not a point
      { h: { dh: b64(mkey), pn: 0, n: 0 }, ct: b64(new Uint8Array(40)) }, // on Mallory's v1 key
    ];
    for (const [i, body] of ratchetJunk.entries())
      await call(mallory.socket, 'dm', { id: `j${i}`, kind: 'ratchet', parts: [{ to: ivy.me, body }] });
    await call(mallory.socket, 'dm', {
      id: 'p1',
      kind: 'msg',
      parts: [{ to: ivy.me, body: { iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAAAAAAAAAAAAAAAAAAAA' } }],
    });
    await call(mallory.socket, 'dm', {
      id: 'p2',
      kind: 'receipt',
      parts: [{ to: ivy.me, body: { ok: true } }],
    });
    await call(mallory.socket, 'dm', {
      id: 'p3',
      kind: 'skdist',
      parts: [{ to: ivy.me, body: { type: 'sender-key' } }],
    });
    await call(mallory.socket, 'bcast', {
      id: 'b1',
      kind: 'skmsg',
      body: { chain: 'AAAAAAAAAAA', n: 0, ct: 'AA', sig: 'AA' },
    });
    await until(
      () => ivy.refused.filter((r) => r.from === mallory.id).length === ratchetJunk.length + 4,
      'all refused',
    );
    const why = ivy.refused.filter((r) => r.from === mallory.id).map((r) => `${r.id}:${r.why}`);
    assert.deepEqual(why, [
      'j0:bad-envelope',
      'j1:bad-envelope',
      'j2:auth-failed',
      'j3:too-many-skipped',
      'j4:bad-ratchet-key',
      `j5:${ivyInitiates ? 'no-receiving-chain' : 'auth-failed'}`,
      'p1:plain on a v2 pair: looks forged',
      'p2:plain on a v2 pair: looks forged',
      'p3:bad-envelope',
      'b1:bad-body',
    ]);
    assert.equal(ivy.receipts.length, 0, 'the plain receipt was not taken');
    assert.equal(ivy.received.length, 0);
    // A flood of junk: the refusal list stays bounded and the real pair still works.
    for (let i = 0; i < 40; i++)
      mallory.socket.emit('dm', {
        id: `f${i}`,
        kind: 'ratchet',
        parts: [{ to: ivy.me, body: ratchetJunk[2] }],
      });
    await until(
      () => ivy.refused.some((r) => r.id === 'f39') || ivy.refused.length >= MAX_RECORDS,
      'flood seen',
    );
    assert.ok(ivy.refused.length <= MAX_RECORDS);
    // Ivy answers none of it (Alice's session, in a room of three, may send Mallory its sender chain: not an answer).
    assert.deepEqual(
      answers.filter((d) => (d as { from?: string }).from === ivy.me),
      [],
      'no receipt for junk',
    );
    await alice.send('still fine');
    await until(() => ivy.received.some((m) => m.text === 'still fine'), 'Ivy still reads Alice');
    await ivy.send('still fine too');
    await waitFor(alice, (s) => s.messages.some((m) => m.text === 'still fine too'), 'Alice still reads Ivy');
    mallory.socket.disconnect();
  });
});

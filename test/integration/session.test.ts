// RoomSession end to end in Node against a real relay: join, keys, safety numbers, messages, fan-out,
// receipts, curve mismatch, rekeying, steps, input checks, teaching curves and a full room.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { registerToyKeyAgreements } from '../../client/providers.js';
import { logText, newSession, peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { startTestServer } from './helpers.js';
import { joinAll, keysAll, leaveAll, sessionRelay } from './session-setup.js';

describe('RoomSession against a real relay', () => {
  const relay = sessionRelay();
  const session = relay.session;

  it('joins, exchanges keys and shows the same safety number on both sides', async () => {
    const alice = session();
    const bob = session();
    await alice.join('lab', 'Alice');
    assert.equal(alice.state.connection, 'connected');
    assert.equal(alice.state.room, 'lab');
    assert.match(alice.state.me?.id ?? '', /^[A-Za-z0-9_-]{22}$/);
    await bob.join('lab', 'Bob');
    await waitFor(alice, (s) => peerNamed(s, 'Bob') !== undefined, 'Alice sees Bob');
    assert.equal(peerNamed(bob.state, 'Alice')?.channel, 'no-key');

    await keysAll(alice, bob);
    const sa = await waitFor(alice, readyWith('Bob'), 'Alice ready with Bob');
    const sb = await waitFor(bob, readyWith('Alice'), 'Bob ready with Alice');
    const ab = peerNamed(sa, 'Bob')!.derived!;
    const ba = peerNamed(sb, 'Alice')!.derived!;
    assert.equal(ab.safetyNumber.length, 12);
    assert.deepEqual(ab.safetyNumber, ba.safetyNumber);
    assert.equal(ab.zHex, ba.zHex);
    assert.equal(ab.saltHex, ba.saltHex);
    assert.equal(ab.keyFingerprint, ba.keyFingerprint);
    assert.equal(ab.info, 'curvechat/v1 P-256 lab');
    assert.equal(peerNamed(sa, 'Bob')!.key!.pub, sb.myKey!.pub);
    assert.equal(sa.myKey!.pubHex.length, 130);
    assert.equal(sa.myKey!.coords.x.length, 64);

    const log = logText(alice);
    assert.ok(log.includes('Joined room lab as Alice (member id ' + sa.me!.id + ')'), log.join('\n'));
    assert.ok(log.includes('Key received from Bob (P-256, 65 bytes)'), log.join('\n'));
    assert.ok(log.some((l) => l.startsWith('Secret derived with Bob')));
    // Nothing secret went to the relay.
    const wire = relay.traffic.join('\n');
    assert.ok(!wire.includes(sa.myKey!.privateHex));
    assert.ok(!wire.includes(ab.zHex));
  });

  it('sends both ways and fans out to three in one dm; receipts mark delivery; the relay sees no plaintext', async () => {
    // v1 clients: this test reads the v1 wire (`msg`, random IV); v2 pairs are covered by v2-pairwise.test.ts.
    const v1 = { protocolVersions: [1] };
    const [alice, bob, carol] = [session(v1), session(v1), session(v1)];
    await joinAll('fan', [
      [alice, 'Alice'],
      [bob, 'Bob'],
      [carol, 'Carol'],
    ]);
    await keysAll(alice, bob, carol);
    await waitFor(alice, (s) => readyWith('Bob')(s) && readyWith('Carol')(s), 'Alice ready with both');
    await waitFor(bob, (s) => readyWith('Alice')(s) && readyWith('Carol')(s), 'Bob ready with both');
    await waitFor(carol, (s) => readyWith('Alice')(s) && readyWith('Bob')(s), 'Carol ready with both');

    const dmsBefore = relay.traffic.filter((t) => t.startsWith('dm ') && t.includes('"kind":"msg"')).length;
    await alice.send('hello <b>everyone</b> 🙂');
    const atBob = await waitFor(bob, (s) => s.messages.length === 1, 'Bob receives');
    const atCarol = await waitFor(carol, (s) => s.messages.length === 1, 'Carol receives');
    for (const m of [atBob.messages[0]!, atCarol.messages[0]!]) {
      assert.equal(m.text, 'hello <b>everyone</b> 🙂');
      assert.equal(m.fromName, 'Alice');
      assert.equal(m.outgoing, false);
      assert.equal(m.wire.length, 1);
    }
    const delivered = await waitFor(
      alice,
      (s) => Object.values(s.messages[0]?.delivery ?? {}).filter((d) => d.state === 'delivered').length === 2,
      'delivered to both',
    );
    const out = delivered.messages[0]!;
    assert.equal(out.outgoing, true);
    assert.equal(out.wire.length, 2);
    for (const w of out.wire) {
      assert.equal(w.ivHex.length, 24);
      assert.equal(w.tagHex.length, 32);
      assert.equal(w.aad, `fan\n${alice.state.me!.id}\n${w.to}\n${out.id}`);
      assert.equal(w.keyFingerprint, peerNamed(alice.state, w.toName)!.derived!.keyFingerprint);
    }
    assert.notEqual(out.wire[0]!.ivHex, out.wire[1]!.ivHex);
    assert.equal(atBob.messages[0]!.wire[0]!.ivHex, out.wire.find((w) => w.toName === 'Bob')!.ivHex);
    const dms = relay.traffic.filter((t) => t.startsWith('dm ') && t.includes('"kind":"msg"'));
    assert.equal(dms.length - dmsBefore, 1, 'one dm event for both recipients');
    assert.ok(!relay.traffic.join('\n').includes('everyone'), 'no plaintext on the wire');
    assert.ok(logText(alice).includes('Message encrypted for Bob with a 12-byte IV (AES-256-GCM)'));
    assert.ok(logText(alice).includes('Delivered to Carol'));

    await bob.send('hi Alice');
    const back = await waitFor(alice, (s) => s.messages.some((m) => !m.outgoing), 'Alice receives from Bob');
    assert.equal(back.messages.find((m) => !m.outgoing)!.text, 'hi Alice');
    await waitFor(carol, (s) => s.messages.length === 2, 'Carol also receives Bob');
    await waitFor(
      bob,
      (s) => Object.values(s.messages[1]!.delivery).every((d) => d.state === 'delivered'),
      'Bob delivered',
    );
  });

  it('reports a curve mismatch naming both curves, and derives again once the curves agree', async () => {
    const alice = session();
    const carol = session({ curve: 'X25519' });
    await joinAll('curves', [
      [alice, 'Alice'],
      [carol, 'Carol'],
    ]);
    await keysAll(alice, carol);
    const s = await waitFor(alice, (st) => peerNamed(st, 'Carol')?.channel === 'curve-mismatch', 'mismatch');
    assert.match(peerNamed(s, 'Carol')!.channelReason!, /Carol uses X25519 but you use P-256/);
    await assert.rejects(alice.send('anyone?'), /Nobody can read it yet/);
    alice.setCurve('X25519');
    await alice.generateKeys();
    const ready = await waitFor(alice, readyWith('Carol'), 'X25519 channel');
    assert.equal(peerNamed(ready, 'Carol')!.derived!.info, 'curvechat/v1 X25519 curves');
    assert.equal(ready.myKey!.pubHex.length, 64);
  });

  it('a new key gives a new safety number on both sides and messages keep flowing', async () => {
    const alice = session();
    const bob = session();
    await joinAll('rekey', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await keysAll(alice, bob);
    const first = peerNamed(await waitFor(alice, readyWith('Bob'), 'ready'), 'Bob')!.derived!;
    await bob.generateKeys();
    const second = await waitFor(
      alice,
      (s) => readyWith('Bob')(s) && peerNamed(s, 'Bob')!.derived!.keyFingerprint !== first.keyFingerprint,
      'Alice re-derives with Bob',
    );
    assert.notDeepEqual(peerNamed(second, 'Bob')!.derived!.safetyNumber, first.safetyNumber);
    await waitFor(
      bob,
      (s) =>
        peerNamed(s, 'Alice')?.derived?.keyFingerprint === peerNamed(second, 'Bob')!.derived!.keyFingerprint,
      'Bob agrees',
    );
    await bob.send('after rekey');
    await waitFor(alice, (s) => s.messages.some((m) => m.text === 'after rekey'), 'message after rekey');
  });

  it('publishes visualisation steps and refuses steps carrying a private key', async () => {
    const alice = session();
    const bob = session();
    await joinAll('steps', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await alice.generateKeys();
    const got = new Promise<any>((resolve) => bob.onPeerStep(resolve));
    await alice.publishStep('keygen', { curve: 'P-256', q: alice.state.myKey!.pubHex });
    const step = await got;
    assert.equal(step.fromName, 'Alice');
    assert.equal(step.phase, 'keygen');
    assert.equal(step.detail.q, alice.state.myKey!.pubHex);
    await assert.rejects(alice.publishStep('oops', { d: 'x' }), /may not carry "d"/);
    await assert.rejects(
      alice.publishStep('oops', { note: `k=${alice.state.myKey!.privateHex}` }),
      /private key/,
    );
  });

  it('refuses bad input with plain reasons', async () => {
    const s = session();
    await assert.rejects(s.join('bad room!', 'Eve'), /Use letters, digits/);
    await assert.rejects(s.join('ok', ''), /Enter a name/);
    await assert.rejects(s.send('x'), /Join a room first/);
    await s.join('limits', 'Eve');
    await assert.rejects(s.join('limits', 'Eve'), /already in a room/);
    await assert.rejects(s.send('x'), /Generate your keys first/);
    await s.generateKeys();
    await assert.rejects(s.send('   '), /Type a message first/);
    await assert.rejects(
      s.send('x'.repeat(70_000)),
      /too long: \d+ bytes once encrypted; the limit is 65536/,
    );
    await assert.rejects(s.send('x'), /Nobody can read it yet/);
  });

  it('works on a teaching curve registered by client/math', async () => {
    registerToyKeyAgreements();
    const alice = session({ curve: 'toy-263' });
    const bob = session({ curve: 'toy-263' });
    await joinAll('toys', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await keysAll(alice, bob);
    const sa = await waitFor(alice, readyWith('Bob'), 'toy channel');
    const sb = await waitFor(bob, readyWith('Alice'), 'toy channel');
    assert.equal(sa.myKey!.pubHex.length, 10);
    assert.deepEqual(
      peerNamed(sa, 'Bob')!.derived!.safetyNumber,
      peerNamed(sb, 'Alice')!.derived!.safetyNumber,
    );
    assert.equal(peerNamed(sa, 'Bob')!.derived!.info, 'curvechat/v1 toy-263 toys');
    await alice.send('tiny but real HKDF');
    await waitFor(bob, (s) => s.messages.some((m) => m.text === 'tiny but real HKDF'), 'toy message');
  });

  it('explains a full room', async () => {
    const small = await startTestServer({ limits: { maxRoomMembers: 2 } });
    const [a, b, c] = [newSession(small.url), newSession(small.url), newSession(small.url)];
    try {
      await a.join('tiny', 'A');
      await b.join('tiny', 'B');
      await assert.rejects(c.join('tiny', 'C'), /^Error: This room is full \(2 members\)\.$/);
      assert.equal(c.state.connection, 'disconnected');
      await c.join('other', 'C'); // the session is usable again after the refusal
    } finally {
      await leaveAll(a, b, c);
      await small.close();
    }
  });
});

// RoomSession end to end in Node against a real relay: join, keys, safety numbers, messages,
// fan-out, receipts, duplicates, tampering, curve mismatch, steps, reconnects and restarts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connectClient } from 'socket.io-client';
import { toBase64Url, fromBase64Url } from '../../client/crypto/base64url.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { buildAad, decryptMessage, encryptMessage } from '../../client/crypto/message.js';
import { registerToyKeyAgreements } from '../../client/math/toy.js';
import { deriveChannel } from '../../client/session/channel.js';
import type { RoomSession } from '../../client/session/room-session.js';
import type { RunningServer } from '../../server/server.js';
import { logText, newSession, peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { call, next, newResume, sleep, startTestServer, type Client } from './helpers.js';

/** Every payload clients sent to the relay, as JSON text (to prove no plaintext crosses it). */
function recordTraffic(server: RunningServer): string[] {
  const seen: string[] = [];
  server.io.on('connection', (socket) => {
    socket.onAny((event: string, ...args: unknown[]) => {
      seen.push(`${event} ${JSON.stringify(args.filter((a) => typeof a !== 'function'))}`);
    });
  });
  return seen;
}

async function joinAll(room: string, pairs: [RoomSession, string][]): Promise<void> {
  for (const [s, name] of pairs) await s.join(room, name);
}

async function keysAll(...sessions: RoomSession[]): Promise<void> {
  for (const s of sessions) await s.generateKeys();
}

function closeAll(...sessions: RoomSession[]): Promise<void[]> {
  return Promise.all(sessions.map((s) => s.leave()));
}

describe('RoomSession against a real relay', () => {
  let server: RunningServer;
  let traffic: string[];
  const open: RoomSession[] = [];
  const session = (options = {}): RoomSession => {
    const s = newSession(server.url, options);
    open.push(s);
    return s;
  };

  before(async () => {
    server = await startTestServer();
    traffic = recordTraffic(server);
  });
  after(async () => {
    await Promise.all(open.map((s) => s.leave()));
    await server.close();
  });

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
    const wire = traffic.join('\n');
    assert.ok(!wire.includes(sa.myKey!.privateHex));
    assert.ok(!wire.includes(ab.zHex));
  });

  it('sends both ways and fans out to three in one dm; receipts mark delivery; the relay sees no plaintext', async () => {
    const [alice, bob, carol] = [session(), session(), session()];
    await joinAll('fan', [
      [alice, 'Alice'],
      [bob, 'Bob'],
      [carol, 'Carol'],
    ]);
    await keysAll(alice, bob, carol);
    await waitFor(alice, (s) => readyWith('Bob')(s) && readyWith('Carol')(s), 'Alice ready with both');
    await waitFor(bob, (s) => readyWith('Alice')(s) && readyWith('Carol')(s), 'Bob ready with both');
    await waitFor(carol, (s) => readyWith('Alice')(s) && readyWith('Bob')(s), 'Carol ready with both');

    const dmsBefore = traffic.filter((t) => t.startsWith('dm ') && t.includes('"kind":"msg"')).length;
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
    const dms = traffic.filter((t) => t.startsWith('dm ') && t.includes('"kind":"msg"'));
    assert.equal(dms.length - dmsBefore, 1, 'one dm event for both recipients');
    assert.ok(!traffic.join('\n').includes('everyone'), 'no plaintext on the wire');
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

  it('drops duplicates (still answering receipts) and refuses tampered ciphertext with a receipt ok:false', async () => {
    const bob = session();
    await bob.join('dup', 'Bob');
    await bob.generateKeys();
    // Dave is a hand-written client using the crypto module directly.
    const dave: Client = connectClient(server.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    await next(dave, 'connect');
    const joined = await call(dave, 'join', { room: 'dup', name: 'Dave', resume: newResume() });
    const bobKey = joined.peers.find((p: any) => p.name === 'Bob').key;
    const daveKey = await generateKeyAgreement('P-256');
    assert.equal((await call(dave, 'key', { curve: 'P-256', pub: toBase64Url(daveKey.publicRaw) })).ok, true);
    await waitFor(bob, readyWith('Dave'), 'Bob ready with Dave');
    const channel = await deriveChannel(daveKey, bobKey, 'dup');
    assert.equal(channel.derived.keyFingerprint, peerNamed(bob.state, 'Dave')!.derived!.keyFingerprint);

    const receipts: any[] = [];
    dave.on('dm', (d: any) => receipts.push(d));
    const bobId = bob.state.me!.id;
    const daveId = joined.me.id;
    const enc = await encryptMessage(channel.key, buildAad('dup', daveId, bobId, 'm-1'), 'once only', 1);
    for (let i = 0; i < 3; i++)
      await call(dave, 'dm', { id: 'm-1', kind: 'msg', parts: [{ to: bobId, body: enc.body }] });
    const until = Date.now() + 3000;
    while (receipts.length < 3 && Date.now() < until) await sleep(20);
    assert.equal(receipts.length, 3);
    for (const r of receipts)
      assert.deepEqual(r, { from: bobId, id: 'm-1', kind: 'receipt', body: { ok: true } });
    assert.equal(bob.state.messages.filter((m) => m.id === 'm-1').length, 1);
    assert.ok(logText(bob).some((l) => l.startsWith('Dropped a duplicate of a message from Dave')));

    // Flip one ciphertext bit.
    const bad = await encryptMessage(channel.key, buildAad('dup', daveId, bobId, 'm-2'), 'tampered', 2);
    const ct = fromBase64Url(bad.body.ct);
    ct[0]! ^= 0x01;
    const nextReceipt = next(dave, 'dm');
    await call(dave, 'dm', {
      id: 'm-2',
      kind: 'msg',
      parts: [{ to: bobId, body: { iv: bad.body.iv, ct: toBase64Url(ct) } }],
    });
    const refusal = await nextReceipt;
    assert.equal(refusal.id, 'm-2');
    assert.equal(refusal.body.ok, false);
    assert.match(refusal.body.reason, /authentication tag did not verify/);
    assert.ok(!bob.state.messages.some((m) => m.id === 'm-2'));
    assert.ok(logText(bob).some((l) => l.startsWith('Could not decrypt a message from Dave: ')));

    // A valid message whose AAD names another room is refused too.
    const wrongRoom = await encryptMessage(channel.key, buildAad('other', daveId, bobId, 'm-3'), 'x', 3);
    const r3 = next(dave, 'dm');
    await call(dave, 'dm', { id: 'm-3', kind: 'msg', parts: [{ to: bobId, body: wrongRoom.body }] });
    assert.equal((await r3).body.ok, false);
    dave.disconnect();
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

  it('marks a message failed with a reason when receipts never come, after bounded retries', async () => {
    const alice = session();
    await alice.join('silent', 'Alice');
    await alice.generateKeys();
    const mute: Client = connectClient(server.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    await next(mute, 'connect');
    await call(mute, 'join', { room: 'silent', name: 'Mute', resume: newResume() });
    const key = await generateKeyAgreement('P-256');
    await call(mute, 'key', { curve: 'P-256', pub: toBase64Url(key.publicRaw) });
    await waitFor(alice, readyWith('Mute'), 'ready with Mute');
    const copies: any[] = [];
    mute.on('dm', (d: any) => copies.push(d));
    await alice.send('are you there?');
    const s = await waitFor(
      alice,
      (st) => st.messages[0]?.delivery[st.peers[0]!.id]?.state === 'failed',
      'failed',
      10000,
    );
    const d = s.messages[0]!.delivery[s.peers[0]!.id]!;
    assert.match(d.reason!, /No delivery receipt from Mute after 5 tries/);
    assert.equal(copies.length, 5, 'first send plus four retries');
    assert.ok(copies.every((c) => c.id === s.messages[0]!.id));
    mute.disconnect();
  });

  it('re-encrypts a pending message when the recipient key changes, and shows a refusal receipt as failed', async () => {
    const alice = session();
    await alice.join('rekey-pending', 'Alice');
    await alice.generateKeys();
    const dave: Client = connectClient(server.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    await next(dave, 'connect');
    const joined = await call(dave, 'join', { room: 'rekey-pending', name: 'Dave', resume: newResume() });
    const aliceKey = joined.peers.find((p: any) => p.name === 'Alice').key;
    const k1 = await generateKeyAgreement('P-256');
    await call(dave, 'key', { curve: 'P-256', pub: toBase64Url(k1.publicRaw) });
    await waitFor(alice, readyWith('Dave'), 'ready with Dave');
    const copies: any[] = [];
    dave.on('dm', (d: any) => copies.push(d));
    await alice.send('for your new key');
    while (copies.length === 0) await sleep(10);
    // Dave switches keys without answering; the next try must use the new channel.
    const k2 = await generateKeyAgreement('P-256');
    await call(dave, 'key', { curve: 'P-256', pub: toBase64Url(k2.publicRaw) });
    const ch1 = await deriveChannel(k1, aliceKey, 'rekey-pending');
    const ch2 = await deriveChannel(k2, aliceKey, 'rekey-pending');
    const aad = buildAad('rekey-pending', alice.state.me!.id, joined.me.id, copies[0].id);
    assert.equal((await decryptMessage(ch1.key, aad, copies[0].body)).text, 'for your new key');
    const until = Date.now() + 5000;
    let fresh: any;
    while (!fresh && Date.now() < until) {
      for (const c of copies.slice(1))
        if (
          await decryptMessage(ch2.key, aad, c.body).then(
            () => true,
            () => false,
          )
        )
          fresh = c;
      await sleep(50);
    }
    assert.ok(fresh, 'a copy encrypted under the new key arrived');
    assert.notEqual(fresh.body.iv, copies[0].body.iv);
    const view = alice.state.messages[0]!.wire[0]!;
    assert.equal(view.keyFingerprint, ch2.derived.keyFingerprint);
    // Dave refuses: the author shows the reason.
    await call(dave, 'dm', {
      id: fresh.id,
      kind: 'receipt',
      parts: [{ to: alice.state.me!.id, body: { ok: false, reason: 'I lost my key' } }],
    });
    const s = await waitFor(
      alice,
      (st) => Object.values(st.messages[0]!.delivery)[0]!.state === 'failed',
      'failed',
    );
    assert.equal(
      Object.values(s.messages[0]!.delivery)[0]!.reason,
      'Dave could not decrypt it: I lost my key',
    );
    dave.disconnect();
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
      await closeAll(a, b, c);
      await small.close();
    }
  });
});

describe('RoomSession across reconnects and relay restarts', () => {
  it('re-joins with the same member id, keeps channels, and delivers a message sent while down exactly once', async () => {
    let server = await startTestServer();
    const port = server.port;
    const alice = newSession(server.url);
    const bob = newSession(server.url);
    try {
      await alice.join('resilient', 'Alice');
      await bob.join('resilient', 'Bob');
      await keysAll(alice, bob);
      await waitFor(alice, readyWith('Bob'), 'ready');
      await waitFor(bob, readyWith('Alice'), 'ready');
      const bobId = bob.state.me!.id;
      const before = peerNamed(alice.state, 'Bob')!.derived!;
      const derivedLines = () => logText(alice).filter((l) => l.startsWith('Secret derived with Bob')).length;
      const derivedBefore = derivedLines();

      // 1. The relay drops Bob's socket: Bob comes back as the same member; Alice keeps the channel.
      for (const s of await server.io.fetchSockets()) if (s.data.id === bobId) s.disconnect(true);
      await waitFor(bob, (s) => s.connection === 'reconnecting', 'Bob notices');
      await waitFor(bob, (s) => s.connection === 'connected', 'Bob back', 8000);
      assert.equal(bob.state.me!.id, bobId);
      await waitFor(alice, readyWith('Bob'), 'Alice still ready with Bob');
      assert.equal(peerNamed(alice.state, 'Bob')!.derived!.keyFingerprint, before.keyFingerprint);
      assert.deepEqual(peerNamed(alice.state, 'Bob')!.derived!.safetyNumber, before.safetyNumber);
      assert.ok(
        logText(bob).some((l) => l.startsWith('Reconnected: rejoined room resilient as the same member')),
      );

      // 2. The whole relay restarts while Alice sends: the message is delivered once after recovery.
      await server.close();
      await waitFor(alice, (s) => s.connection === 'reconnecting', 'Alice notices the restart');
      await alice.send('sent while the relay was down');
      assert.equal(Object.values(alice.state.messages[0]!.delivery)[0]!.state, 'sending');
      await sleep(300);
      server = await startTestServer({ port });
      await waitFor(alice, (s) => s.connection === 'connected', 'Alice reconnected', 10000);
      await waitFor(bob, (s) => s.connection === 'connected', 'Bob reconnected', 10000);
      const got = await waitFor(
        bob,
        (s) => s.messages.some((m) => m.text === 'sent while the relay was down'),
        'Bob gets it',
        10000,
      );
      await waitFor(
        alice,
        (s) => Object.values(s.messages[0]!.delivery)[0]!.state === 'delivered',
        'delivered',
        10000,
      );
      await sleep(1500); // let any further retries arrive
      assert.equal(bob.state.messages.filter((m) => m.text === 'sent while the relay was down').length, 1);
      assert.equal(got.me!.id, bobId);
      assert.equal(peerNamed(alice.state, 'Bob')!.derived!.keyFingerprint, before.keyFingerprint);
      assert.equal(derivedLines(), derivedBefore, 'no new derivation: the channel was kept');
    } finally {
      await closeAll(alice, bob);
      await server.close();
    }
  });
});

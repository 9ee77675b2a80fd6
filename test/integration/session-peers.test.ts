// RoomSession against hand-written peers that use the crypto module directly: duplicates, tampering,
// missing receipts with bounded retries, re-encryption of a pending message after a key change, replays and
// two members announcing one key.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toBase64Url, fromBase64Url } from '../../client/crypto/base64url.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { buildAad, decryptMessage, encryptMessage } from '../../client/crypto/message.js';
import { deriveChannel } from '../../client/session/channel.js';
import type { RoomSession } from '../../client/session/room-session.js';
import { logText, peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { call, connect, newResume, waitFor as poll } from './helpers.js';
import { sessionRelay } from './session-setup.js';

describe('RoomSession against a real relay', () => {
  const relay = sessionRelay();
  const session = relay.session;

  /** A session joined to `room` as `name`, with keys. */
  async function keyed(room: string, name: string): Promise<RoomSession> {
    const s = session();
    await s.join(room, name);
    await s.generateKeys();
    return s;
  }

  /** A hand-written client using the crypto module directly: joins `room` as `name` and announces a fresh P-256 key. */
  async function handWritten(room: string, name: string) {
    const socket = await connect(relay.server.url);
    const joined = await call(socket, 'join', { room, name, resume: newResume() });
    const key = await generateKeyAgreement('P-256');
    assert.equal((await call(socket, 'key', { curve: 'P-256', pub: toBase64Url(key.publicRaw) })).ok, true);
    const keyOf = (peer: string) => joined.peers.find((p: any) => p.name === peer).key;
    return { socket, id: joined.me.id as string, key, keyOf };
  }

  it('drops duplicates (still answering receipts) and refuses tampered ciphertext without a receipt', async () => {
    const bob = await keyed('dup', 'Bob');
    const { socket: dave, id: daveId, key: daveKey, keyOf } = await handWritten('dup', 'Dave');
    const bobKey = keyOf('Bob');
    await waitFor(bob, readyWith('Dave'), 'Bob ready with Dave');
    const channel = await deriveChannel(daveKey, bobKey, 'dup');
    assert.equal(channel.derived.keyFingerprint, peerNamed(bob.state, 'Dave')!.derived!.keyFingerprint);

    const receipts: any[] = [];
    dave.on('dm', (d: any) => receipts.push(d));
    const bobId = bob.state.me!.id;
    const enc = await encryptMessage(channel.key, buildAad('dup', daveId, bobId, 'm-1'), 'once only', 1);
    for (let i = 0; i < 3; i++)
      await call(dave, 'dm', { id: 'm-1', kind: 'msg', parts: [{ to: bobId, body: enc.body }] });
    await poll('three receipts', () => receipts.length >= 3, 3000);
    assert.equal(receipts.length, 3);
    for (const r of receipts)
      assert.deepEqual(r, { from: bobId, id: 'm-1', kind: 'receipt', body: { ok: true } });
    assert.equal(bob.state.messages.filter((m) => m.id === 'm-1').length, 1);
    assert.ok(logText(bob).some((l) => l.startsWith('Dropped a copy of a message from Dave')));

    // Flip one ciphertext bit: the tag fails, so it may come from anyone and gets no receipt (docs/security.md).
    const bad = await encryptMessage(channel.key, buildAad('dup', daveId, bobId, 'm-2'), 'tampered', 2);
    const ct = fromBase64Url(bad.body.ct);
    ct[0]! ^= 0x01;
    await call(dave, 'dm', {
      id: 'm-2',
      kind: 'msg',
      parts: [{ to: bobId, body: { iv: bad.body.iv, ct: toBase64Url(ct) } }],
    });
    // A valid message whose AAD names another room is refused the same way.
    const wrongRoom = await encryptMessage(channel.key, buildAad('other', daveId, bobId, 'm-3'), 'x', 3);
    await call(dave, 'dm', { id: 'm-3', kind: 'msg', parts: [{ to: bobId, body: wrongRoom.body }] });
    // Barrier: Dave's messages are opened in order, so once m-4 is answered m-2 and m-3 were handled.
    const last = await encryptMessage(channel.key, buildAad('dup', daveId, bobId, 'm-4'), 'after', 4);
    await call(dave, 'dm', { id: 'm-4', kind: 'msg', parts: [{ to: bobId, body: last.body }] });
    await poll('the receipt of m-4', () => receipts.some((r) => r.id === 'm-4'), 3000);
    assert.deepEqual(
      receipts.map((r) => r.id),
      ['m-1', 'm-1', 'm-1', 'm-4'],
      'no receipt for what did not open',
    );
    assert.ok(!bob.state.messages.some((m) => m.id === 'm-2' || m.id === 'm-3'));
    const refusals = logText(bob).filter((l) => l.startsWith('Could not decrypt a message from Dave: '));
    assert.equal(refusals.length, 2);
    assert.match(refusals[0]!, /authentication tag did not verify.*No receipt was sent/);
    dave.disconnect();
  });

  it('a replayed envelope is not shown again after a reconnect; a time before the channel is refused', async () => {
    const bob = await keyed('replay', 'Bob');
    const { socket: dave, id: daveId, key: daveKey, keyOf } = await handWritten('replay', 'Dave');
    await waitFor(bob, readyWith('Dave'), 'Bob ready with Dave');
    const channel = await deriveChannel(daveKey, keyOf('Bob'), 'replay');
    const bobId = bob.state.me!.id;
    const envelope = async (id: string, text: string, ts: number) =>
      (await encryptMessage(channel.key, buildAad('replay', daveId, bobId, id), text, ts)).body;
    const send = async (id: string, body: unknown) =>
      assert.equal((await call(dave, 'dm', { id, kind: 'msg', parts: [{ to: bobId, body }] })).ok, true);
    const shown = (id: string) => bob.state.messages.filter((m) => m.id === id).length;

    const first = await envelope('r-1', 'pay Carol 5', Date.now());
    await send('r-1', first);
    await waitFor(bob, () => shown('r-1') === 1, 'the first message shown');

    // Bob's connection drops and he rejoins with the same keys (leaving would forget them): the channel
    // (and its key) is the same, so the old envelope opens.
    for (const s of await relay.server.io.fetchSockets()) if (s.data.id === bobId) s.disconnect(true);
    await waitFor(bob, (s) => s.connection === 'reconnecting', 'Bob notices');
    await waitFor(bob, (s) => s.connection === 'connected', 'Bob back', 8000);
    await waitFor(bob, readyWith('Dave'), 'Bob ready with Dave again');
    await send('r-1', first);
    // Barrier: a later message from the same sender must arrive after the replay.
    await send('r-2', await envelope('r-2', 'after the replay', Date.now()));
    await waitFor(bob, () => shown('r-2') === 1, 'the message after the replay');
    assert.equal(shown('r-1'), 1, 'the replay is not shown again');
    assert.ok(logText(bob).some((l) => l.startsWith('Dropped a copy of a message from Dave')));

    // A plausible author time two hours before the channel existed here: refused, with a failed receipt.
    const receipts: any[] = [];
    dave.on('dm', (d: any) => receipts.push(d));
    await send('r-3', await envelope('r-3', 'from before', Date.now() - 2 * 60 * 60 * 1000));
    await poll('the receipt of r-3', () => receipts.some((r) => r.id === 'r-3'), 3000);
    const receipt = receipts.find((r) => r.id === 'r-3');
    assert.equal(receipt.body.ok, false);
    assert.match(receipt.body.reason, /written before your channel with Dave existed/);
    assert.equal(shown('r-3'), 0);
    dave.close();
    await bob.leave();
  });

  it('two members announcing one public key are both flagged, each naming the other', async () => {
    const bob = await keyed('same-key', 'Bob');
    const dave = await handWritten('same-key', 'Dave');
    const mallory = await connect(relay.server.url);
    assert.equal(
      (await call(mallory, 'join', { room: 'same-key', name: 'Mallory', resume: newResume() })).ok,
      true,
    );
    const copied = { curve: 'P-256', pub: toBase64Url(dave.key.publicRaw) };
    assert.equal((await call(mallory, 'key', copied)).ok, true);
    const state = await waitFor(
      bob,
      (st) => peerNamed(st, 'Mallory')?.key !== undefined && peerNamed(st, 'Dave')?.key !== undefined,
      'both keys at Bob',
    );
    assert.deepEqual(peerNamed(state, 'Dave')!.sameKeyAs, ['Mallory']);
    assert.deepEqual(peerNamed(state, 'Mallory')!.sameKeyAs, ['Dave']);
    assert.equal(peerNamed(state, 'Bob'), undefined);
    dave.socket.close();
    mallory.close();
    await bob.leave();
  });

  it('marks a message failed with a reason when receipts never come, after bounded retries', async () => {
    const alice = await keyed('silent', 'Alice');
    const { socket: mute } = await handWritten('silent', 'Mute');
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
    const alice = await keyed('rekey-pending', 'Alice');
    const { socket: dave, id: daveId, key: k1, keyOf } = await handWritten('rekey-pending', 'Dave');
    const aliceKey = keyOf('Alice');
    await waitFor(alice, readyWith('Dave'), 'ready with Dave');
    const copies: any[] = [];
    dave.on('dm', (d: any) => copies.push(d));
    await alice.send('for your new key');
    await poll('the first copy', () => copies.length > 0);
    // Dave switches keys without answering; the next try must use the new channel.
    const k2 = await generateKeyAgreement('P-256');
    await call(dave, 'key', { curve: 'P-256', pub: toBase64Url(k2.publicRaw) });
    const ch1 = await deriveChannel(k1, aliceKey, 'rekey-pending');
    const ch2 = await deriveChannel(k2, aliceKey, 'rekey-pending');
    const aad = buildAad('rekey-pending', alice.state.me!.id, daveId, copies[0].id);
    assert.equal((await decryptMessage(ch1.key, aad, copies[0].body)).text, 'for your new key');
    let fresh: any;
    const opensWithNewKey = (c: any): Promise<boolean> =>
      decryptMessage(ch2.key, aad, c.body).then(
        () => true,
        () => false,
      );
    await poll(
      'a copy encrypted under the new key',
      async () => {
        for (const c of copies.slice(1)) if (await opensWithNewKey(c)) fresh = c;
        return fresh !== undefined;
      },
      5000,
    );
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
});

// Room passphrase against a real relay: members who share it chat; one without it, one with another and a
// v1-style client never get a channel, are named as such, and nothing readable reaches them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import type { RoomSession } from '../../client/session/room-session.js';
import { peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { call, connect, newResume } from './helpers.js';
import { sessionRelay } from './session-setup.js';

describe('Room passphrase (docs/protocol.md Extensions, "Room passphrase")', () => {
  const relay = sessionRelay();

  async function member(room: string, name: string, passphrase?: string): Promise<RoomSession> {
    const s = relay.session();
    await s.join(room, name, passphrase);
    await s.generateKeys();
    return s;
  }
  const channel = (s: RoomSession, name: string) => peerNamed(s.state, name)?.channel;

  it('Alice and Bob chat; Carol (none) and Dave (another) are named and read nothing', async () => {
    const alice = await member('pp', 'Alice', 'correct horse battery staple');
    const bob = await member('pp', 'Bob', 'correct horse battery staple');
    await waitFor(alice, readyWith('Bob'), 'Alice ready with Bob');
    await waitFor(bob, readyWith('Alice'), 'Bob ready with Alice');
    assert.equal(alice.state.passphrase, true);
    const carol = await member('pp', 'Carol');
    const dave = await member('pp', 'Dave', 'wrong horse');
    const mismatch = (s: RoomSession, name: string) => (st: typeof s.state) =>
      peerNamed(st, name)?.channel === 'passphrase-mismatch';
    await waitFor(alice, mismatch(alice, 'Carol'), 'Alice sees Carol mismatch');
    await waitFor(alice, mismatch(alice, 'Dave'), 'Alice sees Dave mismatch');
    await waitFor(bob, mismatch(bob, 'Carol'), 'Bob sees Carol mismatch');
    await waitFor(carol, mismatch(carol, 'Alice'), 'Carol sees Alice mismatch');
    await waitFor(dave, mismatch(dave, 'Bob'), 'Dave sees Bob mismatch');
    assert.match(
      peerNamed(alice.state, 'Carol')!.channelReason!,
      /Carol does not know the passphrase \(joined without one\)/,
    );
    assert.match(peerNamed(alice.state, 'Dave')!.channelReason!, /Dave uses a different passphrase/);
    assert.match(peerNamed(carol.state, 'Alice')!.channelReason!, /you joined without one/);
    assert.ok(
      alice.state.messages.some((m) => m.system === 'passphrase' && /Carol does not know/.test(m.text)),
    );
    // Dave has a passphrase, so he needs Carol's proof, and Carol's answer shows she has none.
    await waitFor(dave, mismatch(dave, 'Carol'), 'Dave sees Carol mismatch');
    await alice.send('only for Bob');
    await waitFor(bob, (s) => s.messages.some((m) => m.text === 'only for Bob'), 'Bob reads it');
    const sent = alice.state.messages.find((m) => m.text === 'only for Bob')!;
    assert.deepEqual(Object.keys(sent.delivery), [peerNamed(alice.state, 'Bob')!.id]);
    // Carol sends: her v1 channel with Alice was refuted, so nothing goes to the passphrase members.
    await assert.rejects(carol.send('hello?'), /Nobody can read it yet/);
    await bob.send('barrier');
    await waitFor(alice, (s) => s.messages.some((m) => m.text === 'barrier'), 'barrier');
    for (const s of [carol, dave]) assert.ok(!s.state.messages.some((m) => !m.system && m.text.length > 0));
    assert.equal(channel(alice, 'Bob'), 'ready');
  });

  it('all join first, then make keys: every chat names each mismatch exactly once, in its snapshot', async () => {
    const names: [string, string | undefined][] = [
      ['Alice', 'x'],
      ['Bob', 'x'],
      ['Carol', undefined],
      ['Dave', 'y'],
    ];
    const ss = names.map(() => relay.session());
    for (const [i, s] of ss.entries()) await s.join('order-pp', names[i]![0], names[i]![1]);
    for (const s of ss) await s.generateKeys();
    const lines = (s: RoomSession) =>
      s.state.messages.filter((m) => m.system === 'passphrase').map((m) => m.fromName);
    const expected = [
      ['Carol', 'Dave'],
      ['Carol', 'Dave'],
      ['Alice', 'Bob', 'Dave'],
      ['Alice', 'Bob', 'Carol'],
    ];
    for (const [i, s] of ss.entries())
      await waitFor(s, () => lines(s).sort().join() === expected[i]!.join(), `${names[i]![0]}'s lines`);
  });

  it('a new key pair is confirmed again before it is used, and the chat goes on', async () => {
    const alice = await member('rekey-pp', 'Alice', 'pw');
    const bob = await member('rekey-pp', 'Bob', 'pw');
    await waitFor(alice, readyWith('Bob'), 'Alice ready with Bob');
    await waitFor(bob, readyWith('Alice'), 'Bob ready with Alice');
    const before = peerNamed(alice.state, 'Bob')!.derived!.keyFingerprint;
    const proofs = () =>
      alice.state.log.filter((l) => /Bob proved it holds the same key/.test(l.text)).length;
    assert.equal(proofs(), 1);
    await bob.generateKeys();
    await waitFor(
      alice,
      (s) => peerNamed(s, 'Bob')?.derived?.keyFingerprint !== before && readyWith('Bob')(s),
      'new',
    );
    await waitFor(bob, readyWith('Alice'), 'Bob ready again');
    assert.equal(proofs(), 2, 'the new channel needed a new proof');
    await bob.send('new keys, same passphrase');
    await waitFor(
      alice,
      (s) => s.messages.some((m) => m.text === 'new keys, same passphrase'),
      'Alice reads',
    );
  });

  it('a client that never confirms (a v1 client) is named after the wait and gets nothing', async () => {
    const alice = relay.session({ confirmWaitMs: 300 });
    await alice.join('v1-pp', 'Alice', 'pw');
    await alice.generateKeys();
    const socket = await connect(relay.server.url);
    await call(socket, 'join', { room: 'v1-pp', name: 'Old', resume: newResume() });
    const key = await generateKeyAgreement('P-256');
    await call(socket, 'key', { curve: 'P-256', pub: toBase64Url(key.publicRaw) });
    await waitFor(alice, (s) => peerNamed(s, 'Old')?.channel === 'passphrase-mismatch', 'Old named');
    assert.match(
      peerNamed(alice.state, 'Old')!.channelReason!,
      /Old does not know the passphrase: no proof came/,
    );
    await assert.rejects(alice.send('secret'), /Nobody can read it yet/);
    // A new key is a new channel: confirming again, then named again after its own wait.
    const lines = () => alice.state.messages.filter((m) => m.system === 'passphrase').length;
    assert.equal(lines(), 1);
    const confirming = waitFor(
      alice,
      (s) => peerNamed(s, 'Old')?.channel === 'confirming',
      'confirming again',
    );
    const key2 = await generateKeyAgreement('P-256');
    await call(socket, 'key', { curve: 'P-256', pub: toBase64Url(key2.publicRaw) });
    await confirming;
    await waitFor(alice, (s) => peerNamed(s, 'Old')?.channel === 'passphrase-mismatch', 'Old named again');
    assert.equal(lines(), 2);
    socket.disconnect();
  });

  it('hostile confirm bodies from a member are refused or ignored; the real peer still confirms', async () => {
    const alice = await member('hostile-pp', 'Alice', 'pw');
    const socket = await connect(relay.server.url);
    const joined = await call(socket, 'join', { room: 'hostile-pp', name: 'Mal', resume: newResume() });
    const key = await generateKeyAgreement('P-256');
    await call(socket, 'key', { curve: 'P-256', pub: toBase64Url(key.publicRaw) });
    const aliceId = joined.peers.find((p: { name: string }) => p.name === 'Alice').id as string;
    await waitFor(alice, (s) => peerNamed(s, 'Mal')?.channel === 'confirming', 'Alice waits for Mal');
    const junk: unknown[] = [
      null,
      'x',
      { pair: 'a'.repeat(43), iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(48), ack: false },
      { pair: 'a'.repeat(43), iv: 'A', ct: 'B', ack: 'no' },
      { pair: 'a'.repeat(43), iv: '!!', ct: 'B'.repeat(120), ack: true },
      { pair: 'a'.repeat(44), iv: '', ct: '', ack: false, __proto__: { x: 1 } },
    ];
    for (const [i, body] of junk.entries())
      assert.equal(
        (await call(socket, 'dm', { id: `j${i}`, kind: 'confirm', parts: [{ to: aliceId, body }] })).ok,
        true,
      );
    const bob = await member('hostile-pp', 'Bob', 'pw');
    await waitFor(alice, readyWith('Bob'), 'Alice ready with Bob despite the junk');
    await waitFor(bob, readyWith('Alice'), 'Bob ready with Alice');
    assert.notEqual(peerNamed(alice.state, 'Mal')?.channel, 'ready');
    const junkLines = alice.state.log.filter((l) =>
      /malformed passphrase confirmation from Mal/.test(l.text),
    );
    assert.equal(junkLines.length, 1, 'one line for a burst of junk');
    await bob.send('still fine');
    await waitFor(alice, (s) => s.messages.some((m) => m.text === 'still fine'), 'Alice reads Bob');
    socket.disconnect();
  });
});

describe('No passphrase: the wire stays v1', () => {
  const relay = sessionRelay();

  async function member(room: string, name: string): Promise<RoomSession> {
    const s = relay.session();
    await s.join(room, name);
    await s.generateKeys();
    return s;
  }

  it('without a passphrase nothing extra crosses the wire (v1), and members chat as before', async () => {
    const before = relay.traffic.length;
    const a = await member('plain', 'Ann');
    const b = await member('plain', 'Ben');
    await waitFor(a, readyWith('Ben'), 'Ann ready');
    await waitFor(b, readyWith('Ann'), 'Ben ready');
    await a.send('hi');
    await waitFor(b, (s) => s.messages.some((m) => m.text === 'hi'), 'Ben reads');
    assert.ok(!relay.traffic.slice(before).some((t) => t.includes('"confirm"')));
    assert.equal(a.state.passphrase, undefined);
  });
});

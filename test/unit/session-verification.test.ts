// Key changes and verification (verification.ts, key-change.ts, delivery.ts): verified → key change → unverified with a
// warning, and messages pending to a verified peer are held, not re-encrypted, until the user decides.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '../../common/limits.js';
import { importAesGcmKey } from '../../client/crypto/kdf.js';
import type { Channel } from '../../client/session/channel.js';
import { Delivery } from '../../client/session/delivery.js';
import { KeyChanges, keyChangeText } from '../../client/session/key-change.js';
import { encryptPart } from '../../client/session/messages.js';
import type { OutgoingMessage } from '../../client/session/outbox.js';
import type { PeerRecord } from '../../client/session/peers.js';
import type { ChatMessage } from '../../client/session/types.js';
import { Verification } from '../../client/session/verification.js';

const BOB = 'B'.repeat(22);
const ME = 'A'.repeat(22);

/** A channel with Bob over `peerPub` whose AES key is `fill` repeated. */
async function channel(peerPub: string, fill: number): Promise<Channel> {
  return {
    curve: 'P-256',
    ownPub: 'mine',
    peerPub,
    room: 'r',
    key: await importAesGcmKey(new Uint8Array(32).fill(fill)),
    derived: { zHex: '', saltHex: '', info: '', keyFingerprint: `fp-${peerPub}`, safetyNumber: ['12345'] },
  };
}

describe('Verification', () => {
  it('verified → the key changes → unverified with a warning → verified again clears it', async () => {
    const v = new Verification();
    const old = await channel('K1', 1);
    const fresh = await channel('K2', 2);
    assert.equal(v.isVerified(BOB, old), false);
    v.mark(BOB, old, true);
    assert.equal(v.isVerified(BOB, old), true);
    assert.deepEqual(v.keyChanged(BOB, old), { wasVerified: true });
    assert.equal(v.isVerified(BOB, fresh), false, 'a new key is a new, unverified channel');
    assert.deepEqual(v.change(BOB), { wasVerified: true });
    // A second change before the user looked still remembers that the first key was verified.
    assert.deepEqual(v.keyChanged(BOB, fresh), { wasVerified: true });
    v.mark(BOB, fresh, true);
    assert.equal(v.change(BOB), undefined, 'verifying the new channel dismisses the warning');
    assert.equal(v.isVerified(BOB, fresh), true);
    // Our own new key is a new channel too (a new safety number).
    assert.equal(v.isVerified(BOB, { ownPub: 'new-mine', peerPub: 'K2' }), false);
  });

  it('a change of a peer never verified warns without holding', () => {
    const v = new Verification();
    assert.deepEqual(v.keyChanged(BOB, { ownPub: 'mine', peerPub: 'K1' }), { wasVerified: false });
    assert.deepEqual(v.change(BOB), { wasVerified: false });
    v.reset();
    assert.equal(v.change(BOB), undefined);
  });

  it('the chat line says what to do', () => {
    assert.equal(
      keyChangeText('Bob', true, 2),
      "Bob's key changed — compare safety numbers again. You had verified Bob; that no longer holds for the new key. " +
        "2 messages still waiting for Bob are held: choose on Bob's card whether to send them to the new key.",
    );
    assert.match(
      keyChangeText('Bob', false, 0),
      /You had not marked Bob verified, so waiting messages go to the new key/,
    );
  });
});

/** Delivery to Bob over a fake socket that records every dm and acks it; Bob's record is mutable. */
async function deliveryRig() {
  const sent: { to: string; body: unknown }[][] = [];
  const waiters: (() => void)[] = [];
  /** Resolves once `n` dms were emitted (WebCrypto encrypts off the main thread: no fixed number of ticks). */
  const sentCount = (n: number): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => (sent.length >= n ? resolve() : void waiters.push(check));
      check();
    });
  const socket = {
    connected: true,
    timeout: () => ({
      emitWithAck: async (_event: string, payload: { parts: { to: string; body: unknown }[] }) => {
        sent.push(payload.parts);
        for (const w of waiters.splice(0)) w();
        return { ok: true };
      },
    }),
  };
  const context = { socket: socket as never, joined: true, room: 'r', me: ME, epoch: 0 };
  const bob: PeerRecord = { id: BOB, name: 'Bob', present: true, state: 'ready', queue: Promise.resolve() };
  bob.channel = await channel('K1', 1);
  const verification = new Verification();
  const updates: OutgoingMessage[] = [];
  const delivery = new Delivery(
    {
      context: () => context,
      peer: (id) => (id === BOB ? bob : undefined),
      log: () => {},
      updated: (m) => updates.push(m),
      verified: (p) => verification.isVerified(p.id, p.channel),
      name: () => 'Bob',
    },
    { receiptTimeoutMs: 60_000, maxDelayMs: 60_000, maxAttempts: 5 },
    DEFAULT_LIMITS,
    1000,
  );
  const lines: ChatMessage[] = [];
  const keyChanges = new KeyChanges(
    {
      name: () => 'Bob',
      channel: () => bob.channel,
      hold: (id) => delivery.hold(id),
      heldCount: (id) => delivery.heldCount(id),
      decide: (id, send) => delivery.decide(id, send),
      addLine: (l) => lines.push(l),
      log: () => {},
      changed: () => {},
      now: () => 1,
    },
    verification,
  );
  const message: OutgoingMessage = { id: 'm1', text: 'hello', ts: 1, parts: new Map() };
  const encrypt = async () =>
    message.parts.set(
      BOB,
      await encryptPart(
        'r',
        ME,
        message,
        { id: BOB, name: 'Bob' },
        bob.channel!,
        verification.isVerified(BOB, bob.channel),
      ),
    );
  /** Bob announces key K2: what PeerTable does (keyChanged with the old channel), then its new channel is ready. */
  const rekey = async () => {
    keyChanges.changed(BOB, bob.channel!);
    bob.channel = await channel('K2', 2);
    delivery.flush(BOB);
  };
  return {
    sent,
    sentCount,
    delivery,
    keyChanges,
    verification,
    bob,
    message,
    encrypt,
    rekey,
    lines,
    updates,
  };
}

describe('held messages after a key change', () => {
  it('a message pending to a verified peer is held, not re-encrypted, until the user sends it', async () => {
    const r = await deliveryRig();
    assert.equal(r.keyChanges.setVerified(BOB, true), true);
    await r.encrypt();
    assert.equal(r.message.parts.get(BOB)!.verified, true, 'encrypted over a verified channel');
    r.delivery.start(r.message);
    await r.sentCount(1);
    await r.rekey();
    const part = r.message.parts.get(BOB)!;
    assert.equal(part.state, 'held');
    assert.equal(part.fingerprint, 'fp-K1', 'still encrypted to the old key');
    assert.equal(r.sent.length, 1, 'nothing re-encrypted or re-sent to the new key');
    assert.equal(r.delivery.heldCount(BOB), 1);
    assert.equal(r.lines.length, 1);
    assert.match(r.lines[0]!.text, /^Bob's key changed — compare safety numbers again\./);
    assert.equal(r.lines[0]!.system, 'key-changed');
    assert.deepEqual(r.keyChanges.trust(r.bob), {
      verified: false,
      keyChanged: { wasVerified: true },
      held: 1,
    });
    // A refusal from the new key does not move a held part either.
    await r.delivery.receipt(BOB, 'm1', { ok: false, reason: 'cannot decrypt' });
    assert.equal(part.state, 'held');
    assert.equal(r.sent.length, 1);
    // The user chooses to send: re-encrypted to K2, unverified.
    r.keyChanges.decide(BOB, true);
    await r.sentCount(2);
    assert.equal(r.sent.length, 2);
    assert.equal(part.fingerprint, 'fp-K2');
    assert.equal(part.verified, false);
    assert.ok(['sending', 'sent'].includes(r.message.parts.get(BOB)!.state), part.state);
    r.delivery.reset();
  });

  it('discarding fails the held message with the reason, and sends nothing', async () => {
    const r = await deliveryRig();
    r.keyChanges.setVerified(BOB, true);
    await r.encrypt();
    r.delivery.start(r.message);
    await r.sentCount(1);
    await r.rekey();
    r.keyChanges.decide(BOB, false);
    const part = r.message.parts.get(BOB)!;
    assert.equal(part.state, 'failed');
    assert.match(part.reason ?? '', /you chose not to send it to Bob's new key/);
    assert.equal(r.sent.length, 1);
    r.delivery.reset();
  });

  it('a peer never verified: the warning still shows, and pending messages go to the new key as before', async () => {
    const r = await deliveryRig();
    await r.encrypt();
    r.delivery.start(r.message);
    await r.sentCount(1);
    await r.rekey();
    await r.sentCount(2);
    const part = r.message.parts.get(BOB)!;
    assert.notEqual(part.state, 'held');
    assert.equal(part.fingerprint, 'fp-K2', 're-encrypted to the new key');
    assert.equal(r.sent.length, 2);
    assert.deepEqual(r.keyChanges.trust(r.bob), {
      verified: false,
      keyChanged: { wasVerified: false },
      held: 0,
    });
    assert.match(r.lines[0]!.text, /You had not marked Bob verified/);
    r.delivery.reset();
  });
});

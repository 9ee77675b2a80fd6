// RoomSession across a dropped socket and a full relay restart: same member id, kept channels, exactly-once delivery.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logText, newSession, peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { DEFAULT_RETRY } from '../../client/session/outbox.js';
import { startTestServer } from './helpers.js';
import { leaveAll, readyPair } from './session-setup.js';

describe('RoomSession across reconnects and relay restarts', () => {
  it('re-joins with the same member id, keeps channels, and delivers a message sent while down exactly once', async () => {
    let server = await startTestServer();
    const port = server.port;
    const alice = newSession(server.url);
    const bob = newSession(server.url);
    try {
      await readyPair('resilient', [alice, 'Alice'], [bob, 'Bob']);
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
      // Barrier: a later message from Alice reaches Bob after every copy of the first she sent before it.
      await alice.send('after the restart');
      await waitFor(
        bob,
        (s) => s.messages.some((m) => m.text === 'after the restart'),
        'Bob gets the next one',
      );
      assert.equal(bob.state.messages.filter((m) => m.text === 'sent while the relay was down').length, 1);
      // One resend after the re-join, logged once (a class saw "Resending a pending message" twice).
      assert.equal(logText(alice).filter((l) => l.startsWith('Resending a pending message')).length, 1);
      assert.equal(got.me!.id, bobId);
      assert.equal(peerNamed(alice.state, 'Bob')!.derived!.keyFingerprint, before.keyFingerprint);
      assert.equal(derivedLines(), derivedBefore, 'no new derivation: the channel was kept');
    } finally {
      await leaveAll(alice, bob);
      await server.close();
    }
  });
  it('resends a message written while its author reconnects once, and logs it once', async () => {
    const server = await startTestServer();
    // A receipt slower than the default timeout on a loaded machine would make a retry (a second copy by design):
    // a long timeout keeps this test about the reconnect path only.
    const alice = newSession(server.url, { retry: { ...DEFAULT_RETRY, receiptTimeoutMs: 60_000 } });
    const bob = newSession(server.url);
    try {
      await readyPair('resend-once', [alice, 'Alice'], [bob, 'Bob']);
      const aliceId = alice.state.me!.id;
      for (const s of await server.io.fetchSockets()) if (s.data.id === aliceId) s.disconnect(true);
      await waitFor(alice, (s) => s.connection === 'reconnecting', 'Alice notices');
      await alice.send('written while reconnecting');
      await waitFor(
        bob,
        (s) => s.messages.some((m) => m.text === 'written while reconnecting'),
        'Bob gets it',
      );
      await waitFor(
        alice,
        (s) => Object.values(s.messages[0]!.delivery)[0]!.state === 'delivered',
        'delivered',
      );
      // Barrier: a later message reaches Bob after every copy of the first that Alice sent before it.
      await alice.send('the next one');
      await waitFor(bob, (s) => s.messages.some((m) => m.text === 'the next one'), 'Bob gets the next one');
      assert.equal(logText(alice).filter((l) => l.startsWith('Resending a pending message')).length, 1);
      assert.equal(
        logText(bob).filter((l) => l.startsWith('Dropped a copy')).length,
        0,
        'no copy sent twice',
      );
    } finally {
      await leaveAll(alice, bob);
      await server.close();
    }
  });
});

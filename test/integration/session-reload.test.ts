// RoomSession and a peer who reloads its tab: same member id (resume), new key pair, old socket still open.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStorage } from '../../client/session/resume.js';
import type { SessionState } from '../../client/session/types.js';
import { logText, newSession, peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { startTestServer } from './helpers.js';
import { readyPair } from './session-setup.js';

const deliveredTo = (text: string) => (s: SessionState) =>
  s.messages.some(
    (m) => m.outgoing && m.text === text && Object.values(m.delivery).every((d) => d.state === 'delivered'),
  );

describe('RoomSession and a reloaded peer', () => {
  it('stops using the old key when the member joins again, holds messages, and delivers them once the new key arrives', async () => {
    const server = await startTestServer();
    const storage = new MemoryStorage(); // Bob's sessionStorage: survives the reload
    const alice = newSession(server.url);
    const bob = newSession(server.url, { storage });
    const reloaded = newSession(server.url, { storage });
    try {
      await readyPair('reload', [alice, 'Alice'], [bob, 'Bob']);
      const before = peerNamed(alice.state, 'Bob')!.derived!;
      const bobId = bob.state.me!.id;

      // The reloaded tab joins (same resume → same member id) while the old socket is still open.
      await reloaded.join('reload', 'Bob');
      assert.equal(reloaded.state.me!.id, bobId);
      const gap = await waitFor(
        alice,
        (s) => peerNamed(s, 'Bob')?.channel === 'no-key',
        "Alice stops using Bob's old key",
      );
      assert.equal(peerNamed(gap, 'Bob')!.key, undefined, 'no key shown until Bob announces one');
      await bob.leave(); // the old tab is gone; the relay sends no peer-left (Bob still has a socket)

      // Sent in the gap: held back (not encrypted to the dead key's socket), not failed.
      await alice.send('in the gap');
      const held = alice.state.messages.find((m) => m.text === 'in the gap')!;
      assert.equal(held.delivery[bobId]!.state, 'sending');
      assert.ok(logText(alice).includes('Message for Bob waits until Bob announces its key again'));

      await reloaded.generateKeys();
      const after = await waitFor(alice, readyWith('Bob'), 'Alice ready with the reloaded Bob');
      const derived = peerNamed(after, 'Bob')!.derived!;
      assert.notEqual(derived.keyFingerprint, before.keyFingerprint);
      assert.notDeepEqual(derived.safetyNumber, before.safetyNumber);
      await waitFor(
        reloaded,
        (s) => s.messages.some((m) => m.text === 'in the gap'),
        'gap message decrypted',
      );
      await waitFor(alice, deliveredTo('in the gap'), 'gap message delivered');

      await alice.send('after the re-key');
      await waitFor(reloaded, (s) => s.messages.some((m) => m.text === 'after the re-key'), 'decrypted');
      await waitFor(alice, deliveredTo('after the re-key'), 'delivered');
      assert.ok(
        !alice.state.messages.some((m) => Object.values(m.delivery).some((d) => d.state === 'failed')),
      );
      assert.equal(reloaded.state.messages.filter((m) => m.text === 'in the gap').length, 1);
    } finally {
      await Promise.all([alice.leave(), bob.leave(), reloaded.leave()]);
      await server.close();
    }
  });
});

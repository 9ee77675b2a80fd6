// RoomSession and a draining relay node (docs/protocol.md `relay-draining`): make-before-break move.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logText, newSession, peerNamed, waitFor } from '../helpers/session.js';
import { waitFor as poll, startTestServer } from './helpers.js';
import { readyPair } from './session-setup.js';

describe('RoomSession and relay-draining', () => {
  it('moves to a new connection before dropping the old one: same member, same channel, peers see no leave', async () => {
    const server = await startTestServer();
    const alice = newSession(server.url);
    const bob = newSession(server.url);
    try {
      await readyPair('drain', [alice, 'Alice'], [bob, 'Bob']);
      const aliceId = alice.state.me!.id;
      const fingerprint = peerNamed(alice.state, 'Bob')!.derived!.keyFingerprint;
      const socketsOfAlice = async () =>
        (await server.io.fetchSockets()).filter((s) => s.data.id === aliceId);
      const [old] = await socketsOfAlice();
      assert.ok(old);

      // What a draining node sends; the load balancer would route the new connection elsewhere.
      old.emit('relay-draining', { graceMs: 2000 });
      await waitFor(
        alice,
        () => logText(alice).some((l) => l.startsWith('Reconnected: rejoined room drain as the same member')),
        'Alice moved',
        8000,
      );
      await poll(
        'the old socket closed',
        async () => !(await socketsOfAlice()).some((s) => s.id === old.id),
        3000,
      );
      const now = await socketsOfAlice();
      assert.equal(now.length, 1, 'exactly one socket left for Alice');
      assert.notEqual(now[0]!.id, old.id, 'the old socket was closed by the client');
      assert.ok(
        logText(alice).some(
          (l) => l.startsWith('The relay is shutting down') && l.includes('if there is one'),
        ),
      );
      assert.equal(alice.state.me!.id, aliceId);
      assert.equal(alice.state.connection, 'connected');

      await bob.send('after the move');
      await waitFor(alice, (s) => s.messages.some((m) => m.text === 'after the move'), 'message after move');
      await waitFor(
        bob,
        (s) => Object.values(s.messages[0]!.delivery)[0]!.state === 'delivered',
        'delivered',
      );
      assert.equal(peerNamed(alice.state, 'Bob')!.derived!.keyFingerprint, fingerprint);
      assert.ok(!logText(bob).includes('Alice left the room'), 'Bob saw no leave');
      assert.equal(peerNamed(bob.state, 'Alice')!.derived!.keyFingerprint, fingerprint);
    } finally {
      await Promise.all([alice.leave(), bob.leave()]);
      await server.close();
    }
  });
});

// RoomSession and the room lock (docs/protocol.md "Room lock"): state for every member, the refusal text, re-joins.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOM_LOCKED_TEXT } from '../../client/session/ack-errors.js';
import { logText, peerNamed, waitFor } from '../helpers/session.js';
import { joinAll, sessionRelay } from './session-setup.js';

const relay = sessionRelay();

describe('RoomSession with a room lock', () => {
  it('shows who locked the room to every member, refuses a newcomer with a plain reason, and unlocks', async () => {
    const alice = relay.session();
    const bob = relay.session();
    const carol = relay.session();
    await joinAll('s-lock', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await waitFor(alice, (s) => peerNamed(s, 'Bob') !== undefined, 'Alice sees Bob');
    assert.equal(alice.state.lock, undefined, 'open by default');

    await alice.setLocked(true);
    const atBob = await waitFor(bob, (s) => s.lock?.locked === true, 'Bob sees the lock');
    assert.deepEqual(atBob.lock, {
      locked: true,
      by: alice.state.me!.id,
      byName: 'Alice',
      mine: false,
      pending: false,
    });
    const atAlice = await waitFor(alice, (s) => s.lock?.locked === true, 'Alice sees her lock');
    assert.equal(atAlice.lock?.locked && atAlice.lock.mine, true);
    assert.ok(logText(bob).some((l) => l === 'Alice locked the room: new people cannot join.'));

    await assert.rejects(carol.join('s-lock', 'Carol'), { message: ROOM_LOCKED_TEXT });
    assert.equal(carol.state.connection, 'disconnected');

    await bob.setLocked(false);
    await waitFor(alice, (s) => s.lock === undefined, 'Alice sees the unlock');
    await carol.join('s-lock', 'Carol');
    assert.equal(carol.state.lock, undefined);
  });

  it('a member who joins a locked room again learns the lock from the join ack', async () => {
    const alice = relay.session();
    const bob = relay.session();
    await joinAll('s-lock-again', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await bob.setLocked(true);
    await waitFor(alice, (s) => s.lock?.locked === true, 'Alice sees the lock');
    // A dropped connection (the relay closes it): socket.io reconnects and the session re-joins, same resume.
    const aliceId = alice.state.me!.id;
    for (const s of await relay.server.io.fetchSockets()) if (s.data.id === aliceId) s.disconnect(true);
    await waitFor(alice, (s) => s.connection === 'reconnecting', 'Alice lost the relay');
    const back = await waitFor(alice, (s) => s.connection === 'connected', 'Alice is back');
    assert.equal(back.lock?.locked, true);
    assert.ok(back.lock?.locked && back.lock.byName === 'Bob');
  });
});

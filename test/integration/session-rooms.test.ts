// RoomSession moving between rooms: leaving forgets the key pair, so another room never sees the old key (issue 9).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logText, peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { joinAll, readyPair, sessionRelay } from './session-setup.js';

const relay = sessionRelay();

/** The `key` events clients sent the relay that carry `pub`. */
const keyEventsWith = (pub: string): string[] =>
  relay.traffic.filter((t) => t.startsWith('key ') && t.includes(pub));

describe('RoomSession moving from one room to another', () => {
  it('starts the next room without a key: the old public key is never announced there', async () => {
    const alice = relay.session();
    const bob = relay.session();
    const carol = relay.session();
    await readyPair('first-room', [alice, 'Alice'], [bob, 'Bob']);
    const oldPub = alice.state.myKey!.pub;
    assert.equal(keyEventsWith(oldPub).length, 1, 'announced once in the first room');

    await alice.leave();
    assert.equal(alice.state.myKey, undefined, 'leaving forgets the key pair');
    assert.equal(alice.state.keyAnnouncement, undefined, 'and its announcement');
    assert.ok(logText(alice).some((l) => l.startsWith('Forgot your key pair')));

    await joinAll('second-room', [
      [carol, 'Carol'],
      [alice, 'Alice'],
    ]);
    await carol.generateKeys();
    await waitFor(carol, (s) => peerNamed(s, 'Alice') !== undefined, 'Carol sees Alice');
    assert.equal(alice.state.myKey, undefined, 'no key until Alice makes one');

    await alice.generateKeys();
    const newPub = alice.state.myKey!.pub;
    assert.notEqual(newPub, oldPub);
    // Barrier: Carol has Alice's new key, sent after anything Alice announced on joining.
    const st = await waitFor(carol, readyWith('Alice'), 'Carol ready with the new Alice');
    assert.equal(peerNamed(st, 'Alice')!.key!.pub, newPub);
    assert.equal(keyEventsWith(oldPub).length, 1, 'the old key was never sent again');
    assert.equal(logText(carol).filter((l) => l.startsWith('Key received from Alice')).length, 1);
  });
});

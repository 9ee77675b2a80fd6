// The line beside the "Sender keys" switch (client/components/sender-keys-line.ts): only peers with a v2 channel are
// counted as able to hold the chain; everyone else is counted by what they get and why.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { senderKeysLine } from '../../client/components/sender-keys-line.js';
import type { SenderKeysView } from '../../client/session/types.js';

/** An active view with `over` applied. */
const view = (over: Partial<SenderKeysView>): SenderKeysView => ({
  active: true,
  onDemand: false,
  members: 3,
  holders: 0,
  v2Peers: 0,
  v1Peers: 0,
  awaitingKey: 0,
  noChannel: 0,
  ...over,
});

describe('senderKeysLine', () => {
  test('off: says pairwise and from how many members', () => {
    assert.equal(senderKeysLine(view({ active: false })), 'Sender keys off: pairwise (on from 3 members).');
  });

  test('a keyless member is not counted as a peer that could hold the chain: 2 of 2, and 1 gets nothing', () => {
    const line = senderKeysLine(
      view({ members: 4, holders: 2, v2Peers: 2, noChannel: 1, chainId: 'abc', iteration: 3 }),
    );
    assert.equal(
      line,
      'Sender keys in use: 2 of 2 v2 peers by broadcast; chain abc, next message 3. ' +
        '1 member with no channel with you gets nothing (the peer card says why).',
    );
    assert.doesNotMatch(line, /of 3/);
  });

  test('a v1 member gets a pairwise copy, and says why', () => {
    assert.equal(
      senderKeysLine(view({ holders: 1, v2Peers: 1, v1Peers: 1 })),
      'Sender keys in use: 1 of 1 v2 peer by broadcast. 1 peer on v1 gets a pairwise copy (v1 has no sender keys).',
    );
  });

  test('v2 peers that have not acknowledged the chain yet, and members that joined again, are counted apart', () => {
    assert.equal(
      senderKeysLine(view({ members: 6, holders: 1, v2Peers: 3, awaitingKey: 2, noChannel: 2 })),
      'Sender keys in use: 1 of 3 v2 peers by broadcast. ' +
        '2 more v2 peers get a pairwise copy until they acknowledge your chain. ' +
        '2 peers who joined again get a pairwise copy once they announce their key. ' +
        '2 members with no channel with you get nothing (the peer card says why).',
    );
  });

  test('on, but nobody has a v2 channel: no "0 of 0"', () => {
    const line = senderKeysLine(view({ v1Peers: 2 }));
    assert.equal(
      line,
      'Sender keys on, but no peer has a v2 channel with you to hold your chain. ' +
        '2 peers on v1 get a pairwise copy (v1 has no sender keys).',
    );
  });
});

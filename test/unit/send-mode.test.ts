// sendMode (client/session/send-mode.ts): which way a message goes out, derived from the peer cards' protocol lines.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { negotiate, protocolLabel } from '../../client/session/negotiate.js';
import { sendMode } from '../../client/session/send-mode.js';
import type { PeerView } from '../../client/session/types.js';

type P = Pick<PeerView, 'channel' | 'protocol'>;
const v2: P = { channel: 'ready', protocol: protocolLabel(negotiate([1, 2], [1, 2], 'Bob')) };
const v1: P = { channel: 'ready', protocol: protocolLabel(negotiate([1, 2], undefined, 'Dave')) };

describe('sendMode', () => {
  test('the real peer-card labels: v2 pairs count as v2, v1 pairs as v1', () => {
    assert.match(v2.protocol!, /^v2 · Double Ratchet/);
    const m = sendMode({ peers: [v2, v2, v1] });
    assert.deepEqual([m.v2, m.v1, m.mode, m.policy], [2, 1, 'pairwise', 'sender-keys']);
    assert.match(m.why, /start once the session switches them on/);
  });

  test('a pair: the policy says pairwise; only v1 members: nobody to send sender keys to', () => {
    assert.deepEqual(
      [sendMode({ peers: [v2] }).policy, sendMode({ peers: [v2] }).mode],
      ['pairwise', 'pairwise'],
    );
    const onlyV1 = sendMode({ peers: [v1, v1, v1] });
    assert.equal(onlyV1.policy, 'pairwise');
    assert.match(onlyV1.why, /no member here speaks v2/);
  });

  test('members without a secure channel get no part and are not counted', () => {
    const m = sendMode({
      peers: [v2, { channel: 'deriving', protocol: v2.protocol }, { channel: 'failed' }],
    });
    assert.deepEqual([m.v2, m.v1], [1, 0]);
  });

  test('sender keys once the session says they are active and a peer holds our chain; until then pairwise', () => {
    const all = sendMode({ peers: [v2, v2], senderKeys: { active: true, holders: 2 } });
    assert.equal(all.mode, 'sender-keys');
    assert.match(all.why, /every v2 member here \(2 hold this client's sender chain\)/);
    const some = sendMode({ peers: [v2, v2, v1], senderKeys: { active: true, holders: 1 } });
    assert.equal(some.mode, 'sender-keys');
    assert.match(some.why, /1 v2 member holding .* 1 more get the message pairwise/);
    const none = sendMode({ peers: [v2, v2], senderKeys: { active: true, holders: 0 } });
    assert.equal(none.mode, 'pairwise');
    assert.match(none.why, /no member has acknowledged/);
    assert.equal(sendMode({ peers: [v1, v1], senderKeys: { active: true, holders: 2 } }).mode, 'pairwise');
    assert.equal(sendMode({ peers: [v2, v2], senderKeys: { active: false, holders: 2 } }).mode, 'pairwise');
  });

  test('a holder count larger than the v2 members (a stale snapshot) is capped', () => {
    const m = sendMode({ peers: [v2], senderKeys: { active: true, holders: 9 } });
    assert.match(m.why, /every v2 member here \(1 holds/);
  });

  test('junk or look-alike protocol lines never count as v2', () => {
    for (const protocol of ['v20 — lies', ' v2 ', 'V2', 'No common protocol — x', '', undefined])
      assert.equal(
        sendMode({ peers: [{ channel: 'ready', ...(protocol === undefined ? {} : { protocol }) }] }).v2,
        0,
      );
  });
});

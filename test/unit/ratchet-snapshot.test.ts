// The public snapshot: every fingerprint is SHA-256 of the key really used, counters and chains follow the conversation.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { toBase64Url } from '../../client/crypto/base64url.js';
import type { TraceEvent } from '../../client/crypto/ratchet/steps.js';
import { DoubleRatchet } from '../../client/crypto/ratchet/ratchet.js';
import { ROOM, ab, ba, makePair } from '../helpers/ratchet.js';

function fp(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

describe('Double Ratchet public snapshot', () => {
  it("each link's fingerprints are those of the message and chain keys derived for it; root links those of the root chain", async () => {
    const events: { by: string; e: TraceEvent }[] = [];
    const tracer = (by: string) => (e: TraceEvent) => events.push({ by, e });
    const { aKey, bKey, generate } = await makePair('X25519');
    const A = await DoubleRatchet.create({
      own: aKey,
      peerPub: bKey.publicRaw,
      room: ROOM,
      generate,
      trace: tracer('a'),
    });
    const B = await DoubleRatchet.create({
      own: bKey,
      peerPub: aKey.publicRaw,
      room: ROOM,
      generate,
      trace: tracer('b'),
    });
    for (let i = 0; i < 3; i++) {
      const m = await A.encrypt(`a${i}`, ab(`a${i}`));
      const m2 = await A.encrypt(`a${i}'`, ab(`a${i}'`));
      await B.decrypt(m2.header, m2.ct, ab(`a${i}'`));
      await B.decrypt(m.header, m.ct, ab(`a${i}`));
      const r = await B.encrypt(`b${i}`, ba(`b${i}`));
      await A.decrypt(r.header, r.ct, ba(`b${i}`));
    }
    for (const [who, r] of [
      ['a', A],
      ['b', B],
    ] as const) {
      const snap = r.snapshot();
      const chains = events
        .filter((x) => x.by === who && x.e.type === 'chain')
        .map((x) => x.e as Extract<TraceEvent, { type: 'chain' }>);
      const roots = events
        .filter((x) => x.by === who && x.e.type === 'root')
        .map((x) => x.e as Extract<TraceEvent, { type: 'root' }>);
      assert.equal(snap.links.length, chains.length);
      snap.links.forEach((link, i) => {
        assert.equal(link.direction, chains[i].direction);
        assert.equal(link.n, chains[i].n);
        assert.equal(link.messageKeyFingerprint, fp(chains[i].messageKey));
        assert.equal(link.chainKeyFingerprint, fp(chains[i].nextChainKey));
      });
      assert.equal(snap.rootLinks.length, roots.length);
      assert.equal(snap.rootSteps, roots.length);
      snap.rootLinks.forEach((link, i) => {
        assert.equal(link.step, i);
        assert.equal(link.rootKeyFingerprint, fp(roots[i].rootKey));
        assert.equal(link.chainKeyFingerprint, fp(roots[i].chainKey));
        assert.equal(link.ownKey, toBase64Url(roots[i].own));
        assert.equal(link.peerKey, toBase64Url(roots[i].peer));
      });
    }
    // A's last step was receiving b2: a new, still empty sending chain after a chain of 2 (PN), and one link received.
    const sa = A.snapshot();
    assert.equal(sa.sending.n, 0);
    assert.equal(sa.sending.pn, 2);
    assert.equal(sa.receiving.n, 1);
    assert.equal(sa.receiving.ready, true);
    assert.equal(sa.receiving.ratchetKey, B.snapshot().sending.ratchetKey);
    assert.deepEqual(B.snapshot().skipped, []);
  });

  it('a snapshot is a copy: later messages do not change one already taken', async () => {
    const { a, b } = await makePair('P-256');
    const before = a.snapshot();
    const text = JSON.stringify(before);
    const m = await a.encrypt('x', ab('x'));
    await b.decrypt(m.header, m.ct, ab('x'));
    assert.equal(JSON.stringify(before), text);
    assert.equal(a.snapshot().sending.n, 1);
  });

  it('the initiator has no receiving chain until the first reply (ready false, chain −1)', async () => {
    const { a } = await makePair('toy-61');
    const s = a.snapshot();
    assert.equal(s.role, 'initiator');
    assert.equal(s.receiving.ready, false);
    assert.equal(s.receiving.chain, -1);
    assert.equal(s.rootSteps, 1);
  });
});

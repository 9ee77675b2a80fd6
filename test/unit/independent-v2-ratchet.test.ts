// The independent Double Ratchet (test/helpers/independent-v2/ratchet.ts) on its own: the bounds of "v2: Double
// Ratchet" (MAX_SKIP, MAX_SKIPPED_KEYS), refusals that leave the state unchanged, same-key, and long reordered runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utf8 } from '../helpers/independent-v2/bytes.js';
import { pairMaterial } from '../helpers/independent-v2/channel.js';
import { type CurveId, randomPair } from '../helpers/independent-v2/primitives.js';
import {
  IndependentRatchet,
  MAX_SKIP,
  MAX_SKIPPED_KEYS,
  RatchetRefusal,
} from '../helpers/independent-v2/ratchet.js';

const A = 'QWxpY2UtbWVtYmVyLWlkMQ';
const B = 'Qm9iLW1lbWJlci1pZC0wMg';

/** Two ratchets for a fresh pair on `curve`. */
function pair(curve: CurveId = 'X25519') {
  const [ka, kb] = [randomPair(curve), randomPair(curve)];
  const make = (own: typeof ka, peer: typeof kb) =>
    new IndependentRatchet({
      curve,
      ownV1: own,
      peerV1: peer.pub,
      material: pairMaterial(curve, 'r', own, peer.pub),
      generate: () => randomPair(curve),
    });
  return { a: make(ka, kb), b: make(kb, ka) };
}
const bind = (from: string, to: string, id: string) => ({ room: 'r', from, to, id });
const code = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof RatchetRefusal ? e.code : String(e);
  }
};

describe('independent Double Ratchet', () => {
  it('same key: no session', () => {
    const k = randomPair('P-256');
    assert.equal(
      code(
        () =>
          new IndependentRatchet({
            curve: 'P-256',
            ownV1: k,
            peerV1: k.pub,
            material: pairMaterial('P-256', 'r', k, k.pub),
            generate: () => randomPair('P-256'),
          }),
      ),
      'same-key',
    );
  });

  it('MAX_SKIP: n more than 1000 ahead is refused and changes nothing; exactly 1000 ahead opens', () => {
    const { a, b } = pair('P-256');
    const msgs = Array.from({ length: MAX_SKIP + 2 }, (_, i) =>
      a.encrypt(utf8(`m${i}`), bind(A, B, `m${i}`)),
    );
    assert.equal(
      code(() => b.decrypt(msgs[MAX_SKIP + 1]!.h, msgs[MAX_SKIP + 1]!.ct, bind(A, B, `m${MAX_SKIP + 1}`))),
      'too-many-skipped',
    );
    assert.equal(b.skippedCount, 0);
    assert.equal(
      code(() => b.decrypt(msgs[MAX_SKIP]!.h, msgs[MAX_SKIP]!.ct, bind(A, B, `m${MAX_SKIP}`))),
      'ok',
    );
    assert.equal(b.skippedCount, MAX_SKIP);
    // Every skipped one still opens, once; a second time is refused.
    for (let i = 0; i < MAX_SKIP; i += 97)
      assert.equal(
        code(() => b.decrypt(msgs[i]!.h, msgs[i]!.ct, bind(A, B, `m${i}`))),
        'ok',
      );
    assert.equal(
      code(() => b.decrypt(msgs[0]!.h, msgs[0]!.ct, bind(A, B, 'm0'))),
      'duplicate',
    );
  });

  it('MAX_SKIPPED_KEYS: a message that would overfill the store is refused, state unchanged', () => {
    const { a, b } = pair();
    const send = (from: IndependentRatchet, f: string, t: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        ...from.encrypt(utf8('x'), bind(f, t, `${f[0]}${i}`)),
        id: `${f[0]}${i}`,
      }));
    // Three chains from A of 1000 each, each read only by its last message: 999 skipped per chain.
    let held = 0;
    let refused = false;
    for (let chain = 0; chain < 3; chain++) {
      const run = send(a, A, B, MAX_SKIP);
      const last = run.at(-1)!;
      const got = code(() => b.decrypt(last.h, last.ct, bind(A, B, last.id)));
      if (held + MAX_SKIP - 1 > MAX_SKIPPED_KEYS) {
        assert.equal(got, 'too-many-skipped');
        assert.equal(b.skippedCount, held);
        refused = true;
        break;
      }
      assert.equal(got, 'ok');
      held += MAX_SKIP - 1;
      assert.equal(b.skippedCount, held);
      // B answers, so A's next chain is a new ratchet key.
      const r = b.encrypt(utf8('ack'), bind(B, A, `r${chain}`));
      assert.equal(
        code(() => a.decrypt(r.h, r.ct, bind(B, A, `r${chain}`))),
        'ok',
      );
    }
    assert.ok(refused, 'the third chain would overfill the store');
    assert.equal(b.skippedCount, 2 * (MAX_SKIP - 1));
  });

  it('a wrong binding (room, sender, recipient or id) or a flipped byte is auth-failed and leaves the chain usable', () => {
    const { a, b } = pair();
    const m = a.encrypt(utf8('hi'), bind(A, B, 'x'));
    for (const wrong of [bind(B, A, 'x'), bind(A, B, 'y'), { ...bind(A, B, 'x'), room: 's' }])
      assert.equal(
        code(() => b.decrypt(m.h, m.ct, wrong)),
        'auth-failed',
      );
    const flipped = Uint8Array.from(m.ct);
    flipped[0]! ^= 1;
    assert.equal(
      code(() => b.decrypt(m.h, flipped, bind(A, B, 'x'))),
      'auth-failed',
    );
    assert.equal(
      code(() => b.decrypt({ ...m.h, pn: 1 }, m.ct, bind(A, B, 'x'))),
      'auth-failed',
    );
    assert.equal(new TextDecoder().decode(b.decrypt(m.h, m.ct, bind(A, B, 'x'))), 'hi');
  });

  it('a shuffled conversation over many turns reads every message exactly once', () => {
    const { a, b } = pair('P-384');
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let turn = 0; turn < 12; turn++) {
      const [from, to, f, t] = turn % 2 ? [b, a, B, A] : [a, b, A, B];
      const batch = Array.from({ length: 1 + Math.floor(rnd() * 5) }, (_, i) => ({
        id: `${turn}.${i}`,
        ...from.encrypt(utf8(`${turn}.${i}`), bind(f, t, `${turn}.${i}`)),
      }));
      batch.sort(() => rnd() - 0.5);
      for (const m of batch)
        assert.equal(new TextDecoder().decode(to.decrypt(m.h, m.ct, bind(f, t, m.id))), m.id);
      for (const m of batch)
        assert.notEqual(
          code(() => to.decrypt(m.h, m.ct, bind(f, t, m.id))),
          'ok',
        );
    }
  });
});

// Double Ratchet behaviours of Signal's specification: in order, out of order, skipped-key bounds, replays, key deletion.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareBytes, equalBytes } from '../../client/crypto/bytes.js';
import { RatchetError } from '../../client/crypto/ratchet/errors.js';
import { ab, ba, makePair, stateDigest, text } from '../helpers/ratchet.js';

/** Assert that `p` rejects with RatchetError of `code`. */
async function refused(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof RatchetError && e.code === code);
}

describe('Double Ratchet: in order', () => {
  it('both directions, turns change, every message decrypts once and each turn change is one DH ratchet step', async () => {
    const { a, b } = await makePair('X25519');
    for (let turn = 0; turn < 4; turn++) {
      for (let i = 0; i < 3; i++) {
        const id = `a${turn}.${i}`;
        const m = await a.encrypt(id, ab(id));
        const { plaintext, path } = await b.decryptBody(m.body, ab(id));
        assert.equal(text(plaintext), id);
        assert.equal(path, turn > 0 && i === 0 ? 'ratchet-step' : 'chain');
      }
      const id = `b${turn}`;
      const m = await b.encrypt(id, ba(id));
      const out = await a.decryptBody(m.body, ba(id));
      assert.equal(text(out.plaintext), id);
      assert.equal(out.path, 'ratchet-step');
    }
    // a: 1 initial step + 2 per reply received; b: 2 initial + 2 per turn change after the first.
    assert.equal(a.snapshot().rootSteps, 1 + 2 * 4);
    assert.equal(b.snapshot().rootSteps, 2 + 2 * 3);
  });

  it('initiator rule: the smaller v1 key starts with its v1 key as ratchet key; the other draws a fresh one; both may send first', async () => {
    const { a, b, aKey, bKey } = await makePair('P-256');
    const [init, resp, initKey, respKey] =
      compareBytes(aKey.publicRaw, bKey.publicRaw) < 0 ? [a, b, aKey, bKey] : [b, a, bKey, aKey];
    assert.equal(init.snapshot().role, 'initiator');
    assert.equal(resp.snapshot().role, 'responder');
    const mi = await init.encrypt('from initiator', ab('i'));
    const mr = await resp.encrypt('from responder', ba('r'));
    assert.ok(equalBytes(mi.header.dh, initKey.publicRaw));
    assert.ok(!equalBytes(mr.header.dh, respKey.publicRaw));
    // Both sent before receiving anything; both still decrypt.
    assert.equal(text((await init.decrypt(mr.header, mr.ct, ba('r'))).plaintext), 'from responder');
    assert.equal(text((await resp.decrypt(mi.header, mi.ct, ab('i'))).plaintext), 'from initiator');
  });

  it('concurrent encrypt calls are serialised: numbers 0…4, each once', async () => {
    const { a } = await makePair('X25519');
    const out = await Promise.all([0, 1, 2, 3, 4].map((i) => a.encrypt(`m${i}`, ab(`m${i}`))));
    assert.deepEqual(out.map((m) => m.header.n).sort(), [0, 1, 2, 3, 4]);
  });
});

describe('Double Ratchet: out of order and skipped keys', () => {
  it('one chain in the order 3, 0, 4, 2, 1: stored keys open the late ones, and are deleted after use', async () => {
    const { a, b } = await makePair('X25519');
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await a.encrypt(`m${i}`, ab(`m${i}`)));
    assert.equal((await b.decrypt(sent[3].header, sent[3].ct, ab('m3'))).path, 'chain');
    assert.deepEqual(
      b.snapshot().skipped.map((k) => k.n),
      [0, 1, 2],
    );
    for (const i of [0, 4, 2, 1]) {
      const { plaintext, path } = await b.decrypt(sent[i].header, sent[i].ct, ab(`m${i}`));
      assert.equal(text(plaintext), `m${i}`);
      assert.equal(path, i === 4 ? 'chain' : 'skipped');
      assert.equal(b.holdsSkippedKey(sent[i].header.dh, i), false);
    }
    assert.deepEqual(b.snapshot().skipped, []);
  });

  it('a message of the previous chain arriving after the next chain started (PN stores the rest of the old chain)', async () => {
    const { a, b } = await makePair('P-384');
    const a0 = await a.encrypt('a0', ab('a0'));
    const a1 = await a.encrypt('a1', ab('a1'));
    const b0 = await b.encrypt('b0', ba('b0'));
    await a.decrypt(b0.header, b0.ct, ba('b0'));
    const a2 = await a.encrypt('a2', ab('a2'));
    assert.equal(a2.header.pn, 2);
    assert.equal((await b.decrypt(a2.header, a2.ct, ab('a2'))).path, 'ratchet-step');
    assert.equal(b.snapshot().skipped.length, 2);
    assert.ok(b.holdsSkippedKey(a1.header.dh, 1));
    assert.equal(text((await b.decrypt(a1.header, a1.ct, ab('a1'))).plaintext), 'a1');
    assert.equal(text((await b.decrypt(a0.header, a0.ct, ab('a0'))).plaintext), 'a0');
    assert.deepEqual(b.snapshot().skipped, []);
  });

  it('MAX_SKIP per chain: one more skipped key than allowed is refused with the state unchanged; the bound itself is accepted', async () => {
    const { a, b } = await makePair('X25519', { maxSkip: 5 });
    const sent = [];
    for (let i = 0; i < 8; i++) sent.push(await a.encrypt(`m${i}`, ab(`m${i}`)));
    const before = stateDigest(b);
    await refused(b.decrypt(sent[6].header, sent[6].ct, ab('m6')), 'too-many-skipped');
    assert.equal(stateDigest(b), before);
    assert.equal(text((await b.decrypt(sent[5].header, sent[5].ct, ab('m5'))).plaintext), 'm5');
    assert.equal(b.snapshot().skipped.length, 5);
  });

  it('MAX_SKIPPED_KEYS over all chains: a message that would overfill the store is refused, state unchanged', async () => {
    const { a, b } = await makePair('X25519', { maxSkip: 10, maxSkippedKeys: 4 });
    const sent = [];
    for (let i = 0; i < 8; i++) sent.push(await a.encrypt(`m${i}`, ab(`m${i}`)));
    await b.decrypt(sent[3].header, sent[3].ct, ab('m3')); // stores 0, 1, 2
    const before = stateDigest(b);
    await refused(b.decrypt(sent[6].header, sent[6].ct, ab('m6')), 'too-many-skipped'); // would store 4, 5: 5 > 4
    assert.equal(stateDigest(b), before);
    assert.equal(text((await b.decrypt(sent[5].header, sent[5].ct, ab('m5'))).plaintext), 'm5'); // stores 4: 4 keys
    assert.equal(b.snapshot().skipped.length, 4);
  });

  it('a forged header with a new ratchet key and a huge PN cannot make the receiver derive unbounded keys', async () => {
    const { a, b, generate } = await makePair('X25519');
    const m = await a.encrypt('x', ab('x'));
    await b.decrypt(m.header, m.ct, ab('x'));
    const before = stateDigest(b);
    const other = await generate();
    await refused(
      b.decrypt({ dh: other.publicRaw, pn: 2 ** 32 - 1, n: 0 }, m.ct, ab('x')),
      'too-many-skipped',
    );
    await refused(b.decrypt({ dh: m.header.dh, pn: 0, n: 2 ** 32 - 1 }, m.ct, ab('x')), 'too-many-skipped');
    assert.equal(stateDigest(b), before);
  });
});

describe('Double Ratchet: replays and key deletion', () => {
  it('the same message twice: the second is refused as a duplicate and changes nothing', async () => {
    const { a, b } = await makePair('X25519');
    const m = await a.encrypt('once', ab('1'));
    await b.decryptBody(m.body, ab('1'));
    const before = stateDigest(b);
    await refused(b.decryptBody(m.body, ab('1')), 'duplicate');
    assert.equal(stateDigest(b), before);
  });

  it('a late message opened from the skipped store cannot be opened again: its key is gone', async () => {
    const { a, b } = await makePair('X25519');
    const m0 = await a.encrypt('m0', ab('m0'));
    const m1 = await a.encrypt('m1', ab('m1'));
    await b.decrypt(m1.header, m1.ct, ab('m1'));
    assert.ok(b.holdsSkippedKey(m0.header.dh, 0));
    await b.decrypt(m0.header, m0.ct, ab('m0'));
    assert.equal(b.holdsSkippedKey(m0.header.dh, 0), false);
    assert.ok(!stateDigest(b).includes('"m0"'));
    await refused(b.decrypt(m0.header, m0.ct, ab('m0')), 'duplicate');
  });

  it('a message of an earlier chain replayed after the conversation moved on is refused, state unchanged', async () => {
    const { a, b } = await makePair('P-256');
    const old = await a.encrypt('old', ab('old'));
    await b.decrypt(old.header, old.ct, ab('old'));
    for (let i = 0; i < 2; i++) {
      const r = await b.encrypt(`r${i}`, ba(`r${i}`));
      await a.decrypt(r.header, r.ct, ba(`r${i}`));
      const s = await a.encrypt(`s${i}`, ab(`s${i}`));
      await b.decrypt(s.header, s.ct, ab(`s${i}`));
    }
    const before = stateDigest(b);
    await assert.rejects(b.decrypt(old.header, old.ct, ab('old')), RatchetError);
    assert.equal(stateDigest(b), before);
  });
});

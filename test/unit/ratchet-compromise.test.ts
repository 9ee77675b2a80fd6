// "Compromise now": with a stolen state Eve really decrypts what she can; past messages stay closed and the conversation heals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attackerReads } from '../../client/crypto/ratchet/compromise.js';
import type { RatchetEncrypted } from '../../client/crypto/ratchet/ratchet.js';
import { ab, ba, makePair } from '../helpers/ratchet.js';

/** Victim A's conversation: theft after 4 processed messages, then in-flight, skipped, same-chain, DH-step and healed messages. */
async function scenario() {
  const pair = await makePair('X25519');
  const { a, b } = pair;
  const toB = async (m: RatchetEncrypted, id: string) => b.decrypt(m.header, m.ct, ab(id));
  const toA = async (m: RatchetEncrypted, id: string) => a.decrypt(m.header, m.ct, ba(id));
  const a0 = await a.encrypt('a0', ab('a0')); // 0 sent
  await toB(a0, 'a0');
  const b0 = await b.encrypt('b0', ba('b0'));
  const b1 = await b.encrypt('b1', ba('b1'));
  const b2 = await b.encrypt('b2', ba('b2'));
  await toA(b2, 'b2'); // 1 received (DH step; b0, b1 stored)
  await toA(b0, 'b0'); // 2 received from the store
  const a1 = await a.encrypt('a1', ab('a1')); // 3 sent on A's new chain
  const stolen = a.compromise(); // Eve copies A's whole state here
  await toA(b1, 'b1'); // 4: its key was in the stolen skipped store
  const b3 = await b.encrypt('b3', ba('b3'));
  await toA(b3, 'b3'); // 5: B's chain Eve holds
  const a2 = await a.encrypt('a2', ab('a2')); // 6: A's sending chain Eve holds
  await toB(a1, 'a1');
  await toB(a2, 'a2');
  const b4 = await b.encrypt('b4', ba('b4'));
  await toA(b4, 'b4'); // 7: B's new chain answers A's stolen ratchet key; A then draws a key Eve never sees
  const a3 = await a.encrypt('a3', ab('a3')); // 8: healed
  await toB(a3, 'a3');
  const b5 = await b.encrypt('b5', ba('b5'));
  await toA(b5, 'b5'); // 9: healed
  return { ...pair, stolen };
}

const EXPECTED = [
  [false, 'deleted-before-theft'],
  [false, 'deleted-before-theft'],
  [false, 'deleted-before-theft'],
  [false, 'deleted-before-theft'],
  [true, 'stolen-skipped-key'],
  [true, 'stolen-chain'],
  [true, 'stolen-chain'],
  [true, 'stolen-ratchet-key'],
  [false, 'healed'],
  [false, 'healed'],
];

function verdictPairs(r: Awaited<ReturnType<typeof attackerReads>>) {
  return r.verdicts.map((v) => [v.readable, v.why]);
}

describe('compromise analysis (attackerReads)', () => {
  it('forward secrecy before the theft, exposure until the next fresh ratchet key, healing after it', async () => {
    const { a, stolen, generate } = await scenario();
    assert.equal(stolen.at, 4);
    const report = await attackerReads(stolen, a.transcript(), generate);
    assert.deepEqual(verdictPairs(report), EXPECTED);
    assert.deepEqual(
      report.verdicts.map((v) => v.direction),
      [
        'sent',
        'received',
        'received',
        'sent',
        'received',
        'received',
        'sent',
        'received',
        'sent',
        'received',
      ],
    );
    assert.equal(report.healsAt, 8);
  });

  it('the verdicts come from real decryption: an altered ciphertext is unreadable even on a stolen chain', async () => {
    const { a, stolen, generate } = await scenario();
    const transcript = a.transcript().map((m) => {
      if (m.index !== 5) return m;
      const ct = Uint8Array.from(m.ct);
      ct[0] ^= 1;
      return { ...m, ct };
    });
    const report = await attackerReads(stolen, transcript, generate);
    assert.deepEqual(report.verdicts[5], { index: 5, direction: 'received', readable: false, why: 'healed' });
    assert.equal(report.verdicts[6].readable, true);
  });

  it('is pure: the stolen state and the victim are unchanged, and a second run gives the same answer', async () => {
    const { a, b, stolen, generate } = await scenario();
    const first = await attackerReads(stolen, a.transcript(), generate);
    const second = await attackerReads(stolen, a.transcript(), generate);
    assert.deepEqual(verdictPairs(second), verdictPairs(first));
    // The victim still talks with its peer.
    const m = await b.encrypt('after', ba('after'));
    await a.decrypt(m.header, m.ct, ba('after'));
  });

  it('not yet healed: healsAt is null while the last message is still readable', async () => {
    const { a, b, generate } = await makePair('P-256');
    const m0 = await a.encrypt('m0', ab('m0'));
    await b.decrypt(m0.header, m0.ct, ab('m0'));
    const stolen = b.compromise();
    const m1 = await a.encrypt('m1', ab('m1'));
    await b.decrypt(m1.header, m1.ct, ab('m1'));
    const report = await attackerReads(stolen, b.transcript(), generate);
    assert.deepEqual(verdictPairs(report), [
      [false, 'deleted-before-theft'],
      [true, 'stolen-chain'],
    ]);
    assert.equal(report.healsAt, null);
  });
});

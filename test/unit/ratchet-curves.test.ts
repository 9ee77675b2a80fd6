// The Double Ratchet on every curve of the room: X25519, P-256/384/521 and each toy curve, with a turn change and a late message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REAL_CURVES, TOY_CURVES, type CurveId } from '../../common/wire.js';
import { PUB_LENGTH } from '../../common/wire.js';
import { ab, ba, makePair, text } from '../helpers/ratchet.js';

/** Three turns, each with one message held back and delivered after the next one. */
async function conversation(curve: CurveId): Promise<void> {
  const { a, b } = await makePair(curve);
  for (let turn = 0; turn < 3; turn++) {
    const [from, to, bind] = turn % 2 === 0 ? [a, b, ab] : [b, a, ba];
    const m0 = await from.encrypt(`${turn}.0`, bind(`${turn}.0`));
    const m1 = await from.encrypt(`${turn}.1`, bind(`${turn}.1`));
    assert.equal(m0.header.dh.length, PUB_LENGTH[curve]);
    assert.equal(text((await to.decryptBody(m1.body, bind(`${turn}.1`))).plaintext), `${turn}.1`);
    assert.equal(text((await to.decryptBody(m0.body, bind(`${turn}.0`))).plaintext), `${turn}.0`);
  }
  assert.deepEqual(a.snapshot().skipped, []);
  assert.deepEqual(b.snapshot().skipped, []);
  // Two independent ratchet keys: distinct on a real curve; a toy curve with a handful of keys may draw the same.
  if (!(TOY_CURVES as readonly string[]).includes(curve))
    assert.notEqual(a.snapshot().sending.ratchetKey, b.snapshot().sending.ratchetKey);
}

describe('Double Ratchet on every curve', () => {
  for (const curve of [...REAL_CURVES, ...TOY_CURVES])
    it(`${curve}: three turns with late messages`, async () => {
      await conversation(curve);
    });

  it('toy-97-cofactor (4 possible keys): a new ratchet key always differs from the one it replaces, over 40 turns', async () => {
    const { a, b } = await makePair('toy-97-cofactor');
    const last = new Map<unknown, string>();
    for (let turn = 0; turn < 40; turn++) {
      const [from, to, bind] = turn % 2 === 0 ? [a, b, ab] : [b, a, ba];
      const m = await from.encrypt(`t${turn}`, bind(`t${turn}`));
      const key = Buffer.from(m.header.dh).toString('hex');
      assert.notEqual(key, last.get(from));
      last.set(from, key);
      assert.equal(text((await to.decryptBody(m.body, bind(`t${turn}`))).plaintext), `t${turn}`);
    }
  });
});

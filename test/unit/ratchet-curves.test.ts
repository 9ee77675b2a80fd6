// The Double Ratchet on every curve of the room: X25519, P-256/384/521 and each toy curve, with a turn change and a late message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REAL_CURVES, TOY_CURVES, type CurveId } from '../../common/wire.js';
import { PUB_LENGTH } from '../../common/wire.js';
import { equalBytes } from '../../client/crypto/bytes.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { DoubleRatchet } from '../../client/crypto/ratchet/ratchet.js';
import { ROOM, ab, ba, makePair, text } from '../helpers/ratchet.js';

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

  it("toy-97-cofactor: a chain that reuses an old ratchet key keeps the old chain's skipped keys (both chains read)", async () => {
    // A's second ratchet key is forced to be its first (its v1 key): possible on a curve with 4 keys.
    const { aKey, bKey } = await makePair('toy-97-cofactor');
    // First draw: any key but A's v1 key; every later draw: A's v1 key again.
    let draws = 0;
    const aGenerate = async () => {
      const wantV1 = ++draws > 1;
      for (;;) {
        const k = await generateKeyAgreement('toy-97-cofactor');
        if (equalBytes(k.publicRaw, aKey.publicRaw) === wantV1) return k;
      }
    };
    const bGenerate = () => generateKeyAgreement('toy-97-cofactor');
    const a = await DoubleRatchet.create({
      own: aKey,
      peerPub: bKey.publicRaw,
      room: ROOM,
      generate: aGenerate,
    });
    const b = await DoubleRatchet.create({
      own: bKey,
      peerPub: aKey.publicRaw,
      room: ROOM,
      generate: bGenerate,
    });
    const send = async (from: DoubleRatchet, id: string) =>
      (await from.encrypt(id, from === a ? ab(id) : ba(id))).body;
    const read = async (to: DoubleRatchet, id: string, body: Awaited<ReturnType<typeof send>>) =>
      text((await to.decryptBody(body, to === b ? ab(id) : ba(id))).plaintext);

    const old = [await send(a, 'a0'), await send(a, 'a1')]; // chain on A's v1 key, held back
    assert.equal(await read(a, 'b0', await send(b, 'b0')), 'b0'); // A steps to its second key
    assert.equal(await read(b, 'a2', await send(a, 'a2')), 'a2'); // B stores a0's and a1's keys
    assert.equal(await read(a, 'b1', await send(b, 'b1')), 'b1'); // A steps back to its v1 key
    const again = [];
    for (const id of ['a3', 'a4', 'a5']) again.push(await send(a, id));
    assert.deepEqual(again[0]?.h.dh, old[0]?.h.dh, "the third chain reuses the first chain's ratchet key");
    assert.equal(await read(b, 'a5', again[2]!), 'a5'); // skips a3, a4 under the same (key, n) as a0, a1
    assert.equal(b.snapshot().skipped.length, 4);
    assert.equal(await read(b, 'a0', old[0]!), 'a0');
    assert.equal(await read(b, 'a3', again[0]!), 'a3');
    assert.equal(await read(b, 'a1', old[1]!), 'a1');
    assert.equal(await read(b, 'a4', again[1]!), 'a4');
    assert.deepEqual(b.snapshot().skipped, []);
    assert.equal(b.holdsSkippedKey(aKey.publicRaw, 0), false);
  });
});

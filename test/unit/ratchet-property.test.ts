// Property: any interleaving of sends, late deliveries, drops and replays between two ratchets decrypts every delivered message exactly once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RatchetError } from '../../client/crypto/ratchet/errors.js';
import type { RatchetWireBody } from '../../client/crypto/ratchet/header.js';
import type { CurveId } from '../../common/wire.js';
import { ab, ba, makePair, text } from '../helpers/ratchet.js';

type Side = 'a' | 'b';
type Op = { op: 'send'; from: Side } | { op: 'deliver' | 'drop' | 'replay'; to: Side; pick: number };

const side = fc.constantFrom<Side>('a', 'b');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('send' as const), from: side }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('deliver' as const), to: side, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), to: side, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('replay' as const), to: side, pick: fc.nat() }) },
);

interface InFlight {
  id: string;
  body: RatchetWireBody;
}

/** Run one schedule; returns how many messages were delivered (each exactly once). */
async function run(curve: CurveId, ops: Op[], finalOrder: number[]): Promise<number> {
  const pair = await makePair(curve);
  const ratchets = { a: pair.a, b: pair.b };
  const flight: Record<Side, InFlight[]> = { a: [], b: [] }; // messages on their way to that side
  const done: Record<Side, InFlight[]> = { a: [], b: [] };
  const bind = (to: Side, id: string) => (to === 'b' ? ab(id) : ba(id));
  let seq = 0;
  let delivered = 0;
  const deliver = async (to: Side, at: number) => {
    const [m] = flight[to].splice(at, 1);
    const { plaintext } = await ratchets[to].decryptBody(m.body, bind(to, m.id));
    assert.equal(text(plaintext), m.id);
    done[to].push(m);
    delivered++;
  };
  for (const o of ops) {
    if (o.op === 'send') {
      const to: Side = o.from === 'a' ? 'b' : 'a';
      const id = `${o.from}${seq++}`;
      flight[to].push({ id, body: (await ratchets[o.from].encrypt(id, bind(to, id))).body });
    } else if (o.op === 'deliver' && flight[o.to].length) await deliver(o.to, o.pick % flight[o.to].length);
    else if (o.op === 'drop' && flight[o.to].length) flight[o.to].splice(o.pick % flight[o.to].length, 1);
    else if (o.op === 'replay' && done[o.to].length) {
      const m = done[o.to][o.pick % done[o.to].length];
      await assert.rejects(ratchets[o.to].decryptBody(m.body, bind(o.to, m.id)), RatchetError);
    }
  }
  for (const to of ['a', 'b'] as const)
    for (const pick of [...finalOrder, ...flight[to].map(() => 0)])
      if (flight[to].length) await deliver(to, pick % flight[to].length);
  // Every delivered message is refused a second time.
  for (const to of ['a', 'b'] as const)
    for (const m of done[to])
      await assert.rejects(ratchets[to].decryptBody(m.body, bind(to, m.id)), RatchetError);
  return delivered;
}

describe('Double Ratchet: any interleaving decrypts everything exactly once', () => {
  for (const [curve, runs] of [
    ['X25519', 40],
    ['P-256', 15],
    ['toy-97-cofactor', 25],
  ] as const)
    it(`${curve}: sends, reordered deliveries, drops and replays`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(opArb, { minLength: 10, maxLength: 60, size: 'max' }),
          fc.array(fc.nat(), { maxLength: 10 }),
          async (ops, order) => {
            const sends = ops.filter((o) => o.op === 'send').length;
            const delivered = await run(curve, ops, order);
            assert.ok(delivered <= sends);
          },
        ),
        { numRuns: runs },
      );
    });
});

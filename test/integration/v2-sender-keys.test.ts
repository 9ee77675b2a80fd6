// Sender keys over the real relay (docs/protocol.md "v2: sender keys", "v2: broadcast"): one `bcast` per message read by
// every v2 member with the `from` the relay sets; a member holding the chain cannot pass a message off as the sender's;
// a v1 member gets the message pairwise and the bcast changes nothing for it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { utf8 } from '../../client/crypto/bytes.js';
import {
  acceptDistribution,
  decryptBroadcast,
  type ReceiverChain,
} from '../../client/crypto/sender-key/receiver.js';
import { distributionOf, encryptBroadcast, newSenderChain } from '../../client/crypto/sender-key/sender.js';
import { bcastDelivery, dmDelivery } from '../../common/schema/index.js';
import { barrier, call, closeAll, collect, joinMembers, next, relayForFile, type Member } from './helpers.js';

const server = relayForFile();
const ROOM = 'sk-room';
const text = new TextDecoder();

/**
 * Hand `receiver` the sender's distribution through the relay as an `skdist` dm. In the clear here, standing in for
 * the pair's Double Ratchet session (not this test's subject); a real client never sends it unencrypted.
 */
async function distribute(sender: Member, receiver: Member, plaintext: unknown): Promise<unknown> {
  const arrived = next(receiver.socket, 'dm');
  await call(sender.socket, 'dm', {
    id: `d-${receiver.id}`,
    kind: 'skdist',
    parts: [{ to: receiver.id, body: plaintext }],
  });
  const dm = dmDelivery.parse(await arrived);
  assert.equal(dm.from, sender.id);
  return dm.body;
}

describe('sender keys through the relay', () => {
  test('one bcast per message is read by every v2 member; a v1 member reads the pairwise copy', async () => {
    const [alice, bob, carol, dave] = await joinMembers(server.url, ROOM, 'Alice', 'Bob', 'Carol', 'Dave');
    const chain = await newSenderChain();
    const held = new Map<string, ReceiverChain>();
    for (const m of [bob!, carol!]) {
      const got = await acceptDistribution(undefined, await distribute(alice!, m, distributionOf(chain)));
      assert.ok(got.ok);
      held.set(m.id, got.chain);
    }
    const daveBcasts = collect(dave!.socket, 'bcast');
    const daveDms = collect(dave!.socket, 'dm');
    const inbox = new Map([bob!, carol!].map((m) => [m.id, collect(m.socket, 'bcast')]));
    for (const [i, words] of ['hello room', 'second', 'third'].entries()) {
      const id = `sk${i}`;
      const body = await encryptBroadcast(chain, ROOM, alice!.id, id, utf8(words));
      assert.deepEqual(await call(alice!.socket, 'bcast', { id, kind: 'skmsg', body }), { ok: true });
      // Dave is on v1: the sender gives him the message pairwise (an opaque stand-in here).
      await call(alice!.socket, 'dm', {
        id,
        kind: 'msg',
        parts: [{ to: dave!.id, body: { iv: 'AA', ct: 'AA' } }],
      });
    }
    await barrier(alice!, bob!, carol!, dave!);
    for (const m of [bob!, carol!]) {
      const read = [];
      for (const raw of inbox.get(m.id)!) {
        const b = bcastDelivery.parse(raw);
        assert.equal(b.from, alice!.id);
        const got = await decryptBroadcast(held.get(m.id), ROOM, b.from, b.id, b.body);
        assert.ok(got.ok, JSON.stringify(got));
        read.push(text.decode(got.plaintext));
      }
      assert.deepEqual(read, ['hello room', 'second', 'third'], m.name);
    }
    assert.equal(
      daveBcasts.length,
      3,
      'a v1 member still receives the bcast events (and has no listener for them)',
    );
    assert.deepEqual(
      daveDms.map((d) => d.id),
      ['sk0', 'sk1', 'sk2'],
    );
    closeAll(alice!.socket, bob!.socket, carol!.socket, dave!.socket);
  });

  test('a member holding the chain key cannot make the relay deliver a message as the sender', async () => {
    const [alice, mallory, bob] = await joinMembers(server.url, 'sk-forge', 'Alice', 'Mallory', 'Bob');
    const chain = await newSenderChain();
    const atBob = await acceptDistribution(undefined, await distribute(alice!, bob!, distributionOf(chain)));
    assert.ok(atBob.ok);
    // Mallory got the same distribution; she replays Alice's signed message 0 from her own socket.
    const body = await encryptBroadcast(chain, 'sk-forge', alice!.id, 'real', utf8('from Alice'));
    const arrived = next(bob!.socket, 'bcast');
    assert.deepEqual(
      await call(mallory!.socket, 'bcast', { id: 'real', kind: 'skmsg', body, from: alice!.id }),
      {
        ok: true,
      },
    );
    const delivered = bcastDelivery.parse(await arrived);
    assert.equal(delivered.from, mallory!.id, 'the relay names the real sender');
    // Bob looks up Mallory's chain: he holds none from her; and Alice's chain refuses a message signed for Alice
    // but delivered as Mallory's (the author is in the signed header).
    const asMallory = await decryptBroadcast(
      undefined,
      'sk-forge',
      delivered.from,
      delivered.id,
      delivered.body,
    );
    assert.ok(!asMallory.ok && asMallory.reason === 'no-sender-key');
    const withAlicesChain = await decryptBroadcast(
      atBob.chain,
      'sk-forge',
      delivered.from,
      delivered.id,
      delivered.body,
    );
    assert.ok(!withAlicesChain.ok && withAlicesChain.reason === 'bad-signature');
    // The real one from Alice still reads.
    const fromAlice = next(bob!.socket, 'bcast');
    await call(alice!.socket, 'bcast', { id: 'real', kind: 'skmsg', body });
    const real = bcastDelivery.parse(await fromAlice);
    const got = await decryptBroadcast(atBob.chain, 'sk-forge', real.from, real.id, real.body);
    assert.ok(got.ok);
    assert.equal(text.decode(got.plaintext), 'from Alice');
    closeAll(alice!.socket, mallory!.socket, bob!.socket);
  });
});

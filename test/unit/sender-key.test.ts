// Sender keys (client/crypto/sender-key/): in order, out of order, replay, skip bounds, forgery by a member holding the
// chain key, joiners, leaves and rotation, junk distributions and bodies, concurrent sends.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromBase64Url, toBase64Url } from '../../client/crypto/base64url.js';
import { utf8 } from '../../client/crypto/bytes.js';
import { importAesGcmKey } from '../../client/crypto/kdf.js';
import { aesGcmEncrypt } from '../../client/crypto/message.js';
import { headerAad, signedBytes } from '../../client/crypto/sender-key/header.js';
import { chainStep, messageKey } from '../../client/crypto/sender-key/kdf.js';
import { senderKeyAction } from '../../client/crypto/sender-key/policy.js';
import {
  MAX_SKIP,
  MAX_SKIPPED_KEYS,
  type ReceiverChain,
  acceptDistribution,
  decryptBroadcast,
} from '../../client/crypto/sender-key/receiver.js';
import {
  type SenderChain,
  type SkmsgBody,
  distributionOf,
  encryptBroadcast,
  newSenderChain,
} from '../../client/crypto/sender-key/sender.js';
import { newSigningKeys, sign } from '../../client/crypto/sender-key/signing.js';

const ROOM = 'lab';
const ALICE = 'A'.repeat(22);
const text = new TextDecoder();

async function receiverOf(chain: SenderChain): Promise<ReceiverChain> {
  const r = await acceptDistribution(undefined, distributionOf(chain));
  assert.ok(r.ok);
  return r.chain;
}
const send = (chain: SenderChain, id: string, body = id) =>
  encryptBroadcast(chain, ROOM, ALICE, id, utf8(body));
const read = (r: ReceiverChain | undefined, id: string, body: unknown, from = ALICE, room = ROOM) =>
  decryptBroadcast(r, room, from, id, body);

describe('sender keys: delivery', () => {
  test('in order: each message decrypts once, the chain advances, keys are deleted', async () => {
    const alice = await newSenderChain();
    const bob = await receiverOf(alice);
    for (let i = 0; i < 4; i++) {
      const body = await send(alice, `m${i}`);
      assert.equal(body.n, i);
      const got = await read(bob, `m${i}`, body);
      assert.ok(got.ok);
      assert.equal(text.decode(got.plaintext), `m${i}`);
      assert.equal(bob.next, i + 1);
      assert.equal(bob.skipped.size, 0);
      const again = await read(bob, `m${i}`, body);
      assert.ok(!again.ok);
      assert.equal(again.reason, 'replay');
    }
  });

  test('out of order: every message decrypts exactly once whatever the order; replays are refused', async () => {
    const alice = await newSenderChain();
    const bob = await receiverOf(alice);
    const bodies: SkmsgBody[] = [];
    for (let i = 0; i < 6; i++) bodies.push(await send(alice, `m${i}`));
    for (const i of [4, 0, 5, 2, 1, 3]) {
      const got = await read(bob, `m${i}`, bodies[i]);
      assert.ok(got.ok, `m${i}`);
      assert.equal(text.decode(got.plaintext), `m${i}`);
    }
    assert.equal(bob.skipped.size, 0, 'every skipped key was used and deleted');
    for (let i = 0; i < 6; i++) {
      const again = await read(bob, `m${i}`, bodies[i]);
      assert.ok(!again.ok && again.reason === 'replay', `m${i}`);
    }
  });

  test('concurrent sends get distinct iterations in call order', async () => {
    const alice = await newSenderChain();
    const bob = await receiverOf(alice);
    const bodies = await Promise.all([0, 1, 2, 3, 4].map((i) => send(alice, `c${i}`)));
    assert.deepEqual(
      bodies.map((b) => b.n),
      [0, 1, 2, 3, 4],
    );
    const got = await Promise.all(bodies.map((b, i) => read(bob, `c${i}`, b)));
    assert.ok(got.every((g) => g.ok));
  });

  test(`a jump of ${MAX_SKIP} is read; one more is refused and changes nothing`, async () => {
    const alice = await newSenderChain();
    const ahead = await newSenderChain();
    // Fast-forward a copy of the chain by MAX_SKIP + 1 without sending, then send.
    const bob = await receiverOf(alice);
    const bob2 = await receiverOf(alice);
    Object.assign(ahead, {
      chain: alice.chain,
      signing: alice.signing,
      spk: alice.spk,
      ck: Uint8Array.from(alice.ck),
    });
    for (let i = 0; i < MAX_SKIP + 1; i++) {
      ahead.ck = (await chainStep(ahead.ck)).next;
      ahead.n++;
    }
    const tooFar = await send(ahead, 'far');
    const refused = await read(bob, 'far', tooFar);
    assert.ok(!refused.ok && refused.reason === 'too-far-ahead');
    assert.equal(bob.next, 0);
    assert.equal(bob.skipped.size, 0);
    // MAX_SKIP ahead exactly: read, with MAX_SKIP skipped keys kept.
    const exact = await newSenderChain();
    Object.assign(exact, {
      chain: alice.chain,
      signing: alice.signing,
      spk: alice.spk,
      ck: Uint8Array.from(alice.ck),
    });
    for (let i = 0; i < MAX_SKIP; i++) {
      exact.ck = (await chainStep(exact.ck)).next;
      exact.n++;
    }
    const ok = await read(bob2, 'edge', await send(exact, 'edge'));
    assert.ok(ok.ok);
    assert.equal(bob2.skipped.size, MAX_SKIP);
    assert.equal(bob2.next, MAX_SKIP + 1);
    // The first message, skipped, is still readable once.
    const first = await read(bob2, 'm0', await send(alice, 'm0'));
    assert.ok(first.ok);
    assert.equal(bob2.skipped.size, MAX_SKIP - 1);
  });

  test(`at most ${MAX_SKIPPED_KEYS} skipped keys are kept; the oldest is forgotten first`, async () => {
    const alice = await newSenderChain();
    const bob = await receiverOf(alice);
    const firstBody = await send(alice, 'old');
    const jumps = Math.ceil(MAX_SKIPPED_KEYS / MAX_SKIP) + 1;
    for (let j = 0; j < jumps; j++) {
      for (let i = 0; i < MAX_SKIP - 1; i++) {
        alice.ck = (await chainStep(alice.ck)).next;
        alice.n++;
      }
      const got = await read(bob, `j${j}`, await send(alice, `j${j}`));
      assert.ok(got.ok);
      assert.ok(bob.skipped.size <= MAX_SKIPPED_KEYS);
    }
    assert.equal(bob.skipped.size, MAX_SKIPPED_KEYS);
    const old = await read(bob, 'old', firstBody);
    assert.ok(!old.ok && old.reason === 'replay', 'the oldest skipped key was forgotten');
  });
});

describe('sender keys: authenticity', () => {
  test('a member holding the chain key cannot forge a message: bad-signature, and the chain is untouched', async () => {
    const alice = await newSenderChain();
    const bob = await receiverOf(alice);
    // Mallory got the same distribution, so she can derive message key 0 and encrypt correctly.
    const stolen = distributionOf(alice);
    const step = await chainStep(fromBase64Url(stolen.ck));
    const mk = await messageKey(step.seed);
    const header = { room: ROOM, from: ALICE, id: 'forged', chain: alice.chain, n: 0 };
    const ct = await aesGcmEncrypt(
      await importAesGcmKey(mk.key),
      mk.iv,
      headerAad(header),
      utf8('pay Mallory'),
    );
    const mallory = await newSigningKeys();
    const sig = await sign(mallory.privateKey, signedBytes(header, ct));
    const forged = { chain: alice.chain, n: 0, ct: toBase64Url(ct), sig: toBase64Url(sig) };
    const got = await read(bob, 'forged', forged);
    assert.ok(!got.ok);
    assert.equal(got.reason, 'bad-signature');
    assert.equal(bob.next, 0);
    // Alice's real message 0 still reads.
    assert.ok((await read(bob, 'real', await send(alice, 'real'))).ok);
  });

  test('signed by the sender but not decryptable: auth-failed, nothing committed, the real messages still read', async () => {
    const alice = await newSenderChain();
    const bob = await receiverOf(alice);
    const ct = new Uint8Array(40).fill(7);
    const header = { room: ROOM, from: ALICE, id: 'bogus', chain: alice.chain, n: 2 };
    const sig = await sign(alice.signing.privateKey, signedBytes(header, ct));
    const got = await read(bob, 'bogus', {
      chain: alice.chain,
      n: 2,
      ct: toBase64Url(ct),
      sig: toBase64Url(sig),
    });
    assert.ok(!got.ok && got.reason === 'auth-failed');
    assert.equal(bob.next, 0);
    assert.equal(bob.skipped.size, 0);
    for (const id of ['r0', 'r1', 'r2']) assert.ok((await read(bob, id, await send(alice, id))).ok, id);
  });

  test('any change to the room, author, id, iteration, ciphertext or signature is refused', async () => {
    const alice = await newSenderChain();
    const bob = await receiverOf(alice);
    const body = await send(alice, 'm0', 'hello');
    const ct = fromBase64Url(body.ct);
    ct[0] ^= 1;
    const sig = fromBase64Url(body.sig);
    sig[5] ^= 1;
    const cases: [string, Promise<{ ok: boolean; reason?: string }>][] = [
      ['room', read(bob, 'm0', body, ALICE, 'other')],
      ['from', read(bob, 'm0', body, 'B'.repeat(22))],
      ['id', read(bob, 'm1', body)],
      ['n', read(bob, 'm0', { ...body, n: 1 })],
      ['ct', read(bob, 'm0', { ...body, ct: toBase64Url(ct) })],
      ['sig', read(bob, 'm0', { ...body, sig: toBase64Url(sig) })],
    ];
    for (const [what, pending] of cases) {
      const got = await pending;
      assert.equal(got.ok, false, what);
      assert.equal(got.reason, 'bad-signature', what);
    }
    assert.ok((await read(bob, 'm0', body)).ok, 'the untouched message still reads');
  });

  test('junk bodies and distributions are refused with a reason, never thrown', async () => {
    const alice = await newSenderChain();
    const bob = await receiverOf(alice);
    const body = await send(alice, 'm0');
    for (const junk of [
      null,
      'x',
      {},
      { ...body, n: -1 },
      { ...body, n: 1.5 },
      { ...body, chain: 'AAAA' },
      { ...body, sig: 'AA' },
      { ...body, ct: 'A' },
    ])
      assert.equal((await read(bob, 'm0', junk)).ok, false, JSON.stringify(junk));
    assert.equal((await read(undefined, 'm0', body)).ok, false);
    const d = distributionOf(alice);
    const badPoint = toBase64Url(Uint8Array.from([4, ...new Array<number>(64).fill(1)]));
    for (const junk of [
      null,
      {},
      { ...d, type: 'other' },
      { ...d, ck: 'AAAA' },
      { ...d, spk: badPoint },
      { ...d, n: -1 },
    ]) {
      const r = await acceptDistribution(undefined, junk);
      assert.ok(!r.ok && r.reason === 'bad-distribution', JSON.stringify(junk));
    }
  });

  test('the same chain again is idempotent; the same chain with another signing key is refused', async () => {
    const alice = await newSenderChain();
    const bob = await receiverOf(alice);
    assert.ok((await read(bob, 'm0', await send(alice, 'm0'))).ok);
    const again = await acceptDistribution(bob, distributionOf(alice));
    assert.ok(again.ok && !again.changed && again.chain === bob);
    const other = await newSenderChain();
    const conflict = await acceptDistribution(bob, { ...distributionOf(alice), spk: other.spk });
    assert.ok(!conflict.ok && conflict.reason === 'conflicting-distribution');
  });
});

describe('sender keys: joins and leaves', () => {
  test('a joiner reads from the distribution on, never earlier messages', async () => {
    const alice = await newSenderChain();
    const early = [await send(alice, 'e0'), await send(alice, 'e1')];
    assert.deepEqual(senderKeyAction({ type: 'join', member: 'C'.repeat(22) }), {
      rotate: false,
      distributeTo: 'member',
      member: 'C'.repeat(22),
      forget: false,
      why: 'a new member gets our chain from now on; earlier messages stay out of its reach (one-way chain)',
    });
    const carol = await receiverOf(alice);
    assert.equal(carol.first, 2);
    for (const [i, b] of early.entries()) {
      const got = await read(carol, `e${i}`, b);
      assert.ok(!got.ok && got.reason === 'before-distribution');
    }
    assert.ok((await read(carol, 'late', await send(alice, 'late'))).ok);
  });

  test('a leave rotates: the leaver cannot read the new chain, the others get it', async () => {
    let alice = await newSenderChain();
    const bob = await receiverOf(alice);
    const dave = await receiverOf(alice);
    assert.ok((await read(dave, 'm0', await send(alice, 'm0'))).ok);
    const action = senderKeyAction({ type: 'leave', member: 'D'.repeat(22) });
    assert.equal(action.rotate, true);
    assert.equal(action.distributeTo, 'all');
    assert.equal(action.forget, true);
    alice = await newSenderChain();
    const bobNow = await acceptDistribution(bob, distributionOf(alice));
    assert.ok(bobNow.ok && bobNow.changed);
    const after = await send(alice, 'after');
    assert.ok((await read(bobNow.chain, 'after', after)).ok);
    const atDave = await read(dave, 'after', after);
    assert.ok(!atDave.ok && atDave.reason === 'unknown-chain');
  });

  test('own rejoin and a used-up chain rotate; a member with a new key gets the chain again', () => {
    assert.equal(senderKeyAction({ type: 'own-rejoin' }).rotate, true);
    assert.equal(senderKeyAction({ type: 'used-up' }).rotate, true);
    const renewed = senderKeyAction({ type: 'new-key', member: 'E'.repeat(22) });
    assert.equal(renewed.rotate, false);
    assert.equal(renewed.distributeTo, 'member');
  });
});

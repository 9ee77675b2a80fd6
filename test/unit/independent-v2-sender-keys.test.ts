// The independent v2 client's sender keys (test/helpers/independent-v2/sender-key.ts, written from docs/protocol.md
// only) against docs/vectors/sender-keys.json and, both ways, against the repository's library client/crypto/sender-key/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { p256 } from '@noble/curves/nist.js';
import { acceptDistribution, decryptBroadcast } from '../../client/crypto/sender-key/receiver.js';
import { distributionOf, encryptBroadcast, newSenderChain } from '../../client/crypto/sender-key/sender.js';
import { b64, hex, unb64, unhex, utf8 } from '../helpers/independent-v2/bytes.js';
import { accept, type HeldChain, receive, SenderChainV2 } from '../helpers/independent-v2/sender-key.js';

const file = JSON.parse(
  readFileSync(new URL('../../docs/vectors/sender-keys.json', import.meta.url), 'utf8'),
);
const text = (b: Uint8Array | string): string => (typeof b === 'string' ? b : new TextDecoder().decode(b));
const held = (x: HeldChain | string): HeldChain => (typeof x === 'string' ? assert.fail(x) : x);
const ROOM = 'sk-room';
const ALICE = 'QWxpY2UtbWVtYmVyLWlkMQ';

describe('independent sender keys against docs/vectors/sender-keys.json', () => {
  const fixed = () =>
    new SenderChainV2({
      chainId: unhex(file.chainId),
      ck: unhex(file.chainKey0),
      signing: unhex(file.signingPrivateKey),
    });

  it('recomputes the distribution, every CK_n, seed, AES key, IV, header and ct from the inputs', () => {
    const c = fixed();
    assert.equal(hex(unb64(c.spk)!), file.signingPublicKey);
    assert.deepEqual(c.distribution(), file.distribution);
    for (const m of file.messages) {
      const body = c.encrypt(file.room, file.from, m.id, utf8(m.plaintext));
      assert.equal(body.ct, m.body.ct, `${m.id} ct`);
      assert.equal(body.chain, m.body.chain);
      assert.equal(body.n, m.n);
      // ECDSA is randomised: ours verifies (below), the file's is checked by the receiver.
    }
    assert.deepEqual(
      c.trace,
      file.messages.map(({ plaintext: _p, body: _b, ...rest }: Record<string, unknown>) => rest),
    );
  });

  it('reads the file messages (with the file signatures) in reverse order, then refuses each again as a replay', () => {
    const h = held(accept(undefined, file.distribution));
    for (const m of [...file.messages].reverse())
      assert.equal(text(receive(h, file.room, file.from, m.id, m.body) as Uint8Array), m.plaintext);
    for (const m of file.messages) assert.equal(receive(h, file.room, file.from, m.id, m.body), 'replay');
  });

  it('refuses lies: another from, another id, a flipped ct byte, a bad signature, a changed n, junk', () => {
    const h = held(accept(undefined, file.distribution));
    const m = file.messages[1];
    assert.equal(receive(h, file.room, 'Qm9iLW1lbWJlci1pZC0wMg', m.id, m.body), 'bad-signature');
    assert.equal(receive(h, file.room, file.from, 'm9', m.body), 'bad-signature');
    assert.equal(receive(h, 'other', file.from, m.id, m.body), 'bad-signature');
    const ct = unb64(m.body.ct)!;
    ct[0]! ^= 1;
    assert.equal(receive(h, file.room, file.from, m.id, { ...m.body, ct: b64(ct) }), 'bad-signature');
    assert.equal(receive(h, file.room, file.from, m.id, { ...m.body, n: 0 }), 'bad-signature');
    for (const junk of [
      null,
      7,
      'x',
      {},
      { ...m.body, sig: 'AA' },
      { ...m.body, n: -1 },
      { ...m.body, chain: 'oKGio6Slpq' },
    ])
      assert.equal(receive(h, file.room, file.from, m.id, junk), 'bad-body', JSON.stringify(junk));
    assert.equal(receive(undefined, file.room, file.from, m.id, m.body), 'no-sender-key');
    assert.equal(
      receive(h, file.room, file.from, m.id, { ...m.body, chain: 'AAAAAAAAAAA' }),
      'unknown-chain',
    );
    // Nothing above moved the chain: the message still reads.
    assert.equal(text(receive(h, file.room, file.from, m.id, m.body) as Uint8Array), m.plaintext);
  });

  it('distributions: idempotent, a new chain replaces the old, another spk for the same chain is refused, junk too', () => {
    const h = held(accept(undefined, file.distribution));
    assert.equal(accept(h, file.distribution), h);
    const other = new SenderChainV2().distribution();
    assert.equal(accept(h, { ...file.distribution, spk: other.spk }), 'conflicting-distribution');
    for (const junk of [
      null,
      {},
      { ...file.distribution, type: 'x' },
      { ...file.distribution, ck: 'AA' },
      { ...file.distribution, spk: b64(new Uint8Array(65).fill(4)) },
    ])
      assert.equal(accept(undefined, junk), 'bad-distribution', JSON.stringify(junk));
    const replaced = held(accept(h, other));
    assert.equal(replaced.chain, other.chain);
    assert.equal(receive(replaced, file.room, file.from, 'm0', file.messages[0].body), 'unknown-chain');
  });

  it('a message more than 1000 ahead is too-far-ahead; one sent before the distribution is never readable', () => {
    const c = new SenderChainV2();
    const early = c.encrypt(ROOM, ALICE, 'e0', utf8('{"type":"text","text":"early","ts":1}'));
    const h = held(accept(undefined, c.distribution()));
    assert.equal(receive(h, ROOM, ALICE, 'e0', early), 'before-distribution');
    let last;
    for (let i = 0; i < 1002; i++) last = c.encrypt(ROOM, ALICE, `x${i}`, utf8('{}'));
    assert.equal(receive(h, ROOM, ALICE, 'x1001', last), 'too-far-ahead');
  });
});

describe('independent sender keys against client/crypto/sender-key/ (both directions)', () => {
  it("the library's chain, distribution and skmsg bodies are read by the independent receiver, out of order", async () => {
    const lib = await newSenderChain();
    const bodies = [];
    for (const [i, w] of ['one', 'two', 'three'].entries())
      bodies.push(await encryptBroadcast(lib, ROOM, ALICE, `L${i}`, utf8(w)));
    // It joins after the first message: the distribution carries the chain as it stands.
    const h = held(accept(undefined, distributionOf(lib)));
    const later = await encryptBroadcast(lib, ROOM, ALICE, 'L3', utf8('four'));
    assert.equal(text(receive(h, ROOM, ALICE, 'L3', later) as Uint8Array), 'four');
    assert.equal(receive(h, ROOM, ALICE, 'L0', bodies[0]), 'before-distribution');
    const h2 = held(accept(undefined, distributionOf(await newSenderChain())));
    assert.equal(receive(h2, ROOM, ALICE, 'L3', later), 'unknown-chain');
  });

  it("the independent chain's distribution and bodies are read by the library's receiver, out of order, replays refused", async () => {
    const mine = new SenderChainV2();
    const got = await acceptDistribution(undefined, mine.distribution());
    assert.ok(got.ok);
    const bodies = ['a', 'b', 'c'].map((w, i) => ({
      id: `I${i}`,
      body: mine.encrypt(ROOM, ALICE, `I${i}`, utf8(w)),
      w,
    }));
    for (const { id, body, w } of [bodies[2]!, bodies[0]!, bodies[1]!]) {
      const r = await decryptBroadcast(got.chain, ROOM, ALICE, id, body);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(text(r.plaintext), w);
    }
    const again = await decryptBroadcast(got.chain, ROOM, ALICE, 'I1', bodies[1]!.body);
    assert.equal(again.ok ? 'ok' : again.reason, 'replay');
    const forged = await decryptBroadcast(got.chain, ROOM, 'Qm9iLW1lbWJlci1pZC0wMg', 'I0', bodies[0]!.body);
    assert.equal(forged.ok ? 'ok' : forged.reason, 'bad-signature');
  });

  it('a high-S signature (WebCrypto makes either) is accepted by both receivers: s and n − s both verify', async () => {
    const mine = new SenderChainV2();
    const dist = mine.distribution();
    const body = mine.encrypt(ROOM, ALICE, 'S0', utf8('high s'));
    const sig = unb64(body.sig)!;
    const s = BigInt(`0x${hex(sig.subarray(32))}`);
    const high = unhex((p256.Point.CURVE().n - s).toString(16).padStart(64, '0'));
    const flipped = { ...body, sig: b64(new Uint8Array([...sig.subarray(0, 32), ...high])) };
    assert.notEqual(flipped.sig, body.sig);
    const lib = await acceptDistribution(undefined, dist);
    assert.ok(lib.ok);
    const r = await decryptBroadcast(lib.chain, ROOM, ALICE, 'S0', flipped);
    assert.ok(r.ok, JSON.stringify(r));
    const h = held(accept(undefined, dist));
    assert.equal(text(receive(h, ROOM, ALICE, 'S0', flipped) as Uint8Array), 'high s');
  });
});

// Hostile input to the Double Ratchet: altered headers, AAD and ciphertexts, junk bodies, bad ratchet keys; nothing changes the state.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { MessageError } from '../../client/crypto/errors.js';
import { toHex } from '../../client/crypto/hex.js';
import { RatchetError } from '../../client/crypto/ratchet/errors.js';
import { DoubleRatchet } from '../../client/crypto/ratchet/ratchet.js';
import type { TraceEvent } from '../../client/crypto/ratchet/steps.js';
import { ALICE_ID, BOB_ID, ROOM, ab, ba, makePair, stateDigest, text } from '../helpers/ratchet.js';

async function refused(p: Promise<unknown>, code?: string): Promise<void> {
  await assert.rejects(
    p,
    (e: unknown) => e instanceof RatchetError && (code === undefined || e.code === code),
  );
}

describe('Double Ratchet: tampering is refused and leaves the state unchanged', () => {
  it('altered n, pn, dh, ciphertext, room, from, to or id: each refused; the genuine message still decrypts afterwards', async () => {
    const { a, b, generate } = await makePair('X25519');
    const first = await a.encrypt('first', ab('1'));
    await b.decrypt(first.header, first.ct, ab('1'));
    const r = await b.encrypt('reply', ba('r'));
    await a.decrypt(r.header, r.ct, ba('r'));
    const m = await a.encrypt('secret', ab('2')); // a new chain: header pn = 1
    const other = await generate();
    const flipped = Uint8Array.from(m.ct);
    flipped[0] ^= 1;
    const attempts: [string, Promise<unknown>][] = [
      ['n+1', b.decrypt({ ...m.header, n: m.header.n + 1 }, m.ct, ab('2'))],
      ['pn−1', b.decrypt({ ...m.header, pn: m.header.pn - 1 }, m.ct, ab('2'))],
      ['other dh', b.decrypt({ ...m.header, dh: other.publicRaw }, m.ct, ab('2'))],
      ['ct bit', b.decrypt(m.header, flipped, ab('2'))],
      ['room', b.decrypt(m.header, m.ct, { ...ab('2'), room: 'elsewhere' })],
      ['from', b.decrypt(m.header, m.ct, { ...ab('2'), from: BOB_ID })],
      ['to', b.decrypt(m.header, m.ct, { ...ab('2'), to: ALICE_ID })],
      ['id', b.decrypt(m.header, m.ct, ab('3'))],
    ];
    const before = stateDigest(b);
    for (const [what, p] of attempts) {
      await refused(p);
      assert.equal(stateDigest(b), before, `${what} changed the state`);
    }
    assert.equal(text((await b.decrypt(m.header, m.ct, ab('2'))).plaintext), 'secret');
  });

  it('junk bodies are refused as bad-envelope before any key work', async () => {
    const { a, b } = await makePair('P-256');
    const good = (await a.encrypt('x', ab('x'))).body;
    const junk: unknown[] = [
      null,
      'text',
      [],
      {},
      { h: good.h },
      { ct: good.ct },
      { h: { ...good.h, n: -1 }, ct: good.ct },
      { h: { ...good.h, n: 1.5 }, ct: good.ct },
      { h: { ...good.h, pn: 2 ** 32 }, ct: good.ct },
      { h: { ...good.h, n: '0' }, ct: good.ct },
      { h: { ...good.h, dh: good.h.dh + '=' }, ct: good.ct },
      { h: { ...good.h, dh: good.h.dh.slice(0, -4) }, ct: good.ct },
      { h: { ...good.h, dh: toBase64Url(new Uint8Array(32)) }, ct: good.ct },
      { h: good.h, ct: toBase64Url(new Uint8Array(15)) },
      { h: good.h, ct: good.ct + '!' },
    ];
    const before = stateDigest(b);
    for (const body of junk) await refused(b.decryptBody(body, ab('x')), 'bad-envelope');
    assert.equal(stateDigest(b), before);
    assert.equal(text((await b.decryptBody(good, ab('x'))).plaintext), 'x');
  });

  it('a ratchet key that is not a point on the curve, or a low-order X25519 point, is refused as bad-ratchet-key', async () => {
    const p = await makePair('P-256');
    const m = await p.a.encrypt('x', ab('x'));
    const offCurve = Uint8Array.from(m.header.dh);
    offCurve[64] ^= 1;
    await refused(p.b.decrypt({ ...m.header, dh: offCurve }, m.ct, ab('x')), 'bad-ratchet-key');
    const x = await makePair('X25519');
    const mx = await x.a.encrypt('x', ab('x'));
    await refused(x.b.decrypt({ ...mx.header, dh: new Uint8Array(32) }, mx.ct, ab('x')), 'bad-ratchet-key');
  });

  it("the initiator refuses a message on the responder's v1 key: that key never starts a chain", async () => {
    const { a, b, bKey } = await makePair('X25519');
    const m = await b.encrypt('x', ba('x'));
    const before = stateDigest(a);
    await refused(a.decrypt({ ...m.header, dh: bKey.publicRaw }, m.ct, ba('x')), 'no-receiving-chain');
    assert.equal(stateDigest(a), before);
    assert.equal(text((await a.decrypt(m.header, m.ct, ba('x'))).plaintext), 'x');
  });

  it('chat messages travel as the v1 plaintext JSON; an authentic but invalid plaintext is refused after the ratchet advanced', async () => {
    const { a, b } = await makePair('X25519');
    const m = await a.encryptMessage('hello', 1_767_225_600_000, ab('1'));
    assert.deepEqual((await b.decryptMessage(m.body, ab('1'))).message, {
      type: 'text',
      text: 'hello',
      ts: 1_767_225_600_000,
    });
    const odd = await a.encrypt('{"type":"image","ts":1}', ab('2'));
    await assert.rejects(
      b.decryptMessage(odd.body, ab('2')),
      (e: unknown) => e instanceof MessageError && e.code === 'bad-plaintext',
    );
    await refused(b.decryptBody(odd.body, ab('2')), 'duplicate');
  });

  it('a key factory for another curve is refused instead of mixing curves', async () => {
    const { aKey, bKey } = await makePair('X25519');
    const wrong = () => generateKeyAgreement('P-256');
    await assert.rejects(
      DoubleRatchet.create({ own: bKey, peerPub: aKey.publicRaw, room: ROOM, generate: wrong }),
      /P-256 key in a X25519 room/,
    );
  });

  it('the same v1 key on both sides is refused: there is no initiator', async () => {
    const { aKey, generate } = await makePair('X25519');
    await refused(
      DoubleRatchet.create({ own: aKey, peerPub: aKey.publicRaw, room: ROOM, generate }),
      'same-key',
    );
  });

  it('the public snapshot holds no secret derived value (checked against every traced secret)', async () => {
    const secrets: Uint8Array[] = [];
    const trace = (e: TraceEvent): void => {
      for (const [k, v] of Object.entries(e))
        if (v instanceof Uint8Array && k !== 'own' && k !== 'peer' && k !== 'aad' && k !== 'ct')
          secrets.push(v);
    };
    const { a, b, aKey, bKey } = await makePair('X25519', { trace });
    const ratchetPrivates = () => [a, b].map((r) => Buffer.from(r.compromise().state.dhs.privateHex, 'hex'));
    const privates = ratchetPrivates();
    for (let i = 0; i < 3; i++) {
      const m = await a.encrypt(`a${i}`, ab(`a${i}`));
      await b.decrypt(m.header, m.ct, ab(`a${i}`));
      const r = await b.encrypt(`b${i}`, ba(`b${i}`));
      await a.decrypt(r.header, r.ct, ba(`b${i}`));
    }
    const shown = JSON.stringify([a.snapshot(), b.snapshot()]);
    assert.ok(secrets.length > 20);
    privates.push(...ratchetPrivates());
    for (const s of [...secrets, ...privates, ...[aKey, bKey].map((k) => Buffer.from(k.privateHex, 'hex'))]) {
      assert.ok(
        !shown.includes(toBase64Url(s)) && !shown.includes(toHex(s)),
        'a secret appears in the snapshot',
      );
      assert.ok(!shown.includes(toHex(s).slice(0, 16)), 'a secret prefix appears in the snapshot');
    }
  });
});

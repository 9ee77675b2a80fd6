// Room passphrase crypto (docs/protocol.md Extensions, "Room passphrase"): PBKDF2 vectors, the salt mix (v1 unchanged
// without a passphrase), and key confirmation against wrong keys, swapped ids and hostile bodies.
import assert from 'node:assert/strict';
import { createCipheriv, createHash, hkdfSync, pbkdf2Sync } from 'node:crypto';
import { describe, it } from 'node:test';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { DM_BODIES } from '../../common/schema/index.js';
import type { ConfirmBody } from '../../common/wire.js';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { CONFIRM_LABEL, confirmAad, makeConfirm, openConfirm } from '../../client/crypto/confirm.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { fromHex, toHex } from '../../client/crypto/hex.js';
import { deriveChannelKey, hkdfSalt, importAesGcmKey } from '../../client/crypto/kdf.js';
import { buildAad, decryptMessage } from '../../client/crypto/message.js';
import { deriveChannel } from '../../client/session/channel.js';
import { recheckHkdf } from '../../client/viz/model/exchange-model.js';
import {
  PASSPHRASE_ITERATIONS,
  derivePassphraseKey,
  normalizePassphrase,
  passphraseSaltText,
  pbkdf2Sha256,
} from '../../client/crypto/passphrase.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('PBKDF2-HMAC-SHA-256 through WebCrypto', () => {
  it('RFC 7914 §11 vector (P="passwd", S="salt", c=1, 64 bytes)', async () => {
    const out = await pbkdf2Sha256(utf8('passwd'), utf8('salt'), 1, 512);
    const expected =
      '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc' +
      '49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783';
    assert.equal(toHex(out), expected);
    assert.equal(toHex(pbkdf2(sha256, 'passwd', 'salt', { c: 1, dkLen: 64 })), expected);
  });

  it('matches @noble/hashes pbkdf2 on a short count and node:crypto at 600 000', async () => {
    const small = await pbkdf2Sha256(utf8('pässwörd'), utf8('curvechat'), 4096, 256);
    assert.equal(
      toHex(small),
      toHex(pbkdf2(sha256, utf8('pässwörd'), utf8('curvechat'), { c: 4096, dkLen: 32 })),
    );
    assert.equal(PASSPHRASE_ITERATIONS, 600_000);
    const p = await derivePassphraseKey('correct horse battery staple', 'lab-1');
    const expected = pbkdf2Sync(
      'correct horse battery staple',
      'curvechat/v1 passphrase lab-1',
      600_000,
      32,
      'sha256',
    );
    assert.equal(toHex(p.bytes), expected.toString('hex'));
    assert.equal(p.iterations, 600_000);
    assert.equal(p.saltText, passphraseSaltText('lab-1'));
    assert.equal(p.fingerprint, createHash('sha256').update(expected).digest('hex').slice(0, 16));
  });

  it('the passphrase is NFC-normalised, bounded, and never empty', async () => {
    const composed = await derivePassphraseKey('caf\u00e9', 'r', 10);
    const decomposed = await derivePassphraseKey('cafe\u0301', 'r', 10);
    assert.deepEqual(decomposed.bytes, composed.bytes);
    const otherRoom = await derivePassphraseKey('caf\u00e9', 'R', 10);
    assert.notDeepEqual(otherRoom.bytes, composed.bytes);
    assert.throws(() => normalizePassphrase('x'.repeat(257)), /too long/);
    await assert.rejects(derivePassphraseKey('', 'r', 10), /empty/);
  });
});

describe('channel key with and without a passphrase', () => {
  it('without P the salt and K are exactly v1; with P the salt is SHA-256(lo ‖ hi ‖ P)', async () => {
    const a = await generateKeyAgreement('P-256');
    const b = await generateKeyAgreement('P-256');
    const z = await a.derive(b.publicRaw);
    const [lo, hi] =
      Buffer.compare(Buffer.from(a.publicRaw), Buffer.from(b.publicRaw)) <= 0
        ? [a.publicRaw, b.publicRaw]
        : [b.publicRaw, a.publicRaw];
    const info = Buffer.from('curvechat/v1 P-256 lab', 'utf8');
    const fp = (k: Buffer) => createHash('sha256').update(k).digest('hex').slice(0, 16);

    const v1 = await deriveChannelKey(z, a.publicRaw, b.publicRaw, 'P-256', 'lab');
    const v1Salt = createHash('sha256').update(lo).update(hi).digest();
    assert.equal(toHex(v1.salt), v1Salt.toString('hex'));
    assert.equal(toHex(await hkdfSalt(a.publicRaw, b.publicRaw, undefined)), v1Salt.toString('hex'));
    assert.equal(v1.fingerprint, fp(Buffer.from(hkdfSync('sha256', z, v1Salt, info, 32))));

    const p = fromHex('11'.repeat(32));
    const withP = await deriveChannelKey(z, a.publicRaw, b.publicRaw, 'P-256', 'lab', p);
    const pSalt = createHash('sha256').update(lo).update(hi).update(p).digest();
    assert.equal(toHex(withP.salt), pSalt.toString('hex'));
    assert.equal(withP.info, info.toString());
    const k = Buffer.from(hkdfSync('sha256', z, pSalt, info, 32));
    assert.equal(withP.fingerprint, fp(k));
    assert.notEqual(withP.fingerprint, v1.fingerprint);
    const otherP = await deriveChannelKey(
      z,
      b.publicRaw,
      a.publicRaw,
      'P-256',
      'lab',
      fromHex('12'.repeat(32)),
    );
    assert.notEqual(otherP.fingerprint, withP.fingerprint);
  });
});

describe('key confirmation', () => {
  const room = 'lab';
  const A = 'AAAAAAAAAAAAAAAAAAAAAA';
  const B = 'BBBBBBBBBBBBBBBBBBBBBB';
  const pair = toBase64Url(new Uint8Array(32).fill(3));
  const kBytes = new Uint8Array(32).fill(9);

  it('verifies for the holder of K, matches node:crypto, and refuses another K or swapped ids', async () => {
    const k = await importAesGcmKey(kBytes);
    const body = await makeConfirm(k, room, A, B, pair, false);
    assert.ok(DM_BODIES.confirm.safeParse(body).success);
    assert.equal(body.pair, pair);
    assert.equal(await openConfirm(k, room, A, B, body), true);
    assert.equal(await openConfirm(k, room, B, A, body), false, 'reflected back to its author');
    assert.equal(await openConfirm(k, 'lab2', A, B, body), false, 'another room');
    const other = await importAesGcmKey(new Uint8Array(32).fill(8));
    assert.equal(await openConfirm(other, room, A, B, body), false);
    // An independent implementation's confirmation opens.
    const iv = Buffer.alloc(12, 5);
    const c = createCipheriv('aes-256-gcm', Buffer.from(kBytes), iv);
    c.setAAD(Buffer.from(`curvechat/v1 confirm\n${room}\n${A}\n${B}`, 'utf8'));
    const ct = Buffer.concat([c.update(CONFIRM_LABEL, 'utf8'), c.final(), c.getAuthTag()]);
    const independent = { pair, iv: iv.toString('base64url'), ct: ct.toString('base64url'), ack: true };
    assert.equal(await openConfirm(k, room, A, B, independent), true);
    assert.equal(confirmAad(room, A, B), `curvechat/v1 confirm\n${room}\n${A}\n${B}`);
  });

  it('is never a valid msg, and a msg is never a valid confirmation', async () => {
    const k = await importAesGcmKey(kBytes);
    const body = await makeConfirm(k, room, A, B, pair, false);
    await assert.rejects(decryptMessage(k, buildAad(room, A, B, 'confirm'), body));
    await assert.rejects(decryptMessage(k, confirmAad(room, A, B), body), /plaintext|JSON|text/i);
  });

  it('refuses hostile bodies without throwing: tampering, lengths, alphabet', async () => {
    const k = await importAesGcmKey(kBytes);
    const good = await makeConfirm(k, room, A, B, pair, false);
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const hostile: ConfirmBody[] = [
      { ...good, ct: flip(good.ct) },
      { ...good, iv: flip(good.iv) },
      { ...good, ct: good.ct.slice(0, -2) },
      { ...good, ct: `${good.ct}AA` },
      { ...good, iv: '' },
      { ...good, iv: `${good.iv}AA` },
      { ...good, ct: `${good.ct.slice(0, -1)}=` },
      { ...good, ct: '!'.repeat(good.ct.length) },
    ];
    for (const body of hostile)
      assert.equal(await openConfirm(k, room, A, B, body), false, JSON.stringify(body));
    for (const junk of [
      null,
      'x',
      [],
      { pair, iv: good.iv, ct: good.ct },
      { pair: 'short', iv: good.iv, ct: good.ct, ack: false },
      { pair, iv: 'A'.repeat(65), ct: good.ct, ack: false },
      { pair, iv: good.iv, ct: 'A'.repeat(129), ack: false },
      { pair, iv: good.iv, ct: good.ct, ack: 'yes' },
    ])
      assert.equal(DM_BODIES.confirm.safeParse(junk).success, false, JSON.stringify(junk));
  });
});

describe('the Math view recheck in a passphrase room', () => {
  it('rechecks SHA-256(lo ‖ hi) and info, and does not pretend to recompute K without P', async () => {
    const a = await generateKeyAgreement('P-256');
    const b = await generateKeyAgreement('P-256');
    const pass = await derivePassphraseKey('pw', 'lab', 10);
    const peer = { curve: 'P-256' as const, pub: toBase64Url(b.publicRaw) };
    const ch = await deriveChannel(a, peer, 'lab', pass);
    const d = ch.derived;
    assert.equal(d.passphrase?.iterations, 10);
    assert.equal(d.passphrase?.fingerprint, pass.fingerprint);
    assert.equal(toHex(fromHex(d.passphrase!.pairSaltHex)), toHex(await hkdfSalt(a.publicRaw, b.publicRaw)));
    const r = await recheckHkdf(d.zHex, toHex(a.publicRaw), toHex(b.publicRaw), 'P-256', 'lab', d);
    assert.equal(r.salt.ok, true);
    assert.equal(r.info.ok, true);
    assert.equal(r.fingerprint, undefined);
    const v1 = await deriveChannel(a, peer, 'lab');
    assert.equal(v1.derived.passphrase, undefined);
    assert.equal(v1.v1Key, undefined);
    const r1 = await recheckHkdf(
      v1.derived.zHex,
      toHex(a.publicRaw),
      toHex(b.publicRaw),
      'P-256',
      'lab',
      v1.derived,
    );
    assert.equal(r1.fingerprint?.ok, true);
    assert.equal(v1.pair, ch.pair);
  });
});

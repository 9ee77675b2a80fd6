// AES-GCM (Wycheproof 96-bit IV / 128-bit tag) and the message envelope of docs/protocol.md §5 steps 5–6.
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { describe, it } from 'node:test';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { utf8 } from '../../client/crypto/bytes.js';
import { MessageError } from '../../client/crypto/errors.js';
import { fromHex, toHex } from '../../client/crypto/hex.js';
import { importAesGcmKey } from '../../client/crypto/kdf.js';
import {
  aesGcmDecrypt,
  aesGcmEncrypt,
  buildAad,
  decryptMessage,
  encryptMessage,
  parsePlaintext,
  splitCiphertext,
} from '../../client/crypto/message.js';
import { loadWycheproof, wycheproofCases } from '../helpers/vectors.js';

describe('Wycheproof aes_gcm_test.json (96-bit IV, 128-bit tag groups)', () => {
  it('valid cases encrypt and decrypt to the listed values; invalid ones are refused', async () => {
    const cases = wycheproofCases(loadWycheproof('aes_gcm_test.json')).filter(
      ({ group }) => group.ivSize === 96 && group.tagSize === 128,
    );
    const failures: string[] = [];
    let valid = 0;
    let invalid = 0;
    for (const { test } of cases) {
      const key = await importAesGcmKey(fromHex(test.key));
      const iv = fromHex(test.iv);
      const aad = fromHex(test.aad);
      const ctTag = fromHex(test.ct + test.tag);
      if (test.result === 'valid') {
        valid++;
        const enc = await aesGcmEncrypt(key, iv, aad, fromHex(test.msg));
        if (toHex(enc) !== test.ct + test.tag) failures.push(`tcId ${test.tcId} encrypt`);
        const { ciphertext, tag } = splitCiphertext(enc);
        if (toHex(ciphertext) !== test.ct || toHex(tag) !== test.tag)
          failures.push(`tcId ${test.tcId} split`);
        const dec = await aesGcmDecrypt(key, iv, aad, ctTag);
        if (toHex(dec) !== test.msg) failures.push(`tcId ${test.tcId} decrypt`);
      } else {
        invalid++;
        await aesGcmDecrypt(key, iv, aad, ctTag).then(
          () => failures.push(`tcId ${test.tcId} invalid but accepted`),
          (e: unknown) => {
            if (!(e instanceof MessageError) || e.code !== 'auth-failed')
              failures.push(`tcId ${test.tcId} wrong error`);
          },
        );
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(valid >= 50, `valid ${valid}`);
    assert.ok(invalid >= 10, `invalid ${invalid}`);
  });
});

describe('message envelope', () => {
  const rawKey = fromHex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
  const aad = buildAad('room1', 'alice-id', 'bob-id', 'm1');

  it('builds the AAD as room\\nfrom\\nto\\nid', () => {
    assert.equal(aad, 'room1\nalice-id\nbob-id\nm1');
  });

  it('encrypts {"type":"text",text,ts} with a random 12-byte IV that node:crypto can decrypt', async () => {
    const key = await importAesGcmKey(rawKey);
    const a = await encryptMessage(key, aad, 'hi <b>you</b>', 1234);
    const b = await encryptMessage(key, aad, 'hi <b>you</b>', 1234);
    assert.equal(a.iv.length, 12);
    assert.notEqual(a.body.iv, b.body.iv);
    assert.equal(a.body.iv, toBase64Url(a.iv));
    assert.equal(a.body.ct, toBase64Url(a.ct));
    const { ciphertext, tag } = splitCiphertext(a.ct);
    assert.equal(tag.length, 16);
    const d = createDecipheriv('aes-256-gcm', Buffer.from(rawKey), Buffer.from(a.iv));
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(Buffer.from(tag));
    const pt = Buffer.concat([d.update(ciphertext), d.final()]).toString('utf8');
    assert.equal(pt, '{"type":"text","text":"hi <b>you</b>","ts":1234}');
    assert.deepEqual(await decryptMessage(key, aad, a.body), {
      type: 'text',
      text: 'hi <b>you</b>',
      ts: 1234,
    });
  });

  it('refuses a flipped ciphertext bit, a wrong AAD field and a wrong key', async () => {
    const key = await importAesGcmKey(rawKey);
    const { body, ct } = await encryptMessage(key, aad, 'secret', 1);
    const flipped = Uint8Array.from(ct);
    flipped[0] ^= 1;
    const isAuth = (e: unknown) => e instanceof MessageError && e.code === 'auth-failed';
    await assert.rejects(decryptMessage(key, aad, { iv: body.iv, ct: toBase64Url(flipped) }), isAuth);
    await assert.rejects(decryptMessage(key, buildAad('room1', 'alice-id', 'bob-id', 'm2'), body), isAuth);
    await assert.rejects(decryptMessage(key, buildAad('room1', 'mallory', 'bob-id', 'm1'), body), isAuth);
    const other = await importAesGcmKey(new Uint8Array(32));
    await assert.rejects(decryptMessage(other, aad, body), isAuth);
  });

  it('refuses malformed envelopes before decrypting', async () => {
    const key = await importAesGcmKey(rawKey);
    const bad = (e: unknown) => e instanceof MessageError && e.code === 'bad-envelope';
    for (const body of [
      null,
      'x',
      {},
      { iv: 1, ct: 'AA' },
      { iv: 'AA==', ct: 'AAAA' },
      { iv: 'AAAA', ct: 'AAAAAAAAAAAAAAAAAAAAAA' },
    ]) {
      await assert.rejects(decryptMessage(key, aad, body), bad, JSON.stringify(body));
    }
    // 12-byte IV but ciphertext shorter than the tag
    await assert.rejects(decryptMessage(key, aad, { iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAA' }), bad);
  });

  it('validates the decrypted plaintext', () => {
    const bad = (s: string) => () => parsePlaintext(utf8(s));
    assert.throws(bad('not json'), /not UTF-8 JSON/);
    assert.throws(bad('[1]'), /not a JSON object/);
    assert.throws(bad('{"type":"image","text":"x","ts":1}'), /type "text"/);
    assert.throws(bad('{"type":"text","ts":1}'), /no text/);
    assert.throws(bad('{"type":"text","text":"x","ts":"1"}'), /timestamp/);
    assert.throws(() => parsePlaintext(Uint8Array.of(0xff, 0xfe)), /not UTF-8/);
    assert.deepEqual(parsePlaintext(utf8('{"type":"text","text":"x","ts":5,"extra":true}')), {
      type: 'text',
      text: 'x',
      ts: 5,
    });
  });
});

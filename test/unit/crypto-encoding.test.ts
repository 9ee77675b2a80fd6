// base64url (strict, unpadded) and hex encodings, client and relay decoders, checked against Node's Buffer.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { fromBase64Url, isBase64Url, toBase64Url } from '../../client/crypto/base64url.js';
import { compareBytes, concatBytes, equalBytes, isAllZero } from '../../client/crypto/bytes.js';
import { fromHex, toHex } from '../../client/crypto/hex.js';
import { decodeBase64url } from '../../server/member-id.js';

/** Inputs no strict unpadded base64url decoder may accept (docs/protocol.md §1). */
const HOSTILE_BASE64URL = [
  // padding, with or without a need for it
  ...['=', 'Zm9v=', 'Zm9vYg==', 'Zm9vYmE='],
  // impossible lengths (4n+1)
  ...['A', 'AAAAA', 'Zm9vY'],
  // non-zero unused bits (non-canonical)
  ...['Zh', 'Zm9', 'Zm9vYh', 'Zm9vYmF'],
  // standard-alphabet characters
  ...['+/+/', 'Zm9v+w', 'Zm9v/w'],
  // whitespace, visible or not
  ...[' Zm9v', 'Zm9v ', 'Zm\t9v', 'Zm9v\r\n', '\u00a0Zm9v', 'Zm9v\u200b'],
  // NUL, Cyrillic and fullwidth look-alikes, URL junk
  ...['Zm9v\0', '\u0410AAA', '\uff21AAA', 'Zm9v.', 'Zm%39v'],
];

describe('base64url', () => {
  it('matches Buffer base64url for every length 0..70 and round-trips', () => {
    for (let n = 0; n <= 70; n++) {
      const bytes = new Uint8Array(randomBytes(n));
      const enc = toBase64Url(bytes);
      assert.equal(enc, Buffer.from(bytes).toString('base64url'));
      assert.ok(!enc.includes('='));
      assert.deepEqual(fromBase64Url(enc), bytes);
    }
  });

  it('RFC 4648 test strings', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, enc] of cases) {
      assert.equal(toBase64Url(new TextEncoder().encode(plain)), enc);
      assert.equal(new TextDecoder().decode(fromBase64Url(enc)), plain);
    }
    assert.equal(toBase64Url(Uint8Array.of(0xfb, 0xff, 0xbf)), '-_-_');
  });

  it('strict decoding rejects padding, standard-alphabet characters, bad lengths and unused bits', () => {
    for (const bad of ['Zg==', 'Zm8=', 'ab+c', 'ab/c', 'a', 'abcde', 'ab c', 'Zh', 'Zm9', 'é', 'Zm9v\n']) {
      assert.throws(() => fromBase64Url(bad), TypeError, bad);
      assert.equal(isBase64Url(bad), false, bad);
    }
    assert.equal(isBase64Url('Zm9v', 3), true);
    assert.equal(isBase64Url('Zm9v', 4), false);
    assert.equal(isBase64Url(42), false);
  });

  it('client and relay decoders both refuse hostile input and agree on valid input', () => {
    for (const bad of HOSTILE_BASE64URL) {
      assert.throws(() => fromBase64Url(bad), TypeError, JSON.stringify(bad));
      assert.equal(isBase64Url(bad), false, JSON.stringify(bad));
      assert.equal(decodeBase64url(bad), null, JSON.stringify(bad));
    }
    for (const value of [42, null, undefined, ['Zm9v'], { toString: () => 'Zm9v' }, new String('Zm9v')]) {
      assert.throws(() => fromBase64Url(value as unknown as string), TypeError);
      assert.equal(isBase64Url(value), false);
    }
    for (const n of [0, 1, 2, 3, 32, 65, 133, 65536]) {
      const bytes = new Uint8Array(randomBytes(n));
      const text = Buffer.from(bytes).toString('base64url');
      assert.deepEqual(fromBase64Url(text), bytes);
      assert.deepEqual(decodeBase64url(text), Buffer.from(bytes));
      assert.equal(toBase64Url(fromBase64Url(text)), text, 'canonical: re-encoding gives the same text');
    }
    const long = 'A'.repeat(65536) + '=';
    assert.throws(() => fromBase64Url(long), TypeError);
    assert.equal(decodeBase64url(long), null);
  });
});

describe('hex', () => {
  it('round-trips and matches Buffer', () => {
    const bytes = new Uint8Array(randomBytes(33));
    assert.equal(toHex(bytes), Buffer.from(bytes).toString('hex'));
    assert.deepEqual(fromHex(toHex(bytes)), bytes);
    assert.deepEqual(fromHex('00FFab'), Uint8Array.of(0, 255, 171));
  });

  it('rejects odd lengths and non-hex characters', () => {
    for (const bad of [
      '0',
      'abc',
      'zz',
      '0x00',
      '00 11',
      ' 00',
      '00\n',
      '+0',
      '-1',
      '\uff10\uff10',
      '\u0660\u0660',
      'g0',
    ]) {
      assert.throws(() => fromHex(bad), TypeError, JSON.stringify(bad));
    }
    for (const value of [0, null, undefined, ['00']])
      assert.throws(() => fromHex(value as unknown as string), TypeError);
    assert.deepEqual(fromHex(''), new Uint8Array(0));
  });
});

describe('bytes', () => {
  it('compares in unsigned byte order, shorter prefix first', () => {
    assert.ok(compareBytes(Uint8Array.of(0x7f), Uint8Array.of(0x80)) < 0);
    assert.ok(compareBytes(Uint8Array.of(0xff, 0), Uint8Array.of(0x01, 0xff)) > 0);
    assert.ok(compareBytes(Uint8Array.of(1), Uint8Array.of(1, 0)) < 0);
    assert.equal(compareBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2)), 0);
    assert.ok(equalBytes(concatBytes(Uint8Array.of(1), Uint8Array.of(2, 3)), Uint8Array.of(1, 2, 3)));
    assert.ok(isAllZero(new Uint8Array(4)));
    assert.ok(!isAllZero(Uint8Array.of(0, 0, 1)));
  });
});

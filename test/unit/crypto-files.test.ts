// File encryption (docs/protocol.md Extensions, "Encrypted files"): chunking, IVs, AAD, padding, hash, sealing,
// checked against node:crypto's own AES-GCM, and the sanitised names.
import assert from 'node:assert/strict';
import { createDecipheriv, createHash, randomBytes as nodeRandom } from 'node:crypto';
import { describe, it } from 'node:test';
import { FILE_CHUNK_BYTES, fileOfferPlaintext } from '../../common/schema/files.js';
import { DEFAULT_LIMITS } from '../../common/limits.js';
import { fromBase64Url } from '../../client/crypto/base64url.js';
import { MessageError } from '../../client/crypto/errors.js';
import {
  CHUNK_BODY_BYTES,
  CHUNK_CT_BYTES,
  assembleFile,
  chunkAad,
  chunkBody,
  chunkCount,
  chunkIv,
  decryptChunk,
  encryptFile,
  fileSecretsFrom,
  indexOfIv,
  newFileSecrets,
  sha256,
} from '../../client/crypto/file-crypto.js';
import {
  MAX_SHOWN_NAME,
  isInlineImage,
  safeMediaType,
  sanitizeFileName,
} from '../../client/crypto/file-name.js';
import { fileControlAad, openJson, sealJson } from '../../client/crypto/file-seal.js';
import { importAesGcmKey } from '../../client/crypto/kdf.js';
import { buildAad } from '../../client/crypto/message.js';

describe('file chunks', () => {
  it('counts chunks: an empty file still sends one, a partial last one counts', () => {
    assert.equal(chunkCount(0), 1);
    assert.equal(chunkCount(1), 1);
    assert.equal(chunkCount(FILE_CHUNK_BYTES), 1);
    assert.equal(chunkCount(FILE_CHUNK_BYTES + 1), 2);
    assert.equal(chunkCount(3 * 1024 * 1024), 69);
  });

  it('every chunk body has the same size, and it fits the relay’s dm body limit', async () => {
    const secrets = await newFileSecrets();
    const file = new Uint8Array(nodeRandom(2 * FILE_CHUNK_BYTES + 10));
    const chunks = await encryptFile(secrets, 'fid', file);
    assert.equal(chunks.length, 3);
    const sizes = chunks.map((c) => Buffer.byteLength(JSON.stringify(chunkBody(c))));
    assert.deepEqual(sizes, [CHUNK_BODY_BYTES, CHUNK_BODY_BYTES, CHUNK_BODY_BYTES]);
    for (const c of chunks) assert.equal(c.ct.length, CHUNK_CT_BYTES);
    assert.ok(CHUNK_BODY_BYTES <= DEFAULT_LIMITS.maxDmBody, `${CHUNK_BODY_BYTES} fits 64 KiB`);
  });

  it('IV = nonce ‖ big-endian index; the index is read back only with the right nonce', async () => {
    const nonce = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual([...chunkIv(nonce, 258)], [1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 1, 2]);
    assert.equal(indexOfIv(nonce, chunkIv(nonce, 68)), 68);
    assert.equal(indexOfIv(new Uint8Array(8), chunkIv(nonce, 68)), undefined);
    assert.equal(indexOfIv(nonce, new Uint8Array(11)), undefined);
  });

  it('node:crypto decrypts each chunk with the documented IV and AAD; the last is zero-padded', async () => {
    const secrets = await newFileSecrets();
    const file = new Uint8Array(nodeRandom(FILE_CHUNK_BYTES + 1000));
    const chunks = await encryptFile(secrets, 'abc', file);
    const plain = chunks.map((c, i) => {
      const d = createDecipheriv('aes-256-gcm', secrets.raw, chunkIv(secrets.nonce, i));
      d.setAAD(Buffer.from(`curvechat/v1 file-chunk\nabc\n${i}\n2`));
      d.setAuthTag(c.ct.subarray(c.ct.length - 16));
      return Buffer.concat([d.update(c.ct.subarray(0, c.ct.length - 16)), d.final()]);
    });
    assert.deepEqual(new Uint8Array(plain[0]!), file.subarray(0, FILE_CHUNK_BYTES));
    assert.deepEqual(new Uint8Array(plain[1]!.subarray(0, 1000)), file.subarray(FILE_CHUNK_BYTES));
    assert.ok(
      plain[1]!.subarray(1000).every((b) => b === 0),
      'padding is zeros',
    );
    assert.equal(chunkAad('abc', 1, 2), 'curvechat/v1 file-chunk\nabc\n1\n2');
  });

  it('round trip: decrypt every chunk, assemble, and the SHA-256 matches node:crypto’s', async () => {
    const secrets = await newFileSecrets();
    const file = new Uint8Array(nodeRandom(3 * FILE_CHUNK_BYTES - 7));
    const chunks = await encryptFile(secrets, 'x', file);
    const copy = await fileSecretsFrom(secrets.raw, secrets.nonce);
    const parts = [];
    for (const c of chunks) parts.push((await decryptChunk(copy, 'x', chunks.length, chunkBody(c))).plain);
    const back = assembleFile(parts, file.length);
    assert.deepEqual(back, file);
    assert.equal(
      Buffer.from(await sha256(back)).toString('hex'),
      createHash('sha256').update(file).digest('hex'),
    );
  });

  it('refuses a chunk moved to another index, file or chunk count, or cut short', async () => {
    const secrets = await newFileSecrets();
    const chunks = await encryptFile(secrets, 'f1', new Uint8Array(2 * FILE_CHUNK_BYTES));
    const body = chunkBody(chunks[1]!);
    const code = async (p: Promise<unknown>) =>
      p.then(
        () => 'opened',
        (e: unknown) => (e instanceof MessageError ? e.code : 'other'),
      );
    assert.equal(await code(decryptChunk(secrets, 'f2', 2, body)), 'auth-failed');
    assert.equal(await code(decryptChunk(secrets, 'f1', 3, body)), 'auth-failed');
    const moved = { ...body, iv: chunkBody(chunks[0]!).iv };
    assert.equal(await code(decryptChunk(secrets, 'f1', 2, moved)), 'auth-failed');
    assert.equal(await code(decryptChunk(secrets, 'f1', 1, body)), 'bad-envelope'); // index 1 of 1: out of range
    const short = { ...body, ct: body.ct.slice(0, -4) };
    assert.equal(await code(decryptChunk(secrets, 'f1', 2, short)), 'bad-envelope');
    assert.equal(await code(decryptChunk(secrets, 'f1', 2, { ...body, iv: '!!' })), 'bad-envelope');
  });
});

describe('sealed file control messages', () => {
  it('an offer opens only with the same kind, room, sender, recipient and file id', async () => {
    const key = await importAesGcmKey(new Uint8Array(nodeRandom(32)));
    const secrets = await newFileSecrets();
    const offer = {
      ...{ type: 'file', name: 'a.bin', mime: 'application/octet-stream', size: 5, chunks: 1 },
      ...{
        chunkBytes: FILE_CHUNK_BYTES,
        sha256: 'A'.repeat(43),
        key: Buffer.from(secrets.raw).toString('base64url'),
      },
      ...{ nonce: Buffer.from(secrets.nonce).toString('base64url'), ts: 1_700_000_000_000 },
    };
    const aad = fileControlAad('file', 'room', 'A', 'B', 'fid');
    assert.equal(aad, `curvechat/v1 file\n${buildAad('room', 'A', 'B', 'fid')}`);
    const sealed = await sealJson(key, aad, offer);
    assert.deepEqual(await openJson(key, aad, sealed.body, fileOfferPlaintext), offer);
    for (const other of [
      fileControlAad('file-ack', 'room', 'A', 'B', 'fid'),
      fileControlAad('file', 'room', 'A', 'C', 'fid'),
      fileControlAad('file', 'room', 'A', 'B', 'fid2'),
      buildAad('room', 'A', 'B', 'fid'), // as a `msg`
    ])
      await assert.rejects(openJson(key, other, sealed.body, fileOfferPlaintext), { code: 'auth-failed' });
    // Authentic but not an offer: refused by the schema.
    const junk = await sealJson(key, aad, { type: 'file', name: '', size: -1 });
    await assert.rejects(openJson(key, aad, junk.body, fileOfferPlaintext), { code: 'bad-plaintext' });
    assert.equal(fromBase64Url(offer.key).length, 32);
  });
});

describe('sanitised file names and inline types', () => {
  it('drops path separators, controls and bidi characters; never empty; bounded; keeps the extension', () => {
    assert.equal(sanitizeFileName('../../etc/passwd'), '_.._etc_passwd');
    assert.equal(sanitizeFileName('C:\\Windows\\x.exe'), 'C:_Windows_x.exe');
    assert.equal(sanitizeFileName('invoice\u202Efdp.exe'), 'invoice_fdp.exe');
    assert.equal(sanitizeFileName('a\u0000b\u001fc\u0085d'), 'a_b_c_d');
    assert.equal(sanitizeFileName('...'), 'file');
    assert.equal(sanitizeFileName('   '), 'file');
    assert.equal(sanitizeFileName('.bashrc'), 'bashrc');
    const long = sanitizeFileName(`${'x'.repeat(500)}.png`);
    assert.equal([...long].length, MAX_SHOWN_NAME);
    assert.ok(long.endsWith('….png'));
    assert.equal(sanitizeFileName('cafe\u0301.txt'), 'café.txt');
  });

  it('shows exactly png, jpeg, gif and webp inline; odd media types become octet-stream', () => {
    for (const t of ['image/png', 'image/jpeg', 'IMAGE/GIF', 'image/webp; q=1'])
      assert.ok(isInlineImage(t), t);
    for (const t of ['image/svg+xml', 'text/html', 'image/bmp', '']) assert.ok(!isInlineImage(t), t);
    assert.equal(safeMediaType('text/html;charset=utf-8'), 'text/html');
    assert.equal(safeMediaType('not a type'), 'application/octet-stream');
    assert.equal(safeMediaType(''), 'application/octet-stream');
  });
});

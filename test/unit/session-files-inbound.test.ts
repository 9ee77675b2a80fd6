// The receiver of encrypted files (client/session/file-incoming.ts) against hostile input: junk and foreign chunks,
// wrong indexes, oversize offers, a lying hash, duplicates, chunks for unknown files, and every bound.
import assert from 'node:assert/strict';
import { randomBytes as nodeRandom } from 'node:crypto';
import { describe, it } from 'node:test';
import { FILE_CHUNK_BYTES } from '../../common/schema/files.js';
import type { FileOfferPlaintext } from '../../common/wire.js';
import { toBase64Url } from '../../client/crypto/base64url.js';
import {
  chunkBody,
  encryptFile,
  newFileSecrets,
  sha256,
  type FileSecrets,
} from '../../client/crypto/file-crypto.js';
import { FileReceiver, defaultInboundFileLimits, ACK_EVERY } from '../../client/session/file-incoming.js';

async function prepared(size: number, fileId = 'fid', lieAboutHash = false) {
  const secrets = await newFileSecrets();
  const bytes = new Uint8Array(nodeRandom(size));
  const chunks = (await encryptFile(secrets, fileId, bytes)).map(chunkBody);
  const digest = lieAboutHash ? new Uint8Array(32) : await sha256(bytes);
  return { secrets, bytes, chunks, offer: offerOf(secrets, size, chunks.length, digest) };
}

function offerOf(secrets: FileSecrets, size: number, chunks: number, digest: Uint8Array): FileOfferPlaintext {
  return {
    ...{ type: 'file', name: '../secret\u202E.png', mime: 'image/png; x=1', size, chunks },
    ...{ chunkBytes: FILE_CHUNK_BYTES, sha256: toBase64Url(digest), key: toBase64Url(secrets.raw) },
    ...{ nonce: toBase64Url(secrets.nonce), ts: 1_700_000_000_000 },
  };
}

describe('FileReceiver', () => {
  it('accepts an offer, stores chunks in any order, acks every 8 in order, and offers the file after the hash', async () => {
    const f = await prepared(10 * FILE_CHUNK_BYTES + 5);
    const rx = new FileReceiver(defaultInboundFileLimits());
    const offered = await rx.offer('alice', 'fid', f.offer);
    assert.ok(offered.ok && offered.fresh);
    assert.equal(offered.file.name, '_secret_.png');
    assert.equal(offered.file.mime, 'image/png');
    assert.ok(offered.file.image);
    const order = [1, 0, ...Array.from({ length: 9 }, (_, i) => i + 2)];
    const kinds: string[] = [];
    for (const i of order) {
      const out = await rx.chunk('alice', 'fid', f.chunks[i]!);
      kinds.push(out.kind === 'stored' ? (out.ack ? 'ack' : 'stored') : out.kind);
    }
    assert.equal(kinds.filter((k) => k === 'ack').length, 1, `one ack after ${ACK_EVERY} in order: ${kinds}`);
    assert.equal(kinds.at(-1), 'complete');
    const file = rx.get('alice', 'fid');
    assert.deepEqual(file?.bytes, f.bytes);
    assert.equal(file?.state, 'done');
    // A repeated offer is answered, not restarted.
    const again = await rx.offer('alice', 'fid', f.offer);
    assert.ok(again.ok && !again.fresh);
  });

  it('ignores duplicates, chunks after the end, and chunks for a file it was never offered', async () => {
    const f = await prepared(2 * FILE_CHUNK_BYTES);
    const rx = new FileReceiver(defaultInboundFileLimits());
    assert.equal((await rx.chunk('alice', 'fid', f.chunks[0]!)).kind, 'unknown');
    await rx.offer('alice', 'fid', f.offer);
    assert.equal((await rx.chunk('alice', 'fid', f.chunks[0]!)).kind, 'stored');
    const dup = await rx.chunk('alice', 'fid', f.chunks[0]!);
    assert.ok(dup.kind === 'ignored' && dup.why === 'duplicate');
    // Another sender cannot feed this transfer: it is keyed by the relay's `from`.
    assert.equal((await rx.chunk('mallory', 'fid', f.chunks[1]!)).kind, 'unknown');
    assert.equal((await rx.chunk('alice', 'fid', f.chunks[1]!)).kind, 'complete');
    const late = await rx.chunk('alice', 'fid', f.chunks[1]!);
    assert.ok(late.kind === 'ignored' && late.why === 'finished');
  });

  it('refuses junk, a wrong index, a chunk of another file, and gives up after maxBadChunks', async () => {
    const f = await prepared(2 * FILE_CHUNK_BYTES);
    const other = await prepared(3 * FILE_CHUNK_BYTES, 'fid');
    const rx = new FileReceiver({ ...defaultInboundFileLimits(), maxBadChunks: 5 });
    await rx.offer('alice', 'fid', f.offer);
    const bad = [
      { iv: 'junk!', ct: 'x' },
      { iv: f.chunks[0]!.iv, ct: 'AAAA' },
      other.chunks[0]!, // another file's key and nonce
      { iv: other.chunks[2]!.iv, ct: f.chunks[0]!.ct },
    ];
    for (const body of bad) {
      const out = await rx.chunk('alice', 'fid', body);
      assert.equal(out.kind, 'bad', JSON.stringify(out.kind));
    }
    // Out of range: a valid IV prefix with index 7 of 2.
    const iv = Buffer.from(f.chunks[0]!.iv, 'base64url');
    iv.writeUInt32BE(7, 8);
    const out = await rx.chunk('alice', 'fid', { iv: iv.toString('base64url'), ct: f.chunks[0]!.ct });
    assert.ok(out.kind === 'bad' && /out of range/.test(out.reason) && out.gaveUp);
    assert.equal(rx.get('alice', 'fid')?.state, 'failed');
    assert.equal((await rx.chunk('alice', 'fid', f.chunks[0]!)).kind, 'ignored');
  });

  it('a lying SHA-256 means the file is never offered', async () => {
    const f = await prepared(100, 'fid', true);
    const rx = new FileReceiver(defaultInboundFileLimits());
    await rx.offer('alice', 'fid', f.offer);
    const out = await rx.chunk('alice', 'fid', f.chunks[0]!);
    assert.equal(out.kind, 'hash-mismatch');
    assert.equal(rx.get('alice', 'fid')?.bytes, undefined);
    assert.equal(rx.get('alice', 'fid')?.state, 'failed');
  });

  it('refuses an oversize offer, a chunk count that does not match the size, and a key field that is not canonical base64url', async () => {
    const rx = new FileReceiver(defaultInboundFileLimits(1000));
    const f = await prepared(100);
    const big = await rx.offer('alice', 'a', { ...f.offer, size: 1001 });
    assert.ok(!big.ok && /1000-byte limit/.test(big.reason));
    const lie = await rx.offer('alice', 'b', { ...f.offer, chunks: 500 });
    assert.ok(!lie.ok && /chunk count/.test(lie.reason));
    // Non-canonical base64url (unused trailing bits set): refused, not guessed at.
    const nonce = await rx.offer('alice', 'd', { ...f.offer, nonce: 'AAAAAAAAAAB' });
    assert.ok(!nonce.ok && /base64url/.test(nonce.reason));
    assert.equal(rx.get('alice', 'd'), undefined);
    assert.equal(rx.get('alice', 'a'), undefined);
  });

  it('bounds transfers per sender, in all, and bytes per sender', async () => {
    const rx = new FileReceiver({ ...defaultInboundFileLimits(10 * FILE_CHUNK_BYTES), maxTransfers: 4 });
    const f = await prepared(10);
    for (const id of ['1', '2', '3']) assert.ok((await rx.offer('alice', id, f.offer)).ok);
    const fourth = await rx.offer('alice', '4', f.offer);
    assert.ok(!fourth.ok && /too many files/.test(fourth.reason));
    assert.ok((await rx.offer('bob', '1', f.offer)).ok);
    const fifth = await rx.offer('carol', '1', f.offer);
    assert.ok(!fifth.ok, 'four transfers at once in all');
    const bytes = new FileReceiver(defaultInboundFileLimits(10 * FILE_CHUNK_BYTES));
    const big = await prepared(10 * FILE_CHUNK_BYTES);
    assert.ok((await bytes.offer('alice', 'x', big.offer)).ok);
    assert.ok((await bytes.offer('alice', 'y', big.offer)).ok);
    const third = await bytes.offer('alice', 'z', big.offer);
    assert.ok(!third.ok && /too many bytes/.test(third.reason));
  });

  it('a cancelled transfer lets its chunks go and takes no more', async () => {
    const f = await prepared(2 * FILE_CHUNK_BYTES);
    const rx = new FileReceiver(defaultInboundFileLimits());
    await rx.offer('alice', 'fid', f.offer);
    await rx.chunk('alice', 'fid', f.chunks[0]!);
    const file = rx.cancel('alice', 'fid', 'peer', 'the sender cancelled.');
    assert.equal(file?.state, 'cancelled');
    assert.equal(file?.parts.length, 0);
    assert.equal((await rx.chunk('alice', 'fid', f.chunks[1]!)).kind, 'ignored');
    assert.equal(rx.cancel('alice', 'fid', 'me'), undefined, 'only once');
  });

  it('past maxHeldBytes the oldest finished file lets its bytes go, and says which', async () => {
    const rx = new FileReceiver({ ...defaultInboundFileLimits(), maxHeldBytes: 150 });
    const a = await prepared(100, 'a');
    const b = await prepared(100, 'b');
    await rx.offer('alice', 'a', a.offer);
    await rx.offer('alice', 'b', b.offer);
    const first = await rx.chunk('alice', 'a', a.chunks[0]!);
    assert.ok(first.kind === 'complete' && first.released.length === 0);
    const second = await rx.chunk('alice', 'b', b.chunks[0]!);
    assert.ok(second.kind === 'complete');
    assert.deepEqual(
      second.released.map((f) => f.fileId),
      ['a'],
    );
    assert.equal(rx.get('alice', 'a')?.bytes, undefined);
    assert.ok(rx.get('alice', 'a')?.released);
    assert.deepEqual(rx.get('alice', 'b')?.bytes, b.bytes);
  });
});

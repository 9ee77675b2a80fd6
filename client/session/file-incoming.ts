// Files we receive: offers accepted within bounds, chunks checked (range, size, duplicates, tag) and stored, the
// SHA-256 checked before the file is offered to the user. No socket here: files.ts sends what this decides.
import { DEFAULT_MAX_FILE_BYTES, FILE_CHUNK_BYTES } from '../../common/schema/files.js';
import type { FileOfferPlaintext } from '../../common/wire.js';
import { fromBase64Url } from '../crypto/base64url.js';
import { equalBytes } from '../crypto/bytes.js';
import { MessageError } from '../crypto/errors.js';
import {
  assembleFile,
  chunkCount,
  chunkIndexOf,
  decryptChunk,
  fileSecretsFrom,
  sha256,
} from '../crypto/file-crypto.js';
import type { FileSecrets } from '../crypto/file-crypto.js';
import { isInlineImage, safeMediaType, sanitizeFileName } from '../crypto/file-name.js';
import { plaintextBytes } from '../crypto/file-seal.js';

/** Bounds on what other members can make us hold (docs/security.md, "Encrypted files"). */
export interface InboundFileLimits {
  /** Largest file accepted (its offer says the size; more is refused before any chunk is held). */
  maxFileBytes: number;
  /** Transfers being received at once, from everyone. */
  maxTransfers: number;
  /** Transfers being received at once from one sender. */
  maxPerSender: number;
  /** Bytes one sender's unfinished transfers may announce together. */
  maxSenderBytes: number;
  /** Chunks that fail (bad tag, size or IV) before a transfer is given up. */
  maxBadChunks: number;
  /** Bytes of finished files kept in memory; the oldest are let go past it (their bubble says so). */
  maxHeldBytes: number;
  /** Transfers remembered (finished ones are forgotten first), so a repeated offer is answered, not restarted. */
  maxRemembered: number;
}

/** The default bounds for the default 25 MB limit. */
export function defaultInboundFileLimits(maxFileBytes = DEFAULT_MAX_FILE_BYTES): InboundFileLimits {
  return {
    maxFileBytes,
    maxTransfers: 8,
    maxPerSender: 3,
    maxSenderBytes: 2 * maxFileBytes,
    maxBadChunks: 8,
    maxHeldBytes: 8 * maxFileBytes,
    maxRemembered: 200,
  };
}

/** Chunks acknowledged together: an ack goes back each time this many more are held in order (and at the end). */
export const ACK_EVERY = 8;

/** One file being received from one member. */
export interface IncomingFile {
  from: string;
  fileId: string;
  offer: FileOfferPlaintext;
  /** Sanitised name, plain media type and whether it shows inline. */
  name: string;
  mime: string;
  image: boolean;
  secrets: FileSecrets;
  parts: (Uint8Array | undefined)[];
  /** Chunks held, and how many in order from the first (the resume point sent in `file-ack`). */
  held: number;
  have: number;
  /** `have` when the last ack was sent. */
  acked: number;
  bad: number;
  state: 'receiving' | 'done' | 'failed' | 'cancelled';
  reason?: string;
  cancelledBy?: 'me' | 'peer';
  /** The verified file (after the SHA-256 matched), until memory bounds let it go. */
  bytes?: Uint8Array;
  released?: boolean;
}

/** What one chunk did. */
export type ChunkOutcome =
  | { kind: 'unknown' }
  | { kind: 'ignored'; file: IncomingFile; why: 'duplicate' | 'finished' }
  | { kind: 'bad'; file: IncomingFile; reason: string; gaveUp: boolean }
  | { kind: 'stored'; file: IncomingFile; ack: boolean }
  | { kind: 'complete'; file: IncomingFile; released: IncomingFile[] }
  | { kind: 'hash-mismatch'; file: IncomingFile };

const keyOf = (from: string, fileId: string): string => `${from}\n${fileId}`;

/** Every incoming transfer of one session, bounded by InboundFileLimits. */
export class FileReceiver {
  private readonly files = new Map<string, IncomingFile>();

  /** A receiver within `limits`. */
  constructor(readonly limits: InboundFileLimits) {}

  /** The transfer `fileId` of `from`, if known. */
  get(from: string, fileId: string): IncomingFile | undefined {
    return this.files.get(keyOf(from, fileId));
  }

  /** Every known transfer still receiving. */
  receiving(): IncomingFile[] {
    return [...this.files.values()].filter((f) => f.state === 'receiving');
  }

  /**
   * An authentic offer: accepted (`fresh` false when it repeats one we know) or refused with a plain reason when
   * it breaks a bound or its fields do not fit together.
   */
  async offer(
    from: string,
    fileId: string,
    offer: FileOfferPlaintext,
  ): Promise<{ ok: true; file: IncomingFile; fresh: boolean } | { ok: false; reason: string }> {
    const known = this.get(from, fileId);
    if (known) return { ok: true, file: known, fresh: false };
    const { maxFileBytes, maxTransfers, maxPerSender, maxSenderBytes } = this.limits;
    if (offer.size > maxFileBytes)
      return { ok: false, reason: `the file is larger than the ${maxFileBytes}-byte limit.` };
    if (offer.chunks !== chunkCount(offer.size) || offer.chunkBytes !== FILE_CHUNK_BYTES)
      return { ok: false, reason: 'the offer’s chunk count does not match its size.' };
    const active = this.receiving();
    const mine = active.filter((f) => f.from === from);
    if (active.length >= maxTransfers || mine.length >= maxPerSender)
      return { ok: false, reason: 'too many files are arriving at once; send it again later.' };
    if (mine.reduce((n, f) => n + f.offer.size, 0) + offer.size > maxSenderBytes)
      return { ok: false, reason: 'too many bytes are arriving from you at once; send it again later.' };
    let secrets: FileSecrets;
    try {
      secrets = await fileSecretsFrom(plaintextBytes(offer.key), plaintextBytes(offer.nonce));
    } catch (e) {
      return { ok: false, reason: e instanceof MessageError ? e.message : 'the file key could not be used.' };
    }
    const again = this.get(from, fileId); // a concurrent copy of the offer won
    if (again) return { ok: true, file: again, fresh: false };
    const mime = safeMediaType(offer.mime);
    const file: IncomingFile = {
      ...{
        from,
        fileId,
        offer,
        name: sanitizeFileName(offer.name),
        mime,
        image: isInlineImage(mime),
        secrets,
      },
      ...{
        parts: new Array<Uint8Array | undefined>(offer.chunks).fill(undefined),
        held: 0,
        have: 0,
        acked: 0,
      },
      ...{ bad: 0, state: 'receiving' as const },
    };
    this.files.set(keyOf(from, fileId), file);
    this.trim();
    return { ok: true, file, fresh: true };
  }

  /** A `file-chunk` body from `from` for `fileId`: checked, decrypted once, stored; the last one checks the hash. */
  async chunk(from: string, fileId: string, body: { iv: string; ct: string }): Promise<ChunkOutcome> {
    const file = this.get(from, fileId);
    if (!file) return { kind: 'unknown' };
    if (file.state !== 'receiving') return { kind: 'ignored', file, why: 'finished' };
    let index: number;
    let plain: Uint8Array;
    try {
      // The index (from the IV) first: a duplicate costs no decryption.
      if (file.parts[chunkIndexOf(file.secrets.nonce, file.offer.chunks, body)])
        return { kind: 'ignored', file, why: 'duplicate' };
      ({ index, plain } = await decryptChunk(file.secrets, fileId, file.offer.chunks, body));
    } catch (e) {
      return this.bad(file, e instanceof MessageError ? e.message : 'the chunk could not be read.');
    }
    if (file.state !== 'receiving') return { kind: 'ignored', file, why: 'finished' };
    if (file.parts[index]) return { kind: 'ignored', file, why: 'duplicate' };
    file.parts[index] = plain;
    file.held += 1;
    while (file.have < file.parts.length && file.parts[file.have]) file.have += 1;
    if (file.held < file.parts.length) {
      const ack = file.have - file.acked >= ACK_EVERY;
      if (ack) file.acked = file.have;
      return { kind: 'stored', file, ack };
    }
    return this.finish(file);
  }

  /** Stop receiving `fileId` of `from` (either side cancelled); the chunks held are let go. */
  cancel(from: string, fileId: string, by: 'me' | 'peer', reason?: string): IncomingFile | undefined {
    const file = this.get(from, fileId);
    if (!file || file.state !== 'receiving') return undefined;
    file.state = 'cancelled';
    file.cancelledBy = by;
    if (reason !== undefined) file.reason = reason;
    file.parts = [];
    return file;
  }

  /** Forget every transfer (the membership ended). */
  reset(): void {
    this.files.clear();
  }

  private bad(file: IncomingFile, reason: string): ChunkOutcome {
    file.bad += 1;
    const gaveUp = file.bad >= this.limits.maxBadChunks;
    if (gaveUp) this.fail(file, `${file.bad} chunks could not be opened (last: ${reason})`);
    return { kind: 'bad', file, reason, gaveUp };
  }

  private async finish(file: IncomingFile): Promise<ChunkOutcome> {
    const bytes = assembleFile(file.parts as Uint8Array[], file.offer.size);
    file.parts = [];
    const expected = fromBase64Url(file.offer.sha256);
    if (!equalBytes(await sha256(bytes), expected)) {
      this.fail(file, 'its SHA-256 does not match the one in the offer, so it is not offered to you.');
      return { kind: 'hash-mismatch', file };
    }
    file.state = 'done';
    file.acked = file.have;
    file.bytes = bytes;
    return { kind: 'complete', file, released: this.release() };
  }

  private fail(file: IncomingFile, reason: string): void {
    file.state = 'failed';
    file.reason = reason;
    file.parts = [];
  }

  /** Past maxHeldBytes of finished files, let the oldest go and return them (their bubbles must drop the bytes too). */
  private release(): IncomingFile[] {
    const done = [...this.files.values()].filter((f) => f.bytes);
    let total = done.reduce((n, f) => n + (f.bytes?.length ?? 0), 0);
    const released: IncomingFile[] = [];
    for (const f of done) {
      if (total <= this.limits.maxHeldBytes) break;
      total -= f.bytes?.length ?? 0;
      delete f.bytes;
      f.released = true;
      released.push(f);
    }
    return released;
  }

  /** Past maxRemembered, forget the oldest finished transfers (a Map keeps insertion order). */
  private trim(): void {
    for (const [key, f] of this.files) {
      if (this.files.size <= this.limits.maxRemembered) break;
      if (f.state !== 'receiving') this.files.delete(key);
    }
  }
}

// File encryption (docs/protocol.md Extensions, "Encrypted files"): one fresh AES-256-GCM key per file, fixed-size
// zero-padded chunks, IV = 8-byte nonce ‖ chunk index, and an AAD that binds file id, index and chunk count.
import { FILE_CHUNK_BYTES } from '../../common/schema/files.js';
import { fromBase64Url, toBase64Url } from './base64url.js';
import { bufferSource, concatBytes, equalBytes, randomBytes, utf8 } from './bytes.js';
import { MessageError, getSubtle } from './errors.js';
import { importAesGcmKey, keyFingerprint } from './kdf.js';
import { IV_BYTES, TAG_BYTES, aesGcmDecrypt, aesGcmEncrypt } from './message.js';

/** Bytes of a file key. */
export const FILE_KEY_BYTES = 32;
/** Bytes of the random IV prefix of a file's chunks. */
export const FILE_NONCE_BYTES = 8;
/** Bytes of one chunk's ciphertext ‖ tag: every chunk of every file has exactly this size. */
export const CHUNK_CT_BYTES = FILE_CHUNK_BYTES + TAG_BYTES;

/** Bytes of one serialised chunk body `{iv, ct}` (what the relay measures): the same for every chunk of every file. */
export const CHUNK_BODY_BYTES = new TextEncoder().encode(
  JSON.stringify({
    iv: toBase64Url(new Uint8Array(IV_BYTES)),
    ct: toBase64Url(new Uint8Array(CHUNK_CT_BYTES)),
  }),
).length;

/** A file's fresh secrets: the AES key (raw and imported), the IV prefix and the key's short fingerprint. */
export interface FileSecrets {
  raw: Uint8Array;
  key: CryptoKey;
  nonce: Uint8Array;
  fingerprint: string;
}

/** Chunks a file of `size` bytes needs (an empty file still sends one padded chunk). */
export function chunkCount(size: number): number {
  return Math.max(1, Math.ceil(size / FILE_CHUNK_BYTES));
}

/** The IV of chunk `index`: the file's 8-byte nonce followed by `index` as a 32-bit big-endian integer. */
export function chunkIv(nonce: Uint8Array, index: number): Uint8Array<ArrayBuffer> {
  const iv = new Uint8Array(IV_BYTES);
  iv.set(nonce.subarray(0, FILE_NONCE_BYTES));
  new DataView(iv.buffer).setUint32(FILE_NONCE_BYTES, index >>> 0, false);
  return iv;
}

/** The chunk index an IV names, or undefined when it is not 12 bytes or does not start with this file's nonce. */
export function indexOfIv(nonce: Uint8Array, iv: Uint8Array): number | undefined {
  if (iv.length !== IV_BYTES || !equalBytes(iv.subarray(0, FILE_NONCE_BYTES), nonce)) return undefined;
  return new DataView(bufferSource(iv).buffer, iv.byteOffset).getUint32(FILE_NONCE_BYTES, false);
}

/** AAD text of chunk `index` of `chunks` of file `fileId` (the file key is only ever used with this AAD). */
export function chunkAad(fileId: string, index: number, chunks: number): string {
  return `curvechat/v1 file-chunk\n${fileId}\n${index}\n${chunks}`;
}

/** A fresh random file key and nonce (never reused: each file gets its own). */
export async function newFileSecrets(): Promise<FileSecrets> {
  return fileSecretsFrom(randomBytes(FILE_KEY_BYTES), randomBytes(FILE_NONCE_BYTES));
}

/** Import a received file key and nonce; throws MessageError('bad-plaintext') when their lengths are wrong. */
export async function fileSecretsFrom(raw: Uint8Array, nonce: Uint8Array): Promise<FileSecrets> {
  if (raw.length !== FILE_KEY_BYTES || nonce.length !== FILE_NONCE_BYTES)
    throw new MessageError('bad-plaintext', 'the file key or nonce has the wrong length.');
  const [key, fingerprint] = await Promise.all([importAesGcmKey(raw), keyFingerprint(raw)]);
  return { raw, key, nonce, fingerprint };
}

/** SHA-256 of `bytes`. */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await getSubtle().digest('SHA-256', bufferSource(bytes)));
}

/** Plaintext of chunk `index`: FILE_CHUNK_BYTES of the file, the last one zero-padded. */
export function chunkPlaintext(file: Uint8Array, index: number): Uint8Array {
  const start = index * FILE_CHUNK_BYTES;
  const piece = file.subarray(start, Math.min(file.length, start + FILE_CHUNK_BYTES));
  if (piece.length === FILE_CHUNK_BYTES) return piece;
  const padded = new Uint8Array(FILE_CHUNK_BYTES);
  padded.set(piece);
  return padded;
}

/** One encrypted chunk: its index, IV and ciphertext ‖ tag (CHUNK_CT_BYTES). */
export interface SealedChunk {
  index: number;
  iv: Uint8Array;
  ct: Uint8Array;
}

/** Encrypt chunk `index` of `file` once, under the file key, with its IV and AAD. */
export async function encryptChunk(
  secrets: FileSecrets,
  fileId: string,
  file: Uint8Array,
  index: number,
): Promise<SealedChunk> {
  const chunks = chunkCount(file.length);
  const iv = chunkIv(secrets.nonce, index);
  const aad = utf8(chunkAad(fileId, index, chunks));
  return { index, iv, ct: await aesGcmEncrypt(secrets.key, iv, aad, chunkPlaintext(file, index)) };
}

/** Encrypt every chunk of `file` (each exactly once). */
export async function encryptFile(
  secrets: FileSecrets,
  fileId: string,
  file: Uint8Array,
): Promise<SealedChunk[]> {
  const out: SealedChunk[] = [];
  for (let i = 0; i < chunkCount(file.length); i++) out.push(await encryptChunk(secrets, fileId, file, i));
  return out;
}

/** The `{ iv, ct }` body of a sealed chunk, in base64url. */
export function chunkBody(chunk: SealedChunk): { iv: string; ct: string } {
  return { iv: toBase64Url(chunk.iv), ct: toBase64Url(chunk.ct) };
}

/**
 * Open a received chunk body of file `fileId` (`chunks` chunks): decode, check the IV prefix, the index range and
 * the exact size, then decrypt. Throws MessageError: 'bad-envelope' (shape, range, size) or 'auth-failed'.
 */
export async function decryptChunk(
  secrets: FileSecrets,
  fileId: string,
  chunks: number,
  body: { iv: string; ct: string },
): Promise<{ index: number; plain: Uint8Array }> {
  const index = chunkIndexOf(secrets.nonce, chunks, body);
  const ct = decode(body.ct, 'ct');
  if (ct.length !== CHUNK_CT_BYTES)
    throw new MessageError(
      'bad-envelope',
      `the chunk is ${ct.length} bytes; ${CHUNK_CT_BYTES} were expected.`,
    );
  const iv = chunkIv(secrets.nonce, index);
  const plain = await aesGcmDecrypt(secrets.key, iv, utf8(chunkAad(fileId, index, chunks)), ct);
  return { index, plain };
}

/** The index a chunk body claims (from its IV), checked against the nonce and the range; throws 'bad-envelope'. */
export function chunkIndexOf(nonce: Uint8Array, chunks: number, body: { iv: string }): number {
  const index = indexOfIv(nonce, decode(body.iv, 'iv'));
  if (index === undefined) throw new MessageError('bad-envelope', 'the chunk IV is not one of this file.');
  if (index >= chunks)
    throw new MessageError('bad-envelope', `chunk ${index} is out of range (the file has ${chunks}).`);
  return index;
}

/** Join the chunk plaintexts and cut the padding off: the file's `size` bytes. */
export function assembleFile(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  return concatBytes(...chunks).slice(0, size);
}

function decode(text: string, what: string): Uint8Array {
  try {
    return fromBase64Url(text);
  } catch {
    throw new MessageError('bad-envelope', `the chunk ${what} is not valid base64url.`);
  }
}

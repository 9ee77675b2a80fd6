// Preparing a file to send: the checks, one fresh file key, the SHA-256, every chunk encrypted once, and the offer
// sealed for each ready peer under its channel key.
import { FILE_CHUNK_BYTES } from '../../common/schema/files.js';
import type { FileOfferPlaintext } from '../../common/wire.js';
import { toBase64Url } from '../crypto/base64url.js';
import { chunkBody, encryptFile, newFileSecrets, sha256 } from '../crypto/file-crypto.js';
import { isInlineImage, safeMediaType, sanitizeFileName } from '../crypto/file-name.js';
import { fileControlAad, sealJson } from '../crypto/file-seal.js';
import { toHex } from '../crypto/hex.js';
import type { Channel } from './channel.js';
import type { OutgoingFile, OutgoingRecipient } from './file-outgoing.js';
import { newMessageId } from './resume.js';

/** A file the user picked, dropped or pasted. */
export interface FileToSend {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** Encrypt `file` once and seal its offer for each of `peers`; the transfer starts with every offer unsent. */
export async function prepareFile(
  file: FileToSend,
  room: string,
  me: string,
  peers: { id: string; name: string; channel: Channel }[],
  ts: number,
): Promise<OutgoingFile> {
  const fileId = `f${newMessageId()}`.slice(0, 64);
  const secrets = await newFileSecrets();
  const digest = await sha256(file.bytes);
  const chunks = await encryptFile(secrets, fileId, file.bytes);
  const offer: FileOfferPlaintext = {
    ...{ type: 'file', name: file.name.slice(0, 1024) || 'file', mime: file.type.slice(0, 255) },
    ...{ size: file.bytes.length, chunks: chunks.length, chunkBytes: FILE_CHUNK_BYTES },
    ...{ sha256: toBase64Url(digest), key: toBase64Url(secrets.raw), nonce: toBase64Url(secrets.nonce), ts },
  } as const;
  const recipients = new Map<string, OutgoingRecipient>();
  for (const p of peers) {
    const aad = fileControlAad('file', room, me, p.id, fileId);
    const sealed = await sealJson(p.channel.key, aad, offer);
    recipients.set(p.id, {
      ...{ id: p.id, name: p.name, state: 'offered', acked: 0, next: 0, offer: sealed.body, offerTries: 0 },
      ...{ heardAt: ts, stalls: 0 },
      wrap: {
        ivHex: toHex(sealed.iv),
        ctBytes: sealed.ct.length,
        aad,
        keyFingerprint: p.channel.derived.keyFingerprint,
      },
    });
  }
  const mime = safeMediaType(file.type);
  return {
    ...{
      fileId,
      name: sanitizeFileName(file.name),
      mime,
      image: isInlineImage(mime),
      size: file.bytes.length,
      ts,
    },
    ...{
      bytes: file.bytes,
      sha256Hex: toHex(digest),
      secrets,
      chunks,
      bodies: chunks.map(chunkBody),
      recipients,
    },
  };
}

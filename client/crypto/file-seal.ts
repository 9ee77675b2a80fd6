// Sealing the control messages of a file transfer (offer, ack, cancel) under the pairwise channel key, with an AAD
// that names the kind, so a `file` can never be taken for a `msg` or an `ack` for a `cancel` (docs/protocol.md).
import type { ZodMiniType } from 'zod/mini';
import type { FileKind } from '../../common/schema/files.js';
import { fromBase64Url, toBase64Url } from './base64url.js';
import { randomBytes, utf8 } from './bytes.js';
import { MessageError } from './errors.js';
import { IV_BYTES, aesGcmDecrypt, aesGcmEncrypt, buildAad, parseMsgBody } from './message.js';

/** The AAD text of a sealed file control message: "curvechat/v1 <kind>\n" + room\nfrom\nto\nfileId. */
export function fileControlAad(
  kind: FileKind,
  room: string,
  from: string,
  to: string,
  fileId: string,
): string {
  return `curvechat/v1 ${kind}\n${buildAad(room, from, to, fileId)}`;
}

/** A sealed control message: the wire body and its raw IV and ciphertext ‖ tag (for the wire view). */
export interface Sealed {
  body: { iv: string; ct: string };
  iv: Uint8Array;
  ct: Uint8Array;
}

/** Seal `plaintext` (JSON) under the channel key with a fresh random IV and the given AAD. */
export async function sealJson(channelKey: CryptoKey, aad: string, plaintext: object): Promise<Sealed> {
  const iv = randomBytes(IV_BYTES);
  const ct = await aesGcmEncrypt(channelKey, iv, utf8(aad), utf8(JSON.stringify(plaintext)));
  return { body: { iv: toBase64Url(iv), ct: toBase64Url(ct) }, iv, ct };
}

/**
 * Open a sealed body and check its plaintext against `schema`. Throws MessageError: 'bad-envelope', 'auth-failed',
 * or 'bad-plaintext' (authentic, but not what the schema allows).
 */
export async function openJson<T>(
  channelKey: CryptoKey,
  aad: string,
  body: unknown,
  schema: ZodMiniType<T>,
): Promise<T> {
  const { iv, ct } = parseMsgBody(body);
  const plain = await aesGcmDecrypt(channelKey, iv, utf8(aad), ct);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch {
    throw new MessageError('bad-plaintext', 'the sealed file message is not UTF-8 JSON.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new MessageError('bad-plaintext', 'the sealed file message has the wrong fields.');
  return parsed.data;
}

/** Decode a base64url field of an authentic plaintext; throws MessageError('bad-plaintext'). */
export function plaintextBytes(text: string): Uint8Array {
  try {
    return fromBase64Url(text);
  } catch {
    throw new MessageError('bad-plaintext', 'a key field of the file offer is not base64url.');
  }
}

// Message encryption (docs/protocol.md §5 steps 5–6): AAD, AES-256-GCM with a 12-byte IV, plaintext JSON.
import { msgBody, msgPlaintext } from '../../common/schema/index.js';
import type { MsgBody, MsgPlaintext } from '../../common/wire.js';
import { fromBase64Url, toBase64Url } from './base64url.js';
import { bufferSource, randomBytes, utf8 } from './bytes.js';
import { MessageError, getSubtle } from './errors.js';

/** IV length in bytes. */
export const IV_BYTES = 12;
/** GCM tag length in bytes (appended to the ciphertext). */
export const TAG_BYTES = 16;

/** AAD text "room\nfrom\nto\nid" (member ids); UTF-8 encode it for use. */
export function buildAad(room: string, from: string, to: string, id: string): string {
  return `${room}\n${from}\n${to}\n${id}`;
}

/** AES-GCM encrypt with a 128-bit tag; returns ciphertext ‖ tag. */
export async function aesGcmEncrypt(
  key: CryptoKey,
  iv: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const out = await getSubtle().encrypt(
    { name: 'AES-GCM', iv: bufferSource(iv), additionalData: bufferSource(aad), tagLength: 128 },
    key,
    bufferSource(plaintext),
  );
  return new Uint8Array(out);
}

/** AES-GCM decrypt ciphertext ‖ tag; throws MessageError('auth-failed') when the tag does not verify. */
export async function aesGcmDecrypt(
  key: CryptoKey,
  iv: Uint8Array,
  aad: Uint8Array,
  ctWithTag: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  try {
    const out = await getSubtle().decrypt(
      { name: 'AES-GCM', iv: bufferSource(iv), additionalData: bufferSource(aad), tagLength: 128 },
      key,
      bufferSource(ctWithTag),
    );
    return new Uint8Array(out);
  } catch {
    throw new MessageError(
      'auth-failed',
      'the authentication tag did not verify (wrong key, or the message was altered).',
    );
  }
}

/** What encryptMessage produced: the wire body and the raw parts for display. */
export interface Encrypted {
  /** Wire body `{ iv, ct }` (base64url). */
  body: MsgBody;
  /** The 12-byte IV. */
  iv: Uint8Array;
  /** Ciphertext ‖ tag. */
  ct: Uint8Array;
}

/** Encrypt `{"type":"text","text","ts"}` under `key` with a fresh random 12-byte IV and the given AAD. */
export async function encryptMessage(
  key: CryptoKey,
  aad: string,
  text: string,
  ts: number,
): Promise<Encrypted> {
  const plaintext: MsgPlaintext = { type: 'text', text, ts };
  const iv = randomBytes(IV_BYTES);
  const ct = await aesGcmEncrypt(key, iv, utf8(aad), utf8(JSON.stringify(plaintext)));
  return { body: { iv: toBase64Url(iv), ct: toBase64Url(ct) }, iv, ct };
}

/** Validate a received `msg` body's shape and decode it; throws MessageError('bad-envelope'). */
export function parseMsgBody(body: unknown): { iv: Uint8Array; ct: Uint8Array } {
  if (typeof body !== 'object' || body === null)
    throw new MessageError('bad-envelope', 'the message body is not an object.');
  const parsed = msgBody.safeParse(body);
  if (!parsed.success) throw new MessageError('bad-envelope', 'the message body lacks iv or ct.');
  const { iv, ct } = parsed.data;
  let ivBytes: Uint8Array;
  let ctBytes: Uint8Array;
  try {
    ivBytes = fromBase64Url(iv);
    ctBytes = fromBase64Url(ct);
  } catch {
    throw new MessageError('bad-envelope', 'iv or ct is not valid base64url.');
  }
  if (ivBytes.length !== IV_BYTES)
    throw new MessageError('bad-envelope', `the IV is ${ivBytes.length} bytes; 12 were expected.`);
  if (ctBytes.length < TAG_BYTES)
    throw new MessageError('bad-envelope', 'the ciphertext is shorter than the 16-byte tag.');
  return { iv: ivBytes, ct: ctBytes };
}

/** Parse and validate decrypted plaintext JSON; throws MessageError('bad-plaintext'). */
export function parsePlaintext(bytes: Uint8Array): MsgPlaintext {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new MessageError('bad-plaintext', 'the decrypted message is not UTF-8 JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MessageError('bad-plaintext', 'the decrypted message is not a JSON object.');
  const parsed = msgPlaintext.safeParse(value);
  if (parsed.success) return parsed.data;
  // The first failing field, in the schema's order (type, text, ts), names the problem.
  const field = parsed.error.issues[0]?.path[0];
  throw new MessageError(
    'bad-plaintext',
    PLAINTEXT_PROBLEMS[field === 'type' || field === 'text' ? field : 'ts'],
  );
}

/** What is wrong with a plaintext, by the first field the schema refused. */
const PLAINTEXT_PROBLEMS = {
  type: 'the decrypted message is not of type "text".',
  text: 'the decrypted message has no text, or a text longer than the limit.',
  ts: 'the decrypted message has no valid timestamp.',
} as const;

/** Decrypt a received body with `key` and the rebuilt AAD; returns the plaintext only if the tag verifies. */
export async function decryptMessage(key: CryptoKey, aad: string, body: unknown): Promise<MsgPlaintext> {
  const { iv, ct } = parseMsgBody(body);
  return parsePlaintext(await aesGcmDecrypt(key, iv, utf8(aad), ct));
}

/** Split AES-GCM output into ciphertext and the trailing 16-byte tag (for display). */
export function splitCiphertext(ct: Uint8Array): { ciphertext: Uint8Array; tag: Uint8Array } {
  const cut = Math.max(0, ct.length - TAG_BYTES);
  return { ciphertext: ct.subarray(0, cut), tag: ct.subarray(cut) };
}

// Key confirmation (docs/protocol.md Extensions, "Room passphrase"): prove holding K without revealing it.
import type { ConfirmBody } from '../../common/wire.js';
import { fromBase64Url, isBase64Url, toBase64Url } from './base64url.js';
import { equalBytes, randomBytes, utf8 } from './bytes.js';
import { aesGcmDecrypt, aesGcmEncrypt, IV_BYTES, TAG_BYTES } from './message.js';

/** The fixed plaintext of every confirmation. */
export const CONFIRM_LABEL = 'curvechat/v1 confirm';

/**
 * AAD "curvechat/v1 confirm\n<room>\n<from>\n<to>" (member ids). Its first line can never be a room (rooms have
 * no spaces), so no message AAD ("room\nfrom\nto\nid") equals it: a confirmation is never a valid `msg`, nor back.
 */
export function confirmAad(room: string, from: string, to: string): string {
  return `${CONFIRM_LABEL}\n${room}\n${from}\n${to}`;
}

/**
 * The confirmation `from` sends `to`: AES-256-GCM under K of CONFIRM_LABEL with a fresh IV; `pair` is the
 * base64url v1 salt SHA-256(lo ‖ hi) naming the two public keys it was made with; `ack` says whether `from`
 * has already verified the confirmation of `to` for this channel.
 */
export async function makeConfirm(
  key: CryptoKey,
  room: string,
  from: string,
  to: string,
  pair: string,
  ack: boolean,
): Promise<ConfirmBody> {
  const iv = randomBytes(IV_BYTES);
  const ct = await aesGcmEncrypt(key, iv, utf8(confirmAad(room, from, to)), utf8(CONFIRM_LABEL));
  return { pair, iv: toBase64Url(iv), ct: toBase64Url(ct), ack };
}

/**
 * True when `body` (from `from` to `to`, checked against the schema) decrypts under `key` to CONFIRM_LABEL:
 * its author holds the same K. False for anything else (wrong key, altered, junk lengths); never throws.
 */
export async function openConfirm(
  key: CryptoKey,
  room: string,
  from: string,
  to: string,
  body: ConfirmBody,
): Promise<boolean> {
  const label = utf8(CONFIRM_LABEL);
  if (!isBase64Url(body.iv, IV_BYTES) || !isBase64Url(body.ct, label.length + TAG_BYTES)) return false;
  try {
    const aad = utf8(confirmAad(room, from, to));
    const pt = await aesGcmDecrypt(key, fromBase64Url(body.iv), aad, fromBase64Url(body.ct));
    return equalBytes(pt, label);
  } catch {
    return false;
  }
}

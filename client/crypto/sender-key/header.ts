// The sender-key message header (docs/protocol.md "v2: sender keys"): the AES-GCM AAD and what the signature covers.
import { concatBytes, utf8 } from '../bytes.js';

/** Where a sender-key message sits: its room, author, message id, chain id (base64url) and iteration. */
export interface SkHeader {
  room: string;
  from: string;
  id: string;
  chain: string;
  n: number;
}

/** The header text "curvechat/v2 skmsg\nroom\nfrom\nid\nchain\nn" (no field can hold a newline). */
export function headerText(h: SkHeader): string {
  return `curvechat/v2 skmsg\n${h.room}\n${h.from}\n${h.id}\n${h.chain}\n${h.n}`;
}

/** The AES-GCM additional data: UTF-8 of the header text. */
export function headerAad(h: SkHeader): Uint8Array<ArrayBuffer> {
  return utf8(headerText(h));
}

/** What the sender signs: UTF-8(header text) ‖ ct (ciphertext ‖ tag). */
export function signedBytes(h: SkHeader, ct: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes(headerAad(h), ct);
}

// v2 pair messages (docs/protocol.md "v2: how the browser client uses it"): encrypt a chat part or a receipt in the
// pair's Double Ratchet as a `ratchet` dm, and open one (a chat message or an authenticated receipt).
import { ratchetReceiptPlaintext } from '../../common/schema/ratchet.js';
import type { DmDelivery } from '../../common/wire.js';
import { fromBase64Url } from '../crypto/base64url.js';
import { utf8 } from '../crypto/bytes.js';
import { MessageError } from '../crypto/errors.js';
import { toHex } from '../crypto/hex.js';
import { buildAad, parsePlaintext, splitCiphertext } from '../crypto/message.js';
import { RatchetError } from '../crypto/ratchet/errors.js';
import {
  AAD_V2_MARK,
  ratchetAad,
  type MessageBinding,
  type RatchetWireBody,
} from '../crypto/ratchet/header.js';
import type { DoubleRatchet } from '../crypto/ratchet/ratchet.js';
import type { Channel } from './channel.js';
import { arrivalInstead } from './message-list.js';
import type { OutgoingPart } from './outbox.js';
import type { ChatMessage, WireView } from './types.js';

/** The dm kind of v2 pair messages and receipts. */
export const RATCHET_KIND = 'ratchet';

/**
 * Bytes a `ratchet` body may add to a v1 `msg` body of the same text: the header (`dh` of up to 133 bytes, 178
 * base64url characters, and two counters) and its JSON keys, minus the 16-character IV. Used before sending.
 */
export const RATCHET_BODY_OVERHEAD = 256;

/** The wire view of a ratchet ciphertext: no IV travels (it comes from the message key), the AAD holds the header. */
function ratchetWireView(
  to: { id: string; name: string },
  binding: MessageBinding,
  enc: { header: Parameters<typeof ratchetAad>[1]; ct: Uint8Array },
  fingerprint: string,
): WireView {
  const { ciphertext, tag } = splitCiphertext(enc.ct);
  const text = buildAad(binding.room, binding.from, binding.to, binding.id) + AAD_V2_MARK;
  return {
    to: to.id,
    toName: to.name,
    ivHex: '',
    ctHex: toHex(ciphertext),
    tagHex: toHex(tag),
    aad: `${text}[header dh ${toHex(enc.header.dh).slice(0, 16)}…, pn ${enc.header.pn}, n ${enc.header.n}]`,
    aadHex: toHex(ratchetAad(binding, enc.header)),
    keyFingerprint: fingerprint,
  };
}

/**
 * Encrypt one chat message for one v2 peer under the pair's next sending key; returns a 'sending' part of kind
 * `ratchet`. Its body is kept for resends: the same ciphertext goes out again, never a new message number.
 */
export async function encryptRatchetPart(
  room: string,
  me: string,
  message: { id: string; text: string; ts: number },
  to: { id: string; name: string },
  channel: Channel,
  ratchet: DoubleRatchet,
  verified: boolean,
): Promise<OutgoingPart> {
  const binding = { room, from: me, to: to.id, id: message.id };
  const enc = await ratchet.encryptMessage(message.text, message.ts, binding);
  const fingerprint = channel.derived.keyFingerprint;
  return {
    to: to.id,
    toName: to.name,
    state: 'sending',
    attempts: 0,
    kind: RATCHET_KIND,
    body: enc.body,
    fingerprint,
    verified,
    wire: ratchetWireView(to, binding, enc, fingerprint),
  };
}

/** Encrypt the receipt for message `id` (from `to` to us) in the pair's ratchet: the `ratchet` dm body to send back. */
export async function encryptRatchetReceipt(
  room: string,
  me: string,
  to: string,
  id: string,
  ok: boolean,
  reason: string | undefined,
  ratchet: DoubleRatchet,
): Promise<RatchetWireBody> {
  const plaintext = ok ? { type: 'receipt', id, ok } : { type: 'receipt', id, ok, reason };
  const enc = await ratchet.encryptBytes(utf8(JSON.stringify(plaintext)), { room, from: me, to, id });
  return enc.body;
}

/** What opening a `ratchet` dm gave: a chat message, an authenticated receipt, or a refusal (authentic or not). */
export type RatchetOpened =
  | { kind: 'message'; message: ChatMessage }
  | { kind: 'receipt'; ok: boolean; reason?: string }
  | { kind: 'refused'; reason: string; authentic: boolean };

/** The decrypted plaintext as a JSON object, or undefined when it is not one. */
function jsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Open a `ratchet` dm from `d.from` to us: decrypt in the pair's ratchet (the state advances only if the tag
 * verifies), then read a chat message (checked like §5 step 6) or a receipt for exactly the dm's `id`.
 */
export async function openRatchet(
  d: DmDelivery,
  fromName: string,
  room: string,
  me: { id: string; name: string },
  channel: Channel,
  ratchet: DoubleRatchet,
  arrival: number,
  verified: boolean,
): Promise<RatchetOpened> {
  const binding = { room, from: d.from, to: me.id, id: d.id };
  let plaintext: Uint8Array;
  try {
    ({ plaintext } = await ratchet.decryptBody(d.body, binding));
  } catch (e) {
    const reason = e instanceof RatchetError ? e.message : 'the message could not be decrypted.';
    return { kind: 'refused', reason, authentic: false };
  }
  const object = jsonObject(plaintext);
  if (object?.type === 'receipt') {
    const receipt = ratchetReceiptPlaintext.safeParse(object);
    if (!receipt.success || receipt.data.id !== d.id)
      return { kind: 'refused', reason: 'the encrypted receipt is malformed.', authentic: true };
    const { ok, reason } = receipt.data;
    return { kind: 'receipt', ok, ...(reason === undefined ? {} : { reason }) };
  }
  try {
    const { text, ts } = parsePlaintext(plaintext);
    const arrivedAt = arrivalInstead(ts, arrival);
    const enc = { header: ratchetHeaderOf(d.body), ct: ctOf(d.body) };
    const wire = ratchetWireView(me, binding, enc, channel.derived.keyFingerprint);
    const message: ChatMessage = {
      ...{ id: d.id, from: d.from, fromName, text, ts },
      ...(arrivedAt === undefined ? {} : { arrivedAt }),
      ...{ outgoing: false, wire: [wire], delivery: {}, verified },
    };
    return { kind: 'message', message };
  } catch (e) {
    const reason = e instanceof MessageError ? e.message : 'the decrypted message is not valid.';
    return { kind: 'refused', reason, authentic: true };
  }
}

/** The header of a body that the ratchet already parsed and opened (so it is well formed). */
function ratchetHeaderOf(body: unknown): { dh: Uint8Array; pn: number; n: number } {
  const h = (body as RatchetWireBody).h;
  return { dh: fromBase64Url(h.dh), pn: h.pn, n: h.n };
}

/** The ciphertext of a body that the ratchet already opened. */
function ctOf(body: unknown): Uint8Array {
  return fromBase64Url((body as RatchetWireBody).ct);
}

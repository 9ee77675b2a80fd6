// Message building blocks of the session: encrypt one part, open one incoming envelope, views, sizes.
import type { DmDelivery } from '../../common/wire.js';
import { MessageError } from '../crypto/errors.js';
import { buildAad, decryptMessage, encryptMessage, parseMsgBody } from '../crypto/message.js';
import type { Channel } from './channel.js';
import type { OutgoingMessage, OutgoingPart } from './outbox.js';
import { arrivalInstead } from './message-list.js';
import type { ChatMessage } from './types.js';
import { jsonByteLength, wireView } from './views.js';

/** Encrypt one message for one recipient: AAD room\nme\nto\nid, fresh IV; returns a 'sending' part. */
export async function encryptPart(
  room: string,
  me: string,
  message: { id: string; text: string; ts: number },
  to: { id: string; name: string },
  channel: Channel,
  verified: boolean,
): Promise<OutgoingPart> {
  const aad = buildAad(room, me, to.id, message.id);
  const enc = await encryptMessage(channel.key, aad, message.text, message.ts);
  const fingerprint = channel.derived.keyFingerprint;
  return {
    to: to.id,
    toName: to.name,
    state: 'sending',
    attempts: 0,
    body: enc.body,
    fingerprint,
    verified,
    wire: wireView(to.id, to.name, enc.iv, enc.ct, aad, fingerprint),
  };
}

/**
 * The result of opening an incoming `msg`. `authentic` on a refusal: the tag verified (our channel key opened it,
 * so its sender holds that key) but the plaintext was refused; otherwise it may come from anyone.
 */
export type Opened = { ok: true; message: ChatMessage } | { ok: false; reason: string; authentic: boolean };

/**
 * Rebuild the AAD from the envelope (from = sender, to = me), decrypt and verify; the chat
 * message exists only when the tag verified and the plaintext is valid. `arrival` (ms) is shown
 * instead of an out-of-range author time (§5 step 6).
 */
export async function openIncoming(
  d: DmDelivery,
  fromName: string,
  room: string,
  me: { id: string; name: string },
  channel: Channel,
  arrival: number,
  verified: boolean,
): Promise<Opened> {
  const aad = buildAad(room, d.from, me.id, d.id);
  try {
    const { iv, ct } = parseMsgBody(d.body);
    const { text, ts } = await decryptMessage(channel.key, aad, d.body);
    const fp = channel.derived.keyFingerprint;
    const arrivedAt = arrivalInstead(ts, arrival);
    return {
      ok: true,
      message: {
        id: d.id,
        from: d.from,
        fromName,
        text,
        ts,
        ...(arrivedAt === undefined ? {} : { arrivedAt }),
        outgoing: false,
        wire: [wireView(me.id, me.name, iv, ct, aad, fp)],
        delivery: {},
        verified,
      },
    };
  } catch (e) {
    return {
      ok: false,
      reason: e instanceof MessageError ? e.message : 'the message could not be decrypted.',
      authentic: e instanceof MessageError && e.code === 'bad-plaintext',
    };
  }
}

/** The chat view of an outgoing message, with delivery per recipient. */
export function outgoingView(message: OutgoingMessage, me: { id: string; name: string }): ChatMessage {
  const parts = [...message.parts.values()];
  return {
    id: message.id,
    from: me.id,
    fromName: me.name,
    text: message.text,
    ts: message.ts,
    outgoing: true,
    wire: parts.map((p) => p.wire),
    delivery: Object.fromEntries(
      parts.map((p) => [
        p.to,
        {
          state: p.state,
          ...(p.reason === undefined ? {} : { reason: p.reason }),
          verified: p.verified,
          ...(p.unauthenticated ? { unauthenticated: true } : {}),
        },
      ]),
    ),
  };
}

/** Split parts into batches whose serialised `{to, body}` fit `budget` bytes each (one `dm` per batch). */
export function batchParts(parts: OutgoingPart[], budget: number): OutgoingPart[][] {
  const batches: OutgoingPart[][] = [];
  let batch: OutgoingPart[] = [];
  let size = 0;
  for (const part of parts) {
    const bytes = jsonByteLength({ to: part.to, body: part.body }) + 1;
    if (batch.length > 0 && size + bytes > budget) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(part);
    size += bytes;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Bytes of the `{iv, ct}` body for `text` at `ts` (what the relay limits per recipient). */
export function encryptedBodyBytes(text: string, ts: number): number {
  const plain = new TextEncoder().encode(JSON.stringify({ type: 'text', text, ts })).length;
  const ctChars = Math.ceil(((plain + 16) * 4) / 3);
  return jsonByteLength({ iv: 'x'.repeat(16), ct: 'x'.repeat(ctChars) });
}

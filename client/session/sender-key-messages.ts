// Sender-keys messages in the session (docs/protocol.md "v2: sender keys"): one `skmsg` body for the room and the
// per-recipient parts that track it, and opening a received one into a chat message (checked like §5 step 6).
import { fromBase64Url } from '../crypto/base64url.js';
import { utf8 } from '../crypto/bytes.js';
import { MessageError } from '../crypto/errors.js';
import { toHex } from '../crypto/hex.js';
import { parsePlaintext, splitCiphertext } from '../crypto/message.js';
import { headerAad, headerText, type SkHeader } from '../crypto/sender-key/header.js';
import { decryptBroadcast, type ReceiverChain, type SkFailure } from '../crypto/sender-key/receiver.js';
import { encryptBroadcast, type SenderChain, type SkmsgBody } from '../crypto/sender-key/sender.js';
import type { Channel } from './channel.js';
import { arrivalInstead } from './message-list.js';
import type { OutgoingMessage, OutgoingPart } from './outbox.js';
import type { PeerRecord } from './peers.js';
import type { ChatMessage, WireView } from './types.js';

/** The wire view of a sender-keys message for one member: no IV (derived), the signed header as the AAD. */
export function skWireView(to: { id: string; name: string }, header: SkHeader, ct: Uint8Array): WireView {
  const { ciphertext, tag } = splitCiphertext(ct);
  return {
    to: to.id,
    toName: to.name,
    ivHex: '',
    ctHex: toHex(ciphertext),
    tagHex: toHex(tag),
    aad: headerText(header),
    aadHex: toHex(headerAad(header)),
    keyFingerprint: toHex(fromBase64Url(header.chain)),
    via: 'sender-key',
  };
}

/**
 * Encrypt `message` once with our sender chain and sign it: the `skmsg` body for one `bcast`, and one part per
 * recipient in `to` (kind `skmsg`, all sharing the body) so delivery tracks each member's receipt.
 */
export async function encryptSkParts(
  chain: SenderChain,
  room: string,
  me: string,
  message: OutgoingMessage,
  to: (PeerRecord & { channel: Channel; name: string; verified: boolean })[],
): Promise<{ body: SkmsgBody; parts: OutgoingPart[] }> {
  const plaintext = utf8(JSON.stringify({ type: 'text', text: message.text, ts: message.ts }));
  const body = await encryptBroadcast(chain, room, me, message.id, plaintext);
  const header = { room, from: me, id: message.id, chain: body.chain, n: body.n };
  const ct = fromBase64Url(body.ct);
  const parts = to.map((peer) => ({
    to: peer.id,
    toName: peer.name,
    state: 'sending' as const,
    attempts: 0,
    kind: 'skmsg' as const,
    body,
    fingerprint: peer.channel.derived.keyFingerprint,
    verified: peer.verified,
    wire: skWireView({ id: peer.id, name: peer.name }, header, ct),
  }));
  return { body, parts };
}

/** What opening a `bcast` of kind `skmsg` gave: a chat message, or a refusal with the receiver's reason. */
export type SkOpened =
  | { ok: true; message: ChatMessage; n: number }
  | { ok: false; reason: SkFailure | 'bad-plaintext'; message: string; authentic: boolean };

/** Verify and decrypt a `bcast` from `b.from` with the chain we hold from it, then check the plaintext (§5 step 6). */
export async function openSkmsg(
  b: { from: string; id: string; body: unknown },
  fromName: string,
  room: string,
  me: { id: string; name: string },
  chain: ReceiverChain | undefined,
  arrival: number,
  verified: boolean,
): Promise<SkOpened> {
  const got = await decryptBroadcast(chain, room, b.from, b.id, b.body);
  if (!got.ok) return { ...got, authentic: got.reason === 'auth-failed' };
  try {
    const { text, ts } = parsePlaintext(got.plaintext);
    const arrivedAt = arrivalInstead(ts, arrival);
    const body = b.body as SkmsgBody; // decryptBroadcast checked it against skmsgBody
    const header = { room, from: b.from, id: b.id, chain: body.chain, n: body.n };
    const message: ChatMessage = {
      ...{ id: b.id, from: b.from, fromName, text, ts },
      ...(arrivedAt === undefined ? {} : { arrivedAt }),
      ...{ outgoing: false, wire: [skWireView(me, header, fromBase64Url(body.ct))], delivery: {}, verified },
    };
    return { ok: true, message, n: got.n };
  } catch (e) {
    const message = e instanceof MessageError ? e.message : 'the decrypted message is not valid.';
    return { ok: false, reason: 'bad-plaintext', message, authentic: true };
  }
}

/** A plain sentence per refusal of a `bcast` (receiver.ts reasons), for the activity log. */
export function skRefusalText(name: string, reason: SkFailure | 'bad-plaintext', detail: string): string {
  switch (reason) {
    case 'no-sender-key':
      return `A sender-keys message from ${name} could not be read here yet: ${name}'s sender key has not reached this tab. ${name} sends it pairwise too.`;
    case 'unknown-chain':
      return `A sender-keys message from ${name} uses a sender chain this tab does not hold (an old or newer chain). ${name} sends it pairwise too.`;
    case 'before-distribution':
      return `A sender-keys message from ${name} was sent before ${name}'s sender key reached you, so it is not readable here (${detail}).`;
    case 'bad-signature':
      return `Ignored a broadcast in ${name}'s name: its signature is not ${name}'s (forged or altered; someone holding ${name}'s chain key cannot sign as ${name}).`;
    case 'replay':
      return `Ignored a replayed sender-keys message from ${name}: ${detail}.`;
    case 'too-far-ahead':
      return `Ignored a sender-keys message from ${name}: ${detail}.`;
    case 'bad-body':
      return `Ignored a malformed sender-keys message from ${name} (not a valid skmsg body).`;
    case 'auth-failed':
      return `A sender-keys message from ${name} was signed by ${name} but does not decrypt (its tag failed).`;
    case 'bad-plaintext':
      return `A sender-keys message from ${name} was refused: ${detail}`;
    case 'bad-distribution':
    case 'conflicting-distribution':
      return `A sender key from ${name} was refused: ${detail}.`;
  }
}

// Sender bytes per message, pairwise (n−1 ciphertexts) vs sender keys (1), measured on real serialised payloads
// (docs/protocol.md "v2: sender keys", "Cost and the switch threshold"): pure, no I/O, no randomness.
import {
  CHAIN_ID_BYTES,
  CHAIN_KEY_BYTES,
  SIGNATURE_BYTES,
  SIGNING_KEY_BYTES,
  SKDIST_KIND,
  SKMSG_KIND,
} from '../../../common/schema/index.js';
import { PUB_LENGTH, type CurveId } from '../../../common/wire.js';
import { toBase64Url } from '../base64url.js';
import { utf8 } from '../bytes.js';
import { IV_BYTES, TAG_BYTES } from '../message.js';

/** Characters of the reference message text (a tweet-sized chat line) the threshold and the bench use. */
export const REFERENCE_TEXT_CHARS = 140;
/** Messages a chain is assumed to carry before a leave rotates it, to spread the distribution cost. */
export const REFERENCE_MESSAGES_PER_CHAIN = 20;
/**
 * The room size from which a member sends with sender keys (on its own, without being asked): the smallest
 * room where they cost fewer bytes than pairwise for the reference message, distribution included
 * (`breakEvenRoomSize()`; test/unit/sender-key-cost.test.ts keeps the two equal).
 */
export const SENDER_KEYS_FROM_MEMBERS = 3;

/** Member ids (22 base64url characters) and message ids (22, as the browser client makes them). */
const ID = 'A'.repeat(22);
/** `n` zero bytes, base64url: the exact length of any `n`-byte value on the wire. */
const b64 = (n: number): string => toBase64Url(new Uint8Array(n));
const memberIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${ID}${i}`.slice(-22).padStart(22, 'A'));

/**
 * Bytes of one WebSocket message carrying client event `event` with `payload` and an ack: Engine.IO's
 * message type `4`, Socket.IO's EVENT type `2`, the ack id, then the JSON array (as socket.io-parser writes it).
 */
export function frameBytes(event: string, payload: unknown, ackId = 1): number {
  return utf8(`42${ackId}${JSON.stringify([event, payload])}`).length;
}

/** The v1 `msg` plaintext of a text of `chars` ASCII characters (docs/protocol.md §5 step 5), as bytes. */
export function plaintextBytes(chars: number, ts = 1767225600000): number {
  return utf8(JSON.stringify({ type: 'text', text: 'x'.repeat(chars), ts })).length;
}

/** The `dm` payload of one message to `recipients` members, pairwise: one `{ iv, ct }` part each. */
export function pairwisePayload(recipients: number, plaintext: number, kind = 'msg', id = ID): unknown {
  const body = { iv: b64(IV_BYTES), ct: b64(plaintext + TAG_BYTES) };
  return { id, kind, parts: memberIds(recipients).map((to) => ({ to, body })) };
}

/**
 * The `dm` payload of one message to `recipients` v2 peers: one `ratchet` part `{ h: { dh, pn, n }, ct }` each
 * (docs/protocol.md "v2: Double Ratchet", "On the wire"), `dh` a raw public key of `pubBytes` bytes.
 */
export function ratchetPayload(
  recipients: number,
  plaintext: number,
  pubBytes: number,
  counters: { pn: number; n: number } = { pn: 0, n: 0 },
  kind = 'ratchet',
  id = ID,
): unknown {
  const body = { h: { dh: b64(pubBytes), pn: counters.pn, n: counters.n }, ct: b64(plaintext + TAG_BYTES) };
  return { id, kind, parts: memberIds(recipients).map((to) => ({ to, body })) };
}

/** The `bcast` payload of one sender-key message at iteration `n`. */
export function broadcastPayload(plaintext: number, n = 0, id = ID): unknown {
  const body = { chain: b64(CHAIN_ID_BYTES), n, ct: b64(plaintext + TAG_BYTES), sig: b64(SIGNATURE_BYTES) };
  return { id, kind: SKMSG_KIND, body };
}

/** Bytes of the distribution plaintext `{ type, chain, n, ck, spk }` at iteration `n`. */
export function distributionBytes(n = 0): number {
  const d = {
    type: 'sender-key',
    chain: b64(CHAIN_ID_BYTES),
    n,
    ck: b64(CHAIN_KEY_BYTES),
    spk: b64(SIGNING_KEY_BYTES),
  };
  return utf8(JSON.stringify(d)).length;
}

/** What a sender puts on the wire for one message in a room of `roomSize` (itself included). */
export interface SenderCost {
  /** Pairwise: one `dm` with roomSize − 1 parts. */
  pairwise: number;
  /** Sender keys: one `bcast`, plus one `dm` with a part for each of `v1Members` (pairwise fallback). */
  senderKeys: number;
  /** One distribution to every other member (a `skdist` dm, each part the plaintext under a v1-style body). */
  distribution: number;
  /** senderKeys / pairwise. */
  ratio: number;
}

/** The sender's bytes for one message of `textChars` characters in a room of `roomSize` members. */
export function senderCost(roomSize: number, textChars = REFERENCE_TEXT_CHARS, v1Members = 0): SenderCost {
  if (!Number.isInteger(roomSize) || roomSize < 2)
    throw new RangeError('a room to send to has at least 2 members');
  if (v1Members < 0 || v1Members > roomSize - 1)
    throw new RangeError('v1Members is between 0 and roomSize − 1');
  const pt = plaintextBytes(textChars);
  const pairwise = frameBytes('dm', pairwisePayload(roomSize - 1, pt));
  const fallback = v1Members > 0 ? frameBytes('dm', pairwisePayload(v1Members, pt)) : 0;
  const senderKeys = frameBytes('bcast', broadcastPayload(pt)) + fallback;
  const distribution = frameBytes('dm', pairwisePayload(roomSize - 1, distributionBytes(), SKDIST_KIND));
  return { pairwise, senderKeys, distribution, ratio: senderKeys / pairwise };
}

/**
 * The smallest room size where sender keys cost the sender fewer bytes per message than pairwise, with one
 * distribution spread over `messagesPerChain` messages (no v1 members).
 */
export function breakEvenRoomSize(
  textChars = REFERENCE_TEXT_CHARS,
  messagesPerChain = REFERENCE_MESSAGES_PER_CHAIN,
  maxRoom = 10_000,
): number {
  for (let n = 2; n <= maxRoom; n++) {
    const c = senderCost(n, textChars);
    if (c.senderKeys + c.distribution / messagesPerChain < c.pairwise) return n;
  }
  return Infinity;
}

/** Use sender keys for a room of `roomSize`: from SENDER_KEYS_FROM_MEMBERS on, or always when asked (`onDemand`). */
export function useSenderKeys(roomSize: number, onDemand = false): boolean {
  return roomSize >= 2 && (onDemand || roomSize >= SENDER_KEYS_FROM_MEMBERS);
}

/** The v1 `msg` plaintext of chat text `text` exactly as the client encrypts it (§5 step 5), in UTF-8 bytes. */
export function messagePlaintextBytes(text: string, ts = 1767225600000): number {
  return utf8(JSON.stringify({ type: 'text', text, ts })).length;
}

/** What this client puts on the wire for one message to a room with `v2Peers` and `v1Peers` other members. */
export interface MixedCost {
  /** Pairwise, as the browser client sends now: a `ratchet` dm with a part per v2 peer plus a `msg` dm with a part per v1 peer. */
  pairwise: number;
  /** Of `pairwise`: the `ratchet` dm (0 without v2 peers). */
  pairwiseV2: number;
  /** Of `pairwise` and of `senderKeys`: the `msg` dm to the v1 peers (0 without v1 peers). */
  v1Part: number;
  /** Sender keys: one `bcast` (1 ciphertext + signature) when there are v2 peers, plus the same `msg` dm to the v1 peers. */
  senderKeys: number;
  /** Of `senderKeys`: the `bcast` (0 without v2 peers). */
  bcast: number;
  /** One-off: our chain to every v2 peer, a `skdist` dm of ratchet parts (again after each leave); 0 without v2 peers. */
  distribution: number;
  /** senderKeys / pairwise. */
  ratio: number;
}

/**
 * Bytes of the `dm` frame with `parts` parts built by `payload(k)` (0 for no parts), without serialising a big room:
 * every part is the same length (22-character ids, equal bodies), so the frame grows by the same bytes per part
 * (`partsFrame(n) = frame(1) + (n − 1) × (frame(2) − frame(1))`, checked against direct serialisation in the tests).
 */
export function partsFrame(parts: number, payload: (k: number) => unknown): number {
  if (parts <= 0) return 0;
  const one = frameBytes('dm', payload(1));
  if (parts === 1) return one;
  return one + (parts - 1) * (frameBytes('dm', payload(2)) - one);
}

/** Most members counted (the relay's `maxRoomMembers` is 100; this leaves room for bigger instances). */
export const MAX_COST_MEMBERS = 10_000;

/**
 * The sender's bytes for chat text `text` to a room with `v2Peers` v2 and `v1Peers` v1 members besides us, on
 * `curve` (its public key length sizes the ratchet header), pairwise vs sender keys. v1 members cost a pairwise
 * `msg` part either way. Counts a one-digit ack number and ratchet counters below 10 (`counters`); each extra
 * digit of those on the real wire adds one byte per dm, or per part for the counters.
 */
export function mixedCost(
  v2Peers: number,
  v1Peers: number,
  text: string,
  curve: CurveId,
  counters: { pn: number; n: number } = { pn: 0, n: 0 },
): MixedCost {
  for (const [what, n] of [
    ['v2Peers', v2Peers],
    ['v1Peers', v1Peers],
  ] as const)
    if (!Number.isInteger(n) || n < 0 || n > MAX_COST_MEMBERS)
      throw new RangeError(`${what} is a whole number from 0 to ${MAX_COST_MEMBERS}`);
  if (v2Peers + v1Peers < 1) throw new RangeError('a message goes to at least one other member');
  if (typeof text !== 'string') throw new RangeError('text is a string');
  const pub = PUB_LENGTH[curve];
  if (pub === undefined) throw new RangeError(`unknown curve ${String(curve)}`);
  const pt = messagePlaintextBytes(text);
  const pairwiseV2 = partsFrame(v2Peers, (k) => ratchetPayload(k, pt, pub, counters));
  const v1Part = partsFrame(v1Peers, (k) => pairwisePayload(k, pt));
  const bcast = v2Peers > 0 ? frameBytes('bcast', broadcastPayload(pt)) : 0;
  const distribution = partsFrame(v2Peers, (k) =>
    ratchetPayload(k, distributionBytes(), pub, counters, SKDIST_KIND),
  );
  const pairwise = pairwiseV2 + v1Part;
  const senderKeys = bcast + v1Part;
  return { pairwise, pairwiseV2, v1Part, senderKeys, bcast, distribution, ratio: senderKeys / pairwise };
}

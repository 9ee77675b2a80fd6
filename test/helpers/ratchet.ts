// Test helpers for the Double Ratchet: a pair of ratchets on any curve, bindings, and state comparisons.
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { compareBytes, equalBytes } from '../../client/crypto/bytes.js';
import type { KeyAgreement } from '../../client/crypto/key-agreement.js';
import { DoubleRatchet, type RatchetOptions } from '../../client/crypto/ratchet/ratchet.js';
import type { MessageBinding } from '../../client/crypto/ratchet/header.js';
import { registerToyKeyAgreements } from '../../client/providers.js';
import type { CurveId } from '../../common/wire.js';

registerToyKeyAgreements();

/** Member ids of the two test members (22 base64url characters). */
export const ALICE_ID = 'AAAAAAAAAAAAAAAAAAAAAA';
export const BOB_ID = 'BBBBBBBBBBBBBBBBBBBBBB';
export const ROOM = 'ratchet-room';

/** A pair of ratchets; `a` is always the initiator (its v1 key sorts first), `b` the responder. */
export interface Pair {
  a: DoubleRatchet;
  b: DoubleRatchet;
  aKey: KeyAgreement;
  bKey: KeyAgreement;
  generate: () => Promise<KeyAgreement>;
}

/** Two members with distinct v1 keys on `curve` and their ratchets. */
export async function makePair(curve: CurveId, extra: Partial<RatchetOptions> = {}): Promise<Pair> {
  const generate = () => generateKeyAgreement(curve);
  const first = await generate();
  let second = await generate();
  while (equalBytes(first.publicRaw, second.publicRaw)) second = await generate();
  const [aKey, bKey] =
    compareBytes(first.publicRaw, second.publicRaw) < 0 ? [first, second] : [second, first];
  const [a, b] = await Promise.all([
    DoubleRatchet.create({ own: aKey, peerPub: bKey.publicRaw, room: ROOM, generate, ...extra }),
    DoubleRatchet.create({ own: bKey, peerPub: aKey.publicRaw, room: ROOM, generate, ...extra }),
  ]);
  return { a, b, aKey, bKey, generate };
}

/** The binding of message `id` from A to B, or B to A. */
export function ab(id: string): MessageBinding {
  return { room: ROOM, from: ALICE_ID, to: BOB_ID, id };
}
/** The binding of message `id` from B to A. */
export function ba(id: string): MessageBinding {
  return { room: ROOM, from: BOB_ID, to: ALICE_ID, id };
}

/** Text of decrypted bytes. */
export function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** The whole secret state as comparable text (test-only use of the compromise export). */
export function stateDigest(r: DoubleRatchet): string {
  const { state } = r.compromise();
  return JSON.stringify(state, (_k, v: unknown) => {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
    if (v instanceof Map) return [...v.entries()];
    if (typeof v === 'object' && v !== null && 'privateHex' in v) return (v as KeyAgreement).privateHex;
    return v;
  });
}

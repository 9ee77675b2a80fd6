// Test helpers for the Double Ratchet: a pair of ratchets on any curve, bindings, and state comparisons.
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { equalBytes } from '../../client/crypto/bytes.js';
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

/** A pair of ratchets; `a` is whichever member got the given first key, `b` the other. */
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
  const aKey = await generate();
  let bKey = await generate();
  while (equalBytes(aKey.publicRaw, bKey.publicRaw)) bKey = await generate();
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

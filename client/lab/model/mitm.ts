// Man-in-the-middle lab model: Alice, Mallory and Bob with real key pairs; Mallory may swap the public keys.
import { isToyCurve, type CurveId } from '../../../common/wire.js';
import { toBase64Url } from '../../crypto/base64url.js';
import { generateWebCryptoKeyAgreement } from '../../crypto/ecdh.js';
import { toHex } from '../../crypto/hex.js';
import { deriveChannelKey, type ChannelKey } from '../../crypto/kdf.js';
import type { KeyAgreement } from '../../crypto/key-agreement.js';
import { buildAad, decryptMessage, encryptMessage, splitCiphertext } from '../../crypto/message.js';
import { safetyNumber } from '../../crypto/safety.js';
import { generateToyKey } from './toy-room.js';

/** The three people of the lab. */
export type LabRole = 'alice' | 'bob' | 'mallory';

/** Display names of the roles. */
export const ROLE_NAMES: Readonly<Record<LabRole, string>> = {
  alice: 'Alice',
  bob: 'Bob',
  mallory: 'Mallory',
};

/** Room name used in the lab's HKDF info and AAD. */
export const LAB_ROOM = 'mitm-lab';

/** A real key pair on `curve`: WebCrypto for real curves, BigInt for toy curves. */
export function labKeyAgreement(curve: CurveId): Promise<KeyAgreement> {
  return isToyCurve(curve) ? generateToyKey(curve) : generateWebCryptoKeyAgreement(curve);
}

/** Everyone's own key pair (Mallory uses one pair towards both victims). */
export interface LabParties {
  readonly curve: CurveId;
  readonly alice: KeyAgreement;
  readonly bob: KeyAgreement;
  readonly mallory: KeyAgreement;
}

/**
 * Fresh key pairs for Alice, Bob and Mallory on `curve`, all three different (on a toy curve with a
 * handful of keys two people could otherwise draw the same one, and the lab would prove nothing).
 */
export async function createParties(curve: CurveId): Promise<LabParties> {
  for (let attempt = 0; ; attempt++) {
    const [alice, bob, mallory] = await Promise.all([
      labKeyAgreement(curve),
      labKeyAgreement(curve),
      labKeyAgreement(curve),
    ]);
    const hex = new Set([alice, bob, mallory].map((k) => toHex(k.publicRaw)));
    if (hex.size === 3) return { curve, alice, bob, mallory };
    if (attempt > 50) throw new Error(`${curve} has too few keys for three different people.`);
  }
}

/** The result of comparing two safety numbers group by group. */
export interface SafetyComparison {
  readonly equal: boolean;
  /** Indices (0–11) of the groups that differ. */
  readonly differing: number[];
}

/** Compares two 12-group safety numbers; unequal lengths count as different everywhere. */
export function compareSafetyNumbers(a: readonly string[], b: readonly string[]): SafetyComparison {
  const len = Math.max(a.length, b.length);
  const differing: number[] = [];
  for (let i = 0; i < len; i++) if (a[i] !== b[i]) differing.push(i);
  return { equal: differing.length === 0 && len > 0, differing };
}

/** The lab with keys distributed (honestly or by Mallory) and every channel derived. */
export interface MitmState {
  readonly parties: LabParties;
  readonly room: string;
  readonly swap: boolean;
  /** The key Alice holds as "Bob's" (Mallory's when swapped), hex. */
  readonly aliceHoldsHex: string;
  /** The key Bob holds as "Alice's" (Mallory's when swapped), hex. */
  readonly bobHoldsHex: string;
  /** Alice's channel key "with Bob". */
  readonly aliceKey: ChannelKey;
  /** Bob's channel key "with Alice". */
  readonly bobKey: ChannelKey;
  /** Mallory's key with Alice (K_AM) and with Bob (K_MB). */
  readonly malloryAlice: ChannelKey;
  readonly malloryBob: ChannelKey;
  /** The safety numbers Alice and Bob see, computed from the keys each actually holds. */
  readonly aliceSafety: string[];
  readonly bobSafety: string[];
  readonly comparison: SafetyComparison;
}

async function channel(
  own: KeyAgreement,
  peerRaw: Uint8Array,
  curve: CurveId,
  room: string,
): Promise<ChannelKey> {
  return deriveChannelKey(await own.derive(peerRaw), own.publicRaw, peerRaw, curve, room);
}

/** Distributes the public keys (Mallory swaps them when `swap`) and derives every channel and safety number. */
export async function buildMitmState(
  parties: LabParties,
  swap: boolean,
  room = LAB_ROOM,
): Promise<MitmState> {
  const { curve, alice, bob, mallory } = parties;
  const aliceHolds = swap ? mallory.publicRaw : bob.publicRaw;
  const bobHolds = swap ? mallory.publicRaw : alice.publicRaw;
  const [aliceKey, bobKey, malloryAlice, malloryBob, aliceSafety, bobSafety] = await Promise.all([
    channel(alice, aliceHolds, curve, room),
    channel(bob, bobHolds, curve, room),
    channel(mallory, alice.publicRaw, curve, room),
    channel(mallory, bob.publicRaw, curve, room),
    safetyNumber(alice.publicRaw, aliceHolds),
    safetyNumber(bob.publicRaw, bobHolds),
  ]);
  return {
    parties,
    room,
    swap,
    aliceHoldsHex: toHex(aliceHolds),
    bobHoldsHex: toHex(bobHolds),
    aliceKey,
    bobKey,
    malloryAlice,
    malloryBob,
    aliceSafety,
    bobSafety,
    comparison: compareSafetyNumbers(aliceSafety, bobSafety),
  };
}

/** One hop of a message through the lab. */
export interface Hop {
  /** Who acts. */
  readonly actor: LabRole;
  /** What they do. */
  readonly action: 'encrypt' | 'intercept' | 're-encrypt' | 'forward' | 'decrypt';
  /** Did it work (decryption: the tag verified). */
  readonly ok: boolean;
  /** The text the actor sees or writes, when they can read it. */
  readonly text?: string;
  /** IV and ciphertext (without tag) and tag of the envelope involved, hex. */
  readonly ivHex?: string;
  readonly ctHex?: string;
  readonly tagHex?: string;
  /** Fingerprint of the key the actor used. */
  readonly keyFingerprint: string;
  /** One sentence a student can read. */
  readonly note: string;
}

/** What happened to one message. */
export interface MitmRun {
  readonly hops: Hop[];
  /** Did Bob read a message whose tag verified? */
  readonly delivered: boolean;
  /** What Bob read (null if nothing verified). */
  readonly bobReads: string | null;
  /** What Mallory read in the middle (null if she could not). */
  readonly malloryReads: string | null;
}

function envelopeHex(iv: Uint8Array, ct: Uint8Array): { ivHex: string; ctHex: string; tagHex: string } {
  const { ciphertext, tag } = splitCiphertext(ct);
  return { ivHex: toHex(iv), ctHex: toHex(ciphertext), tagHex: toHex(tag) };
}

async function tryDecrypt(key: CryptoKey, aad: string, body: unknown): Promise<string | null> {
  try {
    return (await decryptMessage(key, aad, body)).text;
  } catch {
    return null;
  }
}

/**
 * Alice sends `text` to "Bob" through Mallory. Swapped: Mallory decrypts with K_AM, reads it, re-encrypts
 * (optionally her own `rewrite`) with K_MB, and Bob's tag still verifies. Honest: Mallory's key fails
 * the tag, she can only forward the ciphertext, and Bob decrypts it.
 */
export async function sendThroughLab(
  state: MitmState,
  text: string,
  opts: { id?: string; ts?: number; rewrite?: string } = {},
): Promise<MitmRun> {
  const id = opts.id ?? `lab-${Date.now()}`;
  const ts = opts.ts ?? Date.now();
  const aad = buildAad(state.room, 'alice', 'bob', id);
  const hops: Hop[] = [];
  const sent = await encryptMessage(state.aliceKey.key, aad, text, ts);
  hops.push({
    actor: 'alice',
    action: 'encrypt',
    ok: true,
    text,
    ...envelopeHex(sent.iv, sent.ct),
    keyFingerprint: state.aliceKey.fingerprint,
    note: 'Alice encrypts for "Bob" with the key she derived from the public key she holds as Bob\'s.',
  });
  const malloryReads = await tryDecrypt(state.malloryAlice.key, aad, sent.body);
  let toBob = sent;
  if (malloryReads !== null) {
    hops.push({
      actor: 'mallory',
      action: 'intercept',
      ok: true,
      text: malloryReads,
      keyFingerprint: state.malloryAlice.fingerprint,
      note: 'Mallory decrypts it with K_AM: Alice really agreed a key with her, so the tag verifies.',
    });
    const forwarded = opts.rewrite ?? malloryReads;
    toBob = await encryptMessage(state.malloryBob.key, aad, forwarded, ts);
    hops.push({
      actor: 'mallory',
      action: 're-encrypt',
      ok: true,
      text: forwarded,
      ...envelopeHex(toBob.iv, toBob.ct),
      keyFingerprint: state.malloryBob.fingerprint,
      note: 'Mallory re-encrypts it with K_MB, the key she agreed with Bob, and passes it on as Alice.',
    });
  } else {
    hops.push({
      actor: 'mallory',
      action: 'forward',
      ok: false,
      ...envelopeHex(sent.iv, sent.ct),
      keyFingerprint: state.malloryAlice.fingerprint,
      note: 'Mallory sees only ciphertext: her key does not match, the tag fails. She can only pass it on.',
    });
  }
  const bobReads = await tryDecrypt(state.bobKey.key, aad, toBob.body);
  hops.push({
    actor: 'bob',
    action: 'decrypt',
    ok: bobReads !== null,
    ...(bobReads !== null ? { text: bobReads } : {}),
    keyFingerprint: state.bobKey.fingerprint,
    note:
      bobReads === null
        ? 'Bob cannot decrypt: the tag does not verify.'
        : "Bob decrypts with the key he derived from the public key he holds as Alice's: the tag verifies.",
  });
  return { hops, delivered: bobReads !== null, bobReads, malloryReads };
}

/** A public key as base64url, for display next to its hex. */
export function pubBase64(k: KeyAgreement): string {
  return toBase64Url(k.publicRaw);
}

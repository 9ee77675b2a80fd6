// Another member's sender chain as this member holds it (docs/protocol.md "v2: sender keys"): verify, then decrypt.
import { senderKeyDistribution, skmsgBody } from '../../../common/schema/index.js';
import { fromBase64Url } from '../base64url.js';
import { importAesGcmKey } from '../kdf.js';
import { aesGcmDecrypt } from '../message.js';
import { headerAad, signedBytes } from './header.js';
import { chainStep, messageKey } from './kdf.js';
import { type Serial, serially } from './serial.js';
import { importSigningPublic, verify } from './signing.js';

/** Most iterations one message may jump ahead of the next expected one (bounds the work a liar can cause). */
export const MAX_SKIP = 1000;
/** Most skipped message key seeds kept per sender; the oldest is forgotten first. */
export const MAX_SKIPPED_KEYS = 2000;

/** A peer's chain: its id, CK_next, the next expected iteration, its signing key and the skipped seeds. */
export interface ReceiverChain extends Serial {
  chain: string;
  ck: Uint8Array;
  next: number;
  /** The iteration the distribution started at: earlier messages were sent before we got the chain. */
  first: number;
  /** The signing public key as distributed (base64url), and imported for verifying. */
  spk: string;
  verifyKey: CryptoKey;
  /** Iteration → message key seed of messages not yet received (insertion order = age). */
  skipped: Map<number, Uint8Array>;
}

/** Why a distribution or message was refused. */
export type SkFailure =
  | 'bad-distribution' // not a valid distribution plaintext, or its signing key is not a P-256 point
  | 'conflicting-distribution' // the same chain id with another signing key
  | 'bad-body' // not an `skmsg` body
  | 'no-sender-key' // no chain from this sender (none distributed to us, or it left)
  | 'unknown-chain' // a chain id we do not hold (an old chain, or one never sent to us)
  | 'bad-signature' // not signed by the chain's signing key: forged, e.g. by another member holding the chain key
  | 'before-distribution' // sent before the chain reached us (we joined later): never readable
  | 'replay' // an iteration already read (its key was deleted) or skipped and forgotten
  | 'too-far-ahead' // more than MAX_SKIP iterations ahead
  | 'auth-failed'; // signed by the sender, yet the AES-GCM tag does not verify

/** A refusal with a plain-language message. */
export interface SkRefusal {
  ok: false;
  reason: SkFailure;
  message: string;
}
const refuse = (reason: SkFailure, message: string): SkRefusal => ({ ok: false, reason, message });

/**
 * Take a distribution plaintext from a sender (after the pairwise session decrypted it). A new chain id
 * replaces `current` (with its skipped keys); the same chain id again is idempotent (`changed: false`).
 */
export async function acceptDistribution(
  current: ReceiverChain | undefined,
  plaintext: unknown,
): Promise<{ ok: true; chain: ReceiverChain; changed: boolean } | SkRefusal> {
  const parsed = senderKeyDistribution.safeParse(plaintext);
  if (!parsed.success) return refuse('bad-distribution', 'not a sender-key distribution');
  const d = parsed.data;
  if (current && current.chain === d.chain) {
    if (current.spk !== d.spk)
      return refuse('conflicting-distribution', 'the same chain was sent with another signing key');
    return { ok: true, chain: current, changed: false };
  }
  let verifyKey: CryptoKey;
  try {
    verifyKey = await importSigningPublic(fromBase64Url(d.spk));
  } catch {
    return refuse('bad-distribution', 'the signing key is not a P-256 point');
  }
  const chain: ReceiverChain = {
    chain: d.chain,
    ck: fromBase64Url(d.ck),
    next: d.n,
    first: d.n,
    spk: d.spk,
    verifyKey,
    skipped: new Map(),
    tail: Promise.resolve(),
  };
  if (current) forgetChain(current);
  return { ok: true, chain, changed: true };
}

/** Wipe a chain's keys (on leave, or when a new chain replaces it). */
export function forgetChain(chain: ReceiverChain): void {
  chain.ck.fill(0);
  for (const seed of chain.skipped.values()) seed.fill(0);
  chain.skipped.clear();
}

/**
 * Verify and decrypt a `bcast` body from `from` as message `id` in `room`. The signature is checked first, so
 * a forged message changes nothing; the chain advances (and skipped seeds are stored) only when it decrypts.
 * A used key is deleted: the same message again is a `replay`.
 */
export function decryptBroadcast(
  chain: ReceiverChain | undefined,
  room: string,
  from: string,
  id: string,
  body: unknown,
): Promise<{ ok: true; plaintext: Uint8Array; n: number } | SkRefusal> {
  const parsed = skmsgBody.safeParse(body);
  if (!parsed.success) return Promise.resolve(refuse('bad-body', 'not a sender-key message'));
  if (!chain) return Promise.resolve(refuse('no-sender-key', 'no sender key from this member'));
  const b = parsed.data;
  if (b.chain !== chain.chain)
    return Promise.resolve(refuse('unknown-chain', 'a chain this member does not hold'));
  return serially(chain, async () => {
    const header = { room, from, id, chain: b.chain, n: b.n };
    const ct = fromBase64Url(b.ct);
    if (!(await verify(chain.verifyKey, fromBase64Url(b.sig), signedBytes(header, ct))))
      return refuse('bad-signature', 'not signed by the sender: forged or altered');
    let seed: Uint8Array;
    let ck = chain.ck;
    const skipped: [number, Uint8Array][] = [];
    if (b.n < chain.first)
      return refuse('before-distribution', `iteration ${b.n} was sent before this member got the chain`);
    if (b.n < chain.next) {
      const stored = chain.skipped.get(b.n);
      if (!stored) return refuse('replay', `iteration ${b.n} was already read (or its key forgotten)`);
      seed = stored;
    } else {
      if (b.n - chain.next > MAX_SKIP)
        return refuse('too-far-ahead', `iteration ${b.n} is more than ${MAX_SKIP} ahead of ${chain.next}`);
      for (let i = chain.next; i < b.n; i++) {
        const step = await chainStep(ck);
        skipped.push([i, step.seed]);
        ck = step.next;
      }
      const step = await chainStep(ck);
      seed = step.seed;
      ck = step.next;
    }
    const mk = await messageKey(seed);
    let plaintext: Uint8Array;
    try {
      plaintext = await aesGcmDecrypt(await importAesGcmKey(mk.key), mk.iv, headerAad(header), ct);
    } catch {
      // Nothing is committed: wipe what was derived for this attempt (a stored skipped seed stays stored).
      for (const [, s] of skipped) s.fill(0);
      if (ck !== chain.ck) {
        ck.fill(0);
        seed.fill(0);
      }
      return refuse('auth-failed', 'signed by the sender, but the ciphertext does not decrypt');
    } finally {
      mk.key.fill(0);
    }
    // Commit: delete the used key, or advance the chain past b.n keeping the skipped seeds (bounded).
    seed.fill(0);
    if (b.n < chain.next) chain.skipped.delete(b.n);
    else {
      for (const [i, s] of skipped) chain.skipped.set(i, s);
      while (chain.skipped.size > MAX_SKIPPED_KEYS) {
        const oldest = chain.skipped.keys().next().value as number;
        chain.skipped.get(oldest)?.fill(0);
        chain.skipped.delete(oldest);
      }
      if (ck !== chain.ck) chain.ck.fill(0);
      chain.ck = ck;
      chain.next = b.n + 1;
    }
    return { ok: true, plaintext, n: b.n };
  });
}

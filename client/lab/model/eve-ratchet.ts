// Eve against a toy-curve Double Ratchet pair: with one member's broken static key she rebuilds the root chain from the
// public ratchet keys of the shared envelopes, breaking each new toy ratchet key by baby-step giant-step as it appears.
import type { ToyCurveId } from '../../../common/wire.js';
import { fromBase64Url, toBase64Url } from '../../crypto/base64url.js';
import { compareBytes, equalBytes } from '../../crypto/bytes.js';
import { toHex } from '../../crypto/hex.js';
import { ratchetAad } from '../../crypto/ratchet/header.js';
import { kdfChain, kdfRoot, seedRootKey } from '../../crypto/ratchet/kdf.js';
import { MAX_SKIP } from '../../crypto/ratchet/state.js';
import { openWith } from '../../crypto/ratchet/steps.js';
import { getToyCurve } from '../../math/curves.js';
import { bsgsDlog, runDlog } from '../../math/dlog.js';
import { toyDecodePublicKey, toyDeriveSharedSecret } from '../../math/toy.js';
import type { ObservedRatchetEnvelope } from './eve-targets.js';

/** A toy ratchet key Eve broke: whose it is, the public key as on the wire, its d, and what BSGS cost. */
export interface BrokenRatchetKey {
  /** The member whose ratchet key it is. */
  readonly owner: string;
  /** The other member of the pair. */
  readonly peer: string;
  /** base64url of the raw public key (the header's `dh`). */
  readonly pub: string;
  /** The private key d with d·G = the key. */
  readonly d: bigint;
  /** Group operations baby-step giant-step took (0: the key is a static key Eve already had). */
  readonly steps: number;
  /** Root step it started (1 = the first DH ratchet step after the v1 secret). */
  readonly rootStep: number;
}

/** One envelope Eve opened: its plaintext bytes, the root step of its chain and its message number. */
export interface OpenedRatchet {
  readonly envelope: ObservedRatchetEnvelope;
  readonly plaintext: Uint8Array;
  readonly rootStep: number;
}

/** The pair's replay: what opened, what did not (with why), and the ratchet keys broken on the way. */
export interface RatchetReplay {
  readonly opened: OpenedRatchet[];
  readonly failed: { envelope: ObservedRatchetEnvelope; reason: string }[];
  readonly keys: BrokenRatchetKey[];
  /** Message keys Eve derived (KDF_CK steps) in this replay: what it cost her. */
  readonly derived: number;
}

/**
 * Furthest message number Eve tries as the first envelope under a new ratchet key. The anchors keep the first one
 * Eve saw under each key (n = 0 unless envelopes were lost), so a larger n is almost surely junk, and would cost her
 * n message keys for each such envelope.
 */
export const MAX_NEW_CHAIN_SKIP = 32;
/** How many broken ratchet keys, and attempts known to fail, Eve remembers across replays. */
const MEMO_CAP = 8192;
/** BSGS results by curve and public key (null: not a point of the group), across replays. */
const dlogMemo = new Map<string, { d: bigint; steps: number } | null>();
/** Attempts (a chain, or a new chain from a root key, and an envelope) whose AES-GCM tag did not verify. */
const failedMemo = new Set<string>();

/** Forget the oldest entry of `memo` past {@link MEMO_CAP}. */
function bound(memo: Map<string, unknown> | Set<string>): void {
  if (memo.size > MEMO_CAP) memo.delete(memo.keys().next().value!);
}

/** FNV-1a of `text` from offset basis `seed` (32 bits, hex): with two seeds, a short stand-in for a ciphertext. */
function fnv(text: string, seed: number): string {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}

/** Everything an attempt to open `env` depends on besides the key: binding, header and ciphertext. */
function fingerprint(env: ObservedRatchetEnvelope): string {
  const { room, from, to, id, h, ct } = env;
  return [room, from, to, id, h.dh, h.pn, h.n, ct.length, fnv(ct, 0x811c9dc5), fnv(ct, 0x050c5d1f)].join(
    '\n',
  );
}

/** The pair as Eve sees it: the member whose static d she has, the other one, and the room. */
export interface RatchetPair {
  readonly curve: ToyCurveId;
  readonly room: string;
  readonly broken: { id: string; pubRaw: Uint8Array; d: bigint };
  readonly other: { id: string; pubRaw: Uint8Array };
}

/**
 * One sending chain Eve rebuilt: owner, ratchet key, its first chain key (hex, names it in memos), the message keys
 * derived so far (lazily, at most MAX_SKIP past the last one that opened), and the replay's count of derived keys.
 */
interface Chain {
  readonly owner: string;
  readonly dh: Uint8Array;
  readonly rootStep: number;
  readonly start: string;
  next: Uint8Array;
  readonly keys: Uint8Array[];
  /** 1 + the highest message number that opened in this chain (0: none yet). */
  reached: number;
  readonly cost: { derived: number };
}

/** A chain starting at chain key `first`. */
function newChain(
  owner: string,
  dh: Uint8Array,
  rootStep: number,
  first: Uint8Array,
  cost: { derived: number },
): Chain {
  return { owner, dh, rootStep, start: toHex(first), next: first, keys: [], reached: 0, cost };
}

/** The message key number `n` of `chain`, deriving forward as needed (null more than MAX_SKIP past what opened). */
async function messageKeyAt(chain: Chain, n: number): Promise<Uint8Array | null> {
  if (n > MAX_SKIP + chain.reached) return null;
  while (chain.keys.length <= n) {
    const { chainKey, messageKey } = await kdfChain(chain.next);
    chain.cost.derived++;
    chain.keys.push(messageKey);
    chain.next = chainKey;
  }
  return chain.keys[n];
}

/** Try `env` on `chain`: its plaintext when the AES-GCM tag verifies, else null (a failed tag is remembered). */
async function tryChain(chain: Chain, env: ObservedRatchetEnvelope): Promise<Uint8Array | null> {
  const memo = `c\n${chain.start}\n${toHex(chain.dh)}\n${fingerprint(env)}`;
  if (failedMemo.has(memo)) return null;
  const mk = await messageKeyAt(chain, env.h.n);
  if (!mk) return null;
  const header = { dh: chain.dh, pn: env.h.pn, n: env.h.n };
  const binding = { room: env.room, from: env.from, to: env.to, id: env.id };
  try {
    const plaintext = await openWith(mk, ratchetAad(binding, header), fromBase64Url(env.ct));
    chain.reached = Math.max(chain.reached, env.h.n + 1);
    return plaintext;
  } catch {
    failedMemo.add(memo);
    bound(failedMemo);
    return null;
  }
}

/** d of a toy public key by baby-step giant-step, with the steps it took; throws when the key is not a valid point. */
export function breakToyKey(curve: ToyCurveId, raw: Uint8Array): { d: bigint; steps: number } {
  const Q = toyDecodePublicKey(curve, raw);
  const done = runDlog(bsgsDlog(getToyCurve(curve), Q));
  if (done.d === null) throw new Error('baby-step giant-step found no d for this key.');
  return { d: done.d, steps: done.steps };
}

/**
 * Replay the pair's Double Ratchet as Eve (docs/protocol.md "v2: Double Ratchet"): RK0 from Z = d·Q_other, the
 * initiator's first chain from KDF_RK(RK0, Z), then each new ratchet public key K_j of the other side of the turn
 * gives KDF_RK(RK, DH(K_j, K_{j−1})), computed with K_j's d found by BSGS. A new key is accepted only when a message
 * under it really decrypts; envelopes are retried until nothing more opens, so the order they arrived in does not matter.
 */
export async function replayRatchetPair(
  pair: RatchetPair,
  envelopes: readonly ObservedRatchetEnvelope[],
): Promise<RatchetReplay> {
  const { curve, room, broken, other } = pair;
  const initiator = compareBytes(broken.pubRaw, other.pubRaw) < 0 ? broken : other;
  const z = toyDeriveSharedSecret(curve, broken.d, other.pubRaw);
  const rk0 = await seedRootKey(z, broken.pubRaw, other.pubRaw, curve, room);
  const first = await kdfRoot(rk0, z);
  const cost = { derived: 0 };
  const chains: Chain[] = [newChain(initiator.id, initiator.pubRaw, 0, first.chainKey, cost)];
  let rk: Uint8Array = first.rootKey;
  const keys: BrokenRatchetKey[] = [];
  const opened: OpenedRatchet[] = [];
  const peerOf = (id: string): string => (id === broken.id ? other.id : broken.id);
  // Lowest message numbers first: a chain's early messages open before the later ones need its keys.
  let pending = envelopes.filter((e) => e.room === room).sort((a, b) => a.h.n - b.h.n);
  // Each key is broken once, and each envelope tried once as the start of each next chain (junk costs little).
  const tried = new Set<string>();
  for (let progress = true; progress && pending.length;) {
    progress = false;
    const still: ObservedRatchetEnvelope[] = [];
    for (const env of pending) {
      let got: { plaintext: Uint8Array; rootStep: number } | null = null;
      let dh: Uint8Array;
      try {
        dh = fromBase64Url(env.h.dh);
      } catch {
        still.push(env);
        continue;
      }
      for (const c of chains)
        if (!got && c.owner === env.from && equalBytes(c.dh, dh)) {
          const plaintext = await tryChain(c, env);
          if (plaintext) got = { plaintext, rootStep: c.rootStep };
        }
      const last = chains[chains.length - 1];
      const attempt = `${chains.length}\n${env.from}\n${env.to}\n${env.id}\n${env.h.dh}\n${env.h.n}`;
      if (!got && last.owner !== env.from && !tried.has(attempt)) {
        tried.add(attempt);
        const step = await extend(pair, rk, last, env, dh);
        if (step) {
          chains.push(step.chain);
          rk = step.rootKey;
          keys.push({ ...step.key, owner: env.from, peer: peerOf(env.from), rootStep: step.chain.rootStep });
          got = { plaintext: step.plaintext, rootStep: step.chain.rootStep };
        }
      }
      if (got) {
        opened.push({ envelope: env, ...got });
        progress = true;
      } else still.push(env);
    }
    pending = still;
  }
  const failed = pending.map((envelope) => ({
    envelope,
    reason: whyNot(envelope, chains, opened.length > 0),
  }));
  return { opened, failed, keys, derived: cost.derived };
}

/** d of a toy ratchet key (remembered across replays), or null when it is not a point of the curve's group. */
function breakRatchetKey(
  curve: ToyCurveId,
  pub: string,
  dh: Uint8Array,
): { d: bigint; steps: number } | null {
  const memo = `${curve}\n${pub}`;
  let broken = dlogMemo.get(memo);
  if (broken === undefined) {
    try {
      broken = breakToyKey(curve, dh);
    } catch {
      broken = null; // not a point of the curve's group: no message can be under it
    }
    dlogMemo.set(memo, broken);
    bound(dlogMemo);
  }
  return broken;
}

/**
 * Try `env` as the first message under a new ratchet key answering `last`: the new chain when its tag verifies.
 * An envelope too far ahead for a first message is not tried, and a failed attempt is remembered, never redone.
 */
async function extend(
  pair: RatchetPair,
  rk: Uint8Array,
  last: Chain,
  env: ObservedRatchetEnvelope,
  dh: Uint8Array,
): Promise<{
  chain: Chain;
  rootKey: Uint8Array;
  plaintext: Uint8Array;
  key: { pub: string; d: bigint; steps: number };
} | null> {
  if (env.h.n > MAX_NEW_CHAIN_SKIP) return null;
  const memo = `x\n${toHex(rk)}\n${toHex(last.dh)}\n${fingerprint(env)}`;
  if (failedMemo.has(memo)) return null;
  const pub = toBase64Url(dh);
  const broken = breakRatchetKey(pair.curve, pub, dh);
  if (!broken) return null;
  const dhOut = toyDeriveSharedSecret(pair.curve, broken.d, last.dh);
  const next = await kdfRoot(rk, dhOut);
  const chain = newChain(env.from, dh, last.rootStep + 1, next.chainKey, last.cost);
  const plaintext = await tryChain(chain, env);
  if (!plaintext) {
    failedMemo.add(memo);
    bound(failedMemo);
    return null;
  }
  return { chain, rootKey: next.rootKey, plaintext, key: { pub, ...broken } };
}

/** Why an envelope stayed closed, in a student's words (`openedAny`: some envelope of the pair did open). */
function whyNot(env: ObservedRatchetEnvelope, chains: readonly Chain[], openedAny: boolean): string {
  let dh: Uint8Array;
  try {
    dh = fromBase64Url(env.h.dh);
  } catch {
    return 'its ratchet key is not valid base64url.';
  }
  if (!openedAny)
    return 'nothing of this pair opens with the root key from Z: a passphrase room mixes P into it, or the keys changed since.';
  if (chains.some((c) => c.owner === env.from && equalBytes(c.dh, dh)))
    return `its ratchet key is known, but message ${env.h.n} of that chain does not verify (tampered, or too far ahead).`;
  if (env.h.n > MAX_NEW_CHAIN_SKIP)
    return `its ratchet key is new, and message ${env.h.n} is too far ahead to be the first Eve sees under a key (most likely junk), so she did not try it.`;
  return 'its ratchet key answers a key Eve never saw (a message that did not reach her), so she cannot follow the root chain there.';
}

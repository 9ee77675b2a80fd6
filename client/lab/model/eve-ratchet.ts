// Eve against a toy-curve Double Ratchet pair: with one member's broken static key she rebuilds the root chain from the
// public ratchet keys of the shared envelopes, breaking each new toy ratchet key by baby-step giant-step as it appears.
import type { ToyCurveId } from '../../../common/wire.js';
import { fromBase64Url, toBase64Url } from '../../crypto/base64url.js';
import { compareBytes, equalBytes } from '../../crypto/bytes.js';
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
}

/** The pair as Eve sees it: the member whose static d she has, the other one, and the room. */
export interface RatchetPair {
  readonly curve: ToyCurveId;
  readonly room: string;
  readonly broken: { id: string; pubRaw: Uint8Array; d: bigint };
  readonly other: { id: string; pubRaw: Uint8Array };
}

/** One sending chain Eve rebuilt: owner, ratchet key, and the message keys derived so far (lazily, up to MAX_SKIP). */
interface Chain {
  readonly owner: string;
  readonly dh: Uint8Array;
  readonly rootStep: number;
  next: Uint8Array;
  readonly keys: Uint8Array[];
}

/** The message key number `n` of `chain`, deriving forward as needed (null past MAX_SKIP). */
async function messageKeyAt(chain: Chain, n: number): Promise<Uint8Array | null> {
  if (n > MAX_SKIP + chain.keys.length) return null;
  while (chain.keys.length <= n) {
    const { chainKey, messageKey } = await kdfChain(chain.next);
    chain.keys.push(messageKey);
    chain.next = chainKey;
  }
  return chain.keys[n];
}

/** Try `env` on `chain`: its plaintext when the AES-GCM tag verifies, else null. */
async function tryChain(chain: Chain, env: ObservedRatchetEnvelope): Promise<Uint8Array | null> {
  const mk = await messageKeyAt(chain, env.h.n);
  if (!mk) return null;
  const header = { dh: chain.dh, pn: env.h.pn, n: env.h.n };
  const binding = { room: env.room, from: env.from, to: env.to, id: env.id };
  try {
    return await openWith(mk, ratchetAad(binding, header), fromBase64Url(env.ct));
  } catch {
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
  const chains: Chain[] = [
    { owner: initiator.id, dh: initiator.pubRaw, rootStep: 0, next: first.chainKey, keys: [] },
  ];
  let rk: Uint8Array = first.rootKey;
  const keys: BrokenRatchetKey[] = [];
  const opened: OpenedRatchet[] = [];
  const peerOf = (id: string): string => (id === broken.id ? other.id : broken.id);
  let pending = envelopes.filter((e) => e.room === room);
  // Each key is broken once, and each envelope tried once as the start of each next chain (junk costs little).
  const dlogs = new Map<string, { d: bigint; steps: number } | null>();
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
        const step = await extend(pair, rk, last, env, dh, dlogs);
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
  return { opened, failed, keys };
}

/** Try `env` as the first message under a new ratchet key answering `last`: the new chain when its tag verifies. */
async function extend(
  pair: RatchetPair,
  rk: Uint8Array,
  last: Chain,
  env: ObservedRatchetEnvelope,
  dh: Uint8Array,
  dlogs: Map<string, { d: bigint; steps: number } | null>,
): Promise<{
  chain: Chain;
  rootKey: Uint8Array;
  plaintext: Uint8Array;
  key: { pub: string; d: bigint; steps: number };
} | null> {
  const pub = toBase64Url(dh);
  if (!dlogs.has(pub))
    try {
      dlogs.set(pub, breakToyKey(pair.curve, dh));
    } catch {
      dlogs.set(pub, null); // not a point of the curve's group: no message can be under it
    }
  const broken = dlogs.get(pub);
  if (!broken) return null;
  const dhOut = toyDeriveSharedSecret(pair.curve, broken.d, last.dh);
  const next = await kdfRoot(rk, dhOut);
  const chain: Chain = { owner: env.from, dh, rootStep: last.rootStep + 1, next: next.chainKey, keys: [] };
  const plaintext = await tryChain(chain, env);
  if (!plaintext) return null;
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
  return 'its ratchet key answers a key Eve never saw (a message that did not reach her), so she cannot follow the root chain there.';
}

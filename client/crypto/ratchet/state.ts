// The Double Ratchet's secret state, its bounds, deep copies for try-then-commit, and the two initial states.
import type { CurveId } from '../../../common/wire.js';
import { toBase64Url } from '../base64url.js';
import { compareBytes } from '../bytes.js';
import type { KeyAgreement } from '../key-agreement.js';
import { RatchetError } from './errors.js';
import { kdfRoot, seedRootKey } from './kdf.js';

/** Most message keys one message may make us skip in one receiving chain (Signal's MAX_SKIP). */
export const MAX_SKIP = 1000;
/** Most skipped message keys stored at once, over all chains. */
export const MAX_SKIPPED_KEYS = 2000;
/** Tries to draw a ratchet key pair different from the one it replaces (only toy curves ever need a second). */
export const MAX_KEY_DRAWS = 64;
/** Chain links and root links kept for the public snapshot (oldest dropped first). */
export const MAX_HISTORY = 256;

/** Initiator: the member whose v1 raw public key sorts first (docs/protocol.md §5 step 2); the other is responder. */
export type RatchetRole = 'initiator' | 'responder';

/** One stored skipped message key, by the ratchet key and number of the message it opens. */
export interface SkippedKey {
  /** The sender's ratchet public key of that chain. */
  readonly dh: Uint8Array;
  /** Message number in that chain. */
  readonly n: number;
  /** The message key (secret). */
  readonly mk: Uint8Array;
}

/** A public record of one chain link: one message key derived (fingerprints only). */
export interface ChainLink {
  /** Which chain: ours (sending) or the peer's (receiving). */
  readonly direction: 'sending' | 'receiving';
  /** Root step that started this chain (0 = the first root step). */
  readonly chain: number;
  /** Message number of this link. */
  readonly n: number;
  /** The chain's ratchet public key, base64url. */
  readonly ratchetKey: string;
  /** Hex of SHA-256(message key)[0..8). */
  readonly messageKeyFingerprint: string;
  /** Hex of SHA-256(next chain key)[0..8). */
  readonly chainKeyFingerprint: string;
}

/** A public record of one root-chain step (KDF_RK) with the two ratchet public keys that met. */
export interface RootLink {
  /** Step number, 0-based. */
  readonly step: number;
  /** Which chain this step started. */
  readonly starts: 'sending' | 'receiving';
  /** Our ratchet public key used in the DH, base64url. */
  readonly ownKey: string;
  /** The peer's ratchet public key used in the DH, base64url. */
  readonly peerKey: string;
  /** Hex of SHA-256(new root key)[0..8). */
  readonly rootKeyFingerprint: string;
  /** Hex of SHA-256(new chain key)[0..8). */
  readonly chainKeyFingerprint: string;
}

/** The full secret state of one side (Signal's state variables plus bounded public history). */
export interface RatchetState {
  /** Room curve. */
  curve: CurveId;
  /** Which side of the initiator rule we are. */
  role: RatchetRole;
  /** Root key RK. */
  rk: Uint8Array;
  /** Our current ratchet key pair DHs. */
  dhs: KeyAgreement;
  /** The peer's current ratchet public key DHr. */
  dhr: Uint8Array;
  /** Sending chain key CKs. */
  cks: Uint8Array;
  /** Receiving chain key CKr (null until the peer's first ratchet key arrives, initiator only). */
  ckr: Uint8Array | null;
  /** Ns: messages sent in the current sending chain. */
  ns: number;
  /** Nr: messages received in the current receiving chain. */
  nr: number;
  /** PN: length of the previous sending chain. */
  pn: number;
  /**
   * Skipped message keys by `skipId(dh, n)`, in insertion order. A list, because on a toy curve a later chain may reuse
   * an old ratchet key, so two chains can each leave a key for the same (dh, n); count them with {@link skippedCount}.
   */
  skipped: Map<string, SkippedKey[]>;
  /** Number of root steps done (the next root link's step number). */
  rootSteps: number;
  /** Root step number that started the current sending chain. */
  sendingChain: number;
  /** Root step number that started the current receiving chain (−1: none yet). */
  receivingChain: number;
  /** Public history for the snapshot: chain links, oldest first. */
  links: ChainLink[];
  /** Public history for the snapshot: root links, oldest first. */
  rootLinks: RootLink[];
}

/** Map key of a skipped message key: base64url(dh) + "." + n. */
export function skipId(dh: Uint8Array, n: number): string {
  return `${toBase64Url(dh)}.${n}`;
}

/** How many skipped message keys the store holds, over all chains (the MAX_SKIPPED_KEYS bound counts these). */
export function skippedCount(s: RatchetState): number {
  let count = 0;
  for (const keys of s.skipped.values()) count += keys.length;
  return count;
}

/** Store a skipped key beside any other key for the same (dh, n): it never replaces an older chain's key. */
export function storeSkipped(s: RatchetState, key: SkippedKey): void {
  const id = skipId(key.dh, key.n);
  const held = s.skipped.get(id);
  if (held) held.push(key);
  else s.skipped.set(id, [key]);
}

/** Drop one stored key (the one that opened its message). */
export function dropSkipped(s: RatchetState, key: SkippedKey): void {
  const id = skipId(key.dh, key.n);
  const rest = (s.skipped.get(id) ?? []).filter((k) => k !== key);
  if (rest.length) s.skipped.set(id, rest);
  else s.skipped.delete(id);
}

/** A deep copy (byte arrays and key pairs are never mutated in place, so they are shared). */
export function cloneState(s: RatchetState): RatchetState {
  return {
    ...s,
    skipped: new Map([...s.skipped].map(([id, keys]) => [id, [...keys]])),
    links: [...s.links],
    rootLinks: [...s.rootLinks],
  };
}

/** Append to a bounded history list (oldest dropped). */
export function pushBounded<T>(list: T[], item: T, max = MAX_HISTORY): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

/**
 * A fresh ratchet key pair whose public key differs from `avoid` (a receiver tells a new chain by a new key; on a toy
 * curve with a handful of keys a draw may repeat the old one, so draw again).
 */
export async function freshKeyPair(
  generate: () => Promise<KeyAgreement>,
  curve: CurveId,
  avoid: Uint8Array,
): Promise<KeyAgreement> {
  for (let i = 0; i < MAX_KEY_DRAWS; i++) {
    const k = await generate();
    if (k.curve !== curve)
      throw new TypeError(`the ratchet key factory made a ${k.curve} key in a ${curve} room.`);
    if (compareBytes(k.publicRaw, avoid) !== 0) return k;
  }
  throw new Error(`no ratchet key different from the current one after ${MAX_KEY_DRAWS} draws.`);
}

/** What the first root steps produced, for the trace and the root links. */
export interface InitialSteps {
  /** RK0 from the v1 material. */
  rk0: Uint8Array;
  /** Each KDF_RK done at start: the DH output, new root and chain keys, and the keys that met. */
  steps: {
    dhOut: Uint8Array;
    rootKey: Uint8Array;
    chainKey: Uint8Array;
    own: Uint8Array;
    peer: Uint8Array;
    starts: 'sending' | 'receiving';
  }[];
}

/**
 * The initial state of one side (docs/protocol.md, "v2: Double Ratchet", Initial state). Z = own.derive(peerPub),
 * RK0 = seedRootKey(Z, …, P) (P only in a passphrase room). Initiator: DHs = its v1 key pair, DHr = the responder's v1 key, (RK, CKs) = KDF_RK(RK0, Z).
 * Responder: DHr = the initiator's v1 key, (RK1, CKr) = KDF_RK(RK0, Z), DHs = generate(), (RK, CKs) = KDF_RK(RK1, DH(DHs, DHr)).
 */
export async function initialState(
  own: KeyAgreement,
  peerPub: Uint8Array,
  room: string,
  generate: () => Promise<KeyAgreement>,
  passphrase?: Uint8Array,
): Promise<{ state: RatchetState; init: InitialSteps }> {
  const order = compareBytes(own.publicRaw, peerPub);
  if (order === 0)
    throw new RatchetError(
      'same-key',
      'both members announced the same public key, so neither starts the ratchet.',
    );
  const z = await own.derive(peerPub);
  const rk0 = await seedRootKey(z, own.publicRaw, peerPub, own.curve, room, passphrase);
  const first = await kdfRoot(rk0, z);
  const base = {
    curve: own.curve,
    dhr: peerPub,
    nr: 0,
    ns: 0,
    pn: 0,
    skipped: new Map<string, SkippedKey[]>(),
    links: [],
    rootLinks: [],
  };
  if (order < 0) {
    const state: RatchetState = {
      ...base,
      role: 'initiator',
      rk: first.rootKey,
      dhs: own,
      cks: first.chainKey,
      ckr: null,
      rootSteps: 1,
      sendingChain: 0,
      receivingChain: -1,
    };
    return {
      state,
      init: { rk0, steps: [{ dhOut: z, ...first, own: own.publicRaw, peer: peerPub, starts: 'sending' }] },
    };
  }
  const dhs = await freshKeyPair(generate, own.curve, own.publicRaw);
  const dhOut = await dhs.derive(peerPub);
  const second = await kdfRoot(first.rootKey, dhOut);
  const state: RatchetState = {
    ...base,
    role: 'responder',
    rk: second.rootKey,
    dhs,
    cks: second.chainKey,
    ckr: first.chainKey,
    rootSteps: 2,
    sendingChain: 1,
    receivingChain: 0,
  };
  return {
    state,
    init: {
      rk0,
      steps: [
        { dhOut: z, ...first, own: own.publicRaw, peer: peerPub, starts: 'receiving' },
        { dhOut, ...second, own: dhs.publicRaw, peer: peerPub, starts: 'sending' },
      ],
    },
  };
}

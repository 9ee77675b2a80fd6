// Public-only snapshots of a ratchet for the Ratchet view and presenter mode: public keys, counters, fingerprints.
import type { CurveId } from '../../../common/wire.js';
import { toBase64Url } from '../base64url.js';
import type { ChainLink, RatchetRole, RatchetState, RootLink } from './state.js';

/** Everything a view may show about a ratchet; no private key, root, chain or message key, only their fingerprints. */
export interface RatchetSnapshot {
  /** Room curve. */
  readonly curve: CurveId;
  /** Initiator or responder. */
  readonly role: RatchetRole;
  /** Our current ratchet public key (base64url), Ns and PN. */
  readonly sending: {
    readonly ratchetKey: string;
    readonly n: number;
    readonly pn: number;
    readonly chain: number;
  };
  /** The peer's current ratchet public key (base64url) and Nr; `ready` false (and `chain` −1) until its first chain exists. */
  readonly receiving: {
    readonly ratchetKey: string;
    readonly n: number;
    readonly chain: number;
    readonly ready: boolean;
  };
  /** Root steps done so far. */
  readonly rootSteps: number;
  /** Stored skipped keys, by chain ratchet key and message number (never the keys). */
  readonly skipped: readonly { readonly ratchetKey: string; readonly n: number }[];
  /** The last chain links (oldest first). */
  readonly links: readonly ChainLink[];
  /** The last root links (oldest first). */
  readonly rootLinks: readonly RootLink[];
}

/** Build the public snapshot of a state (copies, so later steps do not change it). */
export function buildSnapshot(s: RatchetState): RatchetSnapshot {
  return {
    curve: s.curve,
    role: s.role,
    sending: { ratchetKey: toBase64Url(s.dhs.publicRaw), n: s.ns, pn: s.pn, chain: s.sendingChain },
    receiving: { ratchetKey: toBase64Url(s.dhr), n: s.nr, chain: s.receivingChain, ready: s.ckr !== null },
    rootSteps: s.rootSteps,
    skipped: [...s.skipped.values()].flat().map((k) => ({ ratchetKey: toBase64Url(k.dh), n: k.n })),
    links: [...s.links],
    rootLinks: [...s.rootLinks],
  };
}

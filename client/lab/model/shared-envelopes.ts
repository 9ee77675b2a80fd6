// Eve's store of the envelopes members shared in a toy room: the newest ones and the ratchet anchors, bounded fairly.
import { envelopeKey, type ObservedEnvelope } from './eve.js';

/** Cap on kept ratchet anchors (docs/protocol.md "Toy rooms share their ciphertexts"). */
export const MAX_RATCHET_ANCHORS = 1000;
/** Cap on one member's anchors: a member flooding key changes evicts only its own. */
export const MAX_ANCHORS_PER_MEMBER = 250;
/** Cap on kept shared ciphertexts. */
export const MAX_SHARED_CIPHERTEXTS = 200;

/** How many entries of one list each member shared (members with none are absent), kept in step with the list. */
export type SharerCounts = ReadonlyMap<string, number>;

/** The envelopes kept for Eve, and per list how many each member shared. */
export interface SharedEnvelopes {
  /**
   * Toy ciphertexts members shared for Eve (newest last, at most {@link MAX_SHARED_CIPHERTEXTS}; past that the oldest
   * of the member who shared the most goes, so one member's flood does not push out the others').
   */
  readonly ciphertexts: readonly ObservedEnvelope[];
  /**
   * v2 envelopes Eve needs to follow the ratchets after they left `ciphertexts`: the first one under each new
   * ratchet key of a sender in a pair, and every sender-key distribution (newest last, at most {@link MAX_RATCHET_ANCHORS},
   * evicted the same way).
   */
  readonly anchors: readonly ObservedEnvelope[];
  /** Per member, how many of `ciphertexts` and of `anchors` are theirs (updated on every add and eviction). */
  readonly shares: { readonly ciphertexts: SharerCounts; readonly anchors: SharerCounts };
}

/** The store before any envelope. */
export const NO_SHARED_ENVELOPES: SharedEnvelopes = {
  ciphertexts: [],
  anchors: [],
  shares: { ciphertexts: new Map(), anchors: new Map() },
};

/** The store with `env` kept (in the newest window, and among the anchors when it is one), or null when it already was. */
export function keepShared(store: SharedEnvelopes, env: ObservedEnvelope): SharedEnvelopes | null {
  const key = envelopeKey(env);
  if (store.ciphertexts.some((c) => envelopeKey(c) === key)) return null;
  const window = addFairly(
    { list: store.ciphertexts, counts: store.shares.ciphertexts },
    env,
    MAX_SHARED_CIPHERTEXTS,
  );
  const anchors = isAnchor(store.anchors, env)
    ? anchored({ list: store.anchors, counts: store.shares.anchors }, env)
    : { list: store.anchors, counts: store.shares.anchors };
  return {
    ciphertexts: window.list,
    anchors: anchors.list,
    shares: { ciphertexts: window.counts, anchors: anchors.counts },
  };
}

/** One bounded list and its per-member counts. */
interface Counted {
  readonly list: readonly ObservedEnvelope[];
  readonly counts: SharerCounts;
}

/** `counts` with `from`'s count moved by `by` (a member at zero is removed). */
function bump(counts: Map<string, number>, from: string, by: number): void {
  const n = (counts.get(from) ?? 0) + by;
  if (n > 0) counts.set(from, n);
  else counts.delete(from);
}

/** `c` without the entry at `index`. */
function evict(c: { list: ObservedEnvelope[]; counts: Map<string, number> }, index: number): void {
  const [gone] = c.list.splice(index, 1);
  if (gone) bump(c.counts, gone.from, -1);
}

/**
 * `c` with `env` added, at most `cap` long: past the cap the oldest envelope of the member holding the most goes,
 * so a member who floods the room evicts their own envelopes before anyone else's.
 */
function addFairly(c: Counted, env: ObservedEnvelope, cap: number): Counted {
  const next = { list: [...c.list, { ...env }], counts: new Map(c.counts) };
  bump(next.counts, env.from, 1);
  if (next.list.length <= cap) return next;
  const most = Math.max(...next.counts.values());
  evict(
    next,
    next.list.findIndex((e) => next.counts.get(e.from) === most),
  );
  return next;
}

/** `c` with anchor `env` added: past a member's own cap its oldest goes, past the total cap as in {@link addFairly}. */
function anchored(c: Counted, env: ObservedEnvelope): Counted {
  if ((c.counts.get(env.from) ?? 0) < MAX_ANCHORS_PER_MEMBER) return addFairly(c, env, MAX_RATCHET_ANCHORS);
  const kept = { list: [...c.list], counts: new Map(c.counts) };
  evict(
    kept,
    kept.list.findIndex((a) => a.from === env.from),
  );
  return addFairly(kept, env, MAX_RATCHET_ANCHORS);
}

/**
 * True when `env` must outlive the newest-200 window for Eve to follow a ratchet: a sender-key distribution, or a
 * pairwise v2 envelope whose ratchet key differs from the last anchored one of the same sender to the same member.
 */
function isAnchor(anchors: readonly ObservedEnvelope[], env: ObservedEnvelope): boolean {
  if (env.kind === 'skdist') return true;
  if (env.kind !== 'ratchet') return false;
  for (let i = anchors.length - 1; i >= 0; i--) {
    const a = anchors[i];
    if ((a.kind === 'ratchet' || a.kind === 'skdist') && a.from === env.from && a.to === env.to)
      return a.h.dh !== env.h.dh;
  }
  return true;
}

// Protocol version negotiation for one pair (docs/protocol.md "v2: version negotiation"): pure, no I/O.

/**
 * The versions the browser client speaks: v1 and v2 (pairwise Double Ratchet, docs/protocol.md "v2: how the browser
 * client uses it"). It announces them as `v: [1, 2]` with its key.
 */
export const BROWSER_CLIENT_VERSIONS: readonly number[] = [1, 2];

/** The outcome for one pair: the version both use (null when they share none) and why, for the peer card. */
export interface Negotiated {
  /** The highest version both sides speak, or null when they have none in common. */
  version: number | null;
  /** A short human sentence for the peer card, e.g. "both speak v2" or "Bob's client speaks only v1". */
  why: string;
}

/** A `v` list as announced, or undefined for a client that sent none (a v1 client): it speaks `[1]`. */
const spoken = (v: readonly number[] | undefined): number[] =>
  v && v.length > 0 ? [...new Set(v)].sort((a, b) => a - b) : [1];

/** "v1", or "v1 and v2", or "v1, v2 and v3". */
function listed(versions: readonly number[]): string {
  const names = versions.map((v) => `v${v}`);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The version a pair uses: the highest one both `own` and `peer` list (an absent list means v1 only), and why.
 * `peerName` is the peer's display name, used in the sentence.
 */
export function negotiate(
  own: readonly number[] | undefined,
  peer: readonly number[] | undefined,
  peerName = 'The peer',
): Negotiated {
  const mine = spoken(own);
  const theirs = spoken(peer);
  const common = mine.filter((v) => theirs.includes(v));
  const ownTop = mine[mine.length - 1]!;
  const peerTop = theirs[theirs.length - 1]!;
  const who = `${peerName}'s client`;
  if (common.length === 0)
    return {
      version: null,
      why: `no common version: this client speaks ${listed(mine)}, ${who} ${listed(theirs)}`,
    };
  const version = common[common.length - 1]!;
  if (version === ownTop && version === peerTop) return { version, why: `both speak v${version}` };
  if (version === peerTop) {
    if (peer === undefined) return { version, why: `${who} speaks only v1 (it announces no versions)` };
    return { version, why: peerTop === 1 ? `${who} speaks only v1` : `${who} speaks at most v${peerTop}` };
  }
  if (version === ownTop)
    return {
      version,
      why: ownTop === 1 ? 'this client speaks only v1' : `this client speaks at most v${ownTop}`,
    };
  return { version, why: `v${version} is the highest version both speak` };
}

/** What the peer card says about a pair's protocol: "v2 · Double Ratchet — both speak v2", "v1 — Bob's client speaks only v1". */
export function protocolLabel(n: Negotiated): string {
  const name =
    n.version === 2 ? 'v2 · Double Ratchet' : n.version === null ? 'No common protocol' : `v${n.version}`;
  return `${name} — ${n.why}`;
}

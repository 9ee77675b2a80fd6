// Independent v2 client (docs/protocol.md only): what it knows of each peer — name, announced key and versions — and
// each pair's protocol ("v2: version negotiation"), v1 material (§5) and lazily created Double Ratchet.
import { sameBytes, unb64 } from './bytes.js';
import { pairMaterial, type PairMaterial } from './channel.js';
import { type CurveId, type KeyPair, PUB_BYTES, randomPair } from './primitives.js';
import { IndependentRatchet } from './ratchet.js';

/** The versions this client announces: it speaks the pairwise ratchet and receives sender keys. */
export const OWN_VERSIONS = [1, 2] as const;

/** One pair's channel: the negotiated version, §5 material, and the ratchet once used. */
export interface Pair {
  readonly version: 1 | 2;
  readonly peerPub: Uint8Array;
  readonly material: PairMaterial;
  ratchet?: IndependentRatchet;
}

/** A member of the room as this client knows it. */
export interface Peer {
  readonly id: string;
  name: string;
  /** The last announced key and its `v` (absent `v` = [1]). */
  key?: { curve: string; pub: Uint8Array; v: number[] };
  pair?: Pair;
}

/** "Choosing the version of a pair": the highest version in both lists, undefined when none is common. */
export function negotiate(peerV: number[] | undefined): 1 | 2 | undefined {
  const peer = peerV ?? [1];
  const both = OWN_VERSIONS.filter((v) => peer.includes(v));
  return both.length ? (Math.max(...both) as 1 | 2) : undefined;
}

/** The room's members by id, with their pairs on this client's curve (bounded by the room: 100 members). */
export class PeerBook {
  /** Members by id. */
  readonly peers = new Map<string, Peer>();

  /** Remember `own` on `curve` in `room`; `p` the passphrase key when the room has one. */
  constructor(
    readonly curve: CurveId,
    readonly room: string,
    readonly own: KeyPair,
    private readonly p?: Uint8Array,
  ) {}

  /** A member seen in a join ack or `peer-joined` (a repeated one keeps its key, "A member that joins again"). */
  saw(id: string, name: string): Peer {
    const known = this.peers.get(id);
    if (known) {
      known.name = name;
      return known;
    }
    const peer: Peer = { id, name };
    if (this.peers.size < 200) this.peers.set(id, peer);
    return peer;
  }

  /**
   * A key announcement (`peer-key`, or `Peer.key` in the join ack). Returns true when the pair is new (a new key:
   * a new v1 channel and a new root); a malformed key, another curve or the same key as ours leaves no pair.
   */
  announced(id: string, key: { curve?: unknown; pub?: unknown; v?: unknown }): boolean {
    const peer = this.peers.get(id) ?? this.saw(id, id);
    const pub = unb64(key.pub);
    const v = Array.isArray(key.v) ? key.v.filter((x): x is number => Number.isInteger(x)) : undefined;
    if (key.curve !== this.curve || !pub || pub.length !== PUB_BYTES[this.curve]) {
      delete peer.key;
      delete peer.pair;
      return false;
    }
    const same = peer.pair && sameBytes(peer.pair.peerPub, pub);
    const version = negotiate(v);
    peer.key = { curve: this.curve, pub, v: v ?? [1] };
    if (same && peer.pair!.version === version) return false;
    delete peer.pair;
    if (!version || sameBytes(pub, this.own.pub)) return false; // no common version, or `same-key`
    try {
      peer.pair = {
        version,
        peerPub: pub,
        material: pairMaterial(this.curve, this.room, this.own, pub, this.p),
      };
    } catch {
      return false; // §5 step 1: not a valid point, "no secure channel"
    }
    return true;
  }

  /** The pair's ratchet, created on first use with the initiator rule. */
  ratchet(peer: Peer): IndependentRatchet {
    const pair = peer.pair!;
    pair.ratchet ??= new IndependentRatchet({
      curve: this.curve,
      ownV1: this.own,
      peerV1: pair.peerPub,
      material: pair.material,
      generate: () => randomPair(this.curve),
    });
    return pair.ratchet;
  }

  /** Members whose pair is on `version`. */
  on(version: 1 | 2): Peer[] {
    return [...this.peers.values()].filter((p) => p.pair?.version === version);
  }
}

// Pairwise v2 sessions (docs/protocol.md "v2: how the browser client uses it"): the negotiated protocol of each
// pair and one Double Ratchet per v2 pair, seeded from the pair's v1 channel and replaced when that channel changes.
import { fromBase64Url, toBase64Url } from '../crypto/base64url.js';
import { generateKeyAgreement } from '../crypto/ecdh.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import { DoubleRatchet } from '../crypto/ratchet/ratchet.js';
import { isToyCurve } from '../../common/schema/primitives.js';
import type { Channel } from './channel.js';
import { negotiate, protocolLabel, type Negotiated } from './negotiate.js';
import type { PeerRecord } from './peer-record.js';

/** Most pairs whose ratchet is kept at once; past it the least recently used is dropped (it restarts on next use). */
export const MAX_RATCHET_PAIRS = 256;

/** What the pair sessions need from the session that owns them. */
export interface PairSessionsHost {
  /** The room and our current key pair (the one the v1 channels were derived with). */
  context(): { room?: string; myKey?: KeyAgreement };
  /** Display name of member `id`, for the peer card sentence. */
  name(id: string): string;
}

/** One pair's ratchet, tied to the v1 channel (room and both public keys) it was seeded from. */
interface PairEntry {
  /** `room \n ownPub \n peerPub \n P's fingerprint` of the seeding channel: another value means a new root. */
  seed: string;
  /** The ratchet (creation is async; every caller shares the same promise). */
  ratchet: Promise<DoubleRatchet>;
}

/** The v2 state of a membership: which pairs speak v2, and their Double Ratchets (bounded, reset on leave). */
export class PairSessions {
  private readonly pairs = new Map<string, PairEntry>();

  /**
   * Create the table for a client that speaks `own` (e.g. [1, 2]); `generate` draws fresh ratchet key pairs on a
   * curve (tests may inject it).
   */
  constructor(
    readonly own: readonly number[],
    private readonly host: PairSessionsHost,
    private readonly generate: (curve: KeyAgreement['curve']) => Promise<KeyAgreement> = generateKeyAgreement,
    private readonly max = MAX_RATCHET_PAIRS,
  ) {}

  /**
   * The negotiated protocol with `peer` from its last announced `v` (absent: v1 only). While a member that joined
   * again has not re-announced, its previous key's `v` still counts: a forged `peer-joined` must not open a window
   * in which plain receipts from a v2 peer would be accepted.
   */
  negotiated(peer: PeerRecord): Negotiated {
    const key = peer.key ?? peer.previousKey;
    const n = negotiate(this.own, key?.v, this.host.name(peer.id));
    // The initiator rule needs two different keys. On a toy curve with a handful of keys two members may draw the
    // same one by chance (and then both hold its d): that pair stays on v1. On a real curve a copy is a copycat,
    // which gets no session at all (the ratchet refuses to start, and the message is not sent to it).
    const mine = this.host.context().myKey;
    const same = key && mine && mine.curve === key.curve && toBase64Url(mine.publicRaw) === key.pub;
    if (n.version === 2 && same && isToyCurve(key.curve))
      return { version: 1, why: 'both speak v2, but you drew the same toy key, so no ratchet can start' };
    return n;
  }

  /** True when the pair with `peer` uses v2: its messages and receipts travel as `ratchet` dms. */
  isV2(peer: PeerRecord | undefined): boolean {
    return (
      peer !== undefined &&
      (peer.key ?? peer.previousKey) !== undefined &&
      this.negotiated(peer).version === 2
    );
  }

  /** The peer card's protocol line ("v2 · Double Ratchet — both speak v2"), once both of us announced a key. */
  label(peer: PeerRecord): string | undefined {
    return peer.key && this.host.context().myKey ? protocolLabel(this.negotiated(peer)) : undefined;
  }

  /**
   * The ratchet of the v2 pair with `peer` over its current v1 `channel`: the existing one while the channel is the
   * same, otherwise a new one from the channel's keys (a key change starts a new root). Rejects (and keeps nothing)
   * when our key pair is no longer the one the channel was derived with, or the ratchet cannot start (same key).
   */
  ratchet(peer: { id: string; channel: Channel }): Promise<DoubleRatchet> {
    const { channel } = peer;
    const pass = channel.derived.passphrase?.fingerprint ?? '';
    const seed = `${channel.room}\n${channel.ownPub}\n${channel.peerPub}\n${pass}`;
    const existing = this.pairs.get(peer.id);
    if (existing && existing.seed === seed) {
      // Most recently used last, so the bound drops the least recently used pair.
      this.pairs.delete(peer.id);
      this.pairs.set(peer.id, existing);
      return existing.ratchet;
    }
    const ratchet = this.create(channel);
    const entry = { seed, ratchet };
    this.pairs.delete(peer.id);
    this.pairs.set(peer.id, entry);
    while (this.pairs.size > this.max) this.pairs.delete(this.pairs.keys().next().value!);
    ratchet.catch(() => {
      if (this.pairs.get(peer.id) === entry) this.pairs.delete(peer.id);
    });
    return ratchet;
  }

  private async create(channel: Channel): Promise<DoubleRatchet> {
    const { myKey } = this.host.context();
    if (!myKey || toBase64Url(myKey.publicRaw) !== channel.ownPub || myKey.curve !== channel.curve)
      throw new Error('our key pair changed since this channel was derived.');
    const curve = channel.curve;
    return DoubleRatchet.create({
      own: myKey,
      peerPub: fromBase64Url(channel.peerPub),
      room: channel.room,
      // A passphrase room binds P into RK0 exactly as into v1's K (docs/protocol.md "v2: Double Ratchet", Root key).
      ...(channel.passKey ? { passphrase: channel.passKey } : {}),
      generate: () => this.generate(curve),
    });
  }

  /** How many pairs hold a ratchet now (tests of the bound). */
  get size(): number {
    return this.pairs.size;
  }

  /** The ratchet kept for member `id`, without starting one or changing the order of use (the Ratchet view). */
  existing(id: string): Promise<DoubleRatchet> | undefined {
    return this.pairs.get(id)?.ratchet;
  }

  /** Member ids whose pair holds a ratchet, least recently used first. */
  ids(): string[] {
    return [...this.pairs.keys()];
  }

  /** Whether a ratchet is kept for member `id`. */
  has(id: string): boolean {
    return this.pairs.has(id);
  }

  /** Drop every ratchet (leaving the room: the key pair is forgotten too). */
  reset(): void {
    this.pairs.clear();
  }
}

// Verified peers and key changes (docs/security.md "Key changes and verification"): the state machine, no I/O.
import type { Channel } from './channel.js';

/** A peer's key changed after a channel with it existed; shown until the user verifies the new channel. */
export interface KeyChange {
  /** The user had verified the channel with the old key: messages still pending to the peer are held. */
  wasVerified: boolean;
}

/** The two public keys a channel (and its safety number) is made of. */
type ChannelKeys = Pick<Channel, 'ownPub' | 'peerPub'>;

/**
 * Which channels the user marked verified after comparing safety numbers, per peer id and pair of public keys
 * (so per safety number), for the life of the tab; and which peers changed key since. A new key of either side
 * is a new channel: unverified until marked again. States per peer: unverified → verified (mark) → unverified
 * with a warning (the peer's key changes) → verified (mark the new channel; the warning goes).
 */
export class Verification {
  private readonly verified = new Set<string>();
  private readonly changes = new Map<string, KeyChange>();

  private static key(peerId: string, channel: ChannelKeys): string {
    return `${peerId}\n${channel.ownPub}\n${channel.peerPub}`;
  }

  /** True when the user marked this channel with `peerId` verified. */
  isVerified(peerId: string, channel: ChannelKeys | undefined): boolean {
    return channel !== undefined && this.verified.has(Verification.key(peerId, channel));
  }

  /** Mark (or unmark) the channel with `peerId` verified; marking it clears the key-change warning. */
  mark(peerId: string, channel: ChannelKeys, verified: boolean): void {
    const key = Verification.key(peerId, channel);
    if (verified) {
      this.verified.add(key);
      this.changes.delete(peerId);
    } else this.verified.delete(key);
  }

  /**
   * `peerId` announced a key other than the one of `old`, the channel we had with it: remember the warning and
   * return it (wasVerified: the old channel was verified, so pending messages must wait for the user).
   */
  keyChanged(peerId: string, old: ChannelKeys): KeyChange {
    const previous = this.changes.get(peerId);
    // A second change before the user looked keeps "was verified": the held messages still wait.
    const change = { wasVerified: this.isVerified(peerId, old) || previous?.wasVerified === true };
    this.changes.set(peerId, change);
    return change;
  }

  /** The pending key-change warning of `peerId`, if any. */
  change(peerId: string): KeyChange | undefined {
    return this.changes.get(peerId);
  }

  /** Forget the warnings (the membership ended); verified channels are kept for the life of the tab. */
  reset(): void {
    this.changes.clear();
  }
}

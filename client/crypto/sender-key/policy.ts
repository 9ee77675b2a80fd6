// When a sender chain rotates and who gets it (docs/protocol.md "v2: sender keys", "Joins and leaves"): pure.

/** A change in the room as this member sees it. */
export type RoomChange =
  /** A member joined (or became reachable on v2): it needs our chain, from the current iteration on. */
  | { type: 'join'; member: string }
  /** A member left: it holds our current chain key, so everything we send from now on must use a new chain. */
  | { type: 'leave'; member: string }
  /** A member announced a new pairwise key (a reloaded tab): it lost our chain and gets it again. */
  | { type: 'new-key'; member: string }
  /** This member joined again (reloaded, or left and came back): its old chain is gone; start a new one. */
  | { type: 'own-rejoin' }
  /** Our chain reached MAX_ITERATION. */
  | { type: 'used-up' };

/** What to do about our sender chain after a change, and why (a sentence for the activity log). */
export interface SenderKeyAction {
  /** Start a new chain (new chain id, chain key and signing key) before the next message. */
  rotate: boolean;
  /** Who gets a distribution: every current member, only `member`, or nobody. */
  distributeTo: 'all' | 'member' | 'none';
  /** The member concerned, for `distributeTo: 'member'` and for `forget`. */
  member?: string;
  /** Forget `member`'s chain (wipe it): it left. */
  forget: boolean;
  /** Plain-language reason. */
  why: string;
}

/**
 * The policy: a leave rotates (the leaver must not read what follows) and the new chain goes to everyone who
 * is still there; a join does not rotate: the joiner gets the chain as it stands, and since each chain key is
 * a one-way HMAC of the previous one it cannot derive any earlier message key.
 */
export function senderKeyAction(change: RoomChange): SenderKeyAction {
  switch (change.type) {
    case 'join':
      return {
        rotate: false,
        distributeTo: 'member',
        member: change.member,
        forget: false,
        why: 'a new member gets our chain from now on; earlier messages stay out of its reach (one-way chain)',
      };
    case 'new-key':
      return {
        rotate: false,
        distributeTo: 'member',
        member: change.member,
        forget: false,
        why: 'a member with a new key gets our current chain again',
      };
    case 'leave':
      return {
        rotate: true,
        distributeTo: 'all',
        member: change.member,
        forget: true,
        why: 'a member left holding our chain key: a new chain, sent to everyone still here',
      };
    case 'own-rejoin':
      return {
        rotate: true,
        distributeTo: 'all',
        forget: false,
        why: 'we joined again: a new chain for everyone',
      };
    case 'used-up':
      return { rotate: true, distributeTo: 'all', forget: false, why: 'our chain is used up: a new one' };
  }
}

// Per-member limits on this node (docs/security.md, "Many sockets, one member"): socket slots and one shared rate budget.
import { type Bucket, newBucket, takeToken } from './rate-limit.js';

/** What the table allows each member id on this node. */
export interface MemberTableLimits {
  /** Joined (or joining) sockets per member id. */
  maxSocketsPerMember: number;
  /** Sustained events per second, shared by all the member's sockets. */
  memberEventsPerSecond: number;
  /** Bucket size, shared by all the member's sockets. */
  memberEventBurst: number;
}

/**
 * Member id → its socket count and shared token bucket, for the member ids that have at least one joined
 * (or joining) socket on this node. Bounded: an entry exists only while it holds a socket slot, so there
 * are never more entries than joined sockets on this node (each socket holds at most one slot), and an
 * entry is removed when its member's last socket leaves. Nothing here is shared between nodes.
 */
export interface MemberTable {
  /** Take a socket slot for `id`; false (nothing taken) when it already holds `maxSocketsPerMember`. */
  claim(id: string): boolean;
  /** Give back a slot taken by `claim`; the entry goes when its last slot does. */
  release(id: string): void;
  /** Spend one token of `id`'s shared budget; true when `id` holds no slot (nothing to share). */
  take(id: string, now?: number): boolean;
  /** Member ids with an entry (for tests and metrics). */
  readonly size: number;
}

/** A fresh, empty table enforcing `limits`. */
export function createMemberTable(limits: MemberTableLimits): MemberTable {
  const entries = new Map<string, { sockets: number; bucket: Bucket }>();
  return {
    claim(id) {
      const entry = entries.get(id);
      if (!entry) {
        entries.set(id, { sockets: 1, bucket: newBucket(limits.memberEventBurst) });
        return true;
      }
      if (entry.sockets >= limits.maxSocketsPerMember) return false;
      entry.sockets++;
      return true;
    },
    release(id) {
      const entry = entries.get(id);
      if (!entry) return;
      entry.sockets--;
      if (entry.sockets <= 0) entries.delete(id);
    },
    take(id, now = Date.now()) {
      const entry = entries.get(id);
      if (!entry) return true;
      return takeToken(entry.bucket, limits.memberEventsPerSecond, limits.memberEventBurst, now);
    },
    get size() {
      return entries.size;
    },
  };
}

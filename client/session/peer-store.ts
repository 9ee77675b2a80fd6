// The member records of one room, bounded: at the cap, the longest-known absent member makes room for a new one.
import type { PeerRecord } from './peer-record.js';

/**
 * Most member records one room keeps (present or remembered after leaving): five times the relay's
 * default room size, so an honest room never reaches it and a relay inventing members cannot grow the tab.
 */
export const MAX_PEER_RECORDS = 500;

/** A Map of member records by id with a bound (docs/security.md "Fuzzing" — a relay that lies about members). */
export class PeerStore {
  private readonly records = new Map<string, PeerRecord>();
  /** True while new members are being refused at the cap (one log line per refusal streak). */
  private refusing = false;

  /** `warn` gets the one line said when members start being refused. */
  constructor(
    private readonly warn: (text: string) => void,
    private readonly max = MAX_PEER_RECORDS,
  ) {}

  /** The record of `id`. */
  get(id: string): PeerRecord | undefined {
    return this.records.get(id);
  }

  /** True when `id` has a record. */
  has(id: string): boolean {
    return this.records.has(id);
  }

  /** Every record, in the order members became known. */
  values(): IterableIterator<PeerRecord> {
    return this.records.values();
  }

  /** Forget everyone. */
  clear(): void {
    this.records.clear();
    this.refusing = false;
  }

  /**
   * The record of `id` with its name set, created when new. At the cap a new member first pushes out the
   * longest-known absent one; when all are present it is refused (`undefined`).
   */
  upsert(id: string, name: string): PeerRecord | undefined {
    let peer = this.records.get(id);
    if (!peer) {
      if (this.records.size >= this.max && !this.evictAbsent()) {
        if (!this.refusing) this.warn(`Ignored members beyond ${this.max} in this room.`);
        this.refusing = true;
        return undefined;
      }
      this.refusing = false;
      peer = { id, name, present: true, state: 'no-key', queue: Promise.resolve() };
      this.records.set(id, peer);
    }
    peer.name = name;
    return peer;
  }

  /** Forget the longest-known member who is not in the room; false when everyone is present. */
  private evictAbsent(): boolean {
    for (const [id, peer] of this.records) {
      if (peer.present) continue;
      this.records.delete(id);
      return true;
    }
    return false;
  }
}

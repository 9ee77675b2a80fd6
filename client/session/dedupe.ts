// Remembers which (sender, message id) pairs were already shown, so a message is shown at most once.

/** A bounded set of (sender, id) pairs; the oldest pairs of a sender are forgotten past `perSender`. */
export class SeenMessages {
  private readonly bySender = new Map<string, Set<string>>();

  /** Create the set; `perSender` bounds memory per sender. */
  constructor(private readonly perSender = 5000) {}

  /** True when (from, id) was recorded before. */
  has(from: string, id: string): boolean {
    return this.bySender.get(from)?.has(id) ?? false;
  }

  /** Record (from, id); returns false when it was already recorded. */
  add(from: string, id: string): boolean {
    let ids = this.bySender.get(from);
    if (!ids) {
      ids = new Set();
      this.bySender.set(from, ids);
    }
    if (ids.has(id)) return false;
    ids.add(id);
    if (ids.size > this.perSender) {
      const oldest = ids.values().next().value;
      if (oldest !== undefined) ids.delete(oldest);
    }
    return true;
  }

  /** Forget everything (on leaving a room). */
  clear(): void {
    this.bySender.clear();
  }
}

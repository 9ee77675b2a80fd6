// The activity log: numbered, timestamped plain-language lines, capped in length.
import type { LogEntry } from './types.js';

/** Keeps the latest `max` log entries; `entries` is a fresh array after every add. */
export class ActivityLog {
  private seq = 0;
  /** Current entries, oldest first. */
  entries: LogEntry[] = [];

  /** Create a log holding at most `max` entries. */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly max = 500,
  ) {}

  /** Append a line and return it. */
  add(level: LogEntry['level'], text: string): LogEntry {
    const entry: LogEntry = { seq: ++this.seq, ts: this.now(), level, text };
    const next = this.entries.length >= this.max ? this.entries.slice(1 - this.max) : this.entries.slice();
    next.push(entry);
    this.entries = next;
    return entry;
  }
}

// Replay defence for incoming messages (docs/protocol.md §5 step 6): ids shown for the life of the tab, and channel ages.

/**
 * How far before a channel first existed here a message's own (plausible) time may say it was written: generous,
 * so an honest sender whose clock is off by minutes is not refused.
 */
export const REPLAY_SKEW_MS = 60 * 60 * 1000;

/**
 * Remembers, for the life of the tab (not only of one membership), which (room, sender, message id) were shown,
 * and when each channel (by its key fingerprint) was first ready here. Both are bounded: at most `maxIds` ids per
 * room and sender, `maxSenders` rooms×senders and `maxChannels` channels; the oldest are forgotten first.
 */
export class ReplayGuard {
  private readonly ids = new Map<string, Set<string>>();
  private readonly channels = new Map<string, number>();

  /** Create the guard with its bounds. */
  constructor(
    private readonly maxIds = 5000,
    private readonly maxSenders = 1000,
    private readonly maxChannels = 1024,
  ) {}

  /** True when message `id` from `from` in `room` was shown before (in this tab, in any earlier membership too). */
  shown(room: string, from: string, id: string): boolean {
    return this.ids.get(`${room}\n${from}`)?.has(id) ?? false;
  }

  /** Record that message `id` from `from` in `room` is shown; false when it already was. */
  show(room: string, from: string, id: string): boolean {
    const key = `${room}\n${from}`;
    let set = this.ids.get(key);
    if (!set) {
      set = new Set();
      this.ids.set(key, set);
      if (this.ids.size > this.maxSenders) this.ids.delete(this.ids.keys().next().value!);
    }
    if (set.has(id)) return false;
    set.add(id);
    if (set.size > this.maxIds) set.delete(set.values().next().value!);
    return true;
  }

  /** The channel with this key fingerprint is ready at `now`: its first time here is kept (a rejoin keeps it). */
  channelReady(fingerprint: string, now: number): void {
    if (this.channels.has(fingerprint)) return;
    this.channels.set(fingerprint, now);
    if (this.channels.size > this.maxChannels) this.channels.delete(this.channels.keys().next().value!);
  }

  /**
   * True when a message with author time `ts` on the channel `fingerprint` claims to predate that channel's first
   * time here by more than REPLAY_SKEW_MS: nobody could have written it then, so it is a replay (or a lie).
   */
  predatesChannel(fingerprint: string, ts: number): boolean {
    const since = this.channels.get(fingerprint);
    return since !== undefined && ts < since - REPLAY_SKEW_MS;
  }
}

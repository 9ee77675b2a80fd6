// Unread chat messages while the page is hidden: which messages are new and real, the tab title's count,
// and the bounded list of desktop notifications to show. No DOM: the view's controller feeds it.
import type { ChatMessage } from './types.js';

/** At most this many desktop notifications per hidden period; further messages only raise the title's count. */
export const MAX_NOTIFICATIONS_PER_HIDDEN = 10;

/** The count shown in the title is capped at this ("(99+)"). */
export const MAX_SHOWN_COUNT = 99;

/** What one desktop notification says: the sender's name and "New message", never the text. */
export interface UnreadNotice {
  /** The sender's display name (as the chat shows it). */
  title: string;
  /** Always "New message": the plaintext stays off lock screens and notification centres. */
  body: string;
}

/** A real chat message from another member (not ours, not a line the session writes itself). */
export function isRealIncoming(m: ChatMessage): boolean {
  return !m.outgoing && m.system === undefined;
}

const keyOf = (m: ChatMessage): string => `${m.from}\n${m.id}`;

/** The title with its "(N) " prefix removed (so a prefix is never stacked on another). */
export function baseTitle(title: string): string {
  return title.replace(/^\(\d+\+?\) /, '');
}

/** The title for `count` unread messages: "(3) room · curvechat", or the base title when there are none. */
export function titleWithCount(title: string, count: number): string {
  const base = baseTitle(title);
  if (count <= 0) return base;
  return `(${count > MAX_SHOWN_COUNT ? `${MAX_SHOWN_COUNT}+` : count}) ${base}`;
}

/**
 * Counts real incoming messages that arrive while the page is hidden. `observe` is given every message list
 * the session shows (a fresh array after each change); messages present at the first call, and any seen
 * while visible, are never counted. Memory is bounded by the session's own cap on the message list.
 */
export class UnreadCounter {
  /** Messages already seen in an earlier list (those the chat still holds). */
  private seen: Set<string> | undefined;
  private list: readonly ChatMessage[] | undefined;
  private hidden = false;
  private notified = 0;
  /** Unread real messages since the page was last visible. */
  count = 0;

  /** The page became hidden or visible; visible clears the count. */
  setHidden(hidden: boolean): void {
    this.hidden = hidden;
    if (!hidden) {
      this.count = 0;
      this.notified = 0;
    }
  }

  /** Forget everything (left the room): the next list is taken as already read. */
  reset(): void {
    this.seen = undefined;
    this.list = undefined;
    this.count = 0;
    this.notified = 0;
  }

  /**
   * Take the session's current message list; returns the notices to show for messages new since the last
   * list (only while hidden, at most MAX_NOTIFICATIONS_PER_HIDDEN per hidden period).
   */
  observe(messages: readonly ChatMessage[]): UnreadNotice[] {
    if (messages === this.list) return [];
    this.list = messages;
    const before = this.seen;
    this.seen = new Set(messages.map(keyOf));
    if (!before) return [];
    const notices: UnreadNotice[] = [];
    for (const m of messages) {
      if (before.has(keyOf(m)) || !isRealIncoming(m) || !this.hidden) continue;
      this.count++;
      if (this.notified < MAX_NOTIFICATIONS_PER_HIDDEN) {
        this.notified++;
        notices.push({ title: m.fromName, body: 'New message' });
      }
    }
    return notices;
  }
}

// The chat's message list: capped in length (pending outgoing messages stay) and the receiver's time rule.
import type { ChatMessage } from './types.js';

/** Messages the chat keeps by default; older ones leave with a note (docs/security.md "A member who floods"). */
export const MAX_MESSAGES = 500;

/** Earliest author time shown as such: 2020-01-01T00:00:00Z (docs/protocol.md §5 step 6). */
export const EARLIEST_TS = Date.UTC(2020, 0, 1);

/** How far in the future an author's time may be and still be shown (docs/protocol.md §5 step 6). */
export const MAX_FUTURE_SKEW_MS = 10 * 60 * 1000;

/** True while an outgoing message still waits for a recipient (sending, sent without a receipt, or held after a key change). */
export function isPending(m: ChatMessage): boolean {
  return (
    m.outgoing &&
    Object.values(m.delivery).some((d) => d.state === 'sending' || d.state === 'sent' || d.state === 'held')
  );
}

/** The time a message is shown with: the author's, or the arrival time when the author's was implausible. */
export function shownTime(m: ChatMessage): number {
  return m.arrivedAt ?? m.ts;
}

/**
 * True when `a` is shown after `b`: a later time, or the same millisecond and a greater author id. Two
 * authors writing in the same millisecond are thus in the same order for every member; one author's
 * messages at the same time keep their arrival order, which is the order they were sent.
 */
function shownAfter(a: ChatMessage, b: ChatMessage): boolean {
  const ta = shownTime(a);
  const tb = shownTime(b);
  return ta > tb || (ta === tb && a.from > b.from);
}

/**
 * A copy of `list` (ordered by shownTime, then author) with `message` inserted after every message shown at
 * or before it, so members who receive the same messages in different orders see one transcript, ordered by
 * when the authors wrote them. Usually that is the end, so the search starts there.
 */
export function insertByTime(list: readonly ChatMessage[], message: ChatMessage): ChatMessage[] {
  let i = list.length;
  while (i > 0 && shownAfter(list[i - 1]!, message)) i--;
  return [...list.slice(0, i), message, ...list.slice(i)];
}

/**
 * Insert `message` in time order (insertByTime) and drop the oldest messages past `max`. Pending outgoing messages are never dropped
 * (they leave once settled), so the list may exceed `max` by the messages still in delivery.
 */
export function appendCapped(
  list: readonly ChatMessage[],
  message: ChatMessage,
  max: number,
): { list: ChatMessage[]; removed: number } {
  const next = insertByTime(list, message);
  let excess = next.length - max;
  if (excess <= 0) return { list: next, removed: 0 };
  const kept = next.filter((m) => {
    if (excess <= 0 || isPending(m)) return true;
    excess -= 1;
    return false;
  });
  return { list: kept, removed: next.length - kept.length };
}

/**
 * The receiver's time rule (docs/protocol.md §5 step 6): the author's `ts` is shown when it is at or after
 * EARLIEST_TS and at most MAX_FUTURE_SKEW_MS ahead of `arrival`; otherwise the arrival time is shown instead
 * (returned here), with a marker.
 */
export function arrivalInstead(ts: number, arrival: number): number | undefined {
  const plausible = Number.isFinite(ts) && ts >= EARLIEST_TS && ts <= arrival + MAX_FUTURE_SKEW_MS;
  return plausible ? undefined : arrival;
}

/** The session's chat: messages in order, capped at `max`, and how many older ones were removed. */
export class ChatList {
  /** Messages, oldest first; a fresh array after every change. */
  messages: ChatMessage[] = [];
  /** Older messages removed since the last clear(). */
  removed = 0;

  /** Create an empty list holding at most `max` settled messages (at least 1). */
  constructor(private readonly max: number = MAX_MESSAGES) {
    this.max = Math.max(1, max);
  }

  /** Add a message in author-time order, dropping the oldest settled ones past the cap. */
  add(message: ChatMessage): void {
    const { list, removed } = appendCapped(this.messages, message, this.max);
    this.messages = list;
    this.removed += removed;
  }

  /** Replace our outgoing message with the same id by `view` (its delivery changed). */
  updateOutgoing(view: ChatMessage): void {
    this.messages = this.messages.map((m) => (m.outgoing && m.id === view.id ? view : m));
  }

  /** Replace the message of the same author and id by `view` (a file's progress), or add it when it is new. */
  upsert(view: ChatMessage): void {
    const at = this.messages.findIndex((m) => m.from === view.from && m.id === view.id);
    if (at < 0) return this.add(view);
    this.messages = this.messages.map((m, i) => (i === at ? view : m));
  }

  /** Forget everything (the membership ended). */
  clear(): void {
    this.messages = [];
    this.removed = 0;
  }
}

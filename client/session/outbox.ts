// Outgoing messages awaiting receipts: per-recipient delivery state, retries and receipt handling (issue 4).
import { receiptBody } from '../../common/schema/index.js';
import type { MsgBody } from '../../common/wire.js';
import type { RatchetWireBody } from '../crypto/ratchet/header.js';
import type { SkmsgBody } from '../crypto/sender-key/sender.js';
import type { DeliveryState, WireView } from './types.js';
import { cleanReason } from './views.js';

/** How long to wait for receipts and how often to try. */
export interface RetryPolicy {
  /** Wait before the first retry, doubled after each try. */
  receiptTimeoutMs: number;
  /** Longest wait between tries. */
  maxDelayMs: number;
  /** Tries per recipient (the first send included) before the part is marked failed. */
  maxAttempts: number;
}

/** Defaults: retries after 4 s, 8 s, 16 s, 30 s, 30 s, then failed (about 1.5 minutes). */
export const DEFAULT_RETRY: Readonly<RetryPolicy> = {
  receiptTimeoutMs: 4000,
  maxDelayMs: 30000,
  maxAttempts: 6,
};

/** Delay before the next try after `attempts` tries (attempts ≥ 1). */
export function retryDelay(attempts: number, policy: RetryPolicy): number {
  const n = Math.max(1, attempts);
  return Math.min(policy.maxDelayMs, policy.receiptTimeoutMs * 2 ** Math.min(n - 1, 30));
}

/** One recipient of one outgoing message. */
export interface OutgoingPart {
  to: string;
  toName: string;
  state: DeliveryState;
  reason?: string;
  /** Scheduled tries so far (first send and retry ticks). */
  attempts: number;
  /**
   * The kind of `body`: `msg` (v1) when absent, `ratchet` on a v2 pair (ratchet-messages.ts), `skmsg` for a part
   * carried by the message's one `bcast` (sender-key-messages.ts; every such part shares the body).
   */
  kind?: 'ratchet' | 'skmsg';
  /** The encrypted body last sent (or to send); resends send it again unchanged while the channel is the same. */
  body: MsgBody | RatchetWireBody | SkmsgBody;
  /** The receipt that settled the part came as a plain v1 `receipt` (a v1 peer): a relay could have forged it. */
  unauthenticated?: boolean;
  /** Fingerprint of the channel key `body` was encrypted with. */
  fingerprint: string;
  /** The user had verified that channel when the part was encrypted. */
  verified: boolean;
  /** What crossed the wire, for display. */
  wire: WireView;
}

/** One outgoing message. */
export interface OutgoingMessage {
  id: string;
  text: string;
  ts: number;
  parts: Map<string, OutgoingPart>;
}

/** What to do after a receipt arrived. */
export type ReceiptOutcome =
  | { kind: 'ignored' } // unknown message/recipient, or already settled
  | { kind: 'delivered'; part: OutgoingPart }
  | { kind: 'failed'; part: OutgoingPart }
  | { kind: 'reencrypt'; part: OutgoingPart }; // refused, but our channel changed since: try again

/** True once a part is delivered or failed. */
export function isSettled(part: OutgoingPart): boolean {
  return part.state === 'delivered' || part.state === 'failed';
}

/** The outgoing messages of a session that still have recipients without a receipt. */
export class Outbox {
  private readonly messages = new Map<string, OutgoingMessage>();

  /** Track a new message. */
  add(message: OutgoingMessage): void {
    this.messages.set(message.id, message);
  }

  /** The message with this id, if tracked. */
  get(id: string): OutgoingMessage | undefined {
    return this.messages.get(id);
  }

  /** Unsettled parts of a message. */
  pendingParts(id: string): OutgoingPart[] {
    const m = this.messages.get(id);
    return m ? [...m.parts.values()].filter((p) => !isSettled(p)) : [];
  }

  /** Every (message, part) still waiting for a receipt, optionally only to one member. */
  pending(to?: string): { message: OutgoingMessage; part: OutgoingPart }[] {
    const out: { message: OutgoingMessage; part: OutgoingPart }[] = [];
    for (const message of this.messages.values())
      for (const part of message.parts.values())
        if (!isSettled(part) && (to === undefined || part.to === to)) out.push({ message, part });
    return out;
  }

  /** The relay accepted the dm: 'sending' → 'sent' (a receipt may already have settled it). */
  markSent(id: string, to: string): boolean {
    const part = this.messages.get(id)?.parts.get(to);
    if (!part || part.state !== 'sending') return false;
    part.state = 'sent';
    return true;
  }

  /** Hold every pending part to `to` (its key changed after the user verified it): no resend until released. */
  hold(to: string, reason: string): OutgoingMessage[] {
    const touched: OutgoingMessage[] = [];
    for (const { message, part } of this.pending(to)) {
      part.state = 'held';
      part.reason = reason;
      touched.push(message);
    }
    return touched;
  }

  /** Held parts to `to`, with their messages. */
  held(to?: string): { message: OutgoingMessage; part: OutgoingPart }[] {
    return this.pending(to).filter(({ part }) => part.state === 'held');
  }

  /** Mark a part failed with a plain reason (no effect once settled). */
  fail(id: string, to: string, reason: string): boolean {
    const part = this.messages.get(id)?.parts.get(to);
    if (!part || isSettled(part)) return false;
    part.state = 'failed';
    part.reason = reason;
    return true;
  }

  /**
   * Apply a receipt from `from` for message `id`. ok → delivered. Not ok → failed, unless
   * the channel with `from` has changed since the part was encrypted (`currentFingerprint`
   * differs) and tries remain: then the caller should re-encrypt and resend.
   */
  receipt(
    id: string,
    from: string,
    body: unknown,
    currentFingerprint: string | undefined,
    maxAttempts: number,
  ): ReceiptOutcome {
    const part = this.messages.get(id)?.parts.get(from);
    const parsed = receiptBody.safeParse(body);
    if (!part || !parsed.success) return { kind: 'ignored' };
    const { ok, reason } = parsed.data;
    if (ok) {
      if (part.state === 'delivered') return { kind: 'ignored' };
      // A late ok after a failure still proves delivery.
      part.state = 'delivered';
      delete part.reason;
      return { kind: 'delivered', part };
    }
    // Held after a key change: only the user's choice moves it (a refusal from the new key changes nothing).
    if (isSettled(part) || part.state === 'held') return { kind: 'ignored' };
    if (
      currentFingerprint !== undefined &&
      currentFingerprint !== part.fingerprint &&
      part.attempts < maxAttempts
    )
      return { kind: 'reencrypt', part };
    part.state = 'failed';
    part.reason = `${part.toName} could not decrypt it: ${cleanReason(reason)}`;
    return { kind: 'failed', part };
  }

  /** Forget messages whose parts are all settled, and drop everything on leave. */
  prune(all = false): void {
    for (const [id, m] of this.messages)
      if (all || [...m.parts.values()].every(isSettled)) this.messages.delete(id);
  }
}

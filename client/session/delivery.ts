// Outgoing delivery (issue 4): send, resend after re-joins and key changes, retry until receipts, fail plainly.
import type { Limits } from '../../common/limits.js';
import type { ReceiptBody } from '../../common/wire.js';
import { IV_BYTES } from '../crypto/message.js';
import type { Channel } from './channel.js';
import { transmitParts, type DeliveryWire } from './delivery-wire.js';
import { encryptPart } from './messages.js';
import { Outbox, retryDelay, type OutgoingMessage, type OutgoingPart, type RetryPolicy } from './outbox.js';
import { isAwaitingKey, isReady, type PeerRecord } from './peers.js';
import type { RelaySocket } from './relay-socket.js';
import type { LogEntry } from './types.js';

/** What delivery needs from the session. */
export interface DeliveryHost {
  /** The current socket (when joined on it), room, own member id and membership epoch. */
  context(): { socket?: RelaySocket; joined: boolean; room?: string; me?: string; epoch: number };
  /** The record of member `id`. */
  peer(id: string): PeerRecord | undefined;
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** A message's parts changed (state, wire view): refresh the chat view. */
  updated(message: OutgoingMessage): void;
  /** True when the user marked the channel with `peer` verified (verification.ts). */
  verified(peer: PeerRecord & { channel: Channel }): boolean;
  /** Display name of member `id` (with its suffix when it needs one). */
  name(id: string): string;
  /** v2 hook (ratchet-channel.ts): encrypt a part for a ready peer in the pair's protocol; v1 `encryptPart` when absent. */
  encrypt?(message: OutgoingMessage, peer: PeerRecord & { channel: Channel }): Promise<OutgoingPart>;
  /** v2 hook: the dm kind the pair with `peer` uses now (`msg` when absent). */
  kindFor?(peer: PeerRecord): 'msg' | 'ratchet';
}

/** Tracks outgoing messages until every recipient's receipt arrives or the tries run out. */
export class Delivery {
  private readonly outbox = new Outbox();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Sending parts and reading the relay's acks (delivery-wire.ts). */
  private readonly wire: DeliveryWire;

  /** Create the pipeline with its retry policy, limits and ack timeout. */
  constructor(
    private readonly host: DeliveryHost,
    private readonly retry: RetryPolicy,
    limits: Limits,
    ackTimeoutMs: number,
  ) {
    this.wire = {
      context: () => host.context(),
      log: (level, text) => host.log(level, text),
      updated: (message) => host.updated(message),
      outbox: this.outbox,
      limits,
      ackTimeoutMs,
    };
  }

  /** Send a freshly encrypted message to its recipients and start waiting for receipts. */
  start(message: OutgoingMessage): void {
    this.outbox.add(message);
    // Tries only count while connected; a message written offline waits for the re-join.
    if (this.host.context().joined) for (const part of message.parts.values()) part.attempts = 1;
    // Parts for a peer still confirming its key (it joined again) wait for flush() on channelReady.
    const now = [...message.parts.values()].filter((p) => isReady(this.host.peer(p.to)));
    transmitParts(this.wire, message, now);
    this.scheduleRetry(message);
  }

  /** Resend every pending part (optionally only to one member) whose recipient is present and ready. */
  flush(to?: string): void {
    if (!this.host.context().joined) return;
    const byMessage = new Map<OutgoingMessage, OutgoingPart[]>();
    for (const { message, part } of this.outbox.pending(to))
      if (part.state !== 'held') byMessage.set(message, [...(byMessage.get(message) ?? []), part]);
    for (const [message, parts] of byMessage) void this.resend(message, parts);
  }

  /** Apply a checked `receipt` from member `from` for message `id`: delivered, failed with the peer's reason, or re-encrypt. */
  async receipt(from: string, id: string, body: ReceiptBody, authenticated = false): Promise<void> {
    const message = this.outbox.get(id);
    if (!message) return;
    const peer = this.host.peer(from);
    const refused = !body.ok;
    const part = message.parts.get(from);
    if (refused && isAwaitingKey(peer) && part && part.attempts < this.retry.maxAttempts) {
      // A reloaded tab of the peer could not open it; the part goes out again once its key arrives.
      this.host.log(
        'info',
        `${this.host.name(from)} could not decrypt it yet; it is sent again once their key arrives`,
      );
      return;
    }
    const current = isReady(peer) ? peer.channel.derived.keyFingerprint : undefined;
    const outcome = this.outbox.receipt(id, from, body, current, this.retry.maxAttempts);
    if (outcome.kind === 'ignored') return;
    if (outcome.kind === 'delivered' || outcome.kind === 'failed')
      outcome.part.unauthenticated = !authenticated;
    if (outcome.kind === 'delivered') this.host.log('info', `Delivered to ${outcome.part.toName}`);
    else if (outcome.kind === 'failed')
      this.host.log('warn', `Not delivered to ${outcome.part.toName}: ${outcome.part.reason ?? ''}`);
    else {
      this.host.log('info', `${outcome.part.toName} could not decrypt it with the old key; re-encrypting`);
      await this.resend(message, [outcome.part]);
    }
    this.host.updated(message);
    if (this.outbox.pendingParts(message.id).length === 0) this.scheduleRetry(message);
  }

  /**
   * Member `to` changed key after the user verified it: its pending parts are held, never re-encrypted to the
   * new key until the user decides (decide()). Returns how many were held.
   */
  hold(to: string): number {
    const name = this.host.name(to);
    const reason = `${name}'s key changed after you verified it; choose on ${name}'s card`;
    const touched = this.outbox.hold(to, reason);
    for (const message of new Set(touched)) {
      this.host.updated(message);
      this.scheduleRetry(message);
    }
    return touched.length;
  }

  /** How many parts to `to` are held. */
  heldCount(to: string): number {
    return this.outbox.held(to).length;
  }

  /** The user's choice for the parts held for `to`: re-encrypt them to its current key and send, or discard them. */
  decide(to: string, send: boolean): void {
    const name = this.host.name(to);
    const touched = new Set<OutgoingMessage>();
    for (const { message, part } of this.outbox.held(to)) {
      touched.add(message);
      if (!send) {
        part.state = 'failed';
        part.reason = `you chose not to send it to ${name}'s new key`;
        continue;
      }
      part.state = 'sending';
      part.attempts = this.host.context().joined ? 1 : 0;
      delete part.reason;
    }
    this.host.log(
      'info',
      send ? `Sending held messages to ${name}'s new key` : `Discarded the messages held for ${name}`,
    );
    for (const message of touched) {
      this.host.updated(message);
      this.scheduleRetry(message);
    }
    if (send) this.flush(to);
  }

  /** Mark every pending part failed with `reason` (leaving the room). */
  failAll(reason: string): void {
    for (const { message, part } of this.outbox.pending()) this.outbox.fail(message.id, part.to, reason);
  }

  /** Mark every pending part to member `to` failed with `reason` (the member is gone for good). */
  failTo(to: string, reason: string): void {
    const touched = new Set<OutgoingMessage>();
    for (const { message, part } of this.outbox.pending(to))
      if (this.outbox.fail(message.id, part.to, reason)) touched.add(message);
    for (const message of touched) this.host.updated(message);
  }

  /** Stop all timers and forget every message. */
  reset(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.outbox.prune(true);
  }

  /** Re-encrypt a pending part if the channel with its recipient changed since; false if not ready. */
  private async refresh(message: OutgoingMessage, part: OutgoingPart, peer: PeerRecord): Promise<boolean> {
    const { room, me } = this.host.context();
    if (!isReady(peer) || !room || !me) return false;
    const kind = this.host.kindFor?.(peer) ?? 'msg';
    // Same channel and protocol: the cached body goes out again (a ratchet part must keep its message number).
    if (peer.channel.derived.keyFingerprint === part.fingerprint && (part.kind ?? 'msg') === kind)
      return true;
    const name = this.host.name(peer.id);
    const to = { id: peer.id, name };
    let fresh: OutgoingPart;
    try {
      fresh = this.host.encrypt
        ? await this.host.encrypt(message, peer)
        : await encryptPart(room, me, message, to, peer.channel, this.host.verified(peer));
    } catch (e) {
      this.host.log(
        'warn',
        `Could not encrypt it for ${name}: ${e instanceof Error ? e.message : String(e)}`,
      );
      return false;
    }
    const fromBroadcast = part.kind === 'skmsg';
    if (fresh.kind) part.kind = fresh.kind;
    else delete part.kind;
    part.body = fresh.body;
    part.fingerprint = fresh.fingerprint;
    part.verified = fresh.verified;
    part.wire = fresh.wire;
    this.host.log(
      'info',
      fromBroadcast
        ? `No receipt from ${name} for the sender-keys broadcast yet: the message goes to ${name} pairwise now`
        : `Message re-encrypted for ${name} with the new key (fresh ${IV_BYTES}-byte IV)`,
    );
    this.host.updated(message);
    return true;
  }

  private async resend(message: OutgoingMessage, parts: OutgoingPart[]): Promise<void> {
    const epoch = this.host.context().epoch;
    const ready: OutgoingPart[] = [];
    for (const part of parts) {
      const peer = this.host.peer(part.to);
      if (peer && (await this.refresh(message, part, peer))) ready.push(part);
    }
    if (epoch !== this.host.context().epoch || ready.length === 0) return;
    this.host.log('info', `Resending a pending message to ${ready.map((p) => p.toName).join(', ')}`);
    transmitParts(this.wire, message, ready);
  }

  private scheduleRetry(message: OutgoingMessage): void {
    clearTimeout(this.timers.get(message.id));
    this.timers.delete(message.id);
    const pending = this.outbox.pendingParts(message.id).filter((p) => p.state !== 'held');
    if (pending.length === 0) {
      this.outbox.prune();
      return;
    }
    const attempts = Math.min(...pending.map((p) => p.attempts));
    this.timers.set(
      message.id,
      setTimeout(() => void this.tick(message), retryDelay(attempts, this.retry)),
    );
  }

  /** No receipt in time: send again to each pending recipient, or mark it failed after maxAttempts. */
  private async tick(message: OutgoingMessage): Promise<void> {
    this.timers.delete(message.id);
    const { joined, epoch } = this.host.context();
    if (!joined) return this.scheduleRetry(message); // offline: the re-join resends
    const again: OutgoingPart[] = [];
    for (const part of this.outbox.pendingParts(message.id)) {
      if (part.state === 'held') continue;
      const peer = this.host.peer(part.to);
      if (part.attempts >= this.retry.maxAttempts) {
        const reason =
          peer && !peer.present
            ? `${part.toName} left the room and did not come back in time.`
            : `No delivery receipt from ${part.toName} after ${part.attempts} tries.`;
        this.outbox.fail(message.id, part.to, reason);
        this.host.log('warn', `Message to ${part.toName} failed: ${reason}`);
        continue;
      }
      part.attempts++;
      if (peer && (await this.refresh(message, part, peer))) again.push(part);
    }
    if (epoch !== this.host.context().epoch) return;
    this.host.updated(message);
    if (again.length > 0) {
      this.host.log('info', `No receipt yet; sending again to ${again.map((p) => p.toName).join(', ')}`);
      transmitParts(this.wire, message, again);
    }
    this.scheduleRetry(message);
  }
}

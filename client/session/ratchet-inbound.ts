// Incoming v2 pair traffic (docs/protocol.md "v2: how the browser client uses it"): `ratchet` dms opened in the
// pair's Double Ratchet (chat messages and authenticated receipts), and plain v1 `msg`/`receipt` refused on v2 pairs.
import type { DmDelivery } from '../../common/wire.js';
import type { Delivery } from './delivery.js';
import type { FloodGuard } from './flood.js';
import { identityOf, type MembershipState } from './membership.js';
import { isReady, type PeerRecord, type PeerTable } from './peers.js';
import type { PairSessions } from './ratchet-channel.js';
import { encryptRatchetReceipt, openRatchet, RATCHET_KIND } from './ratchet-messages.js';
import type { RelaySocket } from './relay-socket.js';
import type { ReplayGuard } from './replay.js';
import type { Channel } from './channel.js';
import type { ChatMessage, LogEntry } from './types.js';

/** What the v2 handler needs from the session. */
export interface RatchetInboundHost {
  /** The live membership: room, our id and name. */
  readonly membership: Readonly<MembershipState>;
  /** The negotiated protocol and ratchet of each pair. */
  readonly pairs: PairSessions;
  /** The session's peers (records, names, per-peer queues). */
  readonly peers: PeerTable;
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** The visible state changed. */
  changed(): void;
  /** An authenticated receipt that is not for a chat message (a sender-key distribution's): true when consumed. */
  receipt?(from: string, id: string, ok: boolean, reason?: string): boolean;
}

/** What Inbound lends the v2 handler for one dm: its replay guard, flood guard, delivery and receipt path. */
export interface RatchetInboundContext {
  /** Which (room, sender, id) this tab has shown (shared with v1 messages). */
  readonly seen: ReplayGuard;
  /** The per-sender guard of `ratchet` dms (messages and receipts together). */
  readonly flood: FloodGuard;
  /** Inbound's host: adding messages to the chat, the clock, verification. */
  readonly host: {
    received(message: ChatMessage): void;
    now(): number;
    verified(peer: PeerRecord & { channel: Channel }): boolean;
  };
  /** Outgoing messages waiting for receipts. */
  readonly delivery: Delivery;
  /** Answer a message within the receipt budget (encrypted again by sendReceipt below on a v2 pair). */
  sendReceipt(to: string, id: string, ok: boolean, reason?: string): void;
}

/** Handles the v2 side of incoming dms for one session. */
export class RatchetInbound {
  /** Create the handler over the session's pairs and peers. */
  constructor(private readonly host: RatchetInboundHost) {}

  /** True when the pair with member `id` speaks v2. */
  isV2(id: string): boolean {
    return this.host.pairs.isV2(this.host.peers.get(id));
  }

  /**
   * A plain `msg` or `receipt` from a member whose pair speaks v2 is refused, unopened, with one warning: an
   * honest v2 peer sends both inside the ratchet, so it is a relay's forgery or a downgrade. True when refused.
   * `warn` writes the line (Inbound passes its per-sender RefusalLines, so a flood of them is one line per burst).
   */
  refusesV1(d: DmDelivery, warn?: (name: string, text: string) => void): boolean {
    if (!this.isV2(d.from)) return false;
    const name = this.host.peers.name(d.from);
    const text =
      d.kind === 'receipt'
        ? `Ignored a plain delivery receipt from ${name}: ${name}'s client speaks v2, whose receipts travel ` +
          'encrypted, so this one looks forged (a relay could have written it).'
        : `Ignored an unencrypted v1 message from ${name}: your pair speaks v2 (Double Ratchet), so it looks like a downgrade.`;
    if (warn) warn(name, text);
    else this.host.log('warn', text);
    this.host.changed();
    return true;
  }

  /** A `ratchet` dm: refused unless the pair speaks v2, then flood-guarded and opened in order with the peer's events. */
  dm(d: DmDelivery, ctx: RatchetInboundContext): void {
    // Before anything else, so a flood costs a map lookup and at most one activity line per burst.
    const verdict = ctx.flood.take(d.from);
    if (verdict !== 'accept') {
      if (verdict === 'refuse-first') {
        const name = this.host.peers.name(d.from);
        this.host.log('warn', `${name} is sending too many encrypted messages: ignoring them for now.`);
        this.host.changed();
      }
      return;
    }
    const peer = this.host.peers.get(d.from);
    if (!peer || !this.host.pairs.isV2(peer)) {
      this.host.log(
        'warn',
        `Ignored a v2 (Double Ratchet) message from ${this.host.peers.name(d.from)}: your pair speaks v1.`,
      );
      this.host.changed();
      return;
    }
    this.host.peers.enqueue(peer, () => this.open(peer, d, ctx));
  }

  private async open(peer: PeerRecord, d: DmDelivery, ctx: RatchetInboundContext): Promise<void> {
    const m = this.host.membership;
    const name = this.host.peers.name(d.from);
    const ignore = (reason: string): void => {
      this.host.log('warn', `Could not decrypt a message from ${name}: ${reason} No receipt was sent.`);
      this.host.changed();
    };
    if (!isReady(peer) || !m.room || !m.me) return ignore(`no secure channel with ${name} yet.`);
    // A resend of a message already shown: its key was deleted on first use, so it is answered unopened.
    if (ctx.seen.shown(m.room, d.from, d.id)) {
      this.host.log('info', `Dropped a copy of a message from ${name} that this tab already showed`);
      ctx.sendReceipt(d.from, d.id, true);
      this.host.changed();
      return;
    }
    let opened;
    try {
      const ratchet = await this.host.pairs.ratchet(peer);
      const verified = ctx.host.verified(peer);
      opened = await openRatchet(
        d,
        name,
        m.room,
        identityOf(m),
        peer.channel,
        ratchet,
        ctx.host.now(),
        verified,
      );
    } catch (e) {
      return ignore(e instanceof Error ? e.message : 'the ratchet could not start.');
    }
    if (opened.kind === 'receipt') {
      const { ok, reason } = opened;
      if (this.host.receipt?.(d.from, d.id, ok, reason)) return;
      void ctx.delivery.receipt(d.from, d.id, { ok, ...(reason === undefined ? {} : { reason }) }, true);
      return;
    }
    const refuse = (reason: string): void => {
      this.host.log('warn', `Could not decrypt a message from ${name}: ${reason}`);
      ctx.sendReceipt(d.from, d.id, false, reason);
      this.host.changed();
    };
    if (opened.kind === 'refused') return opened.authentic ? refuse(opened.reason) : ignore(opened.reason);
    const message = opened.message;
    const plausible = message.arrivedAt === undefined;
    if (plausible && ctx.seen.predatesChannel(peer.channel.derived.keyFingerprint, message.ts))
      return refuse(`it says it was written before your channel with ${name} existed (a replayed message?).`);
    if (!ctx.seen.show(m.room, d.from, d.id)) return;
    ctx.host.received(message);
    this.host.log(
      'info',
      `Message from ${name} decrypted with its Double Ratchet key (v2); the tag verified`,
    );
    ctx.sendReceipt(d.from, d.id, true);
    this.host.changed();
  }

  /** Send the receipt for message `id` of `to` encrypted in the pair's ratchet, bound to `id` (kind `ratchet`). */
  async sendReceipt(
    socket: RelaySocket,
    to: string,
    id: string,
    ok: boolean,
    reason?: string,
  ): Promise<void> {
    const m = this.host.membership;
    const peer = this.host.peers.get(to);
    if (!isReady(peer) || !m.room || !m.me) return;
    try {
      const ratchet = await this.host.pairs.ratchet(peer);
      const body = await encryptRatchetReceipt(m.room, m.me, to, id, ok, reason, ratchet);
      socket.emit('dm', { id, kind: RATCHET_KIND, parts: [{ to, body }] });
    } catch (e) {
      this.host.log('warn', `Could not encrypt a receipt for ${this.host.peers.name(to)}: ${String(e)}`);
      this.host.changed();
    }
  }
}

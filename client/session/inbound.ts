// Incoming `dm`s: receipts go to delivery; messages pass the flood guard, are opened in order per peer, shown once and
// answered within the receipt budget, but only when our channel key opened them.
import { DM_BODIES, SKDIST_KIND } from '../../common/schema/index.js';
import type { BcastDelivery, DmDelivery, ReceiptBody } from '../../common/wire.js';
import type { SenderKeyInbound } from './sender-key-inbound.js';
import type { Delivery } from './delivery.js';
import { DEFAULT_INBOUND_RATE, FloodGuard, RefusalLines, type InboundRate } from './flood.js';
import { identityOf, type MembershipState } from './membership.js';
import { openIncoming } from './messages.js';
import type { Channel } from './channel.js';
import { isReady, type PeerRecord, type PeerTable } from './peers.js';
import { DEFAULT_RECEIPT_RATE, ReceiptBudget, type ReceiptRate } from './receipt-budget.js';
import { ReplayGuard } from './replay.js';
import type { RatchetInbound, RatchetInboundContext } from './ratchet-inbound.js';
import type { ChatMessage, LogEntry } from './types.js';

/** What inbound handling needs from the session that owns it. */
export interface InboundHost {
  /** The live membership: socket, room, our id and name. */
  readonly membership: Readonly<MembershipState>;
  /** A message was opened and its tag verified: add it to the chat. */
  received(message: ChatMessage): void;
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** The visible state changed. */
  changed(): void;
  /** Clock (ms since epoch): the flood guard's refill and the arrival time of messages. */
  now(): number;
  /** True when the user marked the channel with `peer` verified (verification.ts): shown on the message. */
  verified(peer: PeerRecord & { channel: Channel }): boolean;
  /** v2 hooks (ratchet-inbound.ts): absent, every pair is v1 and `ratchet` dms are ignored. */
  v2?: RatchetInbound;
  /** Sender keys (sender-key-inbound.ts): absent, `skdist` dms and `bcast` events are ignored. */
  senderKeys?: SenderKeyInbound;
}

/** Handles the `dm` events of one membership; `reset()` on leave. */
export class Inbound {
  /** Kept for the life of the tab, across memberships: a rejoin must not show an old message again. */
  private readonly seen = new ReplayGuard();
  private readonly flood: FloodGuard;
  private readonly rate: InboundRate;
  private readonly receiptRate: ReceiptRate;
  private readonly receipts: ReceiptBudget;
  /** Where `confirm` dms go (Room passphrase, confirmations.ts); unset, they are ignored like any unknown kind. */
  onConfirm?: (d: DmDelivery) => void;
  /** `ratchet` dms carry messages and receipts, so their guard allows both rates together (ratchet-inbound.ts). */
  private readonly v2Flood: FloodGuard;
  /** Lines for dms refused before the flood guard (malformed receipts, v1 dms on a v2 pair): bounded per sender. */
  private readonly refusals: RefusalLines;

  /**
   * Create the handler over the session's peers and delivery, refusing floods past `rate` (default
   * DEFAULT_INBOUND_RATE) and sending at most `receiptRate` receipts (default DEFAULT_RECEIPT_RATE).
   */
  constructor(
    private readonly host: InboundHost,
    private readonly peers: PeerTable,
    private readonly delivery: Delivery,
    rate: Partial<InboundRate> = {},
    receiptRate: Partial<ReceiptRate> = {},
  ) {
    this.rate = { ...DEFAULT_INBOUND_RATE, ...rate };
    this.flood = new FloodGuard(this.rate, () => host.now());
    this.receiptRate = { ...DEFAULT_RECEIPT_RATE, ...receiptRate };
    this.receipts = new ReceiptBudget(this.receiptRate, () => host.now());
    const both = {
      perSecond: this.rate.perSecond + this.receiptRate.perSecond,
      burst: this.rate.burst + this.receiptRate.burst,
    };
    this.v2Flood = new FloodGuard(both, () => host.now());
    this.refusals = new RefusalLines(
      (text) => host.log('warn', text),
      this.rate,
      () => host.now(),
    );
  }

  /**
   * A `dm` from the relay (envelope checked against the wire schema): a receipt for one of our
   * messages, or a message to open. Other kinds are extensions this client does not know: ignored.
   */
  dm(d: DmDelivery): void {
    if (d.kind === 'receipt') return this.receipt(d);
    if (d.kind === 'confirm') return this.onConfirm?.(d);
    if (d.kind === 'ratchet' && this.host.v2) return this.host.v2.dm(d, this.v2Context());
    if (d.kind === SKDIST_KIND) return this.host.senderKeys?.skdist(d, this.v2Context());
    if (d.kind !== 'msg') return;
    // A v2 pair never sends `msg`: one is a downgrade (a stolen v1 key, or a confused peer), refused unopened.
    if (this.host.v2?.refusesV1(d, this.warnRefused(d.from))) return;
    // Before any queueing or decryption: a flood costs a map lookup per message, and gets no receipt.
    const verdict = this.flood.take(d.from);
    if (verdict !== 'accept') {
      if (verdict === 'refuse-first') this.refusingFlood(d.from);
      return;
    }
    const peer = this.peers.get(d.from);
    // In order with this peer's key events, so a message never races the derivation it needs.
    if (peer) this.peers.enqueue(peer, () => this.handleMsg(peer, d));
    else void this.handleMsg(undefined, d);
  }

  /** A `bcast` from the relay (envelope checked): kind `skmsg` goes to the sender keys; other kinds are ignored. */
  bcast(b: BcastDelivery): void {
    this.host.senderKeys?.bcast(b, this.v2Context());
  }

  /** A `receipt` dm: its body is checked against the wire schema (common/schema/bodies.ts) before delivery sees it. */
  private receipt(d: DmDelivery): void {
    // On a v2 pair receipts travel encrypted (ratchet-inbound.ts): a plain one is what a relay could forge.
    if (this.host.v2?.refusesV1(d, this.warnRefused(d.from))) return;
    const body = DM_BODIES.receipt.safeParse(d.body);
    if (body.success) void this.delivery.receipt(d.from, d.id, body.data);
    else {
      const name = this.peers.name(d.from);
      this.warnRefused(d.from)(name, `Ignored a malformed delivery receipt from ${name}.`);
      this.host.changed();
    }
  }

  /** Writes one refusal line for `from` within its RefusalLines budget. */
  private warnRefused(from: string): (name: string, text: string) => void {
    return (name, text) => void this.refusals.warn(from, name, text);
  }

  /** One activity line per burst refused (docs/security.md "A member who floods"). */
  private refusingFlood(from: string): void {
    const { perSecond, burst } = this.rate;
    this.host.log(
      'warn',
      `${this.peers.name(from)} is sending more than ${perSecond} messages a second (burst ${burst}): ` +
        'ignoring their messages until they slow down. Ignored messages are not shown and get no receipt.',
    );
    this.host.changed();
  }

  /** Forget the flood state of a member who left. */
  forget(id: string): void {
    this.flood.forget(id);
    this.v2Flood.forget(id);
    this.refusals.forget(id);
  }

  /** Forget every sender's flood state (leaving the room); which messages were shown is kept for the tab's life. */
  reset(): void {
    this.flood.clear();
    this.v2Flood.clear();
    this.refusals.clear();
  }

  /** The channel with member `id` is ready: the first time its key pair is ready here dates the channel. */
  channelReady(id: string): void {
    const peer = this.peers.get(id);
    if (isReady(peer)) this.seen.channelReady(peer.channel.derived.keyFingerprint, this.host.now());
  }

  /** What the v2 handler shares of this one: the replay guard, the receipt path and the host. */
  private v2Context(): RatchetInboundContext {
    const sendReceipt = (to: string, id: string, ok: boolean, reason?: string): void =>
      this.sendReceipt(to, id, ok, reason);
    return { seen: this.seen, flood: this.v2Flood, host: this.host, delivery: this.delivery, sendReceipt };
  }

  /** Answer message `id` of `to` (whom our channel key proved), if the receipt budget allows (receipt-budget.ts). */
  private sendReceipt(to: string, id: string, ok: boolean, reason?: string): void {
    const { socket, joined } = this.host.membership;
    if (!socket || !joined) return; // the author resends; we answer then
    const verdict = this.receipts.take();
    if (verdict === 'skip-first')
      this.host.log(
        'warn',
        `More than ${this.receiptRate.perSecond} messages a second to answer (burst ${this.receiptRate.burst}): ` +
          'some get no receipt for now, so your own key and messages still get through. Their authors send them again.',
      );
    if (verdict !== 'send') return;
    const v2 = this.host.v2;
    if (v2?.isV2(to)) return void v2.sendReceipt(socket, to, id, ok, reason);
    const body: ReceiptBody = ok ? { ok } : { ok, reason };
    socket.emit('dm', { id, kind: 'receipt', parts: [{ to, body }] });
  }

  private async handleMsg(peer: PeerRecord | undefined, d: DmDelivery): Promise<void> {
    const m = this.host.membership;
    const name = this.peers.name(d.from);
    // Unopened, it may come from anyone: no receipt, so junk cannot spend our rate budget (docs/security.md).
    const ignore = (reason: string): void => {
      this.host.log('warn', `Could not decrypt a message from ${name}: ${reason} No receipt was sent.`);
      this.host.changed();
    };
    // Opened with our channel key, so its author holds that key: a failed receipt tells them why.
    const refuse = (reason: string): void => {
      this.host.log('warn', `Could not decrypt a message from ${name}: ${reason}`);
      this.sendReceipt(d.from, d.id, false, reason);
      this.host.changed();
    };
    if (!isReady(peer) || !m.room || !m.me)
      return ignore(`no secure channel with ${name} yet${peer?.reason ? ` (${peer.reason})` : ''}.`);
    const verified = this.host.verified(peer);
    const opened = await openIncoming(
      d,
      name,
      m.room,
      identityOf(m),
      peer.channel,
      this.host.now(),
      verified,
    );
    if (!opened.ok) return opened.authentic ? refuse(opened.reason) : ignore(opened.reason);
    if (this.seen.shown(m.room, d.from, d.id)) {
      this.host.log('info', `Dropped a copy of a message from ${name} that this tab already showed`);
      this.sendReceipt(d.from, d.id, true);
      this.host.changed();
      return;
    }
    // An implausible time (item 7) is shown as the arrival time instead; a plausible one may not predate the channel.
    const plausible = opened.message.arrivedAt === undefined;
    if (plausible && this.seen.predatesChannel(peer.channel.derived.keyFingerprint, opened.message.ts))
      return refuse(`it says it was written before your channel with ${name} existed (a replayed message?).`);
    if (!this.seen.show(m.room, d.from, d.id)) return; // a concurrent copy won
    this.host.received(opened.message);
    this.host.log('info', `Message from ${name} decrypted; the tag verified`);
    this.sendReceipt(d.from, d.id, true);
    this.host.changed();
  }
}

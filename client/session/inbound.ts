// Incoming `dm`s: receipts go to delivery; messages are opened in order per peer, shown once and answered.
import { DM_BODIES } from '../../common/schema/index.js';
import type { DmDelivery, ReceiptBody } from '../../common/wire.js';
import { SeenMessages } from './dedupe.js';
import type { Delivery } from './delivery.js';
import { identityOf, type MembershipState } from './membership.js';
import { openIncoming } from './messages.js';
import { isReady, type PeerRecord, type PeerTable } from './peers.js';
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
}

/** Handles the `dm` events of one membership; `reset()` on leave. */
export class Inbound {
  private readonly seen = new SeenMessages();

  /** Create the handler over the session's peers and delivery pipeline. */
  constructor(
    private readonly host: InboundHost,
    private readonly peers: PeerTable,
    private readonly delivery: Delivery,
  ) {}

  /**
   * A `dm` from the relay (envelope checked against the wire schema): a receipt for one of our
   * messages, or a message to open. Other kinds are extensions this client does not know: ignored.
   */
  dm(d: DmDelivery): void {
    if (d.kind === 'receipt') return this.receipt(d);
    if (d.kind !== 'msg') return;
    const peer = this.peers.get(d.from);
    // In order with this peer's key events, so a message never races the derivation it needs.
    if (peer) this.peers.enqueue(peer, () => this.handleMsg(peer, d));
    else void this.handleMsg(undefined, d);
  }

  /** A `receipt` dm: its body is checked against the wire schema (common/schema/bodies.ts) before delivery sees it. */
  private receipt(d: DmDelivery): void {
    const body = DM_BODIES.receipt.safeParse(d.body);
    if (body.success) void this.delivery.receipt(d.from, d.id, body.data);
    else {
      this.host.log('warn', `Ignored a malformed delivery receipt from ${this.peers.name(d.from)}.`);
      this.host.changed();
    }
  }

  /** Forget which messages were shown (leaving the room). */
  reset(): void {
    this.seen.clear();
  }

  private sendReceipt(to: string, id: string, ok: boolean, reason?: string): void {
    const { socket, joined } = this.host.membership;
    if (!socket || !joined) return; // the author resends; we answer then
    const body: ReceiptBody = ok ? { ok } : { ok, reason };
    socket.emit('dm', { id, kind: 'receipt', parts: [{ to, body }] });
  }

  private async handleMsg(peer: PeerRecord | undefined, d: DmDelivery): Promise<void> {
    const m = this.host.membership;
    const name = peer?.name ?? this.peers.name(d.from);
    const refuse = (reason: string): void => {
      this.host.log('warn', `Could not decrypt a message from ${name}: ${reason}`);
      this.sendReceipt(d.from, d.id, false, reason);
      this.host.changed();
    };
    if (this.seen.has(d.from, d.id)) {
      this.host.log('info', `Dropped a duplicate of a message from ${name} (already shown)`);
      this.sendReceipt(d.from, d.id, true);
      this.host.changed();
      return;
    }
    if (!isReady(peer) || !m.room || !m.me)
      return refuse(`no secure channel with ${name} yet${peer?.reason ? ` (${peer.reason})` : ''}.`);
    const opened = await openIncoming(d, name, m.room, identityOf(m), peer.channel);
    if (!opened.ok) return refuse(opened.reason);
    if (!this.seen.add(d.from, d.id)) return; // a concurrent copy won
    this.host.received(opened.message);
    this.host.log('info', `Message from ${name} decrypted; the tag verified`);
    this.sendReceipt(d.from, d.id, true);
    this.host.changed();
  }
}

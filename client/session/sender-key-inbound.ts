// Incoming sender keys (docs/protocol.md "v2: how the browser client uses sender keys"): `skdist` dms opened in the
// pair's Double Ratchet, and `bcast` events of kind `skmsg` verified and read with the sender's chain we hold.
import { SKMSG_KIND } from '../../common/schema/sender-key.js';
import type { BcastDelivery, DmDelivery } from '../../common/wire.js';
import { acceptDistribution, forgetChain, type ReceiverChain } from '../crypto/sender-key/receiver.js';
import { identityOf, type MembershipState } from './membership.js';
import { isReady, type PeerRecord, type PeerTable } from './peers.js';
import type { PairSessions } from './ratchet-channel.js';
import type { RatchetInboundContext } from './ratchet-inbound.js';
import { openSkmsg, skRefusalText } from './sender-key-messages.js';
import type { LogEntry } from './types.js';

/** Most senders whose chain is kept at once (one chain per sender); past it the least recently used is wiped. */
export const MAX_HELD_CHAINS = 256;

/** What the receiving side needs from the session. */
export interface SenderKeyInboundHost {
  /** The live membership: room, our id and name. */
  readonly membership: Readonly<MembershipState>;
  /** The pairs' protocols and ratchets. */
  readonly pairs: PairSessions;
  /** The session's peers. */
  readonly peers: PeerTable;
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** The visible state changed. */
  changed(): void;
}

/** One sender's chain as we hold it, with the `skdist` id that brought it (a resend of it is answered unopened). */
interface Held {
  chain: ReceiverChain;
  distId: string;
}

/** The chains other members gave us (one per sender, bounded) and what arrives with them. */
export class SenderKeyInbound {
  private readonly held = new Map<string, Held>();
  /** Senders whose broadcast reached us before we had a channel with them (told once each, not per broadcast). */
  private readonly toldNoChannel = new Set<string>();

  /** Create the receiving side over the session's pairs and peers. */
  constructor(private readonly host: SenderKeyInboundHost) {}

  /** Whether we hold a chain from member `id`. */
  holds(id: string): boolean {
    return this.held.has(id);
  }

  /** How many chains we hold (tests of the bound). */
  get size(): number {
    return this.held.size;
  }

  /** Member `id` left (or the membership ended): wipe its chain. */
  forget(id: string): void {
    const h = this.held.get(id);
    if (h) forgetChain(h.chain);
    this.held.delete(id);
    this.toldNoChannel.delete(id);
  }

  /** Wipe every chain (leaving the room). */
  reset(): void {
    for (const id of [...this.held.keys()]) this.forget(id);
    this.toldNoChannel.clear();
  }

  /** An `skdist` dm: flood-guarded, then opened in the pair's ratchet in order with the peer's other events. */
  skdist(d: DmDelivery, ctx: RatchetInboundContext): void {
    if (!this.admit(d.from, ctx)) return;
    const peer = this.host.peers.get(d.from);
    if (!peer || !this.host.pairs.isV2(peer)) {
      this.line('warn', `Ignored a sender key from ${this.host.peers.name(d.from)}: your pair speaks v1.`);
      return;
    }
    this.host.peers.enqueue(peer, () => this.openDist(peer, d, ctx));
  }

  /** A `bcast` (schema-checked envelope): `skmsg` is verified and read; other kinds are ignored without a word. */
  bcast(b: BcastDelivery, ctx: RatchetInboundContext): void {
    if (b.kind !== SKMSG_KIND) return;
    if (!this.admit(b.from, ctx)) return;
    const peer = this.host.peers.get(b.from);
    const name = this.host.peers.name(b.from);
    if (!peer || !this.host.pairs.isV2(peer)) {
      this.line(
        'warn',
        `Ignored a sender-keys broadcast from ${name}: your pair speaks v1 (or ${name} is unknown).`,
      );
      return;
    }
    this.host.peers.enqueue(peer, () => this.openBcast(peer, b, ctx));
  }

  /** The per-sender flood guard shared with `ratchet` dms; one activity line per refused burst. */
  private admit(from: string, ctx: RatchetInboundContext): boolean {
    const verdict = ctx.flood.take(from);
    if (verdict === 'refuse-first')
      this.line(
        'warn',
        `${this.host.peers.name(from)} is sending too many encrypted messages: ignoring them for now.`,
      );
    return verdict === 'accept';
  }

  private line(level: LogEntry['level'], text: string): void {
    this.host.log(level, text);
    this.host.changed();
  }

  private async openDist(peer: PeerRecord, d: DmDelivery, ctx: RatchetInboundContext): Promise<void> {
    const m = this.host.membership;
    const name = this.host.peers.name(d.from);
    if (!isReady(peer) || !m.room || !m.me)
      return this.line('warn', `Ignored a sender key from ${name}: no secure channel yet.`);
    const current = this.held.get(d.from);
    // A resend of the distribution we took (our receipt was lost): its ratchet key is gone, so answer unopened.
    if (current?.distId === d.id) return ctx.sendReceipt(d.from, d.id, true);
    let plaintext: unknown;
    try {
      const ratchet = await this.host.pairs.ratchet(peer);
      const opened = await ratchet.decryptBody(d.body, { room: m.room, from: d.from, to: m.me, id: d.id });
      plaintext = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(opened.plaintext));
    } catch (e) {
      const why = e instanceof Error ? e.message : 'it could not be decrypted.';
      return this.line('warn', `Could not open a sender key from ${name}: ${why} No receipt was sent.`);
    }
    const got = await acceptDistribution(this.held.get(d.from)?.chain, plaintext);
    if (!got.ok) {
      this.line('warn', skRefusalText(name, got.reason, got.message));
      return ctx.sendReceipt(d.from, d.id, false, got.message);
    }
    this.held.delete(d.from);
    this.held.set(d.from, { chain: got.chain, distId: d.id });
    while (this.held.size > MAX_HELD_CHAINS) this.forget(this.held.keys().next().value!);
    if (got.changed)
      this.host.log(
        'info',
        `Received ${name}'s sender key (pairwise, inside your Double Ratchet): you can read ${name}'s broadcasts from message ${got.chain.first} on, none before`,
      );
    ctx.sendReceipt(d.from, d.id, true);
    this.host.changed();
  }

  private async openBcast(peer: PeerRecord, b: BcastDelivery, ctx: RatchetInboundContext): Promise<void> {
    const m = this.host.membership;
    const name = this.host.peers.name(b.from);
    // A broadcast goes to the whole room, readable by the members holding the sender's chain: without a channel
    // with the sender it is simply not for us (said once per sender, as information, not as a warning).
    if (!isReady(peer) || !m.room || !m.me) {
      if (this.toldNoChannel.has(b.from)) return;
      this.toldNoChannel.add(b.from);
      return this.line(
        'info',
        `A broadcast from ${name} is not for you yet: you have no secure channel with ${name}.`,
      );
    }
    // A copy of a message already shown (the pairwise copy came first, or a resend): answered, shown once.
    if (ctx.seen.shown(m.room, b.from, b.id)) {
      this.host.log('info', `Dropped a copy of a message from ${name} that this tab already showed`);
      ctx.sendReceipt(b.from, b.id, true);
      return this.host.changed();
    }
    const held = this.held.get(b.from);
    const verified = ctx.host.verified(peer);
    const opened = await openSkmsg(b, name, m.room, identityOf(m), held?.chain, ctx.host.now(), verified);
    if (!opened.ok) {
      const quiet = opened.reason === 'no-sender-key' || opened.reason === 'unknown-chain';
      this.line(quiet ? 'info' : 'warn', skRefusalText(name, opened.reason, opened.message));
      if (opened.authentic) ctx.sendReceipt(b.from, b.id, false, opened.message);
      return;
    }
    const message = opened.message;
    if (
      message.arrivedAt === undefined &&
      ctx.seen.predatesChannel(peer.channel.derived.keyFingerprint, message.ts)
    ) {
      const reason = `it says it was written before your channel with ${name} existed (a replayed message?).`;
      this.line('warn', `Could not read a sender-keys message from ${name}: ${reason}`);
      return ctx.sendReceipt(b.from, b.id, false, reason);
    }
    if (!ctx.seen.show(m.room, b.from, b.id)) return;
    ctx.host.received(message);
    this.host.log(
      'info',
      `Message from ${name} read with ${name}'s sender key (v2 broadcast, message ${opened.n}); the signature and tag verified`,
    );
    ctx.sendReceipt(b.from, b.id, true);
    this.host.changed();
  }
}

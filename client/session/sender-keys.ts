// Our own sender chain in the session (docs/protocol.md "v2: how the browser client uses sender keys"): when to use
// it, distributing it pairwise (`skdist` inside each pair's Double Ratchet), rotating it, and who holds it.
import { SKDIST_KIND } from '../../common/schema/sender-key.js';
import { utf8 } from '../crypto/bytes.js';
import { SENDER_KEYS_FROM_MEMBERS, useSenderKeys } from '../crypto/sender-key/cost.js';
import { senderKeyAction, type RoomChange } from '../crypto/sender-key/policy.js';
import { distributionOf, newSenderChain, type SenderChain } from '../crypto/sender-key/sender.js';
import type { RatchetWireBody } from '../crypto/ratchet/header.js';
import type { MembershipState } from './membership.js';
import { retryDelay, type RetryPolicy } from './outbox.js';
import { isReady, type PeerRecord, type PeerTable } from './peers.js';
import type { PairSessions } from './ratchet-channel.js';
import { newMessageId } from './resume.js';
import type { LogEntry, SenderKeysView } from './types.js';

/** What the sender side needs from the session. */
export interface SenderKeysHost {
  /** The live membership: socket, room, our id. */
  readonly membership: Readonly<MembershipState>;
  /** The peers and their channels. */
  readonly peers: PeerTable;
  /** The pairs' protocols and Double Ratchets (a distribution travels inside the ratchet). */
  readonly pairs: PairSessions;
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** The visible state changed. */
  changed(): void;
}

/** Our chain as given to one peer: which chain, over which pairwise channel, and whether it acknowledged it. */
interface Given {
  chain: string;
  /** The pair channel's key fingerprint the distribution was encrypted in: a new key means a new distribution. */
  fingerprint: string;
  /** The `skdist` dm id; its authenticated receipt has the same id. */
  id: string;
  body: RatchetWireBody;
  state: 'sent' | 'held';
  attempts: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** This member's sender chain and its distribution to the v2 peers; one chain at a time. */
export class SenderKeys {
  private chain?: SenderChain;
  private creating?: Promise<SenderChain>;
  private onDemand = false;
  /** At most one record per peer (a member of the room; bounded by the room size and cleared on leave). */
  private readonly given = new Map<string, Given>();
  /** Members the current chain was ever sent to (a leave among them rotates); cleared with the chain. */
  private readonly sentTo = new Set<string>();
  /** Bumped on every rotation and reset: work started for an older generation is dropped. */
  private generation = 0;

  /** Create the sender side; distributions are sent again on `retry`'s schedule until acknowledged. */
  constructor(
    private readonly host: SenderKeysHost,
    private readonly retry: RetryPolicy,
  ) {}

  /** Room size as the switch counts it: the present peers and us. */
  members(): number {
    return this.host.peers.all().filter((p) => p.present).length + 1;
  }

  /** Whether our text messages use sender keys now (`useSenderKeys`, docs/protocol.md "v2: sender keys"). */
  get active(): boolean {
    return useSenderKeys(this.members(), this.onDemand);
  }

  /** Turn the on-demand switch on or off; distributes at once when that makes sender keys active. */
  setOnDemand(on: boolean): void {
    if (this.onDemand === on) return;
    this.onDemand = on;
    this.host.log(
      'info',
      on
        ? 'Sender keys on: your messages go to the v2 members as one broadcast, signed with your sender key'
        : `Sender keys on demand off: they are used from ${SENDER_KEYS_FROM_MEMBERS} members on`,
    );
    this.sync();
    this.host.changed();
  }

  /** The peers whose acknowledged copy of our current chain lets them read a `bcast` now (ready v2 pairs). */
  holders(): (PeerRecord & { channel: NonNullable<PeerRecord['channel']> })[] {
    if (!this.active || !this.chain) return [];
    const chain = this.chain.chain;
    return this.host.peers.ready().filter((p) => {
      const g = this.given.get(p.id);
      const fp = p.channel.derived.keyFingerprint;
      return g?.state === 'held' && g.chain === chain && g.fingerprint === fp && this.host.pairs.isV2(p);
    });
  }

  /** The current chain for a message (a new one first when it is used up); undefined if there is none yet. */
  current(): SenderChain | undefined {
    return this.chain;
  }

  /** Bring the distribution up to date: while active, every ready v2 peer without our current chain gets it. */
  sync(): void {
    if (!this.active) return;
    const m = this.host.membership;
    if (!m.joined || !m.room || !m.me) return;
    for (const peer of this.host.peers.ready()) {
      if (!this.host.pairs.isV2(peer)) continue;
      const g = this.given.get(peer.id);
      const fp = peer.channel.derived.keyFingerprint;
      if (g && g.fingerprint === fp && (g.chain === this.chain?.chain || !this.chain)) continue;
      void this.distribute(peer.id);
    }
  }

  /** A room change (policy.ts `senderKeyAction`): a leave rotates; a new key or a join gets the chain as it stands. */
  change(change: RoomChange): void {
    const action = senderKeyAction(change);
    if (action.member) this.clear(action.member);
    // A leaver that was never sent our chain (a v1 member, say) cannot read it: no rotation needed.
    const holds = change.type !== 'leave' || this.sentTo.has(change.member);
    if (action.rotate && this.chain && holds) {
      this.rotate();
      this.host.log('info', `New sender chain: ${action.why}`);
    }
    // A joiner or a new key is served when its new channel is ready (`channel-ready` → sync), not over the old one.
    if (action.distributeTo === 'all') this.sync();
    this.host.changed();
  }

  /** A receipt for one of our `skdist` dms: true when it was one (then it is consumed here). */
  receipt(from: string, id: string, ok: boolean, reason?: string): boolean {
    const g = this.given.get(from);
    if (!g || g.id !== id) return false;
    const name = this.host.peers.name(from);
    clearTimeout(g.timer);
    delete g.timer;
    if (ok && g.state !== 'held') {
      g.state = 'held';
      this.host.log('info', `${name} holds your sender key now: your messages reach ${name} by broadcast`);
    } else if (!ok)
      this.host.log(
        'warn',
        `${name} refused your sender key (${reason ?? 'no reason'}); ${name} gets your messages pairwise`,
      );
    this.host.changed();
    return true;
  }

  /** The view for the session state and the peer cards: who holds our chain, and who cannot and why (counts). */
  view(): SenderKeysView {
    const chain = this.chain;
    const { peers, pairs } = this.host;
    const present = peers.all().filter((p) => p.present);
    const ready = peers.ready();
    const v2Peers = ready.filter((p) => pairs.isV2(p)).length;
    const readyIds = new Set(ready.map((p) => p.id));
    const awaitingKey = peers.awaitingKey().filter((p) => !readyIds.has(p.id)).length;
    return {
      active: this.active,
      onDemand: this.onDemand,
      ...(chain ? { chainId: chain.chain, iteration: chain.n } : {}),
      members: this.members(),
      holders: this.holders().length,
      v2Peers,
      v1Peers: ready.length - v2Peers,
      awaitingKey,
      noChannel: present.length - ready.length - awaitingKey,
    };
  }

  /** Whether peer `id` was sent (`sent`) or acknowledged (`held`) our current chain. */
  ours(id: string): 'sent' | 'held' | undefined {
    const g = this.given.get(id);
    return g && this.chain && g.chain === this.chain.chain ? g.state : undefined;
  }

  /** Forget everything (leaving the room): the chain is wiped; a new membership starts a new one. */
  reset(): void {
    this.rotate();
  }

  /** Drop the current chain (wiping its key) and every distribution record; the next sync starts a new one. */
  private rotate(): void {
    this.generation++;
    this.chain?.ck.fill(0);
    delete this.chain;
    delete this.creating;
    this.sentTo.clear();
    for (const id of [...this.given.keys()]) this.clear(id);
  }

  private clear(id: string): void {
    clearTimeout(this.given.get(id)?.timer);
    this.given.delete(id);
  }

  /** Our chain, started on first use; the same promise for concurrent callers of one generation. */
  private ensureChain(): Promise<SenderChain> {
    if (this.chain) return Promise.resolve(this.chain);
    const generation = this.generation;
    this.creating ??= newSenderChain().then((chain) => {
      if (generation === this.generation) this.chain = chain;
      return chain;
    });
    return this.creating;
  }

  /** Encrypt our current chain in the pair's ratchet and send it as an `skdist` dm; resent until acknowledged. */
  private async distribute(id: string): Promise<void> {
    const generation = this.generation;
    const peer = this.host.peers.get(id);
    if (!isReady(peer)) return;
    const fingerprint = peer.channel.derived.keyFingerprint;
    const placeholder = this.given.get(id);
    if (placeholder?.fingerprint === fingerprint && placeholder.chain === '') return; // already under way
    this.clear(id);
    const pending: Given = {
      chain: '',
      fingerprint,
      id: '',
      body: { h: { dh: '', pn: 0, n: 0 }, ct: '' },
      state: 'sent',
      attempts: 0,
    };
    this.given.set(id, pending);
    const m = this.host.membership;
    try {
      const chain = await this.ensureChain();
      if (generation !== this.generation || !m.room || !m.me) return;
      const ratchet = await this.host.pairs.ratchet(peer);
      const dmId = newMessageId();
      const plaintext = utf8(JSON.stringify(distributionOf(chain)));
      const enc = await ratchet.encryptBytes(plaintext, { room: m.room, from: m.me, to: id, id: dmId });
      if (generation !== this.generation || this.given.get(id) !== pending) return;
      Object.assign(pending, { chain: chain.chain, id: dmId, body: enc.body });
      this.sentTo.add(id);
      this.host.log(
        'info',
        `Sent your sender key to ${this.host.peers.name(id)} inside your pair's Double Ratchet (chain from message ${chain.n} on)`,
      );
      this.send(id, pending);
    } catch (e) {
      if (this.given.get(id) === pending) this.given.delete(id);
      const why = e instanceof Error ? e.message : String(e);
      this.host.log('warn', `Could not send your sender key to ${this.host.peers.name(id)}: ${why}`);
    }
    this.host.changed();
  }

  /** Emit one distribution (the same body on every try) and schedule the next try while it is not acknowledged. */
  private send(to: string, g: Given): void {
    const { socket, joined } = this.host.membership;
    if (!socket || !joined || this.given.get(to) !== g || g.state === 'held') return;
    g.attempts++;
    socket.emit('dm', { id: g.id, kind: SKDIST_KIND, parts: [{ to, body: g.body }] });
    if (g.attempts >= this.retry.maxAttempts) return; // no more tries: the peer keeps getting messages pairwise
    g.timer = setTimeout(() => this.send(to, g), retryDelay(g.attempts, this.retry));
  }
}

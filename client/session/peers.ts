// The other members of the room and the secure channel with each: keys, (re)derivation, views.
import type { Peer, PeerKeyEvent } from '../../common/wire.js';
import { fromBase64Url } from '../crypto/base64url.js';
import { NoSecureChannelError } from '../crypto/errors.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import type { PassphraseKey } from '../crypto/passphrase.js';
import { deriveChannel, planChannel, type AnnouncedKey, type Channel } from './channel.js';
import { labelText, type NameLabel } from './look-alike.js';
import { type LabelledMember, PeerLabels } from './peer-labels.js';
import { isAwaitingKey, isChanneled, isReady, setNoChannel } from './peer-record.js';
import { peerView, type PeerRecord, type PeerTrustView } from './peer-record.js';
import { PeerStore } from './peer-store.js';
import type { LogEntry, PeerView } from './types.js';
import { flagSharedKeys } from './views.js';

export { isAwaitingKey, isReady, peerView, type PeerRecord } from './peer-record.js';

/** What the table needs from the session that owns it. */
export interface PeerTableHost {
  /** Current room, member id, own key pair and its base64url public key. */
  context(): {
    room?: string;
    me?: string;
    myName?: string;
    myKey?: KeyAgreement;
    myPub?: string;
    pass?: PassphraseKey;
  };
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** The visible state changed. */
  changed(): void;
  /** The channel with `peerId` is (again) ready: pending messages may go out. */
  channelReady(peerId: string): void;
  /** `peerId` announced a key other than the one of `old`, the channel we had with it (a loud warning). */
  keyChanged(peerId: string, old: Channel): void;
  /**
   * Room passphrase (confirmations.ts): may the channel just derived (or kept) be used now? When not, the
   * gate has set the peer's state and reason and will call channelReady itself once the peer proves K.
   */
  gate?(peer: PeerRecord & { channel: Channel }, why: 'derived' | 'kept'): boolean;
}

/** The peers of one membership; `reset()` on leave. */
export class PeerTable {
  private readonly records = new PeerStore((text) => this.host.log('warn', text));
  /** Bumped by reset() so queued work of an old membership does nothing. */
  private generation = 0;
  /** Labels of everyone known (and us), rebuilt when a name changes; `of` says for which names. */
  private readonly labelCache = new PeerLabels();

  /** Create an empty table. */
  constructor(private readonly host: PeerTableHost) {}

  /** The record of member `id`. */
  get(id: string): PeerRecord | undefined {
    return this.records.get(id);
  }

  /** Every record, present or not. */
  all(): PeerRecord[] {
    return [...this.records.values()];
  }

  /** Display name of `id` with its member-id suffix when it needs one (look-alike.ts), or a placeholder. */
  name(id: string): string {
    const label = this.labels().get(id);
    return label ? labelText(label) : `member ${id.slice(0, 6)}`;
  }

  /** The label of every known member, present or not, and ours: names that look alike get suffixes. */
  labels(): Map<string, NameLabel> {
    return this.labelCache.labels(this.members());
  }

  /** The labels by member id as one object, the same object until a name changes (so views re-render only then). */
  namesView(): Readonly<Record<string, NameLabel>> {
    return this.labelCache.view(this.members());
  }

  /** Everyone known and us, as the labels see them. */
  private members(): LabelledMember[] {
    const { me, myName } = this.host.context();
    const members = this.all().map((p) => ({ id: p.id, name: p.name }));
    if (me !== undefined && myName !== undefined) members.push({ id: me, name: myName });
    return members;
  }

  /** Forget everyone (leaving the room). */
  reset(): void {
    this.generation++;
    this.records.clear();
    this.labelCache.clear();
  }

  /** Resolves when every queued derivation and message of every peer has finished. */
  async settled(): Promise<void> {
    await Promise.all(this.all().map((p) => p.queue));
  }

  /** Run `task` after everything already queued for `peer` (tasks of an old membership are dropped). */
  enqueue(peer: PeerRecord, task: () => Promise<void> | void): void {
    const generation = this.generation;
    peer.queue = peer.queue
      .then(() => (generation === this.generation ? task() : undefined))
      .catch(() => undefined);
  }

  private upsert(id: string, name: string): PeerRecord | undefined {
    return this.records.upsert(id, name);
  }

  /** Apply a checked member list (a join or who ack): upsert and key everyone listed; unless `markAbsent` is false, mark the rest absent. */
  reconcile(list: Peer[], markAbsent = true): void {
    const { me } = this.host.context();
    const present = new Set<string>();
    for (const p of list) {
      if (p.id === me) continue;
      present.add(p.id);
      const isNew = !this.records.has(p.id);
      const peer = this.upsert(p.id, p.name);
      if (!peer) continue;
      peer.present = true;
      if (isNew) this.host.log('info', `${this.name(p.id)} is in the room`);
      // Without a key in the ack, a known key and channel are kept until the member re-announces.
      if (p.key) this.setKey(peer, p.key);
      else this.scheduleDerive(peer);
    }
    if (markAbsent) for (const peer of this.records.values()) if (!present.has(peer.id)) peer.present = false;
  }

  /**
   * `peer-joined`; returns whether the member was already known (a return, a reload or a repeat).
   * A known member may have joined from a reloaded tab with a new key pair, so its key becomes
   * unconfirmed: no channel until its next `peer-key` (the same key restores the channel as it was).
   */
  joined(id: string, name: string): boolean {
    const existing = this.records.get(id);
    const repeat = existing !== undefined && existing.present && existing.name === name;
    const returning = existing !== undefined && !existing.present;
    const peer = this.upsert(id, name);
    if (!peer) return false;
    peer.present = true;
    // A repeat (a reload, or the relay re-announcing after an outage) is an update, not news.
    const label = this.name(id);
    if (!repeat)
      this.host.log('info', returning ? `${label} is back in the room` : `${label} joined the room`);
    if (existing) this.unconfirm(peer);
    this.host.changed();
    return existing !== undefined;
  }

  /** Stop using `peer`'s key until it announces one again; the old key is kept only to compare. */
  private unconfirm(peer: PeerRecord): void {
    if (peer.key) {
      peer.previousKey = peer.key;
      delete peer.key;
      this.host.log(
        'info',
        `Waiting for ${this.name(peer.id)} to announce its key again (it may have a new one)`,
      );
    }
    peer.state = 'no-key';
    peer.reason = `Waiting for ${this.name(peer.id)}'s public key.`;
    // A derivation already queued now finds no key; one under way is dropped as stale.
    this.scheduleDerive(peer);
  }

  /** `peer-left` (or `line` as the log line): the member leaves the list; key and channel are kept for a return. */
  left(id: string, line?: string): void {
    const peer = this.records.get(id);
    if (!peer || !peer.present) return;
    peer.present = false;
    this.host.log('info', line ?? `${this.name(id)} left the room`);
    this.host.changed();
  }

  /** `peer-key` from another member (checked against the wire schema by the caller). */
  keyEvent(p: PeerKeyEvent): void {
    const peer = this.records.get(p.from) ?? this.upsert(p.from, this.name(p.from));
    if (!peer) return;
    peer.present = true;
    this.setKey(peer, { curve: p.curve, pub: p.pub, ...(p.v ? { v: p.v } : {}) });
  }

  private setKey(peer: PeerRecord, key: AnnouncedKey): void {
    const before = peer.key ?? peer.previousKey;
    const same = before && before.curve === key.curve && before.pub === key.pub;
    // A different key after a channel existed: loud, not an info line (docs/security.md "Key changes and verification").
    if (before && !same && peer.channel) this.host.keyChanged(peer.id, peer.channel);
    peer.key = { curve: key.curve, pub: key.pub, ...(key.v ? { v: [...key.v] } : {}) };
    delete peer.previousKey;
    let bytes: number;
    try {
      bytes = fromBase64Url(key.pub).length;
    } catch {
      bytes = 0;
    }
    this.host.log(
      'info',
      same
        ? `Key re-announced by ${this.name(peer.id)} (${key.curve}, unchanged)`
        : `Key received from ${this.name(peer.id)} (${key.curve}, ${bytes} bytes)`,
    );
    this.host.changed();
    this.scheduleDerive(peer);
  }

  /** Re-derive with everyone (our own key changed). */
  deriveAll(): void {
    for (const peer of this.records.values()) this.scheduleDerive(peer);
  }

  /** Queue a (re)derivation with `peer`; keeps the channel when both keys are unchanged. */
  scheduleDerive(peer: PeerRecord): void {
    this.enqueue(peer, () => this.derive(peer));
  }

  private async derive(peer: PeerRecord): Promise<void> {
    const { room, myKey, myPub, pass } = this.host.context();
    if (!room) return;
    const own = myKey && myPub ? { curve: myKey.curve, pub: myPub } : undefined;
    const name = this.name(peer.id);
    const plan = planChannel(own, peer.key, peer.channel, name, room);
    if (plan.kind === 'no-key' || plan.kind === 'curve-mismatch') {
      if (!setNoChannel(peer, plan.kind, plan.reason)) return;
      if (plan.kind === 'curve-mismatch')
        this.host.log('warn', `No secure channel with ${name}: ${plan.reason}`);
      return this.host.changed();
    }
    if (plan.kind === 'keep') {
      // Only a channel that was not ready is news: a re-announced key or a re-join's member list
      // changes nothing, and a second channelReady would resend pending messages a second time.
      if (peer.state === 'ready') return;
      if (this.host.gate && isChanneled(peer) && !this.host.gate(peer, 'kept')) return;
      peer.state = 'ready';
      delete peer.reason;
      this.host.log('info', `Kept the secret already derived with ${name} (same keys)`);
      this.host.changed();
      this.host.channelReady(peer.id);
      return;
    }
    if (!myKey || !peer.key) return;
    const peerKey = peer.key;
    peer.state = 'deriving';
    delete peer.reason;
    this.host.changed();
    const generation = this.generation;
    const stale = (): boolean =>
      generation !== this.generation || myKey !== this.host.context().myKey || peer.key !== peerKey;
    try {
      const channel = await deriveChannel(myKey, peerKey, room, pass);
      if (stale()) return;
      peer.channel = channel;
      delete peer.confirm;
      this.host.log(
        'info',
        `Secret derived with ${name} (${channel.curve}; key fingerprint ${channel.derived.keyFingerprint})`,
      );
      if (this.host.gate && isChanneled(peer) && !this.host.gate(peer, 'derived')) return this.host.changed();
      peer.state = 'ready';
      this.host.changed();
      this.host.channelReady(peer.id);
    } catch (e) {
      if (stale()) return;
      const reason =
        e instanceof NoSecureChannelError ? e.reason : e instanceof Error ? e.message : String(e);
      peer.channel = undefined;
      peer.state = 'failed';
      peer.reason = `No secure channel: ${reason}`;
      this.host.log('error', `No secure channel with ${name}: ${reason}`);
      this.host.changed();
    }
  }

  /** Present peers waiting to confirm their key, with the channel of their previous key. */
  awaitingKey(): (PeerRecord & { channel: Channel })[] {
    return this.all().filter((p): p is PeerRecord & { channel: Channel } => isAwaitingKey(p));
  }

  /** Present peers whose channel is ready. */
  ready(): (PeerRecord & { channel: Channel })[] {
    return this.all().filter((p): p is PeerRecord & { channel: Channel } => isReady(p));
  }

  /** Z of every channel in hex (to keep them out of public steps). */
  secretsHex(): string[] {
    return this.all().flatMap((p) => (p.channel ? [p.channel.derived.zHex] : []));
  }

  /** The UI views of present peers, in arrival order, with what `trust` says of each (verification, held messages). */
  views(trust: (p: PeerRecord) => Omit<PeerTrustView, 'label'>): PeerView[] {
    const labels = this.labels();
    const views = this.all()
      .filter((p) => p.present)
      .map((p) => peerView(p, { label: labels.get(p.id) ?? { name: p.name, why: [] }, ...trust(p) }));
    return flagSharedKeys(views, this.host.context().myPub);
  }
}

// Room passphrase key confirmation (docs/protocol.md Extensions, "Room passphrase"): `confirm` dms, the gate, verdicts.
import { DM_BODIES } from '../../common/schema/index.js';
import type { ConfirmBody, DmDelivery } from '../../common/wire.js';
import { makeConfirm, openConfirm } from '../crypto/confirm.js';
import { derivePassphraseKey, normalizePassphrase, type PassphraseKey } from '../crypto/passphrase.js';
import { toHex } from '../crypto/hex.js';
import { randomBytes } from '../crypto/bytes.js';
import type { Channel } from './channel.js';
import type { MembershipState } from './membership.js';
import type { PassphraseVerdict, PeerRecord } from './peer-record.js';
import type { PeerTable } from './peers.js';
import { request } from './relay-socket.js';
import type { ChatMessage, LogEntry } from './types.js';

/** How long a passphrase member waits for a peer's confirmation before saying it does not know the passphrase. */
export const CONFIRM_WAIT_MS = 8000;
/** How long outgoing confirmations are gathered into one `dm` (so joining a full room costs one event). */
export const CONFIRM_BATCH_MS = 25;
/** Senders whose malformed `confirm` is reported, at most (one line each). */
const MAX_WARNED = 100;
/** Answers to `ack: false` confirmations per channel, at most. */
export const MAX_ANSWERS = 3;
/** Tries of one batch the relay refuses (rate-limited) before giving up. */
const MAX_TRIES = 3;

/** What confirmation needs from the session. */
export interface ConfirmHost {
  /** The live membership: socket, room, our member id. */
  readonly membership: Readonly<MembershipState>;
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** The visible state changed. */
  changed(): void;
  /** The peer proved K: its channel is ready now (pending messages go out). */
  channelReady(id: string): void;
  /** Fail every part waiting for `id` with `reason` (delivery.ts). */
  failTo(id: string, reason: string): void;
  /** Add a system line to the chat. */
  addLine(line: ChatMessage): void;
  /** Clock (ms since epoch). */
  now(): number;
  /** How long to wait for a peer's confirmation (CONFIRM_WAIT_MS unless a test says otherwise). */
  readonly waitMs: number;
  /** Timers (injectable for tests). */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The session's host with real timers and the default wait filled in. */
export function confirmationHost(
  h: Omit<ConfirmHost, 'waitMs' | 'setTimeout' | 'clearTimeout'> & { waitMs?: number },
): ConfirmHost {
  return {
    ...h,
    waitMs: h.waitMs ?? CONFIRM_WAIT_MS,
    setTimeout: (f, ms) => setTimeout(f, ms),
    clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
  };
}

/** The plain sentence for a verdict about `name` (peer card, chat line, log). */
export function verdictText(name: string, verdict: PassphraseVerdict, waitMs = CONFIRM_WAIT_MS): string {
  switch (verdict) {
    case 'none':
      return `${name} does not know the passphrase (joined without one): no secure channel, nothing is sent to ${name}.`;
    case 'different':
      return `${name} uses a different passphrase: no secure channel, nothing is sent to ${name}.`;
    case 'has-one':
      return `${name} uses a room passphrase and you joined without one: no secure channel. Leave and join again with the passphrase.`;
    case 'silent':
      return `${name} does not know the passphrase: no proof came within ${Math.round(waitMs / 100) / 10} s (an app without passphrase support, or no passphrase). Nothing is sent to ${name}.`;
  }
}

/** Sends, receives and checks `confirm` dms for one session; `reset()` on leave. */
export class Confirmations {
  /** Our passphrase key for this membership, if we joined with one. */
  private pass?: PassphraseKey;
  private readonly outbox = new Map<string, ConfirmBody>();
  private flushTimer?: unknown;
  /** The no-proof timer of each peer, with the channel it is for. */
  private readonly timers = new Map<string, { handle: unknown; channel?: Channel }>();
  /** Peers with a check queued: a flood of confirms costs one check of the latest body. */
  private readonly queued = new Set<string>();
  private generation = 0;
  private seq = 0;
  /** Senders of a malformed `confirm` already reported (bounded). */
  private readonly warned = new Set<string>();

  /** Create the confirmer over the session's peer table. */
  constructor(
    private readonly host: ConfirmHost,
    private readonly peers: PeerTable,
  ) {}

  /** Before a join: derive P from `passphrase` for `room` ('' after NFC: none). Throws a plain Error when too long. */
  async prepare(room: string, passphrase: string): Promise<void> {
    const text = normalizePassphrase(passphrase);
    this.pass = text === '' ? undefined : await derivePassphraseKey(text, room);
  }

  /** Our passphrase key, if any. */
  get passphrase(): PassphraseKey | undefined {
    return this.pass;
  }

  /** Forget everything of the membership; wipes P. */
  reset(): void {
    this.generation++;
    this.pass?.bytes.fill(0);
    this.pass = undefined;
    this.outbox.clear();
    if (this.flushTimer !== undefined) this.host.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const t of this.timers.values()) this.host.clearTimeout(t.handle);
    this.timers.clear();
    this.queued.clear();
    this.warned.clear();
  }

  /** PeerTable's gate: may this channel be used now? (v1 behaviour without a passphrase.) */
  gate(peer: PeerRecord & { channel: Channel }): boolean {
    const c = (peer.confirm ??= { required: this.pass !== undefined, proved: false, answers: 0 });
    if (peer.lastConfirm) this.queueCheck(peer);
    if (!c.required) {
      if (c.verdict === undefined) return true;
      this.show(peer, c.verdict);
      return false;
    }
    if (c.proved) return true;
    if (c.verdict) this.show(peer, c.verdict);
    else {
      peer.state = 'confirming';
      peer.reason = `Waiting for ${this.peers.name(peer.id)} to prove it knows the passphrase.`;
      this.arm(peer);
    }
    const socket = this.host.membership.socket;
    if (c.sentOn === undefined || c.sentOn !== socket) this.send(peer, peer.channel, false);
    c.sentOn = socket;
    return false;
  }

  /** A `confirm` dm (envelope checked by the caller): keep the latest body, check it in the peer's order. */
  received(d: DmDelivery): void {
    const peer = this.peers.get(d.from);
    const body = DM_BODIES.confirm.safeParse(d.body);
    if (!peer || !body.success) {
      // One line per sender and membership: a flood of junk cannot flood the log.
      if (this.warned.has(d.from) || this.warned.size >= MAX_WARNED) return;
      this.warned.add(d.from);
      this.host.log('warn', `Ignored a malformed passphrase confirmation from ${this.peers.name(d.from)}.`);
      return this.host.changed();
    }
    peer.lastConfirm = body.data;
    this.queueCheck(peer);
  }

  private queueCheck(peer: PeerRecord): void {
    if (this.queued.has(peer.id)) return;
    this.queued.add(peer.id);
    const generation = this.generation;
    this.peers.enqueue(peer, async () => {
      this.queued.delete(peer.id);
      if (generation === this.generation) await this.check(peer);
    });
  }

  /** Check the peer's latest confirmation against the current channel, then answer it once if it asks. */
  private async check(peer: PeerRecord): Promise<void> {
    const body = peer.lastConfirm;
    const ch = peer.channel;
    const { room, me } = this.host.membership;
    // For other keys (old, or ones we have not derived with yet): wait for the matching one.
    if (!body || !ch || !room || !me || ch.pair === undefined || body.pair !== ch.pair) return;
    const c = (peer.confirm ??= { required: this.pass !== undefined, proved: false, answers: 0 });
    if (!c.proved) {
      const generation = this.generation;
      const ok = await openConfirm(ch.key, room, peer.id, me, body);
      if (generation !== this.generation || peer.channel !== ch) return;
      if (ok) this.proved(peer, c);
      else {
        const none = ch.v1Key !== undefined && (await openConfirm(ch.v1Key, room, peer.id, me, body));
        if (generation !== this.generation || peer.channel !== ch) return;
        this.refuted(peer, c, this.pass ? (none ? 'none' : 'different') : 'has-one');
      }
    }
    // A peer that says it has not verified ours gets an answer: up to MAX_ANSWERS times per channel while the
    // outcome is open (a lost answer heals), once after a mismatch (it only needs to learn ours fails too).
    if (!body.ack && c.answers < (c.verdict === undefined ? MAX_ANSWERS : 1)) {
      c.answers++;
      this.send(peer, ch, c.proved);
    }
  }

  private proved(peer: PeerRecord, c: NonNullable<PeerRecord['confirm']>): void {
    c.proved = true;
    const was = c.verdict;
    delete c.verdict;
    this.disarm(peer.id);
    if (!c.required && was === undefined) return; // v1 channel, already in use
    peer.state = 'ready';
    delete peer.reason;
    this.host.log('info', `${this.peers.name(peer.id)} proved it holds the same key: the channel is ready`);
    this.host.changed();
    this.host.channelReady(peer.id);
  }

  private refuted(peer: PeerRecord, c: NonNullable<PeerRecord['confirm']>, verdict: PassphraseVerdict): void {
    if (c.verdict === verdict) return;
    c.verdict = verdict;
    this.disarm(peer.id);
    this.show(peer, verdict);
    const name = this.peers.name(peer.id);
    const text = verdictText(name, verdict, this.host.waitMs);
    this.host.failTo(peer.id, text);
    this.host.log('warn', text);
    this.host.addLine({
      ...{ id: `passphrase-${++this.seq}`, from: peer.id, fromName: name, text, ts: this.host.now() },
      ...{ outgoing: false, wire: [], delivery: {}, system: 'passphrase' },
    });
    this.host.changed(); // after the line and the log entry, so the snapshot has them
  }

  private show(peer: PeerRecord, verdict: PassphraseVerdict): void {
    peer.state = 'passphrase-mismatch';
    peer.reason = verdictText(this.peers.name(peer.id), verdict, this.host.waitMs);
    this.host.changed();
  }

  /** No proof within CONFIRM_WAIT_MS: say so (a late valid confirmation still makes the channel ready). */
  private arm(peer: PeerRecord): void {
    const ch = peer.channel;
    // Kept while it is for this channel (a re-join must not push it back); one of an older channel is replaced.
    if (this.timers.get(peer.id)?.channel === ch) return;
    this.disarm(peer.id);
    const generation = this.generation;
    const handle = this.host.setTimeout(() => {
      this.timers.delete(peer.id);
      const c = peer.confirm;
      if (generation !== this.generation || peer.channel !== ch || !c || c.proved || c.verdict) return;
      this.refuted(peer, c, 'silent');
    }, this.host.waitMs);
    this.timers.set(peer.id, { handle, channel: ch });
  }

  private disarm(id: string): void {
    const t = this.timers.get(id);
    if (t !== undefined) this.host.clearTimeout(t.handle);
    this.timers.delete(id);
  }

  /** Make our confirmation for `ch` and gather it into the next batch. */
  private send(peer: PeerRecord, ch: Channel, ack: boolean): void {
    const { room, me } = this.host.membership;
    if (!room || !me || ch.pair === undefined) return;
    const pair = ch.pair;
    const generation = this.generation;
    void makeConfirm(ch.key, room, me, peer.id, pair, ack).then((body) => {
      if (generation !== this.generation || peer.channel !== ch) return;
      this.outbox.set(peer.id, body);
      this.flushTimer ??= this.host.setTimeout(() => this.flush(), CONFIRM_BATCH_MS);
    });
  }

  private flush(tries = 1, batch?: Map<string, ConfirmBody>): void {
    if (!batch) this.flushTimer = undefined;
    const parts = [...(batch ?? this.outbox)].map(([to, body]) => ({ to, body }));
    if (!batch) this.outbox.clear();
    const { socket, joined } = this.host.membership;
    if (!socket || !joined || parts.length === 0) return; // a re-join re-derives and confirms again
    const payload = { id: `confirm-${toHex(randomBytes(8))}`, kind: 'confirm', parts };
    const generation = this.generation;
    void request(socket, 'dm', payload, 10000).then((raw) => {
      const ok = typeof raw === 'object' && raw !== null && (raw as { ok?: unknown }).ok === true;
      if (ok || generation !== this.generation || tries >= MAX_TRIES) return;
      const again = new Map(parts.map((p) => [p.to, p.body]));
      this.host.setTimeout(() => this.flush(tries + 1, again), 1000 * tries);
    });
  }
}

// RoomSession: the protocol of docs/protocol.md §4–5 behind RoomSessionApi, wiring together the parts in this folder.
import { DEFAULT_LIMITS, type Limits } from '../../common/limits.js';
import { whoAck, type ServerEventName } from '../../common/schema/index.js';
import type { CurveId, Peer, WhoAck } from '../../common/wire.js';
import { ActivityLog } from './activity-log.js';
import { readAck } from './ack-errors.js';
import { Delivery } from './delivery.js';
import { Inbound } from './inbound.js';
import { identityOf, Membership } from './membership.js';
import { outgoingView } from './messages.js';
import { Outbound } from './outbound.js';
import { DEFAULT_RETRY, type OutgoingMessage, type RetryPolicy } from './outbox.js';
import { OwnKey } from './own-key.js';
import { PeerTable } from './peers.js';
import { PRESENCE_INTERVAL_MS, Presence, unreachableReason } from './presence.js';
import {
  onRelayEvent,
  request,
  type RelaySocket,
  type RelaySocketOptions,
  type ServerPayload,
} from './relay-socket.js';
import { defaultResumeStorage, type ResumeStorage } from './resume.js';
import { browserResumeClaim, type ResumeClaim } from './resume-claim.js';
import { dispatchPeerStep, publishStep, subscribePeerSteps } from './step-publishing.js';
import type { ChatMessage, LogEntry, PeerStepListener, RoomSessionApi, SessionState } from './types.js';

/** Bytes of the encrypted body for a text (kept here for callers importing it from the session). */
export { encryptedBodyBytes } from './messages.js';

/** How a RoomSession connects and behaves; everything is optional in the browser. */
export interface RoomSessionOptions {
  /** Relay URL; omit in the browser to use the page's own origin (same-origin Socket.IO). */
  url?: string;
  /** Extra socket.io-client options (merged over websocket-only transport and quick reconnects). */
  socketOptions?: RelaySocketOptions;
  /** Where the per-tab `resume` lives: sessionStorage by default, a MemoryStorage in Node. */
  storage?: ResumeStorage;
  /**
   * Claims the resume against other live tabs before joining (a duplicated tab gets a fresh one):
   * by default the tab's BroadcastChannel claim when `storage` is the default sessionStorage;
   * `null` turns it off.
   */
  resumeClaim?: Pick<ResumeClaim, 'claim'> | null;
  /** Limits enforced before sending (default docs/protocol.md §6). */
  limits?: Limits;
  /** Receipt waits and tries (default DEFAULT_RETRY). */
  retry?: Partial<RetryPolicy>;
  /** Initial curve selection (default P-256). */
  curve?: CurveId;
  /** How long to wait for an ack (default 10 s). */
  ackTimeoutMs?: number;
  /** Clock (ms since epoch), for tests. */
  now?: () => number;
  /** Time between presence refreshes (`who`) while joined, ms (default PRESENCE_INTERVAL_MS). */
  presenceIntervalMs?: number;
}

/**
 * A session: one tab's membership of one room at a time. Emits `change` and `peer-step`. No DOM:
 * runs in the browser and in Node tests.
 */
export class RoomSession extends EventTarget implements RoomSessionApi {
  private readonly limits: Limits;
  private readonly ackTimeoutMs: number;
  private readonly log: ActivityLog;
  private readonly membership: Membership;
  private readonly ownKey: OwnKey;
  private readonly peers: PeerTable;
  private readonly delivery: Delivery;
  private readonly inbound: Inbound;
  private readonly outbound: Outbound;
  private readonly presence: Presence;
  private messages: ChatMessage[] = [];
  private snapshot: SessionState;

  /** Create a session; nothing connects until join(). */
  constructor(options: RoomSessionOptions = {}) {
    super();
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10000;
    const now = options.now ?? Date.now;
    this.log = new ActivityLog(now);
    const log = (level: LogEntry['level'], text: string): void => this.logLine(level, text);
    const changed = (): void => this.changed();
    const storage = options.storage ?? defaultResumeStorage();
    const claim = options.resumeClaim === undefined ? browserResumeClaim(storage) : options.resumeClaim;
    this.membership = new Membership(
      {
        bind: (socket, live) => this.bindRoomEvents(socket, live),
        joined: (peers, again) => this.onJoined(peers, again),
        leaving: () => this.delivery.failAll('You left the room before it was delivered.'),
        reset: () => this.reset(),
        log,
        changed,
      },
      {
        url: options.url,
        socketOptions: options.socketOptions,
        storage,
        ...(claim ? { claimResume: (s: ResumeStorage) => claim.claim(s) } : {}),
        limits: this.limits,
        ackTimeoutMs: this.ackTimeoutMs,
      },
    );
    const membership = this.membership.state;
    this.ownKey = new OwnKey(
      { membership, keyChanged: () => this.peers.deriveAll(), log, changed },
      { curve: options.curve ?? 'P-256', now, limits: this.limits, ackTimeoutMs: this.ackTimeoutMs },
    );
    this.peers = new PeerTable({
      context: () => ({
        room: membership.room,
        me: membership.me,
        myKey: this.ownKey.key,
        myPub: this.ownKey.view?.pub,
      }),
      log,
      changed,
      channelReady: (id) => this.delivery.flush(id),
    });
    this.delivery = new Delivery(
      {
        context: () => membership,
        peer: (id) => this.peers.get(id),
        log,
        updated: (message) => this.updateOutgoing(message),
      },
      { ...DEFAULT_RETRY, ...options.retry },
      this.limits,
      this.ackTimeoutMs,
    );
    const received = (message: ChatMessage): void => {
      this.messages = [...this.messages, message];
    };
    this.inbound = new Inbound({ membership, received, log, changed }, this.peers, this.delivery);
    const start = (message: OutgoingMessage): void => this.startOutgoing(message);
    const myKey = () => this.ownKey.key;
    this.outbound = new Outbound({ membership, myKey, log, start }, this.peers, this.limits, now);
    this.presence = new Presence(
      {
        who: () => this.who(),
        present: () => this.peers.all().flatMap((p) => (p.present ? [p.id] : [])),
        me: () => membership.me,
        add: (p) => {
          if (this.peers.get(p.id)) this.logLine('info', `${p.name} is back in the room`);
          this.peers.reconcile([p], false);
          this.changed();
        },
        remove: (id) => {
          const reason = unreachableReason(this.peers.name(id));
          this.peers.left(id, reason);
          this.delivery.failTo(id, reason);
        },
      },
      options.presenceIntervalMs ?? PRESENCE_INTERVAL_MS,
    );
    this.snapshot = this.buildState();
  }

  /** The latest state snapshot (a fresh object after every change). */
  get state(): SessionState {
    return this.snapshot;
  }

  // ---------------------------------------------------------------- public API

  /** Joins `room` as `name`; rejects with an Error whose message is a plain-language reason. */
  join(room: string, name: string): Promise<void> {
    return this.membership.join(room, name);
  }

  /** Leaves the room and disconnects; pending messages are marked failed. */
  leave(): Promise<void> {
    return this.membership.leave();
  }

  /** Selects the curve for the next generateKeys(). */
  setCurve(curve: CurveId): void {
    this.ownKey.select(curve);
  }

  /** Generates a key pair on the selected curve, announces it and re-derives with every peer. */
  generateKeys(): Promise<void> {
    return this.ownKey.generate();
  }

  /** Encrypts `text` to every ready peer in one `dm`; rejects with a plain reason. */
  send(text: string): Promise<void> {
    return this.outbound.send(text);
  }

  /**
   * Publishes a public visualisation step to the room (`step` event). Refuses details that
   * contain our private scalar or a derived secret, or exceed the size limit.
   */
  publishStep(phase: string, detail: Record<string, unknown>): Promise<void> {
    const { socket, joined } = this.membership.state;
    const secretsHex = [...this.ownKey.secretsHex(), ...this.peers.secretsHex()];
    const sender = { socket, joined, secretsHex, limits: this.limits, ackTimeoutMs: this.ackTimeoutMs };
    return publishStep(sender, phase, detail);
  }

  /** Subscribe to visualisation steps of other members; returns an unsubscribe function. */
  onPeerStep(listener: PeerStepListener): () => void {
    return subscribePeerSteps(this, listener);
  }

  // ---------------------------------------------------------------- wiring

  /** Room events on a new socket, checked against the wire schema: members, keys, dms and steps (only while live). */
  private bindRoomEvents(socket: RelaySocket, live: () => boolean): void {
    const me = (): string | undefined => this.membership.state.me;
    const refuse = (line: string): void => {
      if (!live()) return;
      this.logLine('warn', line);
      this.changed();
    };
    const on = <E extends ServerEventName>(event: E, handler: (p: ServerPayload<E>) => void): void =>
      onRelayEvent(socket, event, (p) => live() && handler(p), refuse);
    // A known member's pending parts wait for its key (peers.ts).
    on('peer-joined', (p) => p.id !== me() && this.peers.joined(p.id, p.name));
    on('peer-left', (p) => this.peers.left(p.id));
    on('peer-key', (p) => p.from !== me() && this.peers.keyEvent(p));
    on('dm', (d) => this.inbound.dm(d));
    on('peer-step', (s) => dispatchPeerStep(this, s, (id) => this.peers.name(id)));
  }

  /** A join ack was applied: take its member list, announce our key, resend after a re-join. */
  private onJoined(peers: Peer[], again: boolean): void {
    this.peers.reconcile(peers);
    this.presence.start(again);
    this.changed();
    void this.ownKey.announce();
    if (again) this.delivery.flush();
  }

  /** The membership ended: forget peers, messages and pending deliveries. */
  private reset(): void {
    this.presence.stop();
    this.delivery.reset();
    this.peers.reset();
    this.inbound.reset();
    this.messages = [];
  }

  /** Ask the relay who is in the room (`who`); undefined unless the same joined socket answers well. */
  private async who(): Promise<WhoAck | undefined> {
    const { socket, joined, epoch } = this.membership.state;
    if (!socket || !joined) return undefined;
    const ack = readAck(await request(socket, 'who', {}, this.ackTimeoutMs), whoAck);
    const { socket: now, epoch: nowEpoch } = this.membership.state;
    if (now !== socket || nowEpoch !== epoch) return undefined;
    if (!ack.ok && ack.failure.code === 'malformed') {
      this.logLine('warn', 'Ignored a malformed answer of the relay to who.');
      this.changed();
    }
    return ack.ok ? ack.value : undefined;
  }

  // ---------------------------------------------------------------- state

  private startOutgoing(message: OutgoingMessage): void {
    this.messages = [...this.messages, outgoingView(message, identityOf(this.membership.state))];
    this.changed();
    this.delivery.start(message);
  }

  private updateOutgoing(message: OutgoingMessage): void {
    const view = outgoingView(message, identityOf(this.membership.state));
    this.messages = this.messages.map((m) => (m.outgoing && m.id === message.id ? view : m));
    this.changed();
  }

  private logLine(level: LogEntry['level'], text: string): void {
    this.log.add(level, text);
  }

  private buildState(): SessionState {
    const { connection, room, name, me } = this.membership.state;
    const myKey = this.ownKey.view;
    return {
      connection,
      ...(room !== undefined ? { room } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(me !== undefined ? { me: { id: me } } : {}),
      curve: this.ownKey.curve,
      ...(myKey ? { myKey } : {}),
      peers: this.peers.views(),
      messages: this.messages,
      log: this.log.entries,
    };
  }

  private changed(): void {
    this.snapshot = this.buildState();
    this.dispatchEvent(new Event('change'));
  }
}

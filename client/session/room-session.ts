// RoomSession: the protocol of docs/protocol.md §4–5 behind RoomSessionApi, wiring together the parts in this folder.
import { DEFAULT_LIMITS, type Limits } from '../../common/limits.js';
import type { ServerEventName } from '../../common/schema/index.js';
import type { CurveId, Peer } from '../../common/wire.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import type { RoomSessionOptions } from './options.js';
import { ActivityLog } from './activity-log.js';
import { SessionBus } from './bus.js';
import { Delivery } from './delivery.js';
import { Inbound } from './inbound.js';
import { identityOf, Membership } from './membership.js';
import { ChatList } from './message-list.js';
import { outgoingView } from './messages.js';
import { Outbound } from './outbound.js';
import { DEFAULT_RETRY, type OutgoingMessage } from './outbox.js';
import { OwnKey } from './own-key.js';
import { PeerTable, type PeerRecord } from './peers.js';
import { askWho, PRESENCE_INTERVAL_MS, Presence, unreachableReason, type PresenceHost } from './presence.js';
import { onRelayEvent, type RelaySocket, type ServerPayload } from './relay-socket.js';
import { defaultResumeStorage, type ResumeStorage } from './resume.js';
import { browserResumeClaim } from './resume-claim.js';
import { dispatchPeerStep, publishStep, subscribePeerSteps } from './step-publishing.js';
import type { ChatMessage, LogEntry, PeerStepListener, RoomSessionApi, SessionState } from './types.js';

/** How a RoomSession connects and behaves (options.ts). */
export type { RoomSessionOptions } from './options.js';

/** A session: one tab's membership of one room at a time; emits `change` and `peer-step`. No DOM: runs in Node too. */
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
  private readonly chat: ChatList;
  private snapshot: SessionState;

  /**
   * Create a session; nothing connects until join(). The parts are built bottom-up: each receives only
   * parts built before it, and raises anything meant for a later part on the bus (bus.ts). Who listens
   * to what is listed once, in listen(); docs/architecture.md draws the sequence of a join.
   */
  constructor(options: RoomSessionOptions = {}) {
    super();
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10000;
    this.chat = new ChatList(options.maxMessages);
    const { limits, ackTimeoutMs } = this;
    const now = options.now ?? Date.now;
    const bus = new SessionBus();
    this.log = new ActivityLog(now);
    const log = (level: LogEntry['level'], text: string): void => bus.emit('log', level, text);
    const changed = (): void => bus.emit('changed');

    // 1. Membership: the socket, join/rejoin/leave. Depends on nothing else.
    const storage = options.storage ?? defaultResumeStorage();
    const claim = options.resumeClaim === undefined ? browserResumeClaim(storage) : options.resumeClaim;
    this.membership = new Membership(
      {
        bind: (socket, live) => bus.emit('socket', socket, live),
        joined: (peers, again) => bus.emit('joined', peers, again),
        leaving: () => bus.emit('leaving'),
        reset: () => bus.emit('reset'),
        log,
        changed,
      },
      {
        url: options.url,
        socketOptions: options.socketOptions,
        storage,
        ...(claim ? { claimResume: (s: ResumeStorage) => claim.claim(s) } : {}),
        limits,
        ackTimeoutMs,
      },
    );
    const membership = this.membership.state;
    // 2. Our key pair, announced on the membership's socket.
    const keyChanged = (): void => bus.emit('key-changed');
    const curve = options.curve ?? 'P-256';
    const keyOptions = { curve, now, limits, ackTimeoutMs, retry: options.announceRetry };
    this.ownKey = new OwnKey({ membership, keyChanged, log, changed }, keyOptions);
    // 3. The peers and their channels, derived from our key.
    const ownKey = this.ownKey;
    this.peers = new PeerTable({
      context: () => ({
        room: membership.room,
        me: membership.me,
        myKey: ownKey.key,
        myPub: ownKey.view?.pub,
      }),
      log,
      changed,
      channelReady: (id) => bus.emit('channel-ready', id),
    });
    // 4. Delivery of our messages to the peers, until their receipts arrive.
    const peers = this.peers;
    const updated = (message: OutgoingMessage): void => bus.emit('message-updated', message);
    const context = (): typeof membership => membership;
    const peer = (id: string): PeerRecord | undefined => peers.get(id);
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    this.delivery = new Delivery({ context, peer, log, updated }, retry, limits, ackTimeoutMs);
    // 5. Inbound dms (messages and receipts) and 6. outbound text.
    const received = (message: ChatMessage): void => bus.emit('message-received', message);
    const inboundHost = { membership, received, log, changed, now };
    this.inbound = new Inbound(inboundHost, peers, this.delivery, options.inboundRate, options.receiptRate);
    const start = (message: OutgoingMessage): void => bus.emit('message-started', message);
    const myKey = (): KeyAgreement | undefined => ownKey.key;
    this.outbound = new Outbound({ membership, myKey, log, start }, peers, limits, now);
    // 7. Presence refresh over `who`, which adds and removes peers.
    this.presence = new Presence(this.presenceHost(log), options.presenceIntervalMs ?? PRESENCE_INTERVAL_MS);
    this.listen(bus);
    this.snapshot = this.buildState();
  }

  /** Every bus subscription of the session, in one place: who reacts to what. */
  private listen(bus: SessionBus): void {
    bus.on('log', (level, text) => this.log.add(level, text));
    bus.on('changed', () => this.changed());
    bus.on('socket', (socket, live) => this.bindRoomEvents(socket, live));
    bus.on('joined', (peers, again) => this.onJoined(peers, again));
    bus.on('leaving', () => this.delivery.failAll('You left the room before it was delivered.'));
    bus.on('reset', () => this.reset());
    bus.on('key-changed', () => this.peers.deriveAll());
    bus.on('channel-ready', (id) => {
      this.inbound.channelReady(id);
      this.delivery.flush(id);
    });
    bus.on('message-started', (message) => this.startOutgoing(message));
    bus.on('message-updated', (message) => this.updateOutgoing(message));
    bus.on('message-received', (message) => this.chat.add(message));
  }

  /** What presence refresh needs: ask `who`, list who is here, add and remove members. */
  private presenceHost(log: (level: LogEntry['level'], text: string) => void): PresenceHost {
    return {
      who: () =>
        askWho(this.membership.state, this.ackTimeoutMs, () => {
          log('warn', 'Ignored a malformed answer of the relay to who.');
          this.changed();
        }),
      present: () => this.peers.all().flatMap((p) => (p.present ? [p.id] : [])),
      me: () => this.membership.state.me,
      add: (p) => {
        if (this.peers.get(p.id)) log('info', `${p.name} is back in the room`);
        this.peers.reconcile([p], false);
        this.changed();
      },
      remove: (id) => {
        const reason = unreachableReason(this.peers.name(id));
        this.memberLeft(id, reason);
        this.delivery.failTo(id, reason);
      },
    };
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

  /** Announces our current key again, from the first try (the "Try again" after it failed). */
  announceKey(): void {
    this.ownKey.announce();
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
      this.log.add('warn', line);
      this.changed();
    };
    const on = <E extends ServerEventName>(event: E, handler: (p: ServerPayload<E>) => void): void =>
      onRelayEvent(socket, event, (p) => live() && handler(p), refuse);
    // A known member's pending parts wait for its key (peers.ts).
    on('peer-joined', (p) => p.id !== me() && this.peers.joined(p.id, p.name));
    on('peer-left', (p) => this.memberLeft(p.id));
    on('peer-key', (p) => p.from !== me() && this.peers.keyEvent(p));
    on('dm', (d) => this.inbound.dm(d));
    on('peer-step', (s) => {
      const name = (id: string): string => this.peers.name(id);
      if (!dispatchPeerStep(this, s, name))
        refuse(`Ignored a ${s.phase} step from ${name(s.from)} that does not match the protocol.`);
    });
  }

  /** A member left (`reason`: the log line): off the list, its flood state forgotten. */
  private memberLeft(id: string, reason?: string): void {
    this.peers.left(id, reason);
    this.inbound.forget(id);
  }

  /** A join ack was applied: take its member list, announce our key, resend after a re-join. */
  private onJoined(peers: Peer[], again: boolean): void {
    this.peers.reconcile(peers);
    this.presence.start(again);
    this.changed();
    this.ownKey.announce();
    if (again) this.delivery.flush();
  }

  /** The membership ended: forget peers, messages and pending deliveries. */
  private reset(): void {
    this.presence.stop();
    this.delivery.reset();
    this.peers.reset();
    this.inbound.reset();
    this.chat.clear();
  }

  // ---------------------------------------------------------------- state

  private startOutgoing(message: OutgoingMessage): void {
    this.chat.add(outgoingView(message, identityOf(this.membership.state)));
    this.changed();
    this.delivery.start(message);
  }

  private updateOutgoing(message: OutgoingMessage): void {
    this.chat.updateOutgoing(outgoingView(message, identityOf(this.membership.state)));
    this.changed();
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
      ...(this.ownKey.announcement ? { keyAnnouncement: this.ownKey.announcement } : {}),
      peers: this.peers.views(),
      messages: this.chat.messages,
      removedMessages: this.chat.removed,
      log: this.log.entries,
    };
  }

  private changed(): void {
    this.snapshot = this.buildState();
    this.dispatchEvent(new Event('change'));
  }
}

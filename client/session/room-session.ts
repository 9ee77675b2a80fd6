// RoomSession: the protocol of docs/protocol.md §4–5 behind RoomSessionApi, wiring together the parts in this folder.
import { DEFAULT_LIMITS, type Limits } from '../../common/limits.js';
import type { CurveId, JoinAck, Peer } from '../../common/wire.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import type { RoomSessionOptions } from './options.js';
import { ActivityLog } from './activity-log.js';
import { SessionBus } from './bus.js';
import type { Delivery } from './delivery.js';
import type { FileToSend } from './file-start.js';
import type { Inbound } from './inbound.js';
import type { KeyChanges } from './key-change.js';
import { identityOf, type Membership } from './membership.js';
import { sessionMembership } from './session-membership.js';
import { sessionMessaging, type MessagingDeps } from './session-messaging.js';
import { ChatList } from './message-list.js';
import { outgoingView } from './messages.js';
import type { Outbound } from './outbound.js';
import { DEFAULT_RETRY, type OutgoingMessage } from './outbox.js';
import { OwnKey } from './own-key.js';
import { PeerTable } from './peers.js';
import type { Presence } from './presence.js';
import { bindRoomEvents } from './room-events.js';
import { publishStep, subscribePeerSteps } from './step-publishing.js';
import type { LogEntry, PeerStepListener, RoomSessionApi, SessionState } from './types.js';
import { Verification } from './verification.js';
import { buildSessionState } from './session-state.js';
import { BROWSER_CLIENT_VERSIONS } from './negotiate.js';
import type { V2Hooks } from './v2-hooks.js';
import * as extensions from './session-extensions.js';
import type { RatchetInspectApi } from './ratchet-inspect.js';
import type { ToyWireListener } from './toy-wire.js';

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
  private readonly verification = new Verification();
  private readonly keyChanges: KeyChanges;
  private readonly ext: extensions.SessionExtensions;
  private readonly v2: V2Hooks;
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
    for (const note of options.startLog ?? []) this.log.add(note.level, note.text);
    const log = (level: LogEntry['level'], text: string): void => bus.emit('log', level, text);
    const changed = (): void => bus.emit('changed');

    // 1. Membership: the socket, join/rejoin/leave. Depends on nothing else (session-membership.ts).
    const lock = (l: JoinAck['lock']): void => this.ext.lock.joined(l);
    this.membership = sessionMembership(options, { bus, lock, log, changed, limits, ackTimeoutMs });
    const membership = this.membership.state;
    // 2. Our key pair, announced on the membership's socket.
    const keyChanged = (): void => bus.emit('key-changed');
    const curve = options.curve ?? 'P-256';
    const versions = options.protocolVersions ?? BROWSER_CLIENT_VERSIONS;
    const keyOptions = { curve, now, limits, ackTimeoutMs, retry: options.announceRetry, versions };
    this.ownKey = new OwnKey({ membership, keyChanged, log, changed }, keyOptions);
    // 3. The peers and their channels, derived from our key.
    const ownKey = this.ownKey;
    this.peers = new PeerTable({
      context: () => ({
        ...{ room: membership.room, me: membership.me, myName: membership.name },
        ...{ myKey: ownKey.key, myPub: ownKey.view?.pub, pass: this.ext.confirmations.passphrase },
      }),
      gate: (p) => this.ext.confirmations.gate(p),
      log,
      changed,
      channelReady: (id) => bus.emit('channel-ready', id),
      keyChanged: (id, old) => bus.emit('peer-key-changed', id, old),
    });
    // 3b. v2: the negotiated protocol and Double Ratchet of each pair (v2-hooks.ts), lent to the parts below.
    const verified: MessagingDeps['verified'] = (p) => this.verification.isVerified(p.id, p.channel);
    const myKey = (): KeyAgreement | undefined => ownKey.key;
    const base = { membership, peers: this.peers, log, changed, verified };
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    this.v2 = extensions.sessionV2(base, myKey, versions, retry);
    // 4–8. Delivery, inbound dms, outbound text, presence refresh and key changes (session-messaging.ts).
    const memberLeft = (id: string, reason: string): void => this.memberLeft(id, reason);
    const more = { bus, myKey, v2: this.v2, chat: this.chat, verification: this.verification, memberLeft };
    const m = sessionMessaging(options, { ...base, ...more, retry, limits, ackTimeoutMs, now });
    [this.delivery, this.inbound, this.outbound] = [m.delivery, m.inbound, m.outbound];
    [this.presence, this.keyChanges] = [m.presence, m.keyChanges];
    // 9–11. The room lock, encrypted files and the room passphrase (session-extensions.ts).
    const parts = { chat: this.chat, delivery: this.delivery, inbound: this.inbound, bus };
    this.ext = extensions.sessionExtensions(options, { ...base, ...parts, limits, ackTimeoutMs, now });
    this.listen(bus);
    this.snapshot = this.buildState();
  }

  /** Every bus subscription of the session, in one place: who reacts to what. */
  private listen(bus: SessionBus): void {
    bus.on('log', (level, text) => this.log.add(level, text));
    bus.on('changed', () => this.changed());
    bus.on('socket', (socket, live) => {
      const [me, changed] = [(): string | undefined => this.membership.state.me, () => this.changed()];
      const log = (level: LogEntry['level'], text: string): void => bus.emit('log', level, text);
      const memberLeft = (id: string): void => this.memberLeft(id);
      const parts = { me, peers: this.peers, inbound: this.inbound, files: this.ext.files, steps: this };
      bindRoomEvents(socket, live, { ...parts, log, memberLeft, changed });
      this.ext.lock.bind(socket, live);
      this.v2.toyWire.bind(socket);
    });
    bus.on('joined', (peers, again) => this.onJoined(peers, again));
    bus.on('leaving', () => this.delivery.failAll('You left the room before it was delivered.'));
    bus.on('reset', () => this.reset());
    bus.on('key-changed', () => this.peers.deriveAll());
    bus.on('peer-key-changed', (id, old) => this.keyChanges.changed(id, old));
    bus.on('channel-ready', (id) => {
      this.inbound.channelReady(id);
      this.delivery.flush(id);
    });
    bus.on('message-started', (message) => this.showOutgoing(message, true));
    bus.on('message-updated', (message) => this.showOutgoing(message, false));
    bus.on('message-received', (message) => this.chat.add(message));
    this.v2.listen(bus); // after the above: sender keys follow channels and key changes (v2-hooks.ts)
  }

  /** The latest state snapshot (a fresh object after every change). */
  get state(): SessionState {
    return this.snapshot;
  }

  // ---------------------------------------------------------------- public API

  /** Joins `room` as `name` (with the room `passphrase`, if any); rejects with a plain-language reason. */
  async join(room: string, name: string, passphrase = ''): Promise<void> {
    if (!this.membership.state.wantJoined) await this.ext.confirmations.prepare(room, passphrase);
    return this.membership.join(room, name).catch((e: unknown) => {
      if (!this.membership.state.wantJoined) this.ext.confirmations.reset();
      throw e;
    });
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

  /** Marks the current channel with peer `id` verified (the user compared safety numbers) or not. */
  setVerified(id: string, verified: boolean): void {
    this.keyChanges.setVerified(id, verified);
  }

  /** Messages held for peer `id` after its key changed: re-encrypt them to the new key (`send`) or discard them. */
  decideHeld(id: string, send: boolean): void {
    this.keyChanges.decide(id, send);
  }

  /** Locks (true) or unlocks (false) the room for new member ids (docs/protocol.md "Room lock"). */
  setLocked(locked: boolean): Promise<void> {
    return this.ext.lock.set(locked);
  }

  /** Encrypts a file once and sends it in chunks to every ready peer; rejects with a plain reason. */
  sendFile(file: FileToSend): Promise<void> {
    return this.ext.files.send(file);
  }

  /** Sender keys in a room under SENDER_KEYS_FROM_MEMBERS too (docs/protocol.md "v2: sender keys"). */
  setSenderKeysOnDemand(on: boolean): void {
    this.v2.senderKeys.setOnDemand(on);
  }

  /** Cancels file `fileId` from `from` (us: to everyone; a peer: our receiving of it). */
  cancelFile(from: string, fileId: string): void {
    this.ext.files.cancel(from, fileId);
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

  /** The Ratchet view's public facts of each v2 pair and its "Compromise now" (ratchet-inspect.ts). */
  get ratchets(): RatchetInspectApi {
    return this.v2.inspect;
  }

  /** Subscribe to our v2 envelopes as the relay sees them, in a toy room only (toy-wire.ts); returns the unsubscribe. */
  onToyWire(listener: ToyWireListener): () => void {
    return this.v2.toyWire.on(listener);
  }

  /** Subscribe to visualisation steps of other members; returns an unsubscribe function. */
  onPeerStep(listener: PeerStepListener): () => void {
    return subscribePeerSteps(this, listener);
  }

  // ---------------------------------------------------------------- wiring

  /** A member left (`reason`: the log line): off the list, its flood state forgotten. */
  private memberLeft(id: string, reason?: string): void {
    this.peers.left(id, reason);
    this.inbound.forget(id);
    this.v2.forget(id);
  }

  /** A join ack was applied: take its member list, announce our key, resend after a re-join. */
  private onJoined(peers: Peer[], again: boolean): void {
    this.peers.reconcile(peers);
    this.presence.start(again);
    this.changed();
    this.ownKey.announce();
    if (again) {
      this.delivery.flush();
      this.ext.files.rejoined();
    }
  }

  /** The membership ended: forget peers, messages and pending deliveries. */
  private reset(): void {
    this.presence.stop();
    this.delivery.reset();
    this.peers.reset();
    this.inbound.reset();
    this.verification.reset();
    this.chat.clear();
    this.ownKey.forget();
    extensions.resetExtensions(this.ext, this.v2);
  }

  // ---------------------------------------------------------------- state

  /** Our message as the chat shows it: added when it `started`, else updated; delivery begins once shown. */
  private showOutgoing(message: OutgoingMessage, started: boolean): void {
    const view = outgoingView(message, identityOf(this.membership.state));
    if (started) this.chat.add(view);
    else this.chat.updateOutgoing(view);
    this.changed();
    if (started) this.delivery.start(message);
  }

  private buildState(): SessionState {
    const { ownKey, peers, keyChanges, chat, log } = this;
    const parts = { ownKey, peers, keyChanges, chat, log, ...this.ext };
    return buildSessionState({ membership: this.membership.state, ...this.v2, ...parts });
  }

  private changed(): void {
    this.snapshot = this.buildState();
    this.dispatchEvent(new Event('change'));
  }
}

// RoomSession: the protocol of design.md §3–4 over socket.io-client (join, keys, channels, messages,
// receipts, reconnects) behind RoomSessionApi. No DOM: runs in the browser and in Node tests.
import { DEFAULT_LIMITS, type Limits } from '../../common/limits.js';
import { checkName, checkRoom } from '../../common/names.js';
import { isCurveId, type CurveId, type DmDelivery, type JoinAck, type PeerStep } from '../../common/wire.js';
import { generateKeyAgreement } from '../crypto/ecdh.js';
import { NoSecureChannelError } from '../crypto/errors.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import { IV_BYTES } from '../crypto/message.js';
import { describeFailure, readAck } from './ack-errors.js';
import { ActivityLog } from './activity-log.js';
import { SeenMessages } from './dedupe.js';
import { Delivery } from './delivery.js';
import { encryptedBodyBytes, encryptPart, openIncoming, outgoingView } from './messages.js';
import { DEFAULT_RETRY, type OutgoingMessage, type RetryPolicy } from './outbox.js';
import { isReady, PeerTable, type PeerRecord } from './peers.js';
import {
  createRelaySocket,
  request,
  waitForConnect,
  type RelaySocket,
  type RelaySocketOptions,
} from './relay-socket.js';
import { defaultResumeStorage, getOrCreateResume, newMessageId, type ResumeStorage } from './resume.js';
import { checkStepDetail, PeerStepEvent } from './steps.js';
import type {
  ChatMessage,
  ConnectionStatus,
  LogEntry,
  MyKeyView,
  RoomSessionApi,
  SessionState,
} from './types.js';
import { myKeyView } from './views.js';

export { encryptedBodyBytes } from './messages.js';

/** How a RoomSession connects and behaves; everything is optional in the browser. */
export interface RoomSessionOptions {
  /** Relay URL; omit in the browser to use the page's own origin (same-origin Socket.IO). */
  url?: string;
  /** Extra socket.io-client options (merged over websocket-only transport and quick reconnects). */
  socketOptions?: RelaySocketOptions;
  /** Where the per-tab `resume` lives: sessionStorage by default, a MemoryStorage in Node. */
  storage?: ResumeStorage;
  /** Limits enforced before sending (default design.md §5). */
  limits?: Limits;
  /** Receipt waits and tries (default DEFAULT_RETRY). */
  retry?: Partial<RetryPolicy>;
  /** Initial curve selection (default P-256). */
  curve?: CurveId;
  /** How long to wait for an ack (default 10 s). */
  ackTimeoutMs?: number;
  /** Clock (ms since epoch), for tests. */
  now?: () => number;
}

/** A session: one tab's membership of one room at a time. Emits `change` and `peer-step`. */
export class RoomSession extends EventTarget implements RoomSessionApi {
  private readonly opts: RoomSessionOptions;
  private readonly storage: ResumeStorage;
  private readonly limits: Limits;
  private readonly ackTimeoutMs: number;
  private readonly now: () => number;
  private readonly log: ActivityLog;
  private readonly peers: PeerTable;
  private readonly delivery: Delivery;
  private readonly seen = new SeenMessages();

  private socket?: RelaySocket;
  private connection: ConnectionStatus = 'disconnected';
  private room?: string;
  private name?: string;
  private me?: string;
  /** The user wants to be in `room` (set by the first successful join, cleared by leave). */
  private wantJoined = false;
  /** The current socket has a successful join ack. */
  private joined = false;
  /** Bumped on leave so late async results of an old membership are ignored. */
  private epoch = 0;
  private migrating = false;
  private rejoinTimer?: ReturnType<typeof setTimeout>;
  private curve: CurveId;
  private myKey?: KeyAgreement;
  private myKeyView?: MyKeyView;
  private messages: ChatMessage[] = [];
  private snapshot: SessionState;

  /** Create a session; nothing connects until join(). */
  constructor(options: RoomSessionOptions = {}) {
    super();
    this.opts = options;
    this.storage = options.storage ?? defaultResumeStorage();
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10000;
    this.now = options.now ?? Date.now;
    this.log = new ActivityLog(this.now);
    this.curve = options.curve ?? 'P-256';
    this.peers = new PeerTable({
      context: () => ({ room: this.room, me: this.me, myKey: this.myKey, myPub: this.myKeyView?.pub }),
      log: (level, text) => this.logLine(level, text),
      changed: () => this.changed(),
      channelReady: (id) => this.delivery.flush(id),
    });
    this.delivery = new Delivery(
      {
        context: () => ({
          socket: this.socket,
          joined: this.joined,
          room: this.room,
          me: this.me,
          epoch: this.epoch,
        }),
        peer: (id) => this.peers.get(id),
        log: (level, text) => this.logLine(level, text),
        updated: (message) => this.updateOutgoing(message),
      },
      { ...DEFAULT_RETRY, ...options.retry },
      this.limits,
      this.ackTimeoutMs,
    );
    this.snapshot = this.buildState();
  }

  /** The latest state snapshot (a fresh object after every change). */
  get state(): SessionState {
    return this.snapshot;
  }

  // ---------------------------------------------------------------- public API

  /** Joins `room` as `name`; rejects with an Error whose message is a plain-language reason. */
  async join(room: string, name: string): Promise<void> {
    if (this.wantJoined || this.socket) throw new Error('This tab is already in a room; leave it first.');
    const r = checkRoom(room);
    if (!r.ok) throw new Error(r.reason);
    const n = checkName(name);
    if (!n.ok) throw new Error(n.reason);
    const epoch = this.epoch;
    this.room = r.value;
    this.name = n.value;
    this.setConnection('connecting');
    const socket = this.createSocket();
    this.socket = socket;
    socket.connect();
    try {
      await waitForConnect(socket, this.ackTimeoutMs);
      const ack = await this.joinOnce(socket);
      if (epoch !== this.epoch) throw new Error('Left the room while joining.');
      this.wantJoined = true;
      this.onJoined(ack, false);
    } catch (e) {
      if (epoch === this.epoch) this.teardown();
      throw e instanceof Error ? e : new Error(String(e));
    }
  }

  /** Leaves the room and disconnects; pending messages are marked failed. */
  async leave(): Promise<void> {
    const socket = this.socket;
    const room = this.room;
    if (socket?.connected && this.joined)
      await request(socket, 'leave', {}, Math.min(this.ackTimeoutMs, 2000));
    this.delivery.failAll('You left the room before it was delivered.');
    this.teardown();
    if (room) this.logLine('info', `Left room ${room}`);
    this.changed();
  }

  /** Selects the curve for the next generateKeys(). */
  setCurve(curve: CurveId): void {
    if (!isCurveId(curve)) return;
    this.curve = curve;
    this.changed();
  }

  /** Generates a key pair on the selected curve, announces it and re-derives with every peer. */
  async generateKeys(): Promise<void> {
    const curve = this.curve;
    let key: KeyAgreement;
    try {
      key = await generateKeyAgreement(curve);
    } catch (e) {
      const reason =
        e instanceof NoSecureChannelError ? e.reason : e instanceof Error ? e.message : String(e);
      this.logLine('error', `Could not generate a ${curve} key pair: ${reason}`);
      throw new Error(`Could not generate a ${curve} key pair: ${reason}`, { cause: e });
    }
    this.myKey = key;
    this.myKeyView = myKeyView(key, this.now());
    this.logLine(
      'info',
      `Generated a ${curve} key pair: private scalar d chosen, public point Q = d×G computed`,
    );
    this.changed();
    if (this.joined) void this.announceKey();
    this.peers.deriveAll();
  }

  /** Encrypts `text` to every ready peer in one `dm`; rejects with a plain reason. */
  async send(text: string): Promise<void> {
    if (!this.wantJoined || !this.room || !this.me) throw new Error('Join a room first.');
    if (typeof text !== 'string' || text.trim() === '') throw new Error('Type a message first.');
    if (!this.myKey) throw new Error('Generate your keys first.');
    // Let derivations already under way finish, so a peer whose key just arrived is included.
    await this.peers.settled();
    const ts = this.now();
    const bodyBytes = encryptedBodyBytes(text, ts);
    if (bodyBytes > this.limits.maxDmBody)
      throw new Error(
        `The message is too long: ${bodyBytes} bytes once encrypted; the limit is ${this.limits.maxDmBody} bytes. Shorten it.`,
      );
    const recipients = this.peers.ready();
    if (recipients.length === 0)
      throw new Error('Nobody can read it yet: no one in the room shares a derived key with you.');
    const message: OutgoingMessage = { id: newMessageId(), text, ts, parts: new Map() };
    for (const peer of recipients) {
      message.parts.set(peer.id, await encryptPart(this.room, this.me, message, peer, peer.channel));
      this.logLine('info', `Message encrypted for ${peer.name} with a ${IV_BYTES}-byte IV (AES-256-GCM)`);
    }
    this.messages = [...this.messages, outgoingView(message, this.myIdentity())];
    this.changed();
    this.delivery.start(message);
  }

  /**
   * Publishes a public visualisation step to the room (`step` event). Refuses details that
   * contain our private scalar or a derived secret, or exceed the size limit.
   */
  async publishStep(phase: string, detail: Record<string, unknown>): Promise<void> {
    const secrets = [...(this.myKey ? [this.myKey.privateHex] : []), ...this.peers.secretsHex()];
    checkStepDetail(detail, secrets, this.limits.maxStepDetail);
    const socket = this.socket;
    if (!socket || !this.joined) throw new Error('Join a room first.');
    const ack = readAck(await request(socket, 'step', { phase, detail }, this.ackTimeoutMs));
    if (!ack.ok) throw new Error(describeFailure(ack.failure, this.limits.maxRoomMembers));
  }

  /** Subscribe to visualisation steps of other members; returns an unsubscribe function. */
  onPeerStep(listener: (step: PeerStep & { fromName: string }) => void): () => void {
    const handler = (e: Event): void => {
      if (e instanceof PeerStepEvent) listener(e.step);
    };
    this.addEventListener('peer-step', handler);
    return () => this.removeEventListener('peer-step', handler);
  }

  // ---------------------------------------------------------------- connection

  /** A socket with every handler attached, not yet connected nor current. */
  private createSocket(): RelaySocket {
    const socket = createRelaySocket(this.opts.url, this.opts.socketOptions);
    const live = (): boolean => socket === this.socket && this.joined;
    socket.on('connect', () => this.onConnect(socket));
    socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
    socket.on('peer-joined', (p) => {
      if (live() && typeof p?.id === 'string' && typeof p.name === 'string' && p.id !== this.me)
        if (this.peers.joined(p.id, p.name)) this.delivery.flush(p.id);
    });
    socket.on('peer-left', (p) => live() && typeof p?.id === 'string' && this.peers.left(p.id));
    socket.on('peer-key', (p) => live() && p?.from !== this.me && this.peers.keyEvent(p));
    socket.on('dm', (d) => live() && this.onDm(d));
    socket.on('peer-step', (s) => {
      if (live() && typeof s?.from === 'string' && typeof s.phase === 'string')
        this.dispatchEvent(new PeerStepEvent({ ...s, fromName: this.peers.name(s.from) }));
    });
    socket.on('relay-draining', (d) => live() && void this.migrate(socket, d?.graceMs));
    return socket;
  }

  private async joinOnce(socket: RelaySocket): Promise<JoinAck> {
    const resume = getOrCreateResume(this.storage);
    const payload = { room: this.room, name: this.name, resume };
    const ack = readAck<JoinAck>(await request(socket, 'join', payload, this.ackTimeoutMs));
    if (!ack.ok) throw new Error(describeFailure(ack.failure, this.limits.maxRoomMembers));
    if (typeof ack.value.me?.id !== 'string' || !Array.isArray(ack.value.peers))
      throw new Error('The relay sent a malformed join answer.');
    return ack.value;
  }

  private onJoined(ack: JoinAck, again: boolean): void {
    const previous = this.me;
    this.me = ack.me.id;
    this.joined = true;
    this.connection = 'connected';
    if (again && previous === ack.me.id)
      this.logLine('info', `Reconnected: rejoined room ${this.room} as the same member (${this.me})`);
    else this.logLine('info', `Joined room ${this.room} as ${this.name} (member id ${this.me})`);
    this.peers.reconcile(ack.peers);
    this.changed();
    if (this.myKey) void this.announceKey();
    if (again) this.delivery.flush();
  }

  private onConnect(socket: RelaySocket): void {
    if (socket === this.socket && this.wantJoined) void this.rejoin(socket);
  }

  /** Join again on a reconnected socket with the same resume (same member id); retried until it works. */
  private async rejoin(socket: RelaySocket): Promise<void> {
    const epoch = this.epoch;
    try {
      const ack = await this.joinOnce(socket);
      if (epoch === this.epoch && socket === this.socket) this.onJoined(ack, true);
    } catch (e) {
      if (epoch !== this.epoch || socket !== this.socket) return;
      const reason = e instanceof Error ? e.message : String(e);
      this.logLine('warn', `Could not rejoin room ${this.room}: ${reason} Trying again shortly.`);
      this.changed();
      clearTimeout(this.rejoinTimer);
      this.rejoinTimer = setTimeout(() => {
        if (socket === this.socket && socket.connected && !this.joined) void this.rejoin(socket);
      }, 2000);
    }
  }

  private onDisconnect(socket: RelaySocket, reason: string): void {
    if (socket !== this.socket) return;
    this.joined = false;
    // Packets queued while offline would reach the relay before the re-join; the outbox resends instead.
    socket.sendBuffer = [];
    if (!this.wantJoined) return;
    this.connection = 'reconnecting';
    this.logLine('warn', `Connection to the relay lost (${reason}); reconnecting…`);
    this.changed();
    // socket.io-client does not retry a server-side disconnect (e.g. a draining node) by itself.
    if (reason === 'io server disconnect')
      setTimeout(
        () => {
          if (socket === this.socket && this.wantJoined && !socket.connected) socket.connect();
        },
        200 + Math.random() * 800,
      );
  }

  /**
   * The relay node is draining (docs/protocol.md): connect again (the load balancer picks
   * another node) and re-join with the same resume before dropping the old socket, so peers
   * see no leave at all. If that fails, the old socket's eventual disconnect reconnects.
   */
  private async migrate(old: RelaySocket, graceMs: unknown): Promise<void> {
    if (this.migrating) return;
    this.migrating = true;
    const grace = typeof graceMs === 'number' && graceMs > 0 ? graceMs : 5000;
    this.logLine(
      'warn',
      `The relay node is shutting down (within ${Math.ceil(grace / 1000)} s); moving to another one`,
    );
    this.changed();
    const epoch = this.epoch;
    const fresh = this.createSocket();
    try {
      // A random pause spreads the drained node's clients over the others.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(1000, grace / 4)));
      fresh.connect();
      await waitForConnect(fresh, this.ackTimeoutMs);
      const ack = await this.joinOnce(fresh);
      if (epoch !== this.epoch || old !== this.socket || !this.wantJoined) throw new Error('superseded');
      this.socket = fresh;
      old.removeAllListeners();
      old.disconnect();
      this.onJoined(ack, true);
    } catch {
      fresh.removeAllListeners();
      fresh.disconnect();
    } finally {
      this.migrating = false;
    }
  }

  private teardown(): void {
    this.epoch++;
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.removeAllListeners();
      socket.disconnect();
    }
    this.delivery.reset();
    clearTimeout(this.rejoinTimer);
    this.wantJoined = false;
    this.joined = false;
    this.me = undefined;
    this.room = undefined;
    this.name = undefined;
    this.peers.reset();
    this.seen.clear();
    this.messages = [];
    this.setConnection('disconnected');
  }

  private async announceKey(): Promise<void> {
    const socket = this.socket;
    const key = this.myKey;
    const pub = this.myKeyView?.pub;
    if (!socket || !key || !pub || !this.joined) return;
    const ack = readAck(await request(socket, 'key', { curve: key.curve, pub }, this.ackTimeoutMs));
    if (socket !== this.socket || key !== this.myKey) return;
    if (ack.ok)
      this.logLine(
        'info',
        `Announced your ${key.curve} public key (${key.publicRaw.length} bytes) to the room`,
      );
    else
      this.logLine(
        'error',
        `Could not announce your public key: ${describeFailure(ack.failure, this.limits.maxRoomMembers)}`,
      );
    this.changed();
  }

  // ---------------------------------------------------------------- receiving

  private onDm(d: DmDelivery): void {
    if (typeof d?.from !== 'string' || typeof d.id !== 'string') return;
    if (d.kind === 'receipt') void this.delivery.receipt(d);
    if (d.kind !== 'msg') return;
    const peer = this.peers.get(d.from);
    // In order with this peer's key events, so a message never races the derivation it needs.
    if (peer) this.peers.enqueue(peer, () => this.handleMsg(peer, d));
    else void this.handleMsg(undefined, d);
  }

  private sendReceipt(to: string, id: string, ok: boolean, reason?: string): void {
    const socket = this.socket;
    if (!socket || !this.joined) return; // the author resends; we answer then
    socket.emit('dm', { id, kind: 'receipt', parts: [{ to, body: ok ? { ok } : { ok, reason } }] });
  }

  private async handleMsg(peer: PeerRecord | undefined, d: DmDelivery): Promise<void> {
    const name = peer?.name ?? this.peers.name(d.from);
    const refuse = (reason: string): void => {
      this.logLine('warn', `Could not decrypt a message from ${name}: ${reason}`);
      this.sendReceipt(d.from, d.id, false, reason);
      this.changed();
    };
    if (this.seen.has(d.from, d.id)) {
      this.logLine('info', `Dropped a duplicate of a message from ${name} (already shown)`);
      this.sendReceipt(d.from, d.id, true);
      this.changed();
      return;
    }
    if (!isReady(peer) || !this.room || !this.me)
      return refuse(`no secure channel with ${name} yet${peer?.reason ? ` (${peer.reason})` : ''}.`);
    const opened = await openIncoming(d, name, this.room, this.myIdentity(), peer.channel);
    if (!opened.ok) return refuse(opened.reason);
    if (!this.seen.add(d.from, d.id)) return; // a concurrent copy won
    this.messages = [...this.messages, opened.message];
    this.logLine('info', `Message from ${name} decrypted; the tag verified`);
    this.sendReceipt(d.from, d.id, true);
    this.changed();
  }

  // ---------------------------------------------------------------- state

  private myIdentity(): { id: string; name: string } {
    return { id: this.me ?? '', name: this.name ?? '' };
  }

  private updateOutgoing(message: OutgoingMessage): void {
    const view = outgoingView(message, this.myIdentity());
    this.messages = this.messages.map((m) => (m.outgoing && m.id === message.id ? view : m));
    this.changed();
  }

  private logLine(level: LogEntry['level'], text: string): void {
    this.log.add(level, text);
  }

  private setConnection(status: ConnectionStatus): void {
    this.connection = status;
    this.changed();
  }

  private buildState(): SessionState {
    return {
      connection: this.connection,
      ...(this.room !== undefined ? { room: this.room } : {}),
      ...(this.name !== undefined ? { name: this.name } : {}),
      ...(this.me !== undefined ? { me: { id: this.me } } : {}),
      curve: this.curve,
      ...(this.myKeyView ? { myKey: this.myKeyView } : {}),
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

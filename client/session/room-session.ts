// RoomSession: the protocol of design.md §3–4 over socket.io-client (join, keys, channels, messages,
// receipts, reconnects) behind RoomSessionApi. No DOM: runs in the browser and in Node tests.
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { DEFAULT_LIMITS, type Limits } from '../../common/limits.js';
import { checkName, checkRoom } from '../../common/names.js';
import {
  isCurveId,
  type ClientToServerEvents,
  type CurveId,
  type DmDelivery,
  type DmPart,
  type JoinAck,
  type Peer,
  type PeerKeyEvent,
  type PeerStep,
  type ServerToClientEvents,
} from '../../common/wire.js';
import { fromBase64Url } from '../crypto/base64url.js';
import { generateKeyAgreement } from '../crypto/ecdh.js';
import { MessageError, NoSecureChannelError } from '../crypto/errors.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import { buildAad, decryptMessage, encryptMessage, IV_BYTES, parseMsgBody } from '../crypto/message.js';
import { ActivityLog } from './activity-log.js';
import { describeFailure, readAck, type RelayFailure } from './ack-errors.js';
import { deriveChannel, planChannel, type AnnouncedKey, type Channel } from './channel.js';
import { SeenMessages } from './dedupe.js';
import {
  DEFAULT_RETRY,
  Outbox,
  retryDelay,
  type OutgoingMessage,
  type OutgoingPart,
  type RetryPolicy,
} from './outbox.js';
import { defaultResumeStorage, getOrCreateResume, newMessageId, type ResumeStorage } from './resume.js';
import { checkStepDetail, PeerStepEvent } from './steps.js';
import type {
  ChannelState,
  ChatMessage,
  ConnectionStatus,
  MyKeyView,
  PeerView,
  RoomSessionApi,
  SessionState,
} from './types.js';
import { jsonByteLength, myKeyView, peerKeyView, wireView } from './views.js';

/** How a RoomSession connects and behaves; everything is optional in the browser. */
export interface RoomSessionOptions {
  /** Relay URL; omit in the browser to use the page's own origin (same-origin Socket.IO). */
  url?: string;
  /** Extra socket.io-client options (merged over websocket-only transport and quick reconnects). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
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

type RelaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Everything known about one other member. */
interface PeerRecord {
  id: string;
  name: string;
  /** Currently in the room (absent members are kept so a returning member keeps its channel). */
  present: boolean;
  key?: AnnouncedKey;
  channel?: Channel;
  state: ChannelState;
  reason?: string;
  /** Serialises derivations and incoming messages of this peer, in arrival order. */
  queue: Promise<void>;
}

/** A session: one tab's membership of one room at a time. Emits `change` and `peer-step`. */
export class RoomSession extends EventTarget implements RoomSessionApi {
  private readonly opts: RoomSessionOptions;
  private readonly storage: ResumeStorage;
  private readonly limits: Limits;
  private readonly retry: RetryPolicy;
  private readonly ackTimeoutMs: number;
  private readonly now: () => number;
  private readonly log: ActivityLog;

  private socket?: RelaySocket;
  private connection: ConnectionStatus = 'disconnected';
  private room?: string;
  private name?: string;
  private me?: string;
  /** The user wants to be in `room` (set after the first successful join, cleared by leave). */
  private wantJoined = false;
  /** The current connection has a successful join ack. */
  private joined = false;
  /** Bumped on leave so late async results of an old membership are ignored. */
  private epoch = 0;
  private curve: CurveId;
  private myKey?: KeyAgreement;
  private myKeyView?: MyKeyView;
  private readonly peers = new Map<string, PeerRecord>();
  private readonly outbox = new Outbox();
  private readonly seen = new SeenMessages();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private rejoinTimer?: ReturnType<typeof setTimeout>;
  private migrating = false;
  private messages: ChatMessage[] = [];
  private snapshot: SessionState;

  /** Create a session; nothing connects until join(). */
  constructor(options: RoomSessionOptions = {}) {
    super();
    this.opts = options;
    this.storage = options.storage ?? defaultResumeStorage();
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10000;
    this.now = options.now ?? Date.now;
    this.log = new ActivityLog(this.now);
    this.curve = options.curve ?? 'P-256';
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
    const socket = this.openSocket();
    try {
      await this.waitForConnect(socket);
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
    if (socket?.connected && this.joined) {
      try {
        await this.request(socket, 'leave', {});
      } catch {
        // leaving anyway
      }
    }
    for (const { message, part } of this.outbox.pending())
      this.outbox.fail(message.id, part.to, 'You left the room before it was delivered.');
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
    for (const peer of this.peers.values()) this.scheduleDerive(peer);
  }

  /** Encrypts `text` to every ready peer in one `dm`; rejects with a plain reason. */
  async send(text: string): Promise<void> {
    if (!this.wantJoined || !this.room || !this.me) throw new Error('Join a room first.');
    if (typeof text !== 'string' || text.trim() === '') throw new Error('Type a message first.');
    if (!this.myKey) throw new Error('Generate your keys first.');
    // Let derivations already under way finish, so a peer whose key just arrived is included.
    await Promise.all([...this.peers.values()].map((p) => p.queue));
    const ts = this.now();
    const bodyBytes = encryptedBodyBytes(text, ts);
    if (bodyBytes > this.limits.maxDmBody)
      throw new Error(
        `The message is too long: ${bodyBytes} bytes once encrypted; the limit is ${this.limits.maxDmBody} bytes. Shorten it.`,
      );
    const recipients = [...this.peers.values()].filter((p) => p.present && p.state === 'ready' && p.channel);
    if (recipients.length === 0)
      throw new Error('Nobody can read it yet: no one in the room shares a derived key with you.');
    const room = this.room;
    const me = this.me;
    const id = newMessageId();
    const parts = new Map<string, OutgoingPart>();
    for (const peer of recipients) {
      const part = await this.encryptPart(room, me, id, text, ts, peer, peer.channel as Channel);
      parts.set(peer.id, part);
      this.logLine('info', `Message encrypted for ${peer.name} with a ${IV_BYTES}-byte IV (AES-256-GCM)`);
    }
    const message: OutgoingMessage = { id, text, ts, parts };
    this.outbox.add(message);
    this.messages = [...this.messages, this.outgoingView(message)];
    this.changed();
    // Tries only count while connected; a message written offline waits for the re-join.
    if (this.joined) for (const part of parts.values()) part.attempts = 1;
    this.transmit(message, [...parts.values()]);
    this.scheduleRetry(message);
  }

  /**
   * Publishes a public visualisation step to the room (`step` event). Refuses details that
   * contain our private scalar or a derived secret, or exceed the size limit.
   */
  async publishStep(phase: string, detail: Record<string, unknown>): Promise<void> {
    const secrets: string[] = [];
    if (this.myKey) secrets.push(this.myKey.privateHex);
    for (const p of this.peers.values()) if (p.channel) secrets.push(p.channel.derived.zHex);
    checkStepDetail(detail, secrets, this.limits.maxStepDetail);
    const socket = this.socket;
    if (!socket || !this.joined) throw new Error('Join a room first.');
    const ack = readAck(await this.request(socket, 'step', { phase, detail }));
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

  private openSocket(): RelaySocket {
    const socket = this.createSocket();
    this.socket = socket;
    socket.connect();
    return socket;
  }

  /** A socket with every handler attached, not yet connected nor current. */
  private createSocket(): RelaySocket {
    const options: Partial<ManagerOptions & SocketOptions> = {
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      timeout: 10000,
      ...this.opts.socketOptions,
      autoConnect: false,
      forceNew: true,
    };
    const socket: RelaySocket = this.opts.url ? io(this.opts.url, options) : io(options);
    socket.on('connect', () => this.onConnect(socket));
    socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
    socket.on('peer-joined', (p) => this.live(socket) && this.onPeerJoined(p.id, p.name));
    socket.on('peer-left', (p) => this.live(socket) && this.onPeerLeft(p.id));
    socket.on('peer-key', (p) => this.live(socket) && this.onPeerKey(p));
    socket.on('dm', (d) => this.live(socket) && this.onDm(d));
    socket.on('peer-step', (s) => this.live(socket) && this.onStep(s));
    socket.on('relay-draining', (d) => this.live(socket) && void this.migrate(socket, d?.graceMs));
    return socket;
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
      `The relay node is shutting down (within ${Math.round(grace / 1000)} s); moving to another one`,
    );
    this.changed();
    const epoch = this.epoch;
    const fresh = this.createSocket();
    try {
      // Spread the drained node's clients over the others.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(1000, grace / 4)));
      fresh.connect();
      await this.waitForConnect(fresh);
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

  /** True when events from `socket` belong to the current membership. */
  private live(socket: RelaySocket): boolean {
    return socket === this.socket && this.joined;
  }

  private waitForConnect(socket: RelaySocket): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        socket.off('connect', onConnect);
        socket.off('connect_error', onError);
      };
      const onConnect = (): void => {
        done();
        resolve();
      };
      const onError = (err: Error): void => {
        done();
        reject(new Error(`Cannot reach the relay (${err.message}). Check that the server is running.`));
      };
      const timer = setTimeout(() => onError(new Error('no answer')), this.ackTimeoutMs);
      socket.on('connect', onConnect);
      socket.on('connect_error', onError);
    });
  }

  /** Emit `event` with an ack and a timeout; resolves with the raw ack or a synthetic failure. */
  private async request(
    socket: RelaySocket,
    event: keyof ClientToServerEvents,
    payload: object,
  ): Promise<unknown> {
    const s = socket as unknown as {
      timeout(ms: number): { emitWithAck(ev: string, p: object): Promise<unknown> };
    };
    try {
      return await s.timeout(this.ackTimeoutMs).emitWithAck(event, payload);
    } catch {
      const failure: RelayFailure = socket.connected
        ? { code: 'timeout', message: '' }
        : { code: 'disconnected', message: '' };
      return { ok: false, error: failure, synthetic: true };
    }
  }

  private async joinOnce(socket: RelaySocket): Promise<JoinAck> {
    const resume = getOrCreateResume(this.storage);
    const raw = await this.request(socket, 'join', { room: this.room, name: this.name, resume });
    const ack = readAck<JoinAck>(raw);
    if (!ack.ok) {
      const synthetic = (raw as { synthetic?: boolean }).synthetic === true;
      const failure = synthetic ? ((raw as { error: RelayFailure }).error ?? ack.failure) : ack.failure;
      throw new Error(describeFailure(failure, this.limits.maxRoomMembers));
    }
    const me = ack.value.me?.id;
    if (typeof me !== 'string' || !Array.isArray(ack.value.peers))
      throw new Error('The relay sent a malformed join answer.');
    return ack.value;
  }

  private onJoined(ack: JoinAck, again: boolean): void {
    const previous = this.me;
    this.me = ack.me.id;
    this.joined = true;
    this.setConnection('connected', false);
    if (again && previous === ack.me.id)
      this.logLine('info', `Reconnected: rejoined room ${this.room} as the same member (${this.me})`);
    else this.logLine('info', `Joined room ${this.room} as ${this.name} (member id ${this.me})`);
    this.reconcilePeers(ack.peers);
    this.changed();
    if (this.myKey) void this.announceKey();
    if (again) this.flushPending();
  }

  private onConnect(socket: RelaySocket): void {
    if (socket !== this.socket || !this.wantJoined) return;
    void this.rejoin(socket);
  }

  private async rejoin(socket: RelaySocket): Promise<void> {
    const epoch = this.epoch;
    try {
      const ack = await this.joinOnce(socket);
      if (epoch !== this.epoch || socket !== this.socket) return;
      this.onJoined(ack, true);
    } catch (e) {
      if (epoch !== this.epoch || socket !== this.socket) return;
      const reason = e instanceof Error ? e.message : String(e);
      this.logLine('warn', `Could not rejoin room ${this.room}: ${reason} Trying again shortly.`);
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
    this.setConnection('reconnecting', false);
    this.logLine('warn', `Connection to the relay lost (${reason}); reconnecting…`);
    this.changed();
    // A server-side disconnect (e.g. a draining node) is not retried by socket.io-client itself.
    if (reason === 'io server disconnect') this.reconnectSoon(socket);
  }

  /** Reconnect after a short random delay (spreads a drained node's clients over the others). */
  private reconnectSoon(socket: RelaySocket): void {
    setTimeout(
      () => {
        if (socket === this.socket && this.wantJoined && !socket.connected) socket.connect();
      },
      200 + Math.random() * 800,
    );
  }

  private teardown(): void {
    this.epoch++;
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.removeAllListeners();
      socket.disconnect();
    }
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    clearTimeout(this.rejoinTimer);
    this.wantJoined = false;
    this.joined = false;
    this.me = undefined;
    this.room = undefined;
    this.name = undefined;
    this.peers.clear();
    this.outbox.prune(true);
    this.seen.clear();
    this.messages = [];
    this.setConnection('disconnected');
  }

  private async announceKey(): Promise<void> {
    const socket = this.socket;
    const key = this.myKey;
    if (!socket || !key || !this.joined) return;
    const view = myKeyView(key, 0);
    const ack = readAck(await this.request(socket, 'key', { curve: key.curve, pub: view.pub }));
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

  // ---------------------------------------------------------------- peers and channels

  private peerName(id: string): string {
    return this.peers.get(id)?.name ?? `member ${id.slice(0, 6)}`;
  }

  private upsertPeer(id: string, name: string): PeerRecord {
    let peer = this.peers.get(id);
    if (!peer) {
      peer = { id, name, present: true, state: 'no-key', queue: Promise.resolve() };
      this.peers.set(id, peer);
    }
    peer.name = name;
    return peer;
  }

  private reconcilePeers(list: Peer[]): void {
    const present = new Set<string>();
    for (const p of list) {
      if (!p || typeof p.id !== 'string' || typeof p.name !== 'string' || p.id === this.me) continue;
      present.add(p.id);
      const isNew = !this.peers.has(p.id);
      const peer = this.upsertPeer(p.id, p.name);
      peer.present = true;
      if (isNew) this.logLine('info', `${p.name} is in the room`);
      if (p.key && isCurveId(p.key.curve) && typeof p.key.pub === 'string') this.setPeerKey(peer, p.key);
      else this.scheduleDerive(peer);
    }
    for (const peer of this.peers.values()) if (!present.has(peer.id)) peer.present = false;
  }

  private onPeerJoined(id: string, name: string): void {
    if (id === this.me || typeof id !== 'string' || typeof name !== 'string') return;
    const existing = this.peers.get(id);
    const repeat = existing !== undefined && existing.present && existing.name === name;
    const returning = existing !== undefined && !existing.present;
    const peer = this.upsertPeer(id, name);
    peer.present = true;
    // A repeat (the relay re-announcing after an outage) is an update, not news.
    if (!repeat) this.logLine('info', returning ? `${name} is back in the room` : `${name} joined the room`);
    this.changed();
    if (existing) this.flushPending(id);
  }

  private onPeerLeft(id: string): void {
    const peer = this.peers.get(id);
    if (!peer || !peer.present) return;
    peer.present = false;
    this.logLine('info', `${peer.name} left the room`);
    this.changed();
  }

  private onPeerKey(p: PeerKeyEvent): void {
    if (p.from === this.me || !isCurveId(p.curve) || typeof p.pub !== 'string') return;
    const peer = this.peers.get(p.from) ?? this.upsertPeer(p.from, this.peerName(p.from));
    peer.present = true;
    this.setPeerKey(peer, { curve: p.curve, pub: p.pub });
  }

  private setPeerKey(peer: PeerRecord, key: AnnouncedKey): void {
    const same = peer.key && peer.key.curve === key.curve && peer.key.pub === key.pub;
    peer.key = { curve: key.curve, pub: key.pub };
    let bytes: number;
    try {
      bytes = fromBase64Url(key.pub).length;
    } catch {
      bytes = 0;
    }
    this.logLine(
      'info',
      same
        ? `Key re-announced by ${peer.name} (${key.curve}, unchanged)`
        : `Key received from ${peer.name} (${key.curve}, ${bytes} bytes)`,
    );
    this.changed();
    this.scheduleDerive(peer);
  }

  /** Queue a (re)derivation with `peer`; keeps the channel when both keys are unchanged. */
  private scheduleDerive(peer: PeerRecord): void {
    const epoch = this.epoch;
    peer.queue = peer.queue
      .then(() => (epoch === this.epoch ? this.derive(peer) : undefined))
      .catch(() => undefined);
  }

  private async derive(peer: PeerRecord): Promise<void> {
    const myKey = this.myKey;
    const room = this.room;
    if (!room) return;
    const own = myKey ? { curve: myKey.curve, pub: this.myKeyView?.pub ?? '' } : undefined;
    const plan = planChannel(own, peer.key, peer.channel, peer.name, room);
    if (plan.kind === 'no-key' || plan.kind === 'curve-mismatch') {
      const changed = peer.state !== plan.kind || peer.reason !== plan.reason;
      peer.state = plan.kind;
      peer.reason = plan.reason;
      if (plan.kind === 'curve-mismatch' && changed)
        this.logLine('warn', `No secure channel with ${peer.name}: ${plan.reason}`);
      if (changed) this.changed();
      return;
    }
    if (plan.kind === 'keep') {
      if (peer.state !== 'ready') {
        peer.state = 'ready';
        delete peer.reason;
        this.logLine('info', `Kept the secret already derived with ${peer.name} (same keys)`);
        this.changed();
      }
      this.flushPending(peer.id);
      return;
    }
    if (!myKey || !peer.key) return;
    const peerKey = peer.key;
    peer.state = 'deriving';
    delete peer.reason;
    this.changed();
    const epoch = this.epoch;
    try {
      const channel = await deriveChannel(myKey, peerKey, room);
      if (epoch !== this.epoch || myKey !== this.myKey || peer.key !== peerKey) return;
      peer.channel = channel;
      peer.state = 'ready';
      this.logLine(
        'info',
        `Secret derived with ${peer.name} (${channel.curve}; key fingerprint ${channel.derived.keyFingerprint})`,
      );
      this.changed();
      this.flushPending(peer.id);
    } catch (e) {
      if (epoch !== this.epoch || myKey !== this.myKey || peer.key !== peerKey) return;
      const reason =
        e instanceof NoSecureChannelError ? e.reason : e instanceof Error ? e.message : String(e);
      peer.channel = undefined;
      peer.state = 'failed';
      peer.reason = `No secure channel: ${reason}`;
      this.logLine('error', `No secure channel with ${peer.name}: ${reason}`);
      this.changed();
    }
  }

  // ---------------------------------------------------------------- sending

  private async encryptPart(
    room: string,
    me: string,
    id: string,
    text: string,
    ts: number,
    peer: PeerRecord,
    channel: Channel,
  ): Promise<OutgoingPart> {
    const aad = buildAad(room, me, peer.id, id);
    const enc = await encryptMessage(channel.key, aad, text, ts);
    const fingerprint = channel.derived.keyFingerprint;
    return {
      to: peer.id,
      toName: peer.name,
      state: 'sending',
      attempts: 0,
      body: enc.body,
      fingerprint,
      wire: wireView(peer.id, peer.name, enc.iv, enc.ct, aad, fingerprint),
    };
  }

  /** Re-encrypt a pending part when the channel with its recipient changed since it was encrypted. */
  private async refreshPart(
    message: OutgoingMessage,
    part: OutgoingPart,
    peer: PeerRecord,
  ): Promise<boolean> {
    const channel = peer.channel;
    if (!channel || !this.room || !this.me) return false;
    if (channel.derived.keyFingerprint === part.fingerprint) return true;
    const fresh = await this.encryptPart(
      this.room,
      this.me,
      message.id,
      message.text,
      message.ts,
      peer,
      channel,
    );
    part.body = fresh.body;
    part.fingerprint = fresh.fingerprint;
    part.wire = fresh.wire;
    this.logLine(
      'info',
      `Message re-encrypted for ${peer.name} with the new key (fresh ${IV_BYTES}-byte IV)`,
    );
    this.updateOutgoing(message);
    return true;
  }

  /** Emit the given parts of a message in as few `dm` events as the frame limit allows. */
  private transmit(message: OutgoingMessage, parts: OutgoingPart[]): void {
    const socket = this.socket;
    if (!socket || !this.joined || parts.length === 0) return;
    const budget = this.limits.maxFrame - 1024;
    let batch: OutgoingPart[] = [];
    let size = 0;
    const flush = (): void => {
      if (batch.length === 0) return;
      const sent = batch;
      batch = [];
      size = 0;
      const dmParts: DmPart[] = sent.map((p) => ({ to: p.to, body: p.body }));
      void this.request(socket, 'dm', { id: message.id, kind: 'msg', parts: dmParts }).then((raw) => {
        if (socket !== this.socket) return;
        const ack = readAck(raw);
        if (ack.ok) {
          let any = false;
          for (const p of sent) any = this.outbox.markSent(message.id, p.to) || any;
          if (any) this.updateOutgoing(message);
        } else if (ack.failure.code === 'too-large' || ack.failure.code === 'bad-request') {
          const reason = describeFailure(ack.failure, this.limits.maxRoomMembers);
          for (const p of sent) this.outbox.fail(message.id, p.to, reason);
          this.logLine('error', `The relay refused a message: ${reason}`);
          this.updateOutgoing(message);
        }
        // rate-limited, not-joined, timeout, disconnected: the retry timer or the re-join resends.
      });
    };
    for (const part of parts) {
      const bytes = jsonByteLength({ to: part.to, body: part.body }) + 1;
      if (size + bytes > budget) flush();
      batch.push(part);
      size += bytes;
    }
    flush();
  }

  /** Resend every pending part (optionally only to one member) whose recipient is present and ready. */
  private flushPending(to?: string): void {
    if (!this.joined) return;
    const byMessage = new Map<OutgoingMessage, OutgoingPart[]>();
    for (const { message, part } of this.outbox.pending(to)) {
      const list = byMessage.get(message) ?? [];
      list.push(part);
      byMessage.set(message, list);
    }
    for (const [message, parts] of byMessage) void this.resend(message, parts);
  }

  private async resend(message: OutgoingMessage, parts: OutgoingPart[]): Promise<void> {
    const epoch = this.epoch;
    const ready: OutgoingPart[] = [];
    for (const part of parts) {
      const peer = this.peers.get(part.to);
      if (!peer || !peer.present || peer.state !== 'ready') continue;
      if (await this.refreshPart(message, part, peer)) ready.push(part);
    }
    if (epoch !== this.epoch || ready.length === 0) return;
    this.logLine('info', `Resending a pending message to ${ready.map((p) => p.toName).join(', ')}`);
    this.transmit(message, ready);
  }

  private scheduleRetry(message: OutgoingMessage): void {
    clearTimeout(this.timers.get(message.id));
    const pending = this.outbox.pendingParts(message.id);
    if (pending.length === 0) {
      this.timers.delete(message.id);
      this.outbox.prune();
      return;
    }
    const attempts = Math.min(...pending.map((p) => p.attempts));
    const timer = setTimeout(() => void this.retryTick(message), retryDelay(attempts, this.retry));
    this.timers.set(message.id, timer);
  }

  private async retryTick(message: OutgoingMessage): Promise<void> {
    this.timers.delete(message.id);
    const epoch = this.epoch;
    if (!this.joined) {
      // Offline: nothing can be tried; the re-join resends. Check again later.
      this.scheduleRetry(message);
      return;
    }
    const retry: OutgoingPart[] = [];
    for (const part of this.outbox.pendingParts(message.id)) {
      const peer = this.peers.get(part.to);
      if (part.attempts >= this.retry.maxAttempts) {
        const reason =
          peer && !peer.present
            ? `${part.toName} left the room and did not come back in time.`
            : `No delivery receipt from ${part.toName} after ${part.attempts} tries.`;
        this.outbox.fail(message.id, part.to, reason);
        this.logLine('warn', `Message to ${part.toName} failed: ${reason}`);
        continue;
      }
      part.attempts++;
      if (peer && peer.present && peer.state === 'ready' && (await this.refreshPart(message, part, peer)))
        retry.push(part);
    }
    if (epoch !== this.epoch) return;
    this.updateOutgoing(message);
    if (retry.length > 0) {
      this.logLine('info', `No receipt yet; sending again to ${retry.map((p) => p.toName).join(', ')}`);
      this.transmit(message, retry);
    }
    this.scheduleRetry(message);
  }

  // ---------------------------------------------------------------- receiving

  private onDm(d: DmDelivery): void {
    if (typeof d?.from !== 'string' || typeof d.id !== 'string') return;
    if (d.kind === 'msg') {
      const peer = this.peers.get(d.from);
      if (!peer) {
        void this.handleMsg(undefined, d);
        return;
      }
      const epoch = this.epoch;
      peer.queue = peer.queue
        .then(() => (epoch === this.epoch ? this.handleMsg(peer, d) : undefined))
        .catch(() => undefined);
    } else if (d.kind === 'receipt') {
      void this.handleReceipt(d);
    }
  }

  private sendReceipt(to: string, id: string, ok: boolean, reason?: string): void {
    const socket = this.socket;
    if (!socket || !this.joined) return; // the author resends; we answer then
    socket.emit('dm', { id, kind: 'receipt', parts: [{ to, body: ok ? { ok } : { ok, reason } }] });
  }

  private async handleMsg(peer: PeerRecord | undefined, d: DmDelivery): Promise<void> {
    const name = peer?.name ?? this.peerName(d.from);
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
    const channel = peer?.state === 'ready' ? peer.channel : undefined;
    if (!peer || !channel || !this.room || !this.me)
      return refuse(`no secure channel with ${name} yet${peer?.reason ? ` (${peer.reason})` : ''}.`);
    const aad = buildAad(this.room, d.from, this.me, d.id);
    let parsed: { iv: Uint8Array; ct: Uint8Array };
    let text: string;
    let ts: number;
    try {
      parsed = parseMsgBody(d.body);
      ({ text, ts } = await decryptMessage(channel.key, aad, d.body));
    } catch (e) {
      return refuse(e instanceof MessageError ? e.message : 'the message could not be decrypted.');
    }
    if (!this.seen.add(d.from, d.id)) return; // a concurrent copy won
    const message: ChatMessage = {
      id: d.id,
      from: d.from,
      fromName: name,
      text,
      ts,
      outgoing: false,
      wire: [wireView(this.me, this.name ?? '', parsed.iv, parsed.ct, aad, channel.derived.keyFingerprint)],
      delivery: {},
    };
    this.messages = [...this.messages, message];
    this.logLine('info', `Message from ${name} decrypted; the tag verified`);
    this.sendReceipt(d.from, d.id, true);
    this.changed();
  }

  private async handleReceipt(d: DmDelivery): Promise<void> {
    const message = this.outbox.get(d.id);
    if (!message) return;
    const peer = this.peers.get(d.from);
    const current = peer?.state === 'ready' ? peer.channel?.derived.keyFingerprint : undefined;
    const outcome = this.outbox.receipt(d.id, d.from, d.body, current, this.retry.maxAttempts);
    if (outcome.kind === 'ignored') return;
    if (outcome.kind === 'delivered') this.logLine('info', `Delivered to ${outcome.part.toName}`);
    else if (outcome.kind === 'failed')
      this.logLine('warn', `Not delivered to ${outcome.part.toName}: ${outcome.part.reason ?? ''}`);
    else if (peer) {
      this.logLine('info', `${outcome.part.toName} could not decrypt it with the old key; re-encrypting`);
      await this.resend(message, [outcome.part]);
    }
    this.updateOutgoing(message);
    if (this.outbox.pendingParts(message.id).length === 0) this.scheduleRetry(message);
  }

  private onStep(s: PeerStep): void {
    if (typeof s?.from !== 'string' || typeof s.phase !== 'string') return;
    this.dispatchEvent(new PeerStepEvent({ ...s, fromName: this.peerName(s.from) }));
  }

  // ---------------------------------------------------------------- state

  private outgoingView(message: OutgoingMessage): ChatMessage {
    const parts = [...message.parts.values()];
    return {
      id: message.id,
      from: this.me ?? '',
      fromName: this.name ?? '',
      text: message.text,
      ts: message.ts,
      outgoing: true,
      wire: parts.map((p) => p.wire),
      delivery: Object.fromEntries(
        parts.map((p) => [
          p.to,
          p.reason === undefined ? { state: p.state } : { state: p.state, reason: p.reason },
        ]),
      ),
    };
  }

  private updateOutgoing(message: OutgoingMessage): void {
    const view = this.outgoingView(message);
    this.messages = this.messages.map((m) => (m.outgoing && m.id === message.id ? view : m));
    this.changed();
  }

  private logLine(level: 'info' | 'warn' | 'error', text: string): void {
    this.log.add(level, text);
  }

  private setConnection(status: ConnectionStatus, notify = true): void {
    this.connection = status;
    if (notify) this.changed();
  }

  private peerView(p: PeerRecord): PeerView {
    const key = p.key ? peerKeyView(p.key.curve, p.key.pub) : undefined;
    return {
      id: p.id,
      name: p.name,
      ...(key ? { key } : {}),
      channel: p.state,
      ...(p.reason !== undefined &&
      (p.state === 'failed' || p.state === 'curve-mismatch' || p.state === 'no-key')
        ? { channelReason: p.reason }
        : {}),
      ...(p.state === 'ready' && p.channel ? { derived: p.channel.derived } : {}),
    };
  }

  private buildState(): SessionState {
    return {
      connection: this.connection,
      ...(this.room !== undefined ? { room: this.room } : {}),
      ...(this.name !== undefined ? { name: this.name } : {}),
      ...(this.me !== undefined ? { me: { id: this.me } } : {}),
      curve: this.curve,
      ...(this.myKeyView ? { myKey: this.myKeyView } : {}),
      peers: [...this.peers.values()].filter((p) => p.present).map((p) => this.peerView(p)),
      messages: this.messages,
      log: this.log.entries,
    };
  }

  private changed(): void {
    this.snapshot = this.buildState();
    this.dispatchEvent(new Event('change'));
  }
}

/** Bytes of the `{iv, ct}` body for `text` at `ts` (what the relay limits per recipient). */
export function encryptedBodyBytes(text: string, ts: number): number {
  const plain = new TextEncoder().encode(JSON.stringify({ type: 'text', text, ts })).length;
  const ctChars = Math.ceil(((plain + 16) * 4) / 3);
  return jsonByteLength({ iv: 'x'.repeat(16), ct: 'x'.repeat(ctChars) });
}

// Membership of one room over the relay: join, re-join after reconnects, the move off a draining node, leave.
import type { Limits } from '../../common/limits.js';
import { checkName, checkRoom } from '../../common/names.js';
import { joinAck } from '../../common/schema/index.js';
import type { JoinAck, Peer } from '../../common/wire.js';
import { describeFailure, readAck } from './ack-errors.js';
import {
  createRelaySocket,
  onRelayEvent,
  request,
  waitForConnect,
  type RelaySocket,
  type RelaySocketOptions,
} from './relay-socket.js';
import { getOrCreateResume, type ResumeStorage } from './resume.js';
import type { ConnectionStatus, LogEntry } from './types.js';

/** Where the session stands with the relay; `Membership.state` is one such object, updated in place. */
export interface MembershipState {
  /** The current socket (none outside a room). */
  socket?: RelaySocket;
  /** Connection to the relay as the UI shows it. */
  connection: ConnectionStatus;
  /** The user wants to be in `room` (set by the first successful join, cleared by leave). */
  wantJoined: boolean;
  /** The current socket has a successful join ack. */
  joined: boolean;
  /** The room joined or being joined. */
  room?: string;
  /** Our display name in `room`. */
  name?: string;
  /** Our member id, from the latest join ack. */
  me?: string;
  /** Bumped on leave so late async results of an old membership are ignored. */
  epoch: number;
}

/** How the membership reaches the relay. */
export interface MembershipOptions {
  /** Relay URL; undefined means the page's own origin. */
  url?: string;
  /** Extra socket.io-client options. */
  socketOptions?: RelaySocketOptions;
  /** Where the per-tab `resume` lives. */
  storage: ResumeStorage;
  /**
   * Before the first join of a membership: make sure no other live tab uses the stored resume
   * (a duplicated tab), replacing it if one does (resume-claim.ts). None in Node.
   */
  claimResume?: (storage: ResumeStorage) => Promise<unknown>;
  /** Limits, for plain-language errors. */
  limits: Limits;
  /** How long to wait for an ack. */
  ackTimeoutMs: number;
}

/** What the membership needs from the session that owns it. */
export interface MembershipHost {
  /** Attach the room's handlers to a new socket; `live()` is true while it is current and joined. */
  bind(socket: RelaySocket, live: () => boolean): void;
  /** A join ack was applied (`again`: after a reconnect or a move): take its member list, announce, resend. */
  joined(peers: Peer[], again: boolean): void;
  /** A join ack's room lock (extension, room-lock.ts), just before `joined`; undefined when the room is open. */
  lock?(lock: JoinAck['lock']): void;
  /** The user is leaving: the relay has been told, everything is reset next. */
  leaving(): void;
  /** The membership ended: forget everything tied to it. */
  reset(): void;
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** The visible state changed. */
  changed(): void;
}

/** Our member id and display name as message views show them ('' outside a room). */
export function identityOf(state: Readonly<Pick<MembershipState, 'me' | 'name'>>): {
  id: string;
  name: string;
} {
  return { id: state.me ?? '', name: state.name ?? '' };
}

/** One tab's membership of one room at a time: owns the socket and survives reconnects and node moves. */
export class Membership {
  private readonly s: MembershipState = {
    connection: 'disconnected',
    wantJoined: false,
    joined: false,
    epoch: 0,
  };
  private migrating = false;
  private rejoinTimer?: ReturnType<typeof setTimeout>;

  /** Create a membership; nothing connects until join(). */
  constructor(
    private readonly host: MembershipHost,
    private readonly opts: MembershipOptions,
  ) {}

  /** The live state: always the same object, updated in place; read-only outside this class. */
  get state(): Readonly<MembershipState> {
    return this.s;
  }

  /** Joins `room` as `name`; rejects with an Error whose message is a plain-language reason. */
  async join(room: string, name: string): Promise<void> {
    const s = this.s;
    if (s.wantJoined || s.socket) throw new Error('This tab is already in a room; leave it first.');
    const r = checkRoom(room);
    if (!r.ok) throw new Error(r.reason);
    const n = checkName(name);
    if (!n.ok) throw new Error(n.reason);
    const epoch = s.epoch;
    s.room = r.value;
    s.name = n.value;
    this.setConnection('connecting');
    const socket = this.createSocket();
    s.socket = socket;
    socket.connect();
    try {
      await Promise.all([
        waitForConnect(socket, this.opts.ackTimeoutMs),
        this.opts.claimResume?.(this.opts.storage),
      ]);
      const ack = await this.joinOnce(socket);
      if (epoch !== s.epoch) throw new Error('Left the room while joining.');
      s.wantJoined = true;
      this.onJoined(ack, false);
    } catch (e) {
      if (epoch === s.epoch) this.teardown();
      throw e instanceof Error ? e : new Error(String(e));
    }
  }

  /** Tells the relay we leave (when connected), then tears the membership down. */
  async leave(): Promise<void> {
    const { socket, room } = this.s;
    if (socket?.connected && this.s.joined)
      await request(socket, 'leave', {}, Math.min(this.opts.ackTimeoutMs, 2000));
    this.host.leaving();
    this.teardown();
    if (room) this.host.log('info', `Left room ${room}`);
    this.host.changed();
  }

  /** A socket with every handler attached, not yet connected nor current. */
  private createSocket(): RelaySocket {
    const socket = createRelaySocket(this.opts.url, this.opts.socketOptions);
    const live = (): boolean => socket === this.s.socket && this.s.joined;
    socket.on('connect', () => this.onConnect(socket));
    socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
    this.host.bind(socket, live);
    onRelayEvent(
      socket,
      'relay-draining',
      (d) => live() && void this.migrate(socket, d.graceMs),
      (line) => live() && this.host.log('warn', line),
    );
    return socket;
  }

  private async joinOnce(socket: RelaySocket): Promise<JoinAck> {
    const resume = getOrCreateResume(this.opts.storage);
    const payload = { room: this.s.room, name: this.s.name, resume };
    const ack = readAck(await request(socket, 'join', payload, this.opts.ackTimeoutMs), joinAck);
    if (ack.ok) return ack.value;
    if (ack.failure.code === 'malformed')
      this.host.log('warn', 'Ignored a malformed answer of the relay to join.');
    throw new Error(describeFailure(ack.failure, this.opts.limits.maxRoomMembers));
  }

  private onJoined(ack: JoinAck, again: boolean): void {
    const s = this.s;
    const previous = s.me;
    s.me = ack.me.id;
    s.joined = true;
    s.connection = 'connected';
    if (again && previous === ack.me.id)
      this.host.log('info', `Reconnected: rejoined room ${s.room} as the same member (${s.me})`);
    else this.host.log('info', `Joined room ${s.room} as ${s.name} (member id ${s.me})`);
    this.host.lock?.(ack.lock);
    this.host.joined(ack.peers, again);
  }

  private onConnect(socket: RelaySocket): void {
    if (socket === this.s.socket && this.s.wantJoined) void this.rejoin(socket);
  }

  /** Join again on a reconnected socket with the same resume (same member id); retried until it works. */
  private async rejoin(socket: RelaySocket): Promise<void> {
    const s = this.s;
    const epoch = s.epoch;
    try {
      const ack = await this.joinOnce(socket);
      if (epoch === s.epoch && socket === s.socket) this.onJoined(ack, true);
    } catch (e) {
      if (epoch !== s.epoch || socket !== s.socket) return;
      const reason = e instanceof Error ? e.message : String(e);
      this.host.log('warn', `Could not rejoin room ${s.room}: ${reason} Trying again shortly.`);
      this.host.changed();
      clearTimeout(this.rejoinTimer);
      this.rejoinTimer = setTimeout(() => {
        if (socket === s.socket && socket.connected && !s.joined) void this.rejoin(socket);
      }, 2000);
    }
  }

  private onDisconnect(socket: RelaySocket, reason: string): void {
    const s = this.s;
    if (socket !== s.socket) return;
    s.joined = false;
    // Packets queued while offline would reach the relay before the re-join; the outbox resends instead.
    socket.sendBuffer = [];
    if (!s.wantJoined) return;
    s.connection = 'reconnecting';
    this.host.log('warn', `Connection to the relay lost (${reason}); reconnecting…`);
    this.host.changed();
    // socket.io-client does not retry a server-side disconnect (e.g. a draining node) by itself.
    if (reason === 'io server disconnect')
      setTimeout(
        () => {
          if (socket === s.socket && s.wantJoined && !socket.connected) socket.connect();
        },
        200 + Math.random() * 800,
      );
  }

  /**
   * The relay node is draining (docs/protocol.md): connect again (the load balancer picks
   * another node) and re-join with the same resume before dropping the old socket, so peers
   * see no leave at all. If that fails, the old socket's eventual disconnect reconnects.
   */
  private async migrate(old: RelaySocket, grace: number): Promise<void> {
    if (this.migrating) return;
    this.migrating = true;
    const s = this.s;
    this.host.log(
      'warn',
      `The relay is shutting down (within ${Math.ceil(grace / 1000)} s); reconnecting: to another relay node if there is one, else to this one when it is back`,
    );
    this.host.changed();
    const epoch = s.epoch;
    const fresh = this.createSocket();
    try {
      // A random pause spreads the drained node's clients over the others.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(1000, grace / 4)));
      fresh.connect();
      await waitForConnect(fresh, this.opts.ackTimeoutMs);
      const ack = await this.joinOnce(fresh);
      if (epoch !== s.epoch || old !== s.socket || !s.wantJoined) throw new Error('superseded');
      s.socket = fresh;
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
    const s = this.s;
    s.epoch++;
    const socket = s.socket;
    s.socket = undefined;
    if (socket) {
      socket.removeAllListeners();
      socket.disconnect();
    }
    clearTimeout(this.rejoinTimer);
    s.wantJoined = false;
    s.joined = false;
    s.me = undefined;
    s.room = undefined;
    s.name = undefined;
    this.host.reset();
    this.setConnection('disconnected');
  }

  private setConnection(status: ConnectionStatus): void {
    this.s.connection = status;
    this.host.changed();
  }
}

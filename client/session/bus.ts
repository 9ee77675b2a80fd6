// SessionBus: the typed notifications the parts of a RoomSession send upward, and who listens (room-session.ts).
import type { Peer } from '../../common/wire.js';
import type { Channel } from './channel.js';
import type { RelaySocket } from './relay-socket.js';
import type { OutgoingMessage } from './outbox.js';
import type { ChatMessage, LogEntry } from './types.js';

/**
 * Every notification a session part raises, with its arguments. A part only ever calls the parts built
 * before it (constructor arguments); anything that must reach a part built later goes through here.
 */
export interface SessionEvents {
  /** Membership: a new socket needs the room's handlers; `live()` is true while it is current and joined. */
  socket: [socket: RelaySocket, live: () => boolean];
  /** Membership: a join ack was applied (`again`: after a reconnect or a move). */
  joined: [peers: Peer[], again: boolean];
  /** Membership: the user is leaving; the relay has been told. */
  leaving: [];
  /** Membership: the membership ended; forget everything tied to it. */
  reset: [];
  /** OwnKey: our key pair changed; every channel must be derived again. */
  'key-changed': [];
  /** PeerTable: this member announced a key other than the one of `old`, the channel we had with it. */
  'peer-key-changed': [peerId: string, old: Channel];
  /** PeerTable: the channel with this member is (again) ready; its pending parts may go out. */
  'channel-ready': [peerId: string];
  /** Outbound: a message is encrypted for every recipient; show it and deliver it. */
  'message-started': [message: OutgoingMessage];
  /** Delivery: a message's parts changed state. */
  'message-updated': [message: OutgoingMessage];
  /** Inbound: a message was opened and its tag verified. */
  'message-received': [message: ChatMessage];
  /** Any part: an activity log line for the user. */
  log: [level: LogEntry['level'], text: string];
  /** Any part: the visible state changed. */
  changed: [];
}

type Listener<K extends keyof SessionEvents> = (...args: SessionEvents[K]) => void;

/** A synchronous, typed event bus private to one RoomSession (listeners run in subscription order). */
export class SessionBus {
  private readonly listeners: { [K in keyof SessionEvents]?: Listener<K>[] } = {};

  /** Subscribe to `event`. */
  on<K extends keyof SessionEvents>(event: K, listener: Listener<K>): void {
    const list: Listener<K>[] = this.listeners[event] ?? [];
    list.push(listener);
    this.listeners[event] = list as (typeof this.listeners)[K];
  }

  /** Raise `event`; every listener runs before this returns. */
  emit<K extends keyof SessionEvents>(event: K, ...args: SessionEvents[K]): void {
    const list: Listener<K>[] | undefined = this.listeners[event];
    for (const listener of list ?? []) listener(...args);
  }
}

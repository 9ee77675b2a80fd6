// Socket.IO types of the relay: the typed server/socket and what a connection keeps in socket.data.
import type { RemoteSocket, Server, Socket } from 'socket.io';
import type { ClientToServerEvents, PeerKey, ServerToClientEvents } from '../common/wire.js';
import type { Bucket } from './rate-limit.js';
import type { RoomLockChange, RoomLockState } from './room-lock.js';

/**
 * Events between relay nodes (otherwise they share state only through Socket.IO rooms): a node whose
 * Redis connection came back asks the others to re-announce their members (docs/protocol.md).
 */
export interface InterServerEvents {
  reannounce: () => void;
  /** A member changed the room lock on the sending node; apply it to this node's sockets (server/room-lock.ts). */
  'room-lock': (change: RoomLockChange) => void;
}

/** Per-connection state; the only state the relay keeps (docs/protocol.md §1). Plain JSON so other nodes can read it. */
export interface SocketData {
  /** Token bucket of the rate limiter. */
  bucket: Bucket;
  /** Set while a join is in progress, to refuse a concurrent second join. */
  joining?: boolean;
  /** The joined room, when joined. */
  room?: string;
  /** Member id (docs/protocol.md §2), when joined. */
  id?: string;
  /** Display name, when joined. */
  name?: string;
  /** Last announced public key. */
  key?: PeerKey;
  /** When the key was announced (ms since epoch), to pick the newest across a member's sockets. */
  keyAt?: number;
  /** The room lock as this member's socket knows it (server/room-lock.ts); set only by the relay, never from a payload. */
  lock?: RoomLockState;
}

/** The typed Socket.IO server. */
export type RelayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
/** A typed socket on this node. */
export type RelaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
/** A socket as returned by fetchSockets (possibly on another node). */
export type AnySocket = RemoteSocket<ServerToClientEvents, SocketData>;

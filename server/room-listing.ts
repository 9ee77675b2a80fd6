// Who is in a room on every node: the member listing shared by the `join` ack and `who` (stateless, via the adapter).
import type { Peer } from '../common/wire.js';
import { errorName, type Log } from './log.js';
import type { AnySocket, RelayServer } from './types.js';

/** Sockets of a Socket.IO room, and whether only this node's could be listed. */
export interface SocketsIn {
  sockets: AnySocket[];
  /** True when the adapter could not reach the other nodes (Redis down): this node's sockets only. */
  partial: boolean;
}

/** The members of a room, one entry per member id, and whether the listing is this node's only. */
export interface RoomListing {
  /** Member id → peer (with the newest key among the member's sockets). */
  peers: Map<string, Peer>;
  partial: boolean;
}

/** Room listing over the adapter: sockets on every node, and the deduplicated member list. */
export interface RoomLister {
  /** Sockets in a Socket.IO room on every node; this node's only when the adapter cannot reach the others. */
  socketsIn(room: string): Promise<SocketsIn>;
  /** Every member of `room` (by `socket.data`) on every node, deduplicated by member id. */
  members(room: string): Promise<RoomListing>;
}

/** Keep, for each member id, the socket with the newest key; drop sockets not (or no longer) in `room`. */
export function dedupeMembers(sockets: readonly AnySocket[], room: string): Map<string, Peer> {
  const best = new Map<string, { peer: Peer; keyAt: number }>();
  for (const s of sockets) {
    const d = s.data;
    if (d.room !== room || !d.id || !d.name) continue;
    const keyAt = d.key ? (d.keyAt ?? 0) : -1;
    const prev = best.get(d.id);
    if (prev && prev.keyAt >= keyAt) continue;
    best.set(d.id, { peer: { id: d.id, name: d.name, ...(d.key ? { key: d.key } : {}) }, keyAt });
  }
  return new Map([...best].map(([id, { peer }]) => [id, peer]));
}

/** A lister on `io`; `roomKey` names the Socket.IO room of a chat room, `timeoutMs` bounds the cross-node wait. */
export function createRoomLister(
  io: RelayServer,
  log: Log,
  roomKey: (room: string) => string,
  timeoutMs: number,
): RoomLister {
  let lastFallbackWarning = 0;
  async function socketsIn(room: string): Promise<SocketsIn> {
    try {
      return { sockets: await io.in(room).timeout(timeoutMs).fetchSockets(), partial: false };
    } catch (err) {
      const now = Date.now();
      const level = now - lastFallbackWarning > 10_000 ? 'warn' : 'debug';
      if (level === 'warn') lastFallbackWarning = now;
      log[level]({ err: errorName(err) }, 'fetchSockets across nodes failed; using this node only');
      return { sockets: await io.local.in(room).fetchSockets(), partial: true };
    }
  }
  return {
    socketsIn,
    async members(room) {
      const { sockets, partial } = await socketsIn(roomKey(room));
      return { peers: dedupeMembers(sockets, room), partial };
    },
  };
}

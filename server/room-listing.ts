// Who is in a room on every node: the member listing shared by the `join` ack and `who` (stateless, via the adapter).
import type { Peer } from '../common/wire.js';
import { errorName, type Log } from './log.js';
import { lockOfSockets, type RoomLockState } from './room-lock.js';
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
  /** The newest room lock state on the listed sockets (server/room-lock.ts), if any. */
  lock?: RoomLockState;
}

/** Room listing over the adapter: sockets on every node, and the deduplicated member list. */
export interface RoomLister {
  /** Sockets in a Socket.IO room on every node; this node's only when the adapter cannot reach the others. */
  socketsIn(room: string): Promise<SocketsIn>;
  /** Every member of `room` (by `socket.data`) on every node, deduplicated by member id. */
  members(room: string): Promise<RoomListing>;
  /**
   * `members(room)` shared by every caller for `whoTtlMs` (the `who` answers): at most one listing per
   * room per TTL on this node, unless `changed(room)` is called. The result is a copy the caller may change.
   */
  shared(room: string): Promise<RoomListing>;
  /** Membership or keys of `room` changed on this node: the next `shared(room)` lists again. */
  changed(room: string): void;
}

/** Options of the shared listing (docs/security.md, "Many sockets, one member"). */
export interface SharedListingOptions {
  /** How long one listing answers `shared`, ms; 0 lists every time. */
  whoTtlMs: number;
  /** Called once per listing of a whole room (the `curvechat_room_listings_total` metric). */
  onListing?: () => void;
}

/** Most rooms whose shared listing is kept at once; the oldest goes first when more are asked for. */
export const MAX_SHARED_LISTINGS = 1024;

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
  options: SharedListingOptions = { whoTtlMs: 0 },
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
  async function members(room: string): Promise<RoomListing> {
    options.onListing?.();
    const { sockets, partial } = await socketsIn(roomKey(room));
    const lock = lockOfSockets(sockets, room);
    return { peers: dedupeMembers(sockets, room), partial, ...(lock ? { lock } : {}) };
  }
  // Bounded (MAX_SHARED_LISTINGS entries, each expiring after whoTtlMs); Map order is insertion order.
  const cache = new Map<string, { at: number; listing: Promise<RoomListing> }>();
  function shared(room: string): Promise<RoomListing> {
    const now = Date.now();
    let entry = cache.get(room);
    if (!entry || now - entry.at >= options.whoTtlMs) {
      cache.delete(room);
      if (cache.size >= MAX_SHARED_LISTINGS) cache.delete(cache.keys().next().value ?? '');
      const listing = members(room);
      entry = { at: now, listing };
      if (options.whoTtlMs > 0) cache.set(room, entry);
      listing.catch(() => cache.get(room)?.listing === listing && cache.delete(room));
    }
    return entry.listing.then((l) => ({ ...l, peers: new Map(l.peers) }));
  }
  return { socketsIn, members, shared, changed: (room) => void cache.delete(room) };
}

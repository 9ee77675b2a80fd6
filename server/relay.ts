// The Socket.IO relay of docs/protocol.md §4 (+ the `who` extension): acks, limits and room-scoped routing.
// Stateless: per-connection state lives in socket.data, membership in Socket.IO rooms.
import type { Limits } from '../common/limits.js';
import type { JoinAck, WhoAck } from '../common/wire.js';
import { type Handler, createDispatcher, fail, NOT_JOINED, OK } from './dispatch.js';
import { type Log, roomTag, errorName } from './log.js';
import type { KnownEvent, Metrics } from './metrics.js';
import { newBucket } from './rate-limit.js';
import { type MemberTableLimits, createMemberTable } from './member-limits.js';
import { reannounceLocal } from './reannounce.js';
import { memberKey, roomKey } from './room-keys.js';
import { createRoomLister } from './room-listing.js';
import {
  ROOM_LOCKED_MESSAGE,
  attachRoomLock,
  localLock,
  lockEvent,
  lockForJoin,
  maxAdmitted,
  newestLock,
} from './room-lock.js';
import type { RelayServer, RelaySocket } from './types.js';
import { parseBcast, parseDm, parseJoin, parseKey, parseLeave, parseStep, parseWho } from './validate.js';

/** What the relay needs from the server that hosts it. */
export interface RelayDeps {
  io: RelayServer;
  limits: Limits;
  log: Log;
  metrics: Metrics;
  /** Bound on waiting for other nodes in fetchSockets, ms (sharded adapter; the classic one uses its own). */
  fetchTimeoutMs?: number;
  /** Per-member limits on this node and the `who` listing TTL (docs/security.md, "Many sockets, one member"). */
  memberLimits: MemberTableLimits & { whoListingTtlMs: number };
  /** True with a Redis adapter: room lock changes go to the other nodes too (server/room-lock.ts). */
  multiNode?: boolean;
}

/** Operations the server can ask of the relay. */
export interface Relay {
  /**
   * Re-announce every member on this node (peer-joined, then peer-key when it has
   * one) to its room, so members on other nodes that missed events during a
   * Redis outage learn them again. Receivers treat repeats as updates.
   */
  reannounce(): void;
  /**
   * This node's Redis connection came back: re-announce its members to the nodes that are already
   * back, and ask those nodes to re-announce theirs (`reannounce` between nodes) — a node that
   * recovered earlier sent its own announcements while this one was still cut off.
   */
  recovered(): void;
  /** Resolves when the peer-left announcements of sockets that already disconnected have gone out. */
  settle(): Promise<void>;
}

/** Attach the relay's event handlers to every connection of `io`. */
export function attachRelay(deps: RelayDeps): Relay {
  const { io, limits, log, metrics } = deps;

  const lister = createRoomLister(io, log, roomKey, deps.fetchTimeoutMs ?? 2500, {
    whoTtlMs: deps.memberLimits.whoListingTtlMs,
    onListing: () => metrics.roomListings.inc(),
  });
  const members = createMemberTable(deps.memberLimits);
  const { maxSocketsPerMember } = deps.memberLimits;

  /** Tell the room a member left, unless it still has another socket there. */
  async function announceLeft(room: string, id: string): Promise<void> {
    const still = await lister.socketsIn(memberKey(room, id));
    if (still.sockets.length > 0) return;
    io.to(roomKey(room)).emit('peer-left', { id });
  }

  const join: Handler = async (socket, payload) => {
    const v = parseJoin(payload);
    if (!v.ok) return fail(v.code, v.message);
    if (socket.data.room || socket.data.joining)
      return fail('already-joined', 'Already in a room; leave first.');
    const { room, name, id } = v.value;
    // A socket slot of the member on this node, held from here; socket.data owns it once joined (forget frees it).
    if (!members.claim(id)) {
      metrics.memberSocketRefusals.inc();
      const why = `This member already has ${maxSocketsPerMember} connections here; close a tab or wait.`;
      return fail('rate-limited', why, maxSocketsPerMember); // docs/protocol.md §3
    }
    let slotHeld = true;
    socket.data.joining = true;
    try {
      const { peers, lock: listedLock } = await lister.members(room);
      const existing = peers.get(id);
      // The room lock (extension): the listed state, or a newer one that reached this node meanwhile.
      const lockCheck = lockForJoin(
        newestLock([listedLock, localLock(io, room)]),
        id,
        existing !== undefined,
        maxAdmitted(limits),
      );
      if (lockCheck.refused) return fail('room-locked', ROOM_LOCKED_MESSAGE);
      if (!existing && peers.size >= limits.maxRoomMembers)
        return fail(
          'room-full',
          `This room is full (${limits.maxRoomMembers} members).`,
          limits.maxRoomMembers,
        );
      if (!socket.connected) return fail('internal', 'Disconnected while joining.');
      socket.data.room = room;
      socket.data.id = id;
      slotHeld = false;
      socket.data.name = name;
      delete socket.data.key;
      delete socket.data.keyAt;
      if (lockCheck.lock) socket.data.lock = lockCheck.lock;
      else delete socket.data.lock;
      await socket.join([roomKey(room), memberKey(room, id)]);
      lister.changed(room);
      peers.delete(id);
      // On every join, even when the member id already has a socket here: a reloaded tab keeps its
      // id but has a new key, and peers must stop using the old one until the new key arrives.
      io.to(roomKey(room)).except(memberKey(room, id)).emit('peer-joined', { id, name });
      metrics.joins.inc();
      metrics.joinedMembers.inc();
      log.debug({ room: roomTag(room), peers: peers.size }, 'join');
      const locked = lockCheck.lock?.locked ? { lock: lockEvent(lockCheck.lock) } : {};
      const ack: JoinAck = { me: { id }, peers: [...peers.values()], ...locked };
      return { ok: true, ...ack };
    } finally {
      socket.data.joining = false;
      if (slotHeld) members.release(id);
    }
  };

  /** Forget the socket's membership and return what it was, or undefined when it was not joined. */
  function forget(socket: RelaySocket): { room: string; id: string } | undefined {
    const { room, id } = socket.data;
    if (!room || !id) return undefined;
    delete socket.data.room;
    delete socket.data.id;
    delete socket.data.name;
    delete socket.data.key;
    delete socket.data.keyAt;
    delete socket.data.lock;
    metrics.joinedMembers.dec();
    members.release(id);
    lister.changed(room);
    return { room, id };
  }

  const leave: Handler = async (socket, payload) => {
    if (!parseLeave(payload)) return fail('bad-request', 'leave takes {}.');
    const was = forget(socket);
    if (!was) return NOT_JOINED();
    await socket.leave(roomKey(was.room));
    await socket.leave(memberKey(was.room, was.id));
    await announceLeft(was.room, was.id);
    log.debug({ room: roomTag(was.room) }, 'leave');
    return { ok: true };
  };

  const key: Handler = (socket, payload) => {
    const { room, id } = socket.data;
    if (!room || !id) return NOT_JOINED();
    const v = parseKey(payload);
    if (!v.ok) return fail(v.code, v.message);
    socket.data.key = v.value;
    socket.data.keyAt = Date.now();
    lister.changed(room);
    io.to(roomKey(room))
      .except(memberKey(room, id))
      .emit('peer-key', { from: id, ...v.value });
    return OK;
  };

  const dm: Handler = (socket, payload) => {
    const { room, id } = socket.data;
    if (!room || !id) return NOT_JOINED();
    const v = parseDm(payload, limits);
    if (!v.ok) return fail(v.code, v.message);
    let bytes = 0;
    for (const part of v.value.parts) {
      // Only ever to the member's room inside the sender's own room (docs/protocol.md §2).
      io.to(memberKey(room, part.to)).emit('dm', {
        from: id,
        id: v.value.id,
        kind: v.value.kind,
        body: part.body,
      });
      bytes += part.bytes;
    }
    metrics.countDm(v.value.parts.length, bytes);
    return OK;
  };

  const step: Handler = (socket, payload) => {
    const { room, id } = socket.data;
    if (!room || !id) return NOT_JOINED();
    const v = parseStep(payload, limits);
    if (!v.ok) return fail(v.code, v.message);
    io.to(roomKey(room))
      .except(memberKey(room, id))
      .emit('peer-step', { from: id, phase: v.value.phase, detail: v.value.detail });
    return OK;
  };

  /** `who` (extension): the join ack's member list again, flagged `partial` when other nodes were out of reach. */
  const who: Handler = async (socket, payload) => {
    if (!parseWho(payload)) return fail('bad-request', 'who takes {}.');
    const { room, id } = socket.data;
    if (!room || !id) return NOT_JOINED();
    const { peers, partial } = await lister.shared(room);
    peers.delete(id);
    const ack: WhoAck = { peers: [...peers.values()], ...(partial ? { partial: true } : {}) };
    return { ok: true, ...ack };
  };

  /** `lock` (extension, docs/protocol.md "Room lock"): server/room-lock.ts. */
  const lock = attachRoomLock({ io, limits, log, lister, multiNode: deps.multiNode ?? false });

  /**
   * `bcast` (extension "v2: broadcast"): one body to every other member of the sender's room, on every node,
   * never to the sender's own sockets; `from` comes from socket.data, like `dm`.
   */
  const bcast: Handler = (socket, payload) => {
    const { room, id } = socket.data;
    if (!room || !id) return NOT_JOINED();
    const v = parseBcast(payload, limits);
    if (!v.ok) return fail(v.code, v.message);
    io.to(roomKey(room))
      .except(memberKey(room, id))
      .emit('bcast', { from: id, id: v.value.id, kind: v.value.kind, body: v.value.body });
    metrics.countBcast(v.value.bytes);
    return OK;
  };

  const handlers: Record<KnownEvent, Handler> = { join, leave, key, dm, step, who, lock, bcast };

  const { attach } = createDispatcher({ limits, log, metrics, members, handlers });

  // Announcements still running, so that a closing node can let them finish before dropping Redis.
  const inFlight = new Set<Promise<void>>();

  const reannounce = (why = 'after redis recovery'): void => reannounceLocal(io, log, why);
  function recovered(): void {
    // Deferred so that the subscriber's re-subscriptions (sent by ioredis right after its 'ready')
    // are on the wire before the other nodes answer the request.
    setImmediate(() => {
      reannounce();
      io.serverSideEmit('reannounce');
    });
  }
  io.on('reannounce', () => reannounce('at the request of a node back on redis'));

  io.on('connection', (socket) => {
    socket.data.bucket = newBucket(limits.eventBurst);
    metrics.connections.inc();
    metrics.connectionsTotal.inc();
    attach(socket);
    socket.on('error', (err) => {
      log.debug({ err: errorName(err) }, 'socket error');
    });
    socket.on('disconnect', (reason) => {
      metrics.connections.dec();
      if (reason === 'transport error') metrics.transportErrors.inc();
      const was = forget(socket);
      if (!was) return;
      const announced = announceLeft(was.room, was.id).catch((err: unknown) => {
        log.warn({ err: errorName(err) }, 'peer-left after disconnect failed');
      });
      inFlight.add(announced);
      void announced.finally(() => inFlight.delete(announced));
    });
  });
  return {
    reannounce,
    recovered,
    settle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

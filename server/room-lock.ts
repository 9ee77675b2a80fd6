// The room lock (docs/protocol.md "Room lock"): kept on the members' sockets (socket.data.lock), never in the relay.
// Every node applies a change to its own sockets of the room; the newest change (by `at`) wins everywhere.
import * as z from 'zod/mini';
import { MEMBER_ID_RE, ROOM_RE } from '../common/wire.js';
import { lockPayload } from '../common/schema/index.js';
import type { Limits } from '../common/limits.js';
import { type Handler, fail, NOT_JOINED, OK } from './dispatch.js';
import { type Log, roomTag } from './log.js';
import { roomKey } from './room-keys.js';
import type { RoomLister } from './room-listing.js';
import type { AnySocket, RelayServer, RelaySocket } from './types.js';

/** A lock state as every member socket of a room keeps it in socket.data.lock (plain JSON: other nodes read it). */
export interface RoomLockState {
  /** True while locked; an unlock is kept as `false` so that an older lock cannot come back. */
  locked: boolean;
  /** Member id of who locked or unlocked. */
  by: string;
  /** That member's display name then. */
  name: string;
  /** When (ms since epoch, made later than every state the changing node had seen): the newest wins. */
  at: number;
  /** Member ids admitted while locked: the members at the time of the lock (plus late arrivals, see applyLock). */
  admitted: string[];
}

/** The message between nodes that carries a change (`serverSideEmit('room-lock', …)`). */
export interface RoomLockChange {
  room: string;
  lock: RoomLockState;
}

/** Most member ids an admitted list holds: twice the room size (members at lock time, plus racing joins). */
export const maxAdmitted = (limits: Pick<Limits, 'maxRoomMembers'>): number => 2 * limits.maxRoomMembers;

const memberIdText = z.string().check(z.regex(MEMBER_ID_RE));
/** A change from another node, checked before it touches any socket (nodes are trusted; bugs and versions are not). */
const lockChange = z.object({
  room: z.string().check(z.maxLength(64), z.regex(ROOM_RE)),
  lock: z.object({
    locked: z.boolean(),
    by: memberIdText,
    name: z.string().check(z.maxLength(256)),
    at: z.number().check(z.refine(Number.isSafeInteger)),
    admitted: z.array(memberIdText).check(z.maxLength(100_000)),
  }),
});

/** True when `a` is newer than `b` (a later `at`; on a tie, the greater member id, so that every node agrees). */
export function isNewer(a: RoomLockState, b: RoomLockState | undefined): boolean {
  if (!b) return true;
  return a.at !== b.at ? a.at > b.at : a.by > b.by;
}

/** The newest lock state among `states` (undefined ones skipped). */
export function newestLock(states: Iterable<RoomLockState | undefined>): RoomLockState | undefined {
  let best: RoomLockState | undefined;
  for (const s of states) if (s && isNewer(s, best)) best = s;
  return best;
}

/** The newest lock state on `sockets` that are (still) members of `room`. */
export function lockOfSockets(sockets: readonly AnySocket[], room: string): RoomLockState | undefined {
  return newestLock(sockets.map((s) => (s.data.room === room ? s.data.lock : undefined)));
}

/** This node's own sockets in `room` (joined, or between the join's check and its socket.join). */
function localMembers(io: RelayServer, room: string): RelaySocket[] {
  const ids = io.of('/').adapter.rooms.get(roomKey(room));
  const out: RelaySocket[] = [];
  if (!ids) return out;
  for (const sid of ids) {
    const socket = io.of('/').sockets.get(sid);
    if (socket?.data.room === room) out.push(socket);
  }
  return out;
}

/** The newest lock state on this node's sockets of `room` (no round trip to other nodes). */
export function localLock(io: RelayServer, room: string): RoomLockState | undefined {
  return newestLock(localMembers(io, room).map((s) => s.data.lock));
}

/**
 * Apply `state` to this node's sockets of `room` that have an older one. A lock also admits the member ids
 * that are on this node's sockets of the room now: they joined before the lock reached this node, so they
 * got in, and must get back in after a reload (docs/security.md "Room lock", races).
 */
export function applyLock(io: RelayServer, room: string, state: RoomLockState, max: number): void {
  const sockets = localMembers(io, room);
  let next = state;
  if (state.locked) {
    const admitted = new Set(state.admitted);
    for (const s of sockets) if (s.data.id && admitted.size < max) admitted.add(s.data.id);
    next = { ...state, admitted: [...admitted] };
  }
  for (const s of sockets) if (isNewer(next, s.data.lock)) s.data.lock = next;
}

/**
 * The lock a joining member `id` meets: `refused` when the room is locked and `id` is neither admitted nor
 * already in the room; otherwise the state its socket keeps (with `id` admitted when it was in the room).
 */
export function lockForJoin(
  lock: RoomLockState | undefined,
  id: string,
  inRoom: boolean,
  max: number,
): { refused: true } | { refused: false; lock?: RoomLockState } {
  if (!lock) return { refused: false };
  if (!lock.locked) return { refused: false, lock };
  if (lock.admitted.includes(id)) return { refused: false, lock };
  if (!inRoom) return { refused: true };
  const admitted = lock.admitted.length < max ? [...lock.admitted, id] : lock.admitted;
  return { refused: false, lock: { ...lock, admitted } };
}

/** The `room-lock` event (and join ack field) for a state: who, never the admitted list. */
export const lockEvent = (s: RoomLockState): { locked: boolean; by: string; name: string } => ({
  locked: s.locked,
  by: s.by,
  name: s.name,
});

/** The plain-language refusal of a join to a locked room. */
export const ROOM_LOCKED_MESSAGE = 'This room is locked: a member locked it, so new people cannot join.';

/** What the `lock` handler needs. */
export interface RoomLockDeps {
  io: RelayServer;
  limits: Limits;
  log: Log;
  lister: RoomLister;
  /** True with a Redis adapter: changes go to the other nodes too (serverSideEmit). */
  multiNode: boolean;
}

/** The `lock` handler, and the listener for changes made on other nodes. */
export function attachRoomLock(deps: RoomLockDeps): Handler {
  const { io, limits, log, lister, multiNode } = deps;
  const max = maxAdmitted(limits);

  if (multiNode)
    io.on('room-lock', (raw: unknown) => {
      const change = lockChange.safeParse(raw);
      if (!change.success) return log.warn('ignored a malformed room-lock change from a node');
      const { room, lock } = change.data;
      applyLock(io, room, { ...lock, admitted: lock.admitted.slice(0, max) }, max);
    });

  return async (socket, payload) => {
    const { room, id, name } = socket.data;
    if (!room || !id || !name) return NOT_JOINED();
    const v = lockPayload.safeParse(payload);
    if (!v.success) return fail('bad-request', 'lock needs { locked: true } or { locked: false }.');
    const { locked } = v.data;
    // Already so on this node: nothing to tell anyone (a flood of the same request costs one check each).
    const here = newestLock([socket.data.lock, localLock(io, room)]);
    if ((here?.locked ?? false) === locked) return OK;
    const { peers, partial, lock: seen } = await lister.members(room);
    if (partial) return fail('internal', 'Other relay nodes are out of reach; try again in a moment.');
    if (socket.data.room !== room || socket.data.id !== id) return NOT_JOINED();
    const current = newestLock([seen, here, socket.data.lock]);
    if ((current?.locked ?? false) === locked) return OK;
    const admitted = locked ? [...new Set([id, ...peers.keys()])].slice(0, max) : [];
    const at = Math.max(Date.now(), (current?.at ?? 0) + 1);
    const state: RoomLockState = { locked, by: id, name, at, admitted };
    applyLock(io, room, state, max);
    if (multiNode) io.serverSideEmit('room-lock', { room, lock: state });
    lister.changed(room);
    io.to(roomKey(room)).emit('room-lock', lockEvent(state));
    log.debug({ room: roomTag(room), locked }, 'room lock');
    return OK;
  };
}

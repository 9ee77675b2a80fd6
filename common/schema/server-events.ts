// Server → client events of docs/protocol.md §4 (+ the `relay-draining` extension), and one map of them.
import * as z from 'zod/mini';
import { bcastDelivery } from './broadcast.js';
import { announcedName, dmId, dmKind, jsonObject, memberId, peerKeyEvent, stepPhase } from './fields.js';

/** `peer-joined` `{ id, name }`. */
export const peerJoined = z.object({ id: memberId, name: announcedName });
/** `peer-left` `{ id }`. */
export const peerLeft = z.object({ id: memberId });
/** `dm` as delivered to one recipient `{ from, id, kind, body }`; the body is checked per kind (bodies.ts). */
export const dmDelivery = z.object({ from: memberId, id: dmId, kind: dmKind, body: z.unknown() });
/** `peer-step` `{ from, phase, detail }`; the detail is checked per phase by the step schemas. */
export const peerStep = z.object({ from: memberId, phase: stepPhase, detail: jsonObject });
/**
 * `relay-draining` `{ graceMs }` (extension): this relay node is shutting down; connect again and
 * rejoin with the same `resume`. The node disconnects every socket within `graceMs`.
 */
export const relayDraining = z.object({ graceMs: z.number().check(z.positive()) });

/**
 * `room-lock` `{ locked, by, name }` (extension, docs/protocol.md "Room lock"): member `by` (named `name`
 * when it did it) locked or unlocked the room; while locked, joins of new member ids are refused.
 */
export const roomLock = z.object({ locked: z.boolean(), by: memberId, name: announcedName });

/** Every server → client event and the schema of its payload. */
export const SERVER_EVENTS = {
  'peer-joined': peerJoined,
  'peer-left': peerLeft,
  'peer-key': peerKeyEvent,
  dm: dmDelivery,
  'peer-step': peerStep,
  'relay-draining': relayDraining,
  'room-lock': roomLock,

  bcast: bcastDelivery,
} as const;
/** A server → client event name. */
export type ServerEventName = keyof typeof SERVER_EVENTS;

// The `bcast` extension (docs/protocol.md "v2: broadcast"): one body from a member to every other member of its room.
import * as z from 'zod/mini';
import type { Limits } from '../limits.js';
import { dmId, dmKind, jsonData, memberId } from './fields.js';
import { jsonBytes } from './primitives.js';

/** `bcast` head `{ id, kind }`, checked before the body (the relay's first stage). */
export const bcastHead = z.object({ id: dmId, kind: dmKind });
/** `bcast` payload `{ id, kind, body }`: like one `dm` part, addressed to the whole room instead of one member. */
export const bcastPayload = z.object({ id: dmId, kind: dmKind, body: jsonData });
/** `bcast` payload within `limits`: the body at most maxDmBody bytes (the same bound as a `dm` part). */
export function bcastPayloadWithin(limits: Pick<Limits, 'maxDmBody'>) {
  return bcastPayload.check(z.refine((b) => (jsonBytes(b.body) ?? Infinity) <= limits.maxDmBody));
}
/** `bcast` as delivered `{ from, id, kind, body }`: `from` is set by the relay; the body is checked per kind. */
export const bcastDelivery = z.object({ from: memberId, id: dmId, kind: dmKind, body: z.unknown() });

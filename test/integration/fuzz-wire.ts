// Helpers of the relay fuzz suite: what a payload looks like after Socket.IO carried it, whether the relay must
// accept it (the schema in common/schema is the oracle), and honest members that check every event they receive.
import { DEFAULT_LIMITS } from '../../common/limits.js';
import {
  CLIENT_EVENTS,
  SERVER_EVENTS,
  bcastPayloadWithin,
  dmPayloadWithin,
  errorAck,
  jsonBytes,
  type ClientEventName,
  type ServerEventName,
} from '../../common/schema/index.js';
import type { Client } from './helpers.js';

/** Events that need a joined socket (docs/protocol.md §3, `not-joined`). */

const NEEDS_JOIN = new Set<string>(['key', 'dm', 'step', 'who', 'leave', 'lock', 'bcast']);

/** True when the schema of `event` accepts `payload` within the default limits (dm parts and step detail sizes). */
export function payloadValid(event: ClientEventName, payload: unknown): boolean {
  if (event === 'dm') return dmPayloadWithin(DEFAULT_LIMITS).safeParse(payload).success;
  if (event === 'bcast') return bcastPayloadWithin(DEFAULT_LIMITS).safeParse(payload).success;
  if (!CLIENT_EVENTS[event].payload.safeParse(payload).success) return false;
  if (event !== 'step') return true;
  const detail = (payload as { detail: unknown }).detail;
  return (jsonBytes(detail) ?? Infinity) <= DEFAULT_LIMITS.maxStepDetail;
}

/**
 * What the relay must answer `event` with `payload` (its wire image) from a socket that is `joined` or not:
 * ok exactly when the payload is valid, the socket is joined where that is needed, and a join is not a second one.
 */
export function mustAccept(event: ClientEventName, payload: unknown, joined: boolean): boolean {
  if (!payloadValid(event, payload)) return false;
  if (event === 'join') return !joined;
  return !NEEDS_JOIN.has(event) || joined;
}

/** Problems with an ack: not an error ack of the schema nor the event's ok ack; or `internal` (a relay bug). */
export function ackProblem(event: ClientEventName, ack: unknown): string | undefined {
  const failed = errorAck.safeParse(ack);
  if (failed.success) return failed.data.error.code === 'internal' ? `internal error on ${event}` : undefined;
  if (CLIENT_EVENTS[event].ack.safeParse(ack).success) return undefined;
  return `${event} ack is neither an error ack nor its ok ack: ${JSON.stringify(ack)?.slice(0, 300)}`;
}

/** An honest member that checks every event it receives against SERVER_EVENTS and who may send it. */
export interface Watcher {
  /** Problems seen since the last take(). */
  take(): string[];
  /** Count of events received. */
  readonly count: number;
}

/**
 * Check everything `socket` receives: a known server event, one argument, accepted by its schema, and sent by a
 * member in `senders()` (the relay sets `from`: a fuzzer can never make it another member's id).
 */
export function watch(socket: Client, senders: () => ReadonlySet<string>): Watcher {
  let problems: string[] = [];
  let count = 0;
  (socket as any).onAny((event: string, ...args: unknown[]) => {
    count++;
    if (!Object.hasOwn(SERVER_EVENTS, event)) {
      problems.push(`unknown event ${JSON.stringify(event)}`);
      return;
    }
    if (args.length !== 1) problems.push(`${event} with ${args.length} arguments`);
    const parsed = SERVER_EVENTS[event as ServerEventName].safeParse(args[0]);
    if (!parsed.success) {
      problems.push(`malformed ${event}: ${JSON.stringify(args[0])?.slice(0, 300)}`);
      return;
    }
    const data = parsed.data as { from?: string; id?: string };
    const who = ['dm', 'peer-key', 'peer-step', 'bcast'].includes(event) ? data.from : data.id;
    if (who !== undefined && !senders().has(who))
      problems.push(`${event} attributed to ${who}, not a member`);
  });
  return {
    take: () => {
      const out = problems;
      problems = [];
      return out;
    },
    get count() {
      return count;
    },
  };
}

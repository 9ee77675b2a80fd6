// Turning socket events into handler calls: the rate budgets, the metrics per event, and the ack (docs/protocol.md §3, §6).
import type { Limits } from '../common/limits.js';
import type { AckError, ErrorCode } from '../common/wire.js';
import { type Log, errorName } from './log.js';
import type { MemberTable } from './member-limits.js';
import { type KnownEvent, type Metrics, countRejection } from './metrics.js';
import { takeToken } from './rate-limit.js';
import type { RelaySocket } from './types.js';

/** A handler's outcome, turned into the ack. */
export type Reply = ({ ok: true } & object) | AckError;
/** One event's handler: synchronous where it can be (no promise per event), async where it must wait. */
export type Handler = (socket: RelaySocket, payload: unknown) => Reply | Promise<Reply>;

/** An error ack (docs/protocol.md §3); `room-full` and the member socket cap also carry their `limit`. */
export const fail = (code: ErrorCode, message: string, limit?: number): Reply => ({
  ok: false,
  error: limit === undefined ? { code, message } : { code, message, limit },
});
/** The success ack of the synchronous handlers: one frozen object, not a new one per event. */
export const OK: Reply = Object.freeze({ ok: true as const });
/** The ack for an event that needs a joined socket. */
export const NOT_JOINED = (): Reply => fail('not-joined', 'Join a room first.');

/** What the dispatcher needs: the limits, where to log and count, the member budgets and the handlers. */
export interface DispatchDeps {
  limits: Limits;
  log: Log;
  metrics: Metrics;
  members: Pick<MemberTable, 'take'>;
  handlers: Record<KnownEvent, Handler>;
}

/** The dispatcher of one relay: `attach` routes every event of a socket to its handler, `spend` charges both budgets. */
export function createDispatcher(deps: DispatchDeps): {
  attach(socket: RelaySocket): void;
  spend(socket: RelaySocket, now?: number): boolean;
} {
  const { limits, log, metrics, members, handlers } = deps;
  const byName = new Map<unknown, [KnownEvent, Handler]>(
    (Object.keys(handlers) as KnownEvent[]).map((event) => [event, [event, handlers[event]]]),
  );

  /** Spend a token of the socket's bucket and, once joined, of its member's shared one (docs/protocol.md §6). */
  const spend = (socket: RelaySocket, now = Date.now()): boolean =>
    takeToken(socket.data.bucket, limits.eventsPerSecond, limits.eventBurst, now) &&
    (!socket.data.id || members.take(socket.data.id, now));

  function reply(event: KnownEvent, ack: ((arg: unknown) => void) | undefined, result: Reply): void {
    if (!result.ok) {
      countRejection(metrics, result.error.code);
      log.debug({ event, code: result.error.code }, 'rejected');
    }
    if (!ack) return;
    try {
      ack(result);
    } catch (err) {
      log.warn({ event, err: errorName(err) }, 'ack failed');
    }
  }

  const failed = (event: KnownEvent, ack: ((arg: unknown) => void) | undefined, err: unknown): void => {
    log.error({ event, err: errorName(err) }, 'handler failed');
    reply(event, ack, fail('internal', 'The relay failed to handle this event.'));
  };

  /**
   * One catch-all listener per socket (Socket.IO calls it with every event, the ack callback last) instead of
   * one listener per event name plus a catch-all for the unknown ones: one call per event, not two.
   */
  function attach(socket: RelaySocket): void {
    socket.onAny((...args: unknown[]): void => {
      const known = byName.get(args[0]);
      if (!known) {
        metrics.unknownEvents.inc();
        // Unknown events still spend a token, so they cannot be used to flood the relay for free.
        spend(socket);
        return;
      }
      // Socket.IO's own listeners never see an event that arrives after the disconnect; neither do handlers.
      if (!socket.connected) return;
      const [event, handler] = known;
      const last = args.length > 1 ? args[args.length - 1] : undefined;
      const ack = typeof last === 'function' ? (last as (arg: unknown) => void) : undefined;
      const payload = ack && args.length === 2 ? undefined : args[1];
      metrics.countEvent(event);
      if (!spend(socket)) {
        reply(event, ack, fail('rate-limited', 'Too many events; slow down.'));
        return;
      }
      let pending: Reply | Promise<Reply>;
      try {
        pending = handler(socket, payload);
      } catch (err) {
        failed(event, ack, err);
        return;
      }
      // Synchronous handlers (dm, key, step) answer at once: no promise and no extra microtask per event.
      if (pending instanceof Promise)
        pending.then(
          (result) => reply(event, ack, result),
          (err: unknown) => failed(event, ack, err),
        );
      else reply(event, ack, pending);
    });
  }

  return { attach, spend };
}

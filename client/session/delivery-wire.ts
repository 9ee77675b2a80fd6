// Delivery's wire: a message's parts go out as `dm` batches within the frame limit and one sender-keys `bcast`,
// and the relay's ack of each marks them sent, fails them plainly, or leaves them to the retry timer.
import type { Limits } from '../../common/limits.js';
import { SKMSG_KIND } from '../../common/schema/sender-key.js';
import { describeFailure, readAck } from './ack-errors.js';
import { batchParts } from './messages.js';
import type { Outbox, OutgoingMessage, OutgoingPart } from './outbox.js';
import { request, type RelaySocket } from './relay-socket.js';
import type { LogEntry } from './types.js';

/** What sending parts needs from Delivery: its host's socket, log and update signal, its outbox and limits. */
export interface DeliveryWire {
  /** The current socket, and whether we are joined on it. */
  context(): { socket?: RelaySocket; joined: boolean };
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** A message's parts changed: refresh the chat view. */
  updated(message: OutgoingMessage): void;
  /** Delivery's outbox: parts marked sent or failed by the acks. */
  readonly outbox: Outbox;
  readonly limits: Limits;
  readonly ackTimeoutMs: number;
}

/** Emit the given parts of a message in as few `dm` events as the frame limit allows. */
export function transmitParts(w: DeliveryWire, message: OutgoingMessage, parts: OutgoingPart[]): void {
  const { socket, joined } = w.context();
  if (!socket || !joined) return;
  const broadcast = parts.filter((p) => p.kind === 'skmsg');
  if (broadcast.length > 0) broadcastParts(w, socket, message, broadcast);
  const byKind = [parts.filter((p) => p.kind === undefined), parts.filter((p) => p.kind === 'ratchet')];
  for (const batch of byKind.flatMap((ps) => batchParts(ps, w.limits.maxFrame - 1024))) {
    const kind = batch[0]!.kind ?? 'msg';
    const payload = { id: message.id, kind, parts: batch.map((p) => ({ to: p.to, body: p.body })) };
    void request(socket, 'dm', payload, w.ackTimeoutMs).then((raw) => {
      if (socket !== w.context().socket) return;
      const ack = readAck(raw);
      if (ack.ok) {
        let any = false;
        for (const p of batch) any = w.outbox.markSent(message.id, p.to) || any;
        if (any) w.updated(message);
      } else if (ack.failure.code === 'too-large' || ack.failure.code === 'bad-request') {
        const reason = describeFailure(ack.failure, w.limits.maxRoomMembers);
        for (const p of batch) w.outbox.fail(message.id, p.to, reason);
        w.log('error', `The relay refused a message: ${reason}`);
        w.updated(message);
      }
      // rate-limited, not-joined, timeout, disconnected: the retry timer or the re-join resends.
    });
  }
}

/** One `bcast` for every part the message's sender-keys body covers (they share it); acked once for all. */
function broadcastParts(
  w: DeliveryWire,
  socket: RelaySocket,
  message: OutgoingMessage,
  parts: OutgoingPart[],
): void {
  const payload = { id: message.id, kind: SKMSG_KIND, body: parts[0]!.body };
  void request(socket, 'bcast', payload, w.ackTimeoutMs).then((raw) => {
    if (socket !== w.context().socket) return;
    const ack = readAck(raw);
    if (ack.ok) {
      let any = false;
      for (const p of parts) any = w.outbox.markSent(message.id, p.to) || any;
      if (any) w.updated(message);
    } else
      w.log(
        'warn',
        `The relay did not take the broadcast yet (${ack.failure.code}); it is sent pairwise on the next try`,
      );
  });
}

// Re-announcement of this node's members after a Redis outage (docs/protocol.md, Extensions).
import type { Log } from './log.js';
import { memberKey, roomKey } from './room-keys.js';
import type { RelayServer } from './types.js';

/**
 * Send `peer-joined` (then `peer-key` when it has one) for every member with a socket on this node to its
 * room, except the member's own sockets; once per member id and room. `why` goes into the log line.
 */
export function reannounceLocal(io: RelayServer, log: Log, why: string): void {
  const seen = new Set<string>();
  let count = 0;
  for (const socket of io.of('/').sockets.values()) {
    const { room, id, name, key: memberKeyValue } = socket.data;
    if (!room || !id || !name || seen.has(memberKey(room, id))) continue;
    seen.add(memberKey(room, id));
    const others = io.to(roomKey(room)).except(memberKey(room, id));
    others.emit('peer-joined', { id, name });
    if (memberKeyValue) others.emit('peer-key', { from: id, ...memberKeyValue });
    count++;
  }
  log.info({ members: count }, `re-announced local members ${why}`);
}

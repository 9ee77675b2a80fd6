// The relay's room events on one socket, checked against the wire schema and routed to the session's parts.
import type { ServerEventName } from '../../common/schema/index.js';
import { FILE_KINDS } from '../../common/schema/files.js';
import type { Files } from './files.js';
import type { Inbound } from './inbound.js';
import type { PeerTable } from './peers.js';
import { onRelayEvent, type RelaySocket, type ServerPayload } from './relay-socket.js';
import { dispatchPeerStep } from './step-publishing.js';
import type { LogEntry } from './types.js';

/** The parts that room events reach. */
export interface RoomEventParts {
  /** Our member id, if joined. */
  me(): string | undefined;
  peers: PeerTable;
  inbound: Inbound;
  /** The `file*` kinds (docs/protocol.md Extensions, "Encrypted files"). */
  files?: Files;
  /** A member left: off the list, its flood state forgotten. */
  memberLeft(id: string): void;
  /** Where `peer-step` events are dispatched (the session). */
  steps: EventTarget;
  log(level: LogEntry['level'], text: string): void;
  changed(): void;
}

/** Room events on a new socket: members, keys, dms and steps, only while `live()`; malformed ones become a log line. */
export function bindRoomEvents(socket: RelaySocket, live: () => boolean, parts: RoomEventParts): void {
  const { me, peers, inbound } = parts;
  const refuse = (line: string): void => {
    if (!live()) return;
    parts.log('warn', line);
    parts.changed();
  };
  const on = <E extends ServerEventName>(event: E, handler: (p: ServerPayload<E>) => void): void =>
    onRelayEvent(socket, event, (p) => live() && handler(p), refuse);
  // A known member's pending parts wait for its key (peers.ts).
  on('peer-joined', (p) => p.id !== me() && peers.joined(p.id, p.name));
  on('peer-left', (p) => parts.memberLeft(p.id));
  on('peer-key', (p) => p.from !== me() && peers.keyEvent(p));
  const fileKinds: readonly string[] = FILE_KINDS;
  on('dm', (d) => (fileKinds.includes(d.kind) ? parts.files?.dm(d) : inbound.dm(d)));
  on('bcast', (b) => b.from !== me() && inbound.bcast(b));
  on('peer-step', (s) => {
    const name = (id: string): string => peers.name(id);
    if (!dispatchPeerStep(parts.steps, s, name))
      refuse(`Ignored a ${s.phase} step from ${name(s.from)} that does not match the protocol.`);
  });
}

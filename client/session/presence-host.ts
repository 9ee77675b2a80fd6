// The session's side of presence refresh: asking `who`, and what adding or removing a member does.
import type { MembershipState } from './membership.js';
import type { PeerTable } from './peers.js';
import { askWho, unreachableReason, type PresenceHost } from './presence.js';
import type { LogEntry } from './types.js';

/** The session parts presence refresh acts on. */
export interface PresenceParts {
  membership: Readonly<MembershipState>;
  ackTimeoutMs: number;
  peers: PeerTable;
  log(level: LogEntry['level'], text: string): void;
  changed(): void;
  /** A member left (`reason`: the log line): off the list, its flood state forgotten. */
  memberLeft(id: string, reason: string): void;
  /** Fail every message part still pending to `id` with `reason`. */
  failTo(id: string, reason: string): void;
}

/** What presence refresh needs: ask `who`, list who is here, add and remove members. */
export function presenceHost(s: PresenceParts): PresenceHost {
  return {
    who: () =>
      askWho(s.membership, s.ackTimeoutMs, () => {
        s.log('warn', 'Ignored a malformed answer of the relay to who.');
        s.changed();
      }),
    present: () => s.peers.all().flatMap((p) => (p.present ? [p.id] : [])),
    me: () => s.membership.me,
    add: (p) => {
      if (s.peers.get(p.id)) s.log('info', `${s.peers.name(p.id)} is back in the room`);
      s.peers.reconcile([p], false);
      s.changed();
    },
    remove: (id) => {
      const reason = unreachableReason(s.peers.name(id));
      s.memberLeft(id, reason);
      s.failTo(id, reason);
    },
  };
}

// The v2 pairwise hooks a RoomSession hands to its parts (docs/protocol.md "v2: how the browser client uses it"):
// one place that builds the pair sessions and what delivery, outbound, inbound and the peer views call.
import type { KeyAgreement } from '../crypto/key-agreement.js';
import type { Channel } from './channel.js';
import type { MembershipState } from './membership.js';
import { encryptPart } from './messages.js';
import type { OutgoingMessage, OutgoingPart } from './outbox.js';
import type { PeerRecord, PeerTable } from './peers.js';
import { PairSessions } from './ratchet-channel.js';
import { RatchetInbound } from './ratchet-inbound.js';
import { RatchetInspector } from './ratchet-inspect.js';
import { encryptRatchetPart } from './ratchet-messages.js';
import type { LogEntry } from './types.js';

/** What the hooks need from the session. */
export interface V2HooksHost {
  /** The live membership. */
  readonly membership: Readonly<MembershipState>;
  /** The session's peers. */
  readonly peers: PeerTable;
  /** Our current key pair. */
  myKey(): KeyAgreement | undefined;
  /** Whether the user verified the channel with `peer`. */
  verified(peer: PeerRecord & { channel: Channel }): boolean;
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** The visible state changed. */
  changed(): void;
}

/** The hooks: the pair table, a protocol-aware part encryptor, the dm kind per pair, the inbound v2 handler. */
export interface V2Hooks {
  /** Negotiated protocol and ratchet of every pair. */
  readonly pairs: PairSessions;
  /** Encrypt a message for a ready peer: a `ratchet` part on a v2 pair, a v1 `msg` part otherwise. */
  encrypt(message: OutgoingMessage, peer: PeerRecord & { channel: Channel }): Promise<OutgoingPart>;
  /** The dm kind of the pair with `peer`. */
  kindFor(peer: PeerRecord): 'msg' | 'ratchet';
  /** Incoming `ratchet` dms and the refusal of plain ones on v2 pairs. */
  readonly inbound: RatchetInbound;
  /** The Ratchet view's public facts and "Compromise now" (ratchet-inspect.ts). */
  readonly inspect: RatchetInspector;
}

/** Build the v2 hooks for a client that speaks `versions` (e.g. [1, 2]; [1] keeps every pair on v1). */
export function v2Hooks(host: V2HooksHost, versions: readonly number[]): V2Hooks {
  const { membership, peers } = host;
  const pairs = new PairSessions(versions, {
    context: () => ({ room: membership.room, myKey: host.myKey() }),
    name: (id) => peers.name(id),
  });
  const encrypt = async (
    message: OutgoingMessage,
    peer: PeerRecord & { channel: Channel },
  ): Promise<OutgoingPart> => {
    const { room, me } = membership;
    if (!room || !me) throw new Error('Join a room first.');
    const to = { id: peer.id, name: peers.name(peer.id) };
    const verified = host.verified(peer);
    if (!pairs.isV2(peer)) return encryptPart(room, me, message, to, peer.channel, verified);
    const ratchet = await pairs.ratchet(peer);
    return encryptRatchetPart(room, me, message, to, peer.channel, ratchet, verified);
  };
  const kindFor = (peer: PeerRecord): 'msg' | 'ratchet' => (pairs.isV2(peer) ? 'ratchet' : 'msg');
  const inbound = new RatchetInbound({ membership, pairs, peers, log: host.log, changed: host.changed });
  const inspect = new RatchetInspector({
    pairs,
    name: (id) => peers.name(id),
    log: host.log,
    changed: host.changed,
  });
  return { pairs, encrypt, kindFor, inbound, inspect };
}

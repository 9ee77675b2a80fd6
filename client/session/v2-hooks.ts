// The v2 pairwise hooks a RoomSession hands to its parts (docs/protocol.md "v2: how the browser client uses it"):
// one place that builds the pair sessions and what delivery, outbound, inbound and the peer views call.
import type { KeyAgreement } from '../crypto/key-agreement.js';
import type { SessionBus } from './bus.js';
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
import { MAX_ITERATION } from '../../common/schema/sender-key.js';
import type { RetryPolicy } from './outbox.js';
import { SenderKeyInbound } from './sender-key-inbound.js';
import { encryptSkParts } from './sender-key-messages.js';
import { SenderKeys } from './sender-keys.js';
import { ToyWire } from './toy-wire.js';

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
  /** Our sender chain and its distribution (sender-keys.ts). */
  readonly senderKeys: SenderKeys;
  /** The chains other members gave us, and their `skdist` dms and `skmsg` broadcasts (sender-key-inbound.ts). */
  readonly skInbound: SenderKeyInbound;
  /** Encrypt a message once for the recipients holding our chain: their `skmsg` parts (none when sender keys are off). */
  broadcast(message: OutgoingMessage, to: (PeerRecord & { channel: Channel })[]): Promise<OutgoingPart[]>;
  /** What Inbound's host takes: the `ratchet` handler and the sender keys' receiving side. */
  readonly inboundHooks: { v2: RatchetInbound; senderKeys: SenderKeyInbound };
  /** Member `id` left: wipe its chain; ours rotates (policy.ts: a leaver must not read what follows). */
  forget(id: string): void;
  /** The membership ended: drop every ratchet and chain. */
  reset(): void;
  /** Subscribe the sender keys: a ready channel may need our chain (`sync`), a peer's new key gets it again. */
  listen(bus: SessionBus): void;
  /** The Ratchet view's public facts and "Compromise now" (ratchet-inspect.ts). */
  readonly inspect: RatchetInspector;
  /** Our v2 envelopes as they leave, in a toy room, for the class's Eve (toy-wire.ts). */
  readonly toyWire: ToyWire;
}

/** Build the v2 hooks for a client that speaks `versions` (e.g. [1, 2]; [1] keeps every pair on v1). */
export function v2Hooks(host: V2HooksHost, versions: readonly number[], retry: RetryPolicy): V2Hooks {
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
  const { log, changed } = host;
  const senderKeys = new SenderKeys({ membership, peers, pairs, log, changed }, retry);
  const receipt = (from: string, id: string, ok: boolean, reason?: string): boolean =>
    senderKeys.receipt(from, id, ok, reason);
  const inbound = new RatchetInbound({ membership, pairs, peers, log, changed, receipt });
  const skInbound = new SenderKeyInbound({ membership, pairs, peers, log, changed });
  const broadcast = async (
    message: OutgoingMessage,
    to: (PeerRecord & { channel: Channel })[],
  ): Promise<OutgoingPart[]> => {
    const { room, me } = membership;
    const chain = senderKeys.current();
    const holders = new Set(senderKeys.holders().map((p) => p.id));
    const covered = to.filter((p) => holders.has(p.id));
    if (!room || !me || !chain || covered.length === 0) return [];
    if (chain.n >= MAX_ITERATION) {
      senderKeys.change({ type: 'used-up' });
      return [];
    }
    const named = covered.map((p) => ({ ...p, name: peers.name(p.id), verified: host.verified(p) }));
    const { body, parts } = await encryptSkParts(chain, room, me, message, named);
    const names = named.map((p) => p.name).join(', ');
    log(
      'info',
      `Message encrypted once with your sender key (message ${body.n}) and signed: one broadcast for ${names}`,
    );
    return parts;
  };
  const inboundHooks = { v2: inbound, senderKeys: skInbound };
  const forget = (id: string): void => {
    skInbound.forget(id);
    senderKeys.change({ type: 'leave', member: id });
  };
  const reset = (): void => {
    pairs.reset();
    inspect.reset();
    senderKeys.reset();
    skInbound.reset();
  };
  const listen = (bus: SessionBus): void => {
    bus.on('channel-ready', () => senderKeys.sync());
    bus.on('peer-key-changed', (id) => senderKeys.change({ type: 'new-key', member: id }));
  };
  const inspect = new RatchetInspector({ pairs, name: (id) => peers.name(id), log, changed });
  const toyContext = () => ({ room: membership.room, me: membership.me, curve: host.myKey()?.curve });
  const toyWire = new ToyWire({ context: toyContext });
  const parts = {
    pairs,
    encrypt,
    kindFor,
    inbound,
    senderKeys,
    skInbound,
    broadcast,
    inboundHooks,
    inspect,
    toyWire,
  };
  return { ...parts, forget, reset, listen };
}

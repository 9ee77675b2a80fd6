// The session's state snapshot (SessionState): read from its parts after every change, never stored by them.
import { KDF_RK_INFO, rootSeedInfo } from '../crypto/ratchet/kdf.js';
import type { ActivityLog } from './activity-log.js';
import type { Confirmations } from './confirmations.js';
import type { Files } from './files.js';
import type { KeyChanges } from './key-change.js';
import type { MembershipState } from './membership.js';
import type { ChatList } from './message-list.js';
import type { OwnKey } from './own-key.js';
import type { PeerTable } from './peers.js';
import type { PairSessions } from './ratchet-channel.js';
import type { RoomLock } from './room-lock.js';
import type { PeerView, SessionState } from './types.js';
import type { PeerRecord } from './peer-record.js';
import type { SenderKeys } from './sender-keys.js';
import type { SenderKeyInbound } from './sender-key-inbound.js';

/** The parts a snapshot reads (RoomSession's, by reference). */
export interface SnapshotParts {
  membership: MembershipState;
  ownKey: OwnKey;
  peers: PeerTable;
  keyChanges: KeyChanges;
  pairs: PairSessions;
  chat: ChatList;
  files: Files;
  log: ActivityLog;
  lock: RoomLock;
  confirmations: Confirmations;
  senderKeys: SenderKeys;
  skInbound: SenderKeyInbound;
}

/** A v2 pair's root-key derivation inputs, from the channel the ratchet is seeded from (ratchet-channel.ts). */
function v2RootOf(p: SnapshotParts, peer: PeerRecord): Pick<PeerView, 'v2Root'> {
  const c = peer.channel;
  if (!c || !p.pairs.isV2(peer)) return {};
  return { v2Root: { info: rootSeedInfo(c.curve, c.room), ratchetInfo: KDF_RK_INFO } };
}

/** A peer's protocol line and sender keys: "v2 · sender keys + Double Ratchet" once our chain reaches it by bcast. */
function protocolOf(p: SnapshotParts, peer: PeerRecord): Pick<PeerView, 'protocol' | 'senderKey' | 'v2Root'> {
  const label = p.pairs.label(peer);
  const ours = p.senderKeys.ours(peer.id);
  const theirs = p.skInbound.holds(peer.id);
  const senderKey = ours || theirs ? { senderKey: { ...(ours ? { ours } : {}), theirs } } : {};
  const sk = label && p.pairs.isV2(peer) && p.senderKeys.active && ours === 'held';
  return {
    ...(label
      ? { protocol: sk ? label.replace('v2 · Double Ratchet', 'v2 · sender keys + Double Ratchet') : label }
      : {}),
    ...senderKey,
    ...v2RootOf(p, peer),
  };
}

/** A fresh SessionState from the parts as they are now; optional fields only when set. */
export function buildSessionState(p: SnapshotParts): SessionState {
  const { connection, room, name, me } = p.membership;
  const myKey = p.ownKey.view;
  const suffix = me !== undefined ? p.peers.labels().get(me)?.suffix : undefined;
  return {
    connection,
    ...(room !== undefined ? { room } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(p.confirmations.passphrase ? { passphrase: true } : {}),
    ...(me !== undefined ? { me: { id: me, ...(suffix ? { suffix } : {}) } } : {}),
    names: p.peers.namesView(),
    curve: p.ownKey.curve,
    ...(myKey ? { myKey } : {}),
    ...(p.ownKey.announcement ? { keyAnnouncement: p.ownKey.announcement } : {}),
    peers: p.peers.views((peer) => ({ ...p.keyChanges.trust(peer), ...protocolOf(p, peer) })),
    messages: p.chat.messages,
    removedMessages: p.chat.removed,
    maxFileBytes: p.files.maxFileBytes,
    log: p.log.entries,
    ...(p.lock.view ? { lock: p.lock.view } : {}),
    senderKeys: p.senderKeys.view(),
  };
}

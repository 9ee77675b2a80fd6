// RoomSession's extensions, built here so room-session.ts stays a list of parts: the v2 hooks (pairwise ratchet),
// the room lock, encrypted files and the room passphrase's confirmations (docs/protocol.md Extensions, "v2: …").
import type { Limits } from '../../common/limits.js';
import type { SessionBus } from './bus.js';
import type { Delivery } from './delivery.js';
import type { Inbound } from './inbound.js';
import type { ChatList } from './message-list.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import type { Channel } from './channel.js';
import { Confirmations, confirmationHost } from './confirmations.js';
import { Files } from './files.js';
import type { MembershipState } from './membership.js';
import type { RoomSessionOptions } from './options.js';
import type { RetryPolicy } from './outbox.js';
import type { PeerRecord, PeerTable } from './peers.js';
import { RoomLock } from './room-lock.js';
import type { ChatMessage, LogEntry } from './types.js';
import { v2Hooks, type V2Hooks } from './v2-hooks.js';

/** What every extension may use: the live membership, the peers, the log and the change signal. */
export interface ExtensionBase {
  /** The live membership. */
  readonly membership: Readonly<MembershipState>;
  /** The session's peers. */
  readonly peers: PeerTable;
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** The visible state changed. */
  changed(): void;
  /** Whether the user verified the channel with `peer`. */
  verified(peer: PeerRecord & { channel: Channel }): boolean;
}

/** The v2 hooks of a session speaking `versions` (built before Delivery, which uses them). */
export function sessionV2(
  base: ExtensionBase,
  myKey: () => KeyAgreement | undefined,
  versions: readonly number[],
  retry: RetryPolicy,
): V2Hooks {
  const { membership, peers, verified, log, changed } = base;
  return v2Hooks({ membership, peers, myKey, verified, log, changed }, versions, retry);
}

/** What the lock, files and confirmations need beyond the base. */
export interface ExtensionDeps extends ExtensionBase {
  limits: Limits;
  ackTimeoutMs: number;
  now(): number;
  /** The chat: system lines (passphrase) and file messages. */
  chat: ChatList;
  /** Delivery: failing the parts to a member without the passphrase. */
  delivery: Delivery;
  /** Inbound: hands `confirm` dms to the confirmations. */
  inbound: Inbound;
  /** The session's bus: `channel-ready` once a passphrase confirmation verified. */
  bus: SessionBus;
}

/** The extensions built after the v1 parts. */
export interface SessionExtensions {
  lock: RoomLock;
  files: Files;
  confirmations: Confirmations;
}

/** The membership ended: the extensions and the v2 state forget it (ratchets and sender chains are wiped). */
export function resetExtensions(ext: SessionExtensions, v2: V2Hooks): void {
  ext.files.reset();
  ext.confirmations.reset();
  ext.lock.reset();
  v2.reset();
}

/** Build 9. the room lock, 10. encrypted files and 11. the room passphrase's key confirmations. */
export function sessionExtensions(options: RoomSessionOptions, d: ExtensionDeps): SessionExtensions {
  const { membership, peers, log, changed, limits, ackTimeoutMs, now, verified, chat, delivery } = d;
  // 9. The room lock (room-lock.ts).
  const lock = new RoomLock({ membership: () => membership, peers, log, changed, limits, ackTimeoutMs });
  // 10. Encrypted files: offers and acks over the channels, chunks paced under the relay's rate.
  const show = (line: ChatMessage): void => chat.upsert(line);
  const files = new Files({ membership, show, log, changed, now, verified }, peers, options.files);
  // 11. Room passphrase: key confirmation before a channel is used (confirmations.ts).
  const failTo = (id: string, reason: string): void => delivery.failTo(id, reason);
  const addLine = (line: ChatMessage): void => chat.add(line);
  const channelReady = (id: string): void => d.bus.emit('channel-ready', id);
  const confirmHost = { membership, log, changed, failTo, addLine, now, waitMs: options.confirmWaitMs };
  const confirmations = new Confirmations(confirmationHost({ ...confirmHost, channelReady }), peers);
  d.inbound.onConfirm = (dm) => confirmations.received(dm);
  return { lock, files, confirmations };
}

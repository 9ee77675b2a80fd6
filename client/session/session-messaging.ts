// RoomSession's parts 4–8, built here so room-session.ts stays a list of parts: delivery of our messages,
// inbound dms, outbound text, presence refresh over `who` and key changes (docs/architecture.md "Inside a RoomSession").
import type { Limits } from '../../common/limits.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import type { SessionBus } from './bus.js';
import type { Channel } from './channel.js';
import { Delivery } from './delivery.js';
import { Inbound } from './inbound.js';
import { KeyChanges } from './key-change.js';
import type { ChatList } from './message-list.js';
import type { RoomSessionOptions } from './options.js';
import { Outbound } from './outbound.js';
import type { OutgoingMessage, RetryPolicy } from './outbox.js';
import type { PeerRecord } from './peers.js';
import { PRESENCE_INTERVAL_MS, Presence } from './presence.js';
import { presenceHost } from './presence-host.js';
import type { ExtensionBase } from './session-extensions.js';
import type { ChatMessage } from './types.js';
import type { V2Hooks } from './v2-hooks.js';
import type { Verification } from './verification.js';

/** What parts 4–8 need beyond the base: the bus, our key, the v2 hooks, the chat and the verified marks. */
export interface MessagingDeps extends ExtensionBase {
  /** The session's bus: `message-updated`, `message-received` and `message-started`. */
  bus: SessionBus;
  /** Our current key pair. */
  myKey(): KeyAgreement | undefined;
  /** The v2 hooks (v2-hooks.ts), built before Delivery. */
  v2: V2Hooks;
  /** The chat: key-change lines. */
  chat: ChatList;
  /** The verified marks (verification.ts). */
  verification: Verification;
  retry: RetryPolicy;
  limits: Limits;
  ackTimeoutMs: number;
  now(): number;
  /** A member left (`reason`: the log line): the session takes it off the list and forgets its state. */
  memberLeft(id: string, reason: string): void;
}

/** Parts 4–8 of a RoomSession. */
export interface Messaging {
  delivery: Delivery;
  inbound: Inbound;
  outbound: Outbound;
  presence: Presence;
  keyChanges: KeyChanges;
}

/** Build 4. delivery, 5. inbound dms, 6. outbound text, 7. presence refresh and 8. key changes, in that order. */
export function sessionMessaging(options: RoomSessionOptions, deps: MessagingDeps): Messaging {
  const { membership, peers, bus, log, changed, verified, myKey, v2, chat, now } = deps;
  const { retry, limits, ackTimeoutMs, memberLeft } = deps;
  const { encrypt, kindFor, broadcast } = v2;
  // 4. Delivery of our messages to the peers, until their receipts arrive.
  const updated = (message: OutgoingMessage): void => bus.emit('message-updated', message);
  const context = (): typeof membership => membership;
  const peer = (id: string): PeerRecord | undefined => peers.get(id);
  const name = (id: string): string => peers.name(id);
  const deliveryHost = { context, peer, log, updated, verified, name, encrypt, kindFor };
  const delivery = new Delivery(deliveryHost, retry, limits, ackTimeoutMs);
  // 5. Inbound dms (messages and receipts) and 6. outbound text.
  const received = (message: ChatMessage): void => bus.emit('message-received', message);
  const inboundHost = { membership, received, log, changed, now, verified, ...v2.inboundHooks };
  const inbound = new Inbound(inboundHost, peers, delivery, options.inboundRate, options.receiptRate);
  const start = (message: OutgoingMessage): void => bus.emit('message-started', message);
  const outboundHost = { membership, myKey, log, start, verified, encrypt, kindFor, broadcast };
  const outbound = new Outbound(outboundHost, peers, limits, now);
  // 7. Presence refresh over `who`, which adds and removes peers.
  const failTo = (id: string, reason: string): void => delivery.failTo(id, reason);
  const host = presenceHost({ membership, ackTimeoutMs, peers, log, changed, memberLeft, failTo });
  const presence = new Presence(host, options.presenceIntervalMs ?? PRESENCE_INTERVAL_MS);
  // 8. Key changes: a warning, a chat line, and held messages when the peer was verified.
  const channel = (id: string): Channel | undefined => peers.ready().find((p) => p.id === id)?.channel;
  const addLine = (line: ChatMessage): void => chat.add(line);
  const d = delivery;
  const [hold, heldCount, decide] = [d.hold.bind(d), d.heldCount.bind(d), d.decide.bind(d)];
  const keyHost = { name, channel, hold, heldCount, decide, addLine, log, changed, now };
  const keyChanges = new KeyChanges(keyHost, deps.verification);
  return { delivery, inbound, outbound, presence, keyChanges };
}

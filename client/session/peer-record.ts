// One other member's record in the peer table, the predicates on it, and its UI view.
import type { ConfirmBody } from '../../common/wire.js';
import type { AnnouncedKey, Channel } from './channel.js';
import { labelText, lookAlikeNote, type NameLabel } from './look-alike.js';
import type { ChannelState, PeerView } from './types.js';
import { peerKeyView } from './views.js';

/** Everything known about one other member. */
export interface PeerRecord {
  id: string;
  name: string;
  /** Currently in the room (absent members are kept so a returning member keeps its channel). */
  present: boolean;
  key?: AnnouncedKey;
  /**
   * The key the member had before it joined again (a reload keeps the member id but makes a new
   * key pair): unconfirmed, kept only to compare with the next `peer-key`; `key` is unset meanwhile.
   */
  previousKey?: AnnouncedKey;
  channel?: Channel;
  state: ChannelState;
  reason?: string;
  /** Serialises derivations and incoming messages of this peer, in arrival order. */
  queue: Promise<void>;
  /** Key confirmation of the current channel (Room passphrase, confirmations.ts); reset by each derivation. */
  confirm?: ConfirmProgress;
  /** The latest `confirm` body this peer sent (only one is kept), checked against each new channel. */
  lastConfirm?: ConfirmBody;
}

/** Why a peer does not share our passphrase: it has none, another one, one we lack, or it sent no proof. */
export type PassphraseVerdict = 'none' | 'different' | 'has-one' | 'silent';

/** Where the key confirmation of one channel stands. */
export interface ConfirmProgress {
  /** We joined with a passphrase, so the channel is usable only once `proved`. */
  required: boolean;
  /** The peer's confirmation for this channel verified under K. */
  proved: boolean;
  /** How many confirmations of this channel we answered (at most MAX_ANSWERS, so two clients never ping-pong). */
  answers: number;
  /** The socket on which we last sent our own confirmation of this channel (so once per join or re-join). */
  sentOn?: object;
  /** Set when the peer's confirmation failed (or never came): shown to the user. */
  verdict?: PassphraseVerdict;
}

/** False when key confirmation says the channel must not be used (not proved in a passphrase room, or a mismatch). */
export function confirmAllows(peer: PeerRecord): boolean {
  const c = peer.confirm;
  if (!c) return true;
  return c.required ? c.proved : c.verdict === undefined;
}

/** True when `peer` is present with a ready channel. */
export function isReady(peer: PeerRecord | undefined): peer is PeerRecord & { channel: Channel } {
  return peer !== undefined && peer.present && peer.state === 'ready' && peer.channel !== undefined;
}

/** True when `peer` joined again and has not announced its key since, but had a channel before. */
export function isAwaitingKey(peer: PeerRecord | undefined): peer is PeerRecord & { channel: Channel } {
  return (
    peer !== undefined &&
    peer.present &&
    peer.key === undefined &&
    peer.previousKey !== undefined &&
    peer.channel !== undefined &&
    confirmAllows(peer)
  );
}

/** What the session knows about the peer beyond its record: its label and the user's verification. */
export interface PeerTrustView {
  label: NameLabel;
  verified: boolean;
  keyChanged?: { wasVerified: boolean };
  held: number;
  /** The pair's protocol line (ratchet-channel.ts `label`). */
  protocol?: string;
  /** Sender keys with this peer (sender-keys.ts, sender-key-inbound.ts). */
  senderKey?: PeerView['senderKey'];
  /** A v2 pair's root-key derivation inputs (session-state.ts). */
  v2Root?: PeerView['v2Root'];
}

/** The UI view of one peer. */
export function peerView(p: PeerRecord, t: PeerTrustView): PeerView {
  const key = p.key ? peerKeyView(p.key.curve, p.key.pub) : undefined;
  const note = lookAlikeNote(t.label);
  return {
    id: p.id,
    name: p.name,
    label: labelText(t.label),
    ...(t.label.suffix ? { suffix: t.label.suffix, lookAlike: note } : {}),
    ...(key ? { key } : {}),
    channel: p.state,
    ...(p.reason !== undefined && p.state !== 'ready' && p.state !== 'deriving'
      ? { channelReason: p.reason }
      : {}),
    ...(p.state === 'ready' && p.channel ? { derived: p.channel.derived } : {}),
    verified: t.verified,
    ...(t.keyChanged ? { keyChanged: t.keyChanged } : {}),
    ...(t.held > 0 ? { held: t.held } : {}),
    ...(t.protocol !== undefined ? { protocol: t.protocol } : {}),
    ...(t.senderKey ? { senderKey: t.senderKey } : {}),
    ...(t.v2Root && p.state === 'ready' ? { v2Root: t.v2Root } : {}),
  };
}

/** Record that `peer` has no channel (`kind`, with the reason shown on its card); true when that changed anything. */
export function setNoChannel(peer: PeerRecord, kind: 'no-key' | 'curve-mismatch', reason: string): boolean {
  const changed = peer.state !== kind || peer.reason !== reason;
  peer.state = kind;
  peer.reason = reason;
  return changed;
}

/** True when `peer` holds a derived channel (used or not). */
export function isChanneled(peer: PeerRecord): peer is PeerRecord & { channel: Channel } {
  return peer.channel !== undefined;
}

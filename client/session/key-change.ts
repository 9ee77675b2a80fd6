// Key changes are loud (docs/security.md "Key changes and verification"): warning, chat line, held messages, verifying.
import type { Channel } from './channel.js';
import type { PeerRecord, PeerTrustView } from './peer-record.js';
import type { ChatMessage, LogEntry } from './types.js';
import type { Verification } from './verification.js';

/** What reacting to a key change needs from the session. */
export interface KeyChangeHost {
  /** Display name of member `id` (with its suffix when it needs one). */
  name(id: string): string;
  /** The current channel with member `id`, if ready. */
  channel(id: string): Channel | undefined;
  /** Hold every message still pending to member `id` (delivery.ts); returns how many parts were held. */
  hold(id: string): number;
  /** How many parts to member `id` are held. */
  heldCount(id: string): number;
  /** Release the parts held for member `id`: re-encrypt to its new key and send (`send`), or discard them. */
  decide(id: string, send: boolean): void;
  /** Add a line to the chat. */
  addLine(line: ChatMessage): void;
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** The visible state changed. */
  changed(): void;
  /** Clock (ms since epoch). */
  now(): number;
}

/** The chat line of a key change: what the user must do, and what happened to waiting messages. */
export function keyChangeText(name: string, wasVerified: boolean, held: number): string {
  const head = `${name}'s key changed — compare safety numbers again.`;
  if (!wasVerified)
    return `${head} You had not marked ${name} verified, so waiting messages go to the new key.`;
  const waiting =
    held === 0
      ? 'No message was waiting for them.'
      : `${held === 1 ? '1 message' : `${held} messages`} still waiting for ${name} ${held === 1 ? 'is' : 'are'} held: choose on ${name}'s card whether to send ${held === 1 ? 'it' : 'them'} to the new key.`;
  return `${head} You had verified ${name}; that no longer holds for the new key. ${waiting}`;
}

/** Turns a peer's key change into a warning, a chat line and (when it was verified) held messages. */
export class KeyChanges {
  private seq = 0;

  /** Create the reaction over the session's verification state. */
  constructor(
    private readonly host: KeyChangeHost,
    private readonly verification: Verification,
  ) {}

  /** Member `id` announced a key other than the one of `old`, the channel we had with it. */
  changed(id: string, old: Channel): void {
    const { wasVerified } = this.verification.keyChanged(id, old);
    const held = wasVerified ? this.host.hold(id) : 0;
    const name = this.host.name(id);
    const text = keyChangeText(name, wasVerified, held);
    const line: ChatMessage = {
      id: `key-change-${++this.seq}`,
      from: id,
      fromName: name,
      text,
      ts: this.host.now(),
      outgoing: false,
      wire: [],
      delivery: {},
      system: 'key-changed',
    };
    this.host.addLine(line);
    this.host.log('warn', text);
    this.host.changed();
  }

  /** What the peer card shows of `p` besides its record: verified, the key-change warning, held messages. */
  trust(p: PeerRecord): Omit<PeerTrustView, 'label'> {
    const change = this.verification.change(p.id);
    return {
      // Only the channel of the key the peer announces now: while a new key is being derived, the old
      // channel is still in place but says nothing about the new key.
      verified: this.verification.isVerified(
        p.id,
        p.state === 'ready' && p.channel?.peerPub === p.key?.pub ? p.channel : undefined,
      ),
      ...(change ? { keyChanged: change } : {}),
      held: this.host.heldCount(p.id),
    };
  }

  /** The user's choice for the messages held for `id`: send them to its new key, or discard them. */
  decide(id: string, send: boolean): void {
    this.host.decide(id, send);
    this.host.changed();
  }

  /** The user marked the current channel with `id` verified (or took that back); false when there is no channel. */
  setVerified(id: string, verified: boolean): boolean {
    const channel = this.host.channel(id);
    if (!channel) return false;
    this.verification.mark(id, channel, verified);
    const name = this.host.name(id);
    this.host.log(
      'info',
      verified
        ? `You marked ${name} verified (safety number ${channel.derived.safetyNumber.join(' ')})`
        : `You marked ${name} not verified`,
    );
    this.host.changed();
    return true;
  }
}

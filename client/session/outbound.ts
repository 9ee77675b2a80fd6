// Sending a chat message: the checks before it goes out and its encryption once per ready peer.
import type { Limits } from '../../common/limits.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import type { Channel } from './channel.js';
import { IV_BYTES } from '../crypto/message.js';
import type { MembershipState } from './membership.js';
import { encryptedBodyBytes, encryptPart } from './messages.js';
import type { OutgoingMessage, OutgoingPart } from './outbox.js';
import { RATCHET_BODY_OVERHEAD } from './ratchet-messages.js';
import type { PeerRecord, PeerTable } from './peers.js';
import { newMessageId } from './resume.js';
import type { LogEntry } from './types.js';

/** What sending needs from the session that owns it. */
export interface OutboundHost {
  /** The live membership: whether we are in a room, the room and our member id. */
  readonly membership: Readonly<MembershipState>;
  /** Our current key pair, if generated. */
  myKey(): KeyAgreement | undefined;
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** The message is encrypted for every recipient: show it and hand it to delivery (delivery.ts). */
  start(message: OutgoingMessage): void;
  /** True when the user marked the channel with `peer` verified (verification.ts): shown on the message. */
  verified(peer: PeerRecord & { channel: Channel }): boolean;
  /** v2 hook (ratchet-channel.ts): encrypt a part in the pair's protocol; v1 `encryptPart` when absent. */
  encrypt?(message: OutgoingMessage, peer: PeerRecord & { channel: Channel }): Promise<OutgoingPart>;
  /** v2 hook: the dm kind the pair with `peer` uses (`msg` when absent). */
  kindFor?(peer: PeerRecord): 'msg' | 'ratchet';
  /**
   * Sender-keys hook (v2-hooks.ts): encrypt the message once for those of `to` that hold our chain; returns their
   * parts (kind `skmsg`, one shared body), none when sender keys are off. The others get pairwise parts.
   */
  broadcast?(message: OutgoingMessage, to: (PeerRecord & { channel: Channel })[]): Promise<OutgoingPart[]>;
}

/** Turns text typed by the user into an outgoing message encrypted for every ready peer. */
export class Outbound {
  /** Create the sender over the session's peers, with its limits and clock. */
  constructor(
    private readonly host: OutboundHost,
    private readonly peers: PeerTable,
    private readonly limits: Limits,
    private readonly now: () => number,
  ) {}

  /**
   * Encrypts `text` to every ready peer and starts its delivery; rejects with a plain reason. If the
   * user leaves while it awaits derivations or encryption, it stops: nothing is shown or queued.
   */
  async send(text: string): Promise<void> {
    const m = this.host.membership;
    if (!m.wantJoined || !m.room || !m.me) throw new Error('Join a room first.');
    if (typeof text !== 'string' || text.trim() === '') throw new Error('Type a message first.');
    if (!this.host.myKey()) throw new Error('Generate your keys first.');
    const epoch = m.epoch;
    const room = m.room;
    const me = m.me;
    const left = (): boolean => m.epoch !== epoch || !m.wantJoined;
    const stopped = (): Error => new Error('You left the room before the message was sent.');
    // Let derivations already under way finish, so a peer whose key just arrived is included.
    await this.peers.settled();
    if (left()) throw stopped();
    const ts = this.now();
    const held = new Set(this.peers.awaitingKey());
    const recipients = [...this.peers.ready(), ...held];
    const anyV2 = recipients.some((p) => this.host.kindFor?.(p) === 'ratchet');
    const bodyBytes = encryptedBodyBytes(text, ts) + (anyV2 ? RATCHET_BODY_OVERHEAD : 0);
    if (bodyBytes > this.limits.maxDmBody)
      throw new Error(
        `The message is too long: ${bodyBytes} bytes once encrypted; the limit is ${this.limits.maxDmBody} bytes. Shorten it.`,
      );
    // A peer that joined again (a reload) and has not confirmed its key yet gets a part too: it is
    // held back, then sent (re-encrypted if the key changed) once the key arrives (delivery.ts).
    if (recipients.length === 0)
      throw new Error('Nobody can read it yet: no one in the room shares a derived key with you.');
    const message: OutgoingMessage = { id: newMessageId(), text, ts, parts: new Map() };
    const covered = new Map<string, OutgoingPart>();
    try {
      const parts = (await this.host.broadcast?.(message, this.peers.ready())) ?? [];
      for (const part of parts) covered.set(part.to, part);
    } catch (e) {
      this.host.log(
        'warn',
        `Sender keys could not encrypt it (${e instanceof Error ? e.message : String(e)}); sent pairwise`,
      );
    }
    if (left()) throw stopped();
    for (const peer of recipients) {
      const sk = covered.get(peer.id);
      if (sk) {
        message.parts.set(peer.id, sk);
        continue;
      }
      const name = this.peers.name(peer.id);
      const verified = this.host.verified(peer);
      let part: OutgoingPart;
      try {
        part = this.host.encrypt
          ? await this.host.encrypt(message, peer)
          : await encryptPart(room, me, message, { id: peer.id, name }, peer.channel, verified);
      } catch (e) {
        // One pair that cannot encrypt (a v2 session that cannot start, e.g. a copy of our key) skips only that peer.
        if (left()) throw stopped();
        this.host.log('warn', `Not sent to ${name}: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      message.parts.set(peer.id, part);
      if (left()) throw stopped();
      if (held.has(peer))
        this.host.log('info', `Message for ${name} waits until ${name} announces its key again`);
      else if (part.kind === 'ratchet')
        this.host.log('info', `Message encrypted for ${name} with its own Double Ratchet message key (v2)`);
      else this.host.log('info', `Message encrypted for ${name} with a ${IV_BYTES}-byte IV (AES-256-GCM)`);
    }
    if (message.parts.size === 0)
      throw new Error('It could not be encrypted for anyone; see the activity log.');
    this.host.start(message);
  }
}

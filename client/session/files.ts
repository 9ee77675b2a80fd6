// The Files part of a RoomSession: sends and receives encrypted files (docs/protocol.md Extensions, "Encrypted
// files"). Offers, acks and cancels are sealed under the channel key; chunks go out at FILE_EVENTS_PER_SECOND.
import type { FileKind } from '../../common/schema/files.js';
import { sealedBody } from '../../common/schema/files.js';
import type { DmDelivery } from '../../common/wire.js';
import { MessageError } from '../crypto/errors.js';
import { fileControlAad } from '../crypto/file-seal.js';
import type { Channel } from './channel.js';
import { openFileControl, sendFileControl } from './file-control.js';
import {
  defaultInboundFileLimits,
  FileReceiver,
  type IncomingFile,
  type InboundFileLimits,
} from './file-incoming.js';
import { FilePump } from './file-pump.js';
import { RefusalLines } from './flood.js';
import { tooLargeReason } from '../crypto/file-name.js';
import { prepareFile, type FileToSend } from './file-start.js';
import { incomingFileMessage, outgoingFileMessage, type IncomingWrap } from './file-views.js';
import { acked, cancelRecipient, isOpen, type OutgoingFile } from './file-outgoing.js';
import { identityOf, type MembershipState } from './membership.js';
import { isReady, type PeerRecord, type PeerTable } from './peers.js';
import type { ChatMessage, LogEntry } from './types.js';

/** Files we send at once. */
export const MAX_OUTGOING_FILES = 3;

/** What the Files part needs from the session. */
export interface FilesHost {
  readonly membership: Readonly<MembershipState>;
  /** Add a file's message to the chat, or replace the one with the same author and id. */
  show(message: ChatMessage): void;
  log(level: LogEntry['level'], text: string): void;
  changed(): void;
  now(): number;
  verified(peer: PeerRecord & { channel: Channel }): boolean;
}

/** Sends and receives the files of one membership. */
export class Files {
  private readonly receiver: FileReceiver;
  private readonly pump: FilePump;
  private wraps = new WeakMap<IncomingFile, IncomingWrap>();
  private readonly warnedUnknown = new Set<string>();
  /** Lines for refused file dms, per sender: a flood of junk is a burst of lines and one summary (flood.ts). */
  private readonly refusals: RefusalLines;

  /** Files within `limits` (default: 25 MB and defaultInboundFileLimits). */
  constructor(
    private readonly host: FilesHost,
    private readonly peers: PeerTable,
    limits: Partial<InboundFileLimits> = {},
  ) {
    this.receiver = new FileReceiver({ ...defaultInboundFileLimits(limits.maxFileBytes), ...limits });
    this.pump = new FilePump({
      membership: host.membership,
      now: host.now,
      log: host.log,
      update: (f) => this.update(f),
    });
    this.refusals = new RefusalLines(
      (line) => host.log('warn', line),
      undefined,
      () => host.now(),
    );
  }

  /** The largest file sent or accepted. */
  get maxFileBytes(): number {
    return this.receiver.limits.maxFileBytes;
  }

  /** Encrypt `file` once and send it to every ready peer; rejects with a plain reason. */
  async send(file: FileToSend): Promise<void> {
    const m = this.host.membership;
    if (!m.joined || !m.room || !m.me) throw new Error('you are not in a room.');
    if (file.bytes.length > this.maxFileBytes)
      throw new Error(tooLargeReason(file.name, file.bytes.length, this.maxFileBytes));
    if (this.pump.active() >= MAX_OUTGOING_FILES)
      throw new Error(`${MAX_OUTGOING_FILES} files are still being sent; wait for one to finish.`);
    const ready = this.peers
      .ready()
      .map((p) => ({ id: p.id, name: this.peers.name(p.id), channel: p.channel }));
    if (ready.length === 0) throw new Error('nobody has a secure channel with you yet.');
    const epoch = m.epoch;
    const out = await prepareFile(file, m.room, m.me, ready, this.host.now());
    if (m.epoch !== epoch) throw new Error('you left the room before it was sent.');
    this.pump.add(out);
    this.update(out);
    this.host.log(
      'info',
      `Sending ${out.name}: ${plural(out.chunks.length, 'encrypted chunk')} to ${plural(ready.length, 'peer')}`,
    );
  }

  /** Cancel a file: ours (`from` is us) for every recipient, or one we receive from `from`. */
  cancel(from: string, fileId: string): void {
    const m = this.host.membership;
    const out = from === m.me ? this.pump.get(fileId) : undefined;
    if (out) {
      for (const r of out.recipients.values())
        if (isOpen(r)) {
          cancelRecipient(r, 'me');
          void this.control('file-cancel', r.id, fileId, {
            type: 'file-cancel',
            reason: 'the sender cancelled.',
          });
        }
      return this.update(out);
    }
    const file = this.receiver.cancel(from, fileId, 'me');
    if (!file) return;
    void this.control('file-cancel', from, fileId, {
      type: 'file-cancel',
      reason: 'the recipient cancelled.',
    });
    this.showIncoming(file);
  }

  /** A `file*` dm from the relay (envelope already checked): only a peer with a channel can reach the transfer. */
  dm(d: DmDelivery): void {
    const body = sealedBody.safeParse(d.body);
    const who = this.peers.name(d.from);
    if (!body.success) return this.refused(d.from, `Ignored a malformed ${d.kind} from ${who}.`);
    const peer = this.peers.get(d.from);
    if (d.kind === 'file-chunk') return void this.chunk(d.from, d.id, body.data);
    if (!isReady(peer))
      return this.refused(d.from, `Ignored a ${d.kind} from ${who}: no secure channel yet.`);
    this.peers.enqueue(peer, () => this.control_in(peer, d));
  }

  /** Our socket joined again: our transfers resume from what each recipient acknowledged, and we tell senders what we hold. */
  rejoined(): void {
    this.pump.rewind();
    for (const f of this.receiver.receiving())
      void this.control('file-ack', f.from, f.fileId, { type: 'file-ack', have: f.have, resume: true });
  }

  /** The membership ended: stop every transfer and forget them. */
  reset(): void {
    this.pump.reset();
    this.receiver.reset();
    this.wraps = new WeakMap();
    this.warnedUnknown.clear();
    this.refusals.clear();
  }

  // ---------------------------------------------------------------- inbound

  private async control_in(peer: PeerRecord & { channel: Channel }, d: DmDelivery): Promise<void> {
    const m = this.host.membership;
    if (!m.room || !m.me) return;
    const aad = fileControlAad(d.kind as FileKind, m.room, d.from, m.me, d.id);
    const name = this.peers.name(d.from);
    try {
      const c = await openFileControl(peer.channel, d, aad);
      if (c.type === 'file') return await this.offer(peer, d.id, c.offer, c.wrap);
      if (c.type === 'file-ack') {
        const out = this.pump.get(d.id);
        const r = out?.recipients.get(d.from);
        if (!out || !r) return;
        if (acked(out, r, c.have, c.resume === true, this.host.now()))
          this.host.log('info', `${name} received ${out.name}; its SHA-256 matched`);
        this.pump.kick();
        return this.update(out);
      }
      const reason = c.reason;
      const out = this.pump.get(d.id);
      const r = out?.recipients.get(d.from);
      if (out && r) {
        cancelRecipient(r, 'peer', reason);
        this.host.log('info', `${name} stopped receiving ${out.name}${reason ? `: ${reason}` : ''}`);
        return this.update(out);
      }
      const file = this.receiver.cancel(d.from, d.id, 'peer', reason);
      if (file) this.showIncoming(file);
    } catch (e) {
      this.refused(
        d.from,
        `Ignored a ${d.kind} from ${name}: ${e instanceof MessageError ? e.message : 'it could not be opened.'}`,
      );
    }
  }

  private async offer(
    peer: PeerRecord & { channel: Channel },
    fileId: string,
    offer: Parameters<FileReceiver['offer']>[2],
    wrap: IncomingWrap['wrap'],
  ): Promise<void> {
    const name = this.peers.name(peer.id);
    const result = await this.receiver.offer(peer.id, fileId, offer);
    if (!result.ok) {
      this.refused(peer.id, `Refused a file from ${name}: ${result.reason}`);
      return this.control('file-cancel', peer.id, fileId, { type: 'file-cancel', reason: result.reason });
    }
    const { file, fresh } = result;
    if (fresh) {
      const m = this.host.membership;
      const me = identityOf(m);
      this.wraps.set(file, {
        fromName: name,
        me,
        arrival: this.host.now(),
        verified: this.host.verified(peer),
        wrap,
      });
      this.host.log(
        'info',
        `${name} is sending ${file.name} (${offer.size} bytes in ${plural(offer.chunks, 'chunk')})`,
      );
      this.showIncoming(file);
    }
    if (file.state === 'receiving' || file.state === 'done')
      await this.control('file-ack', peer.id, fileId, { type: 'file-ack', have: file.have });
  }

  private async chunk(from: string, fileId: string, body: { iv: string; ct: string }): Promise<void> {
    const out = await this.receiver.chunk(from, fileId, body);
    const name = this.peers.name(from);
    switch (out.kind) {
      case 'unknown':
        if (this.warnedUnknown.size < 100 && !this.warnedUnknown.has(from)) {
          this.warnedUnknown.add(from);
          this.note(`Ignored file chunks from ${name} for a file you were never offered.`);
        }
        return;
      case 'ignored':
        return;
      case 'bad':
        if (!out.gaveUp) return;
        this.note(`Gave up receiving ${out.file.name} from ${name}: ${out.file.reason ?? out.reason}`);
        await this.control('file-cancel', from, fileId, {
          type: 'file-cancel',
          reason: 'too many chunks could not be opened.',
        });
        return this.showIncoming(out.file);
      case 'stored':
        if (out.ack) await this.control('file-ack', from, fileId, { type: 'file-ack', have: out.file.have });
        return this.showIncoming(out.file);
      case 'complete':
        this.host.log('info', `Received ${out.file.name} from ${name}; its SHA-256 matched`);
        await this.control('file-ack', from, fileId, { type: 'file-ack', have: out.file.have });
        out.released.forEach((f) => this.showIncoming(f));
        return this.showIncoming(out.file);
      case 'hash-mismatch':
        this.note(`${out.file.name} from ${name} was refused: ${out.file.reason ?? ''}`);
        await this.control('file-cancel', from, fileId, {
          type: 'file-cancel',
          reason: 'the SHA-256 did not match.',
        });
        return this.showIncoming(out.file);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Seal a control message for `to` under our channel key and send it (dropped quietly when there is no channel). */
  private control(kind: FileKind, to: string, fileId: string, plaintext: object): Promise<void> {
    return sendFileControl(this.host.membership, this.peers, kind, to, fileId, plaintext);
  }

  private update(out: OutgoingFile): void {
    this.pump.release(out);
    this.host.show(outgoingFileMessage(out, identityOf(this.host.membership)));
    this.host.changed();
  }

  private showIncoming(file: IncomingFile): void {
    const wrap = this.wraps.get(file);
    if (!wrap) return;
    this.host.show(incomingFileMessage(file, wrap));
    this.host.changed();
  }

  /** A refusal line for a dm of `from`, within that sender's RefusalLines budget. */
  private refused(from: string, text: string): void {
    if (this.refusals.warn(from, this.peers.name(from), text)) this.host.changed();
  }

  private note(text: string): void {
    this.host.log('warn', text);
    this.host.changed();
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

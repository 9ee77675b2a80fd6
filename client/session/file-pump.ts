// Pacing outgoing files: one `dm` per tick, FILE_EVENTS_PER_SECOND at most, so the relay's 30 events a second
// leave room for chat messages, receipts and key announcements; offers first, then chunks round-robin over files.
import { DEFAULT_LIMITS } from '../../common/limits.js';
import { readAck } from './ack-errors.js';
import {
  chunkRefused,
  chunkSent,
  nextWork,
  offerSent,
  overallState,
  rewindAll,
  type FileWork,
  type OutgoingFile,
} from './file-outgoing.js';
import type { MembershipState } from './membership.js';
import { request } from './relay-socket.js';
import type { LogEntry } from './types.js';

/** File events sent per second at most (the relay allows 30 per socket): the rest stays for everything else. */
export const FILE_EVENTS_PER_SECOND = 12;
/** Finished files we sent whose bytes stay in memory for our own bubble; older ones let them go. */
export const MAX_KEPT_SENT = 8;
/** Finished files we sent that are remembered at all (a late ack for a forgotten one is ignored). */
export const MAX_REMEMBERED_SENT = 50;

/** After the relay refuses a file event (rate limit), sending pauses this long (ms). */
export const REFUSED_PAUSE_MS = 1000;

/** What the pump needs from the Files part. */
export interface FilePumpHost {
  readonly membership: Readonly<MembershipState>;
  now(): number;
  log(level: LogEntry['level'], text: string): void;
  /** A file's progress changed. */
  update(file: OutgoingFile): void;
}

/** Streams the outgoing files of one membership. */
export class FilePump {
  private readonly files = new Map<string, OutgoingFile>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private pauseUntil = 0;
  private turn = 0;

  /** A pump sending at most `perSecond` events a second. */
  constructor(
    private readonly host: FilePumpHost,
    private readonly perSecond = FILE_EVENTS_PER_SECOND,
  ) {}

  /** The outgoing file `fileId`, if any. */
  get(fileId: string): OutgoingFile | undefined {
    return this.files.get(fileId);
  }

  /** Files still being sent. */
  active(): number {
    return [...this.files.values()].filter((f) => overallState(f) === 'sending').length;
  }

  /** Start streaming `file`. */
  add(file: OutgoingFile): void {
    this.files.set(file.fileId, file);
    this.kick();
  }

  /** Make sure the timer runs while there is anything to send. */
  kick(): void {
    if (this.timer !== undefined || this.active() === 0) return;
    this.timer = setInterval(() => this.tick(), Math.ceil(1000 / this.perSecond));
  }

  /** After our reconnect: every transfer resumes from what its recipients acknowledged. */
  rewind(): void {
    for (const f of this.files.values()) rewindAll(f, this.host.now());
    this.kick();
  }

  /**
   * A file no longer being sent lets its ciphertext go (the chunk count stays for the view); past MAX_KEPT_SENT
   * finished files the oldest also let their bytes go, and past MAX_REMEMBERED_SENT they are forgotten.
   */
  release(file: OutgoingFile): void {
    if (overallState(file) === 'sending') return;
    file.bodies = [];
    file.chunks = file.chunks.map((c) => ({ ...c, ct: new Uint8Array(0) }));
    const finished = [...this.files.values()].filter((f) => overallState(f) !== 'sending');
    finished.slice(0, -MAX_KEPT_SENT).forEach((f) => delete f.bytes);
    finished.slice(0, -MAX_REMEMBERED_SENT).forEach((f) => this.files.delete(f.fileId));
  }

  /** Stop and forget everything (the membership ended). */
  reset(): void {
    this.stop();
    this.files.clear();
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const m = this.host.membership;
    if (this.active() === 0) return this.stop();
    const now = this.host.now();
    if (!m.socket || !m.joined || now < this.pauseUntil) return;
    const open = [...this.files.values()].filter((f) => overallState(f) === 'sending');
    for (let i = 0; i < open.length; i++) {
      const file = open[(this.turn + i) % open.length]!;
      const before = overallState(file);
      const work = nextWork(file, now);
      if (overallState(file) !== before) this.host.update(file); // someone was given up
      if (!work) continue;
      this.turn = (this.turn + i + 1) % Math.max(1, open.length);
      return void this.send(work);
    }
  }

  private async send(work: FileWork): Promise<void> {
    const m = this.host.membership;
    if (!m.socket) return;
    const { file } = work;
    if (work.kind === 'offer') offerSent(work.to, this.host.now());
    else chunkSent(work);
    const parts =
      work.kind === 'offer'
        ? [{ to: work.to.id, body: work.to.offer }]
        : work.to.map((r) => ({ to: r.id, body: file.bodies[work.index]! }));
    // One chunk body is ~61 KB: a frame of 1 MiB carries up to 16 recipients; more go in further events.
    const perEvent = Math.max(1, Math.floor((DEFAULT_LIMITS.maxFrame - 4096) / 62000));
    const kind = work.kind === 'offer' ? 'file' : 'file-chunk';
    for (let i = 0; i < parts.length; i += perEvent) {
      const raw = await request(
        m.socket,
        'dm',
        { id: file.fileId, kind, parts: parts.slice(i, i + perEvent) },
        10000,
      );
      const ack = readAck(raw);
      if (ack.ok) continue;
      if (work.kind === 'chunk') chunkRefused(work);
      this.pauseUntil = this.host.now() + REFUSED_PAUSE_MS;
      if (ack.failure.code !== 'disconnected')
        this.host.log(
          'warn',
          `The relay refused a piece of ${file.name} (${ack.failure.code}); sending it again shortly.`,
        );
      return;
    }
  }
}

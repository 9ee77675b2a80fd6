// Files we send: each recipient's offer, window and acknowledgements, and what to send next (no socket, no timer:
// files.ts drives it). The chunks are encrypted once and the same ciphertext goes to every recipient.
import type { SealedChunk, FileSecrets } from '../crypto/file-crypto.js';
import type { FileState } from './types.js';

/** Chunks sent ahead of a recipient's last acknowledgement (16 × 45 KiB ≈ 720 KiB in flight). */
export const WINDOW = 16;
/** An offer nobody answered is sent again after this long (ms). */
export const OFFER_RETRY_MS = 4000;
/** Offers sent before a silent recipient is given up. */
export const MAX_OFFER_TRIES = 8;
/** A full window with no acknowledgement for this long (ms) is sent again from the last acknowledged chunk. */
export const STALL_MS = 6000;
/** Stalls in a row (no progress at all) before a recipient is given up. */
export const MAX_STALLS = 10;

/** One recipient of an outgoing file. */
export interface OutgoingRecipient {
  id: string;
  name: string;
  state: FileState;
  reason?: string;
  cancelledBy?: 'me' | 'peer';
  /** Chunks the recipient acknowledged holding in order, and the next chunk to send it. */
  acked: number;
  next: number;
  /** The sealed offer for this recipient (sent again as it is), and when it last went out. */
  offer: { iv: string; ct: string };
  offerTries: number;
  offerSentAt?: number;
  /** When the recipient last made progress (or a stall was handled), and stalls since. */
  heardAt: number;
  stalls: number;
  /** For the wire view: the offer's IV, size, AAD and the channel key's fingerprint. */
  wrap: { ivHex: string; ctBytes: number; aad: string; keyFingerprint: string };
}

/** A file we send: encrypted once, then streamed to each recipient at its own pace. */
export interface OutgoingFile {
  fileId: string;
  name: string;
  mime: string;
  image: boolean;
  size: number;
  ts: number;
  /** The original bytes, for our own bubble (let go past MAX_KEPT_SENT finished files). */
  bytes?: Uint8Array;
  sha256Hex: string;
  secrets: FileSecrets;
  chunks: SealedChunk[];
  /** Chunk bodies in base64url, made once. */
  bodies: { iv: string; ct: string }[];
  recipients: Map<string, OutgoingRecipient>;
}

/** What to send next: an offer to one recipient, or one chunk to every recipient whose next chunk it is. */
export type FileWork =
  | { kind: 'offer'; file: OutgoingFile; to: OutgoingRecipient }
  | { kind: 'chunk'; file: OutgoingFile; index: number; to: OutgoingRecipient[] };

/** True while a recipient may still need something from us. */
export function isOpen(r: OutgoingRecipient): boolean {
  return r.state === 'offered' || r.state === 'sending';
}

/**
 * Advance the timers of `file` at `now` (offers to send again, stalled windows to rewind, silent recipients to give
 * up) and return the next piece of work, if any. Offers go first; then the lowest chunk index anyone needs.
 */
export function nextWork(file: OutgoingFile, now: number): FileWork | undefined {
  const total = file.chunks.length;
  for (const r of file.recipients.values()) {
    if (r.state !== 'offered') continue;
    if (r.offerSentAt !== undefined && now - r.offerSentAt < OFFER_RETRY_MS) continue;
    if (r.offerTries >= MAX_OFFER_TRIES) {
      giveUp(r, 'they did not answer the offer.');
      continue;
    }
    return { kind: 'offer', file, to: r };
  }
  let index = Infinity;
  for (const r of file.recipients.values()) {
    if (r.state !== 'sending') continue;
    const limit = Math.min(total, r.acked + WINDOW);
    if (r.next >= limit && now - r.heardAt >= STALL_MS) {
      r.stalls += 1;
      r.heardAt = now;
      if (r.stalls > MAX_STALLS) giveUp(r, 'they stopped acknowledging chunks.');
      else r.next = r.acked; // lost on the way (a reconnect): send again from what they hold
    }
    if (r.state === 'sending' && r.next < limit) index = Math.min(index, r.next);
  }
  if (index === Infinity) return undefined;
  const to = [...file.recipients.values()].filter(
    (r) => r.state === 'sending' && r.next === index && index < Math.min(total, r.acked + WINDOW),
  );
  return { kind: 'chunk', file, index, to };
}

/** The recipients of a chunk sent: each one's next chunk moves on. */
export function chunkSent(work: Extract<FileWork, { kind: 'chunk' }>): void {
  for (const r of work.to) if (r.next === work.index) r.next += 1;
}

/** The relay refused a chunk (rate limit, disconnect): those recipients get it again. */
export function chunkRefused(work: Extract<FileWork, { kind: 'chunk' }>): void {
  for (const r of work.to) r.next = Math.min(r.next, work.index);
}

/** An offer went out at `now`. */
export function offerSent(r: OutgoingRecipient, now: number): void {
  r.offerTries += 1;
  r.offerSentAt = now;
}

/**
 * An authentic `file-ack` from `r` saying it holds every chunk below `have` (clamped to the chunk count) at `now`:
 * accepts the offer, moves the window, or (`resume`) rewinds to `have`. Returns true when the file is now complete there.
 */
export function acked(
  file: OutgoingFile,
  r: OutgoingRecipient,
  have: number,
  resume: boolean,
  now: number,
): boolean {
  if (!isOpen(r)) return false;
  const total = file.chunks.length;
  const h = Math.min(Math.max(0, have), total);
  if (r.state === 'offered') r.state = 'sending';
  if (h > r.acked) {
    r.acked = h;
    r.stalls = 0;
  }
  r.heardAt = now;
  if (resume) r.next = Math.min(r.next, h);
  r.next = Math.max(r.next, r.acked);
  if (r.acked < total) return false;
  r.state = 'done';
  return true;
}

/** After our own reconnect: offers go out again at once, windows restart from the last acknowledged chunk. */
export function rewindAll(file: OutgoingFile, now: number): void {
  for (const r of file.recipients.values()) {
    if (r.state === 'offered') delete r.offerSentAt;
    if (r.state === 'sending') {
      r.next = r.acked;
      r.heardAt = now;
    }
  }
}

/** Stop sending to `r` (failed, with a reason). */
export function giveUp(r: OutgoingRecipient, reason: string): void {
  r.state = 'failed';
  r.reason = reason;
}

/** Stop sending to `r` because `by` cancelled. */
export function cancelRecipient(r: OutgoingRecipient, by: 'me' | 'peer', reason?: string): void {
  if (!isOpen(r)) return;
  r.state = 'cancelled';
  r.cancelledBy = by;
  if (reason !== undefined) r.reason = reason;
}

/** The whole file's state: sending while anyone is open, done if anyone got it, else cancelled or failed. */
export function overallState(file: OutgoingFile): FileState {
  const all = [...file.recipients.values()];
  if (all.some(isOpen)) return 'sending';
  if (all.some((r) => r.state === 'done')) return 'done';
  return all.some((r) => r.state === 'cancelled') ? 'cancelled' : 'failed';
}

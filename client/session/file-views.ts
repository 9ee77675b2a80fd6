// The chat's view of a file transfer (types.ts FileView), built from the transfer's own numbers.
import { FILE_CHUNK_BYTES } from '../../common/schema/files.js';
import { fromBase64Url } from '../crypto/base64url.js';
import { CHUNK_BODY_BYTES, CHUNK_CT_BYTES, chunkIv } from '../crypto/file-crypto.js';
import { toHex } from '../crypto/hex.js';
import type { IncomingFile } from './file-incoming.js';
import { overallState, type OutgoingFile } from './file-outgoing.js';
import { arrivalInstead } from './message-list.js';
import type { ChatMessage, FileView, FileWireView } from './types.js';

/** The IVs shown: the first three chunks' and the last one's (every IV is nonce ‖ index). */
function shownIvs(nonce: Uint8Array, chunks: number): FileWireView['ivs'] {
  const indexes = [...new Set([0, 1, 2, chunks - 1])].filter((i) => i >= 0 && i < chunks);
  return indexes.map((index) => ({ index, hex: toHex(chunkIv(nonce, index)) }));
}

function wireOf(
  size: number,
  chunks: number,
  nonce: Uint8Array,
  sha256Hex: string,
  fileKeyFingerprint: string,
  wraps: FileWireView['wraps'],
): FileWireView {
  return {
    ...{ chunkBytes: FILE_CHUNK_BYTES, ctBytes: CHUNK_CT_BYTES, bodyBytes: CHUNK_BODY_BYTES },
    lastChunkData: size - (chunks - 1) * FILE_CHUNK_BYTES,
    ...{ ivs: shownIvs(nonce, chunks), sha256Hex, fileKeyFingerprint, wraps },
  };
}

/** The chat message of a file we send. */
export function outgoingFileMessage(file: OutgoingFile, me: { id: string; name: string }): ChatMessage {
  const all = [...file.recipients.values()];
  const open = all.filter((r) => r.state === 'offered' || r.state === 'sending');
  const slowest = (open.length > 0 ? open : all.filter((r) => r.state === 'done')).map((r) => r.acked);
  const state = overallState(file);
  const reasons = all.map((r) => r.reason).filter((r): r is string => r !== undefined);
  const view: FileView = {
    ...{ fileId: file.fileId, name: file.name, mime: file.mime, size: file.size, image: file.image, state },
    ...(state === 'failed' && reasons[0] ? { reason: reasons[0] } : {}),
    ...(state === 'cancelled' ? { cancelledBy: all.find((r) => r.cancelledBy)?.cancelledBy ?? 'me' } : {}),
    done: slowest.length > 0 ? Math.min(...slowest) : 0,
    chunks: file.chunks.length,
    recipients: all.map((r) => ({
      ...{ id: r.id, name: r.name, acked: r.acked, state: r.state },
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
    })),
    ...(file.bytes ? { bytes: file.bytes } : {}),
    wire: wireOf(
      ...([
        file.size,
        file.chunks.length,
        file.secrets.nonce,
        file.sha256Hex,
        file.secrets.fingerprint,
      ] as const),
      all.map((r) => ({ to: r.id, toName: r.name, ...r.wrap })),
    ),
  };
  const base = { id: file.fileId, from: me.id, fromName: me.name, text: '', ts: file.ts };
  return { ...base, outgoing: true, wire: [], delivery: {}, file: view };
}

/** What the bubble of a file we receive shows about the offer as it reached us. */
export interface IncomingWrap {
  fromName: string;
  me: { id: string; name: string };
  arrival: number;
  verified: boolean;
  wrap: { ivHex: string; ctBytes: number; aad: string; keyFingerprint: string };
}

/** The chat message of a file we receive (its bytes only once the SHA-256 matched). */
export function incomingFileMessage(file: IncomingFile, w: IncomingWrap): ChatMessage {
  const { offer } = file;
  const arrivedAt = arrivalInstead(offer.ts, w.arrival);
  const view: FileView = {
    ...{ fileId: file.fileId, name: file.name, mime: file.mime, size: offer.size, image: file.image },
    state: file.state,
    ...(file.reason !== undefined ? { reason: file.reason } : {}),
    ...(file.released ? { reason: 'ask the sender to send it again.' } : {}),
    ...(file.cancelledBy ? { cancelledBy: file.cancelledBy } : {}),
    done: file.state === 'done' ? offer.chunks : file.held,
    chunks: offer.chunks,
    ...(file.bytes ? { bytes: file.bytes } : {}),
    wire: wireOf(
      ...([offer.size, offer.chunks, file.secrets.nonce, toHex(fromBase64Url(offer.sha256))] as const),
      file.secrets.fingerprint,
      [{ to: w.me.id, toName: w.me.name, ...w.wrap }],
    ),
  };
  const base = { id: file.fileId, from: file.from, fromName: w.fromName, text: '', ts: offer.ts };
  return {
    ...base,
    ...(arrivedAt === undefined ? {} : { arrivedAt }),
    ...{ outgoing: false, wire: [], delivery: {}, verified: w.verified, file: view },
  };
}

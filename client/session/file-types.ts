// The views of an encrypted file transfer (docs/protocol.md Extensions, "Encrypted files") the chat draws.

/** Where a file transfer stands, for the whole bubble or for one recipient. */
export type FileState = 'offered' | 'sending' | 'receiving' | 'done' | 'cancelled' | 'failed';

/** One file transfer as the chat shows it; every number is the one the transfer uses. */
export interface FileView {
  fileId: string;
  /** The sanitised name (client/crypto/file-name.ts): no path separators, controls or bidi characters. */
  name: string;
  /** A plain media type (parameters dropped; `application/octet-stream` when odd). */
  mime: string;
  size: number;
  /** png, jpeg, gif or webp: shown inline from a blob: URL. */
  image: boolean;
  state: FileState;
  /** Plain reason when cancelled or failed. */
  reason?: string;
  /** Who cancelled: `me` or the other side. */
  cancelledBy?: 'me' | 'peer';
  /** Chunks confirmed: incoming, held here; outgoing, acknowledged by the slowest recipient still receiving. */
  done: number;
  chunks: number;
  /** Outgoing: each recipient's progress. */
  recipients?: { id: string; name: string; acked: number; state: FileState; reason?: string }[];
  /** The file's bytes: incoming only after the SHA-256 matched; outgoing, the original. */
  bytes?: Uint8Array;
  wire: FileWireView;
}

/** What crossed the wire for a file: the chunks (one size class) and the file key wrapped for each peer. */
export interface FileWireView {
  /** Plaintext bytes per chunk (the last one zero-padded to it). */
  chunkBytes: number;
  /** Ciphertext ‖ tag bytes per chunk. */
  ctBytes: number;
  /** Serialised `{iv, ct}` body bytes per chunk: what the relay measures. */
  bodyBytes: number;
  /** Real file bytes in the last chunk before padding. */
  lastChunkData: number;
  /** Some chunk IVs (hex): the first three and the last. */
  ivs: { index: number; hex: string }[];
  sha256Hex: string;
  /** Hex of SHA-256(file key)[0..8). */
  fileKeyFingerprint: string;
  /** The offer (file key, name, type, size, hash) sealed per peer under the channel key. */
  wraps: {
    to: string;
    toName: string;
    ivHex: string;
    ctBytes: number;
    aad: string;
    keyFingerprint: string;
  }[];
}

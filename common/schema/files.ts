// Encrypted file transfer (docs/protocol.md Extensions, "Encrypted files"): the `dm` bodies of the `file*` kinds and
// the plaintexts sealed inside them under the pairwise channel key.
import * as z from 'zod/mini';

/** Bytes of file data in one chunk before encryption; the last chunk is zero-padded to it (one size class). */
export const FILE_CHUNK_BYTES = 45 * 1024;
/** Largest file a client offers or accepts by default (25 MB); clients may configure another limit. */
export const DEFAULT_MAX_FILE_BYTES = 25 * 1000 * 1000;
/** Longest file name an offer may carry, in UTF-16 code units (receivers sanitise and shorten further). */
export const MAX_FILE_NAME_CHARS = 1024;
/** Longest media type an offer may carry. */
export const MAX_FILE_TYPE_CHARS = 255;
/** Longest reason a `file-cancel` may carry. */
export const MAX_FILE_REASON_CHARS = 200;

/** Every `dm` kind of a file transfer: a client that does not know them ignores them (§4). */
export const FILE_KINDS = ['file', 'file-chunk', 'file-ack', 'file-cancel'] as const;
/** One of FILE_KINDS. */
export type FileKind = (typeof FILE_KINDS)[number];

/** The body of every `file*` kind: `{ iv, ct }` in base64url, exactly like `msg` (decoded and length-checked on receipt). */
export const sealedBody = z.object({ iv: z.string(), ct: z.string() });

const b64 = (chars: number) => z.string().check(z.regex(/^[A-Za-z0-9_-]+$/), z.length(chars));
const count = z.number().check(z.refine((n) => Number.isSafeInteger(n) && n >= 0));

/**
 * The `file` offer's plaintext, sealed under the channel key: the file key (32 bytes), the chunk IV prefix (8 bytes),
 * name, media type, size, SHA-256 of the whole file, chunk layout, and the author's time.
 */
export const fileOfferPlaintext = z.object({
  type: z.literal('file'),
  name: z.string().check(z.minLength(1), z.maxLength(MAX_FILE_NAME_CHARS)),
  mime: z.string().check(z.maxLength(MAX_FILE_TYPE_CHARS)),
  size: count,
  chunks: count.check(z.refine((n) => n >= 1)),
  chunkBytes: z.literal(FILE_CHUNK_BYTES),
  sha256: b64(43),
  key: b64(43),
  nonce: b64(11),
  ts: z.number().check(z.refine((n) => Number.isInteger(n))),
});

/**
 * The `file-ack` plaintext (receiver → sender): "I hold every chunk below `have`" (accepts, paces and resumes);
 * `resume: true` after the receiver reconnected: chunks sent since may be lost, so send again from `have`.
 */
export const fileAckPlaintext = z.object({
  type: z.literal('file-ack'),
  have: count,
  resume: z.optional(z.boolean()),
});

/** The `file-cancel` plaintext (either side): the transfer stops for this pair, with an optional reason. */
export const fileCancelPlaintext = z.object({
  type: z.literal('file-cancel'),
  reason: z.optional(z.string().check(z.maxLength(MAX_FILE_REASON_CHARS))),
});

// `dm` kind bodies of docs/protocol.md §4 and the `msg` plaintext of §5 step 5.
import * as z from 'zod/mini';
import { sealedBody } from './files.js';
import { ratchetBody } from './ratchet.js';

/** `msg` body `{ iv, ct }`: base64url strings (decoded and length-checked by the receiver, §5). */
export const msgBody = z.object({ iv: z.string(), ct: z.string() });
/** `receipt` body `{ ok, reason? }`: sent back by the recipient of a message with the same `id`. */
export const receiptBody = z.object({ ok: z.boolean(), reason: z.optional(z.string()) });

/**
 * `confirm` body `{ pair, iv, ct, ack }` (Extensions, "Room passphrase"): `pair` = base64url SHA-256(lo ‖ hi)
 * (43 characters), `iv` and `ct` base64url of the AES-GCM confirmation (lengths checked by the receiver).
 */
export const confirmBody = z.object({
  pair: z.string().check(z.length(43)),
  iv: z.string().check(z.maxLength(64)),
  ct: z.string().check(z.maxLength(128)),
  ack: z.boolean(),
});

/** Every known `dm` kind and the schema of its body; kinds added later go here. */
export const DM_BODIES = {
  msg: msgBody,
  receipt: receiptBody,
  // Encrypted files (docs/protocol.md Extensions, "Encrypted files"; common/schema/files.ts).
  file: sealedBody,
  'file-chunk': sealedBody,
  'file-ack': sealedBody,
  'file-cancel': sealedBody,
  // Room passphrase key confirmation (docs/protocol.md Extensions, "Room passphrase").
  confirm: confirmBody,
  // curvechat/v2 (docs/protocol.md "v2: Double Ratchet"; common/schema/ratchet.ts).
  ratchet: ratchetBody,
} as const;

/**
 * Longest `text` a receiver accepts, in UTF-16 code units (docs/protocol.md §5 step 6). No honest sender
 * exceeds it: every code unit costs at least one UTF-8 byte and the body is limited to MAX_DM_BODY_BYTES.
 */
export const MAX_TEXT_CHARS = 64 * 1024;

/**
 * The plaintext JSON inside a `msg` (docs/protocol.md §5 step 5): `{ type: 'text', text, ts }`; `text` at most
 * MAX_TEXT_CHARS, `ts` a finite integer (whether it is a plausible time is the receiver's display rule, §5 step 6).
 */
export const msgPlaintext = z.object({
  type: z.literal('text'),
  text: z.string().check(z.maxLength(MAX_TEXT_CHARS)),
  ts: z.number().check(z.refine((n) => Number.isInteger(n))),
});

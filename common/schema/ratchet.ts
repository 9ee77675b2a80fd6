// The curvechat/v2 Double Ratchet `dm` body and its receipt plaintext (docs/protocol.md, "v2: Double Ratchet").
import * as z from 'zod/mini';

/** Largest `n` / `pn` a ratchet header may carry: counters are encoded as 32-bit unsigned integers. */
export const MAX_RATCHET_COUNTER = 0xffff_ffff;

/** A counter: a safe integer in [0, 2^32 − 1]. */
const counter = z.number().check(z.refine((n) => Number.isInteger(n) && n >= 0 && n <= MAX_RATCHET_COUNTER));

/** Ratchet header `{ dh, pn, n }`: sender's ratchet public key (base64url), previous chain length, message number. */
export const ratchetHeader = z.object({ dh: z.string(), pn: counter, n: counter });

/** Body of a `ratchet` dm: `{ h: { dh, pn, n }, ct }`, `ct` = base64url(AES-256-GCM ciphertext ‖ 16-byte tag). */
export const ratchetBody = z.object({ h: ratchetHeader, ct: z.string() });

/**
 * The plaintext of an authenticated receipt inside a `ratchet` dm (docs/protocol.md "v2: authenticated receipts"):
 * `{ type: 'receipt', id, ok, reason? }`, `id` the acknowledged message id (equal to the dm id carrying it).
 */
export const ratchetReceiptPlaintext = z.object({
  type: z.literal('receipt'),
  id: z.string().check(z.maxLength(128)),
  ok: z.boolean(),
  reason: z.optional(z.string().check(z.maxLength(1024))),
});

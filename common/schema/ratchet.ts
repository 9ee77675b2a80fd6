// The curvechat/v2 Double Ratchet `dm` body (docs/protocol.md, "v2: Double Ratchet"); not yet sent by the browser client.
import * as z from 'zod/mini';

/** Largest `n` / `pn` a ratchet header may carry: counters are encoded as 32-bit unsigned integers. */
export const MAX_RATCHET_COUNTER = 0xffff_ffff;

/** A counter: a safe integer in [0, 2^32 − 1]. */
const counter = z.number().check(z.refine((n) => Number.isInteger(n) && n >= 0 && n <= MAX_RATCHET_COUNTER));

/** Ratchet header `{ dh, pn, n }`: sender's ratchet public key (base64url), previous chain length, message number. */
export const ratchetHeader = z.object({ dh: z.string(), pn: counter, n: counter });

/** Body of a `ratchet` dm: `{ h: { dh, pn, n }, ct }`, `ct` = base64url(AES-256-GCM ciphertext ‖ 16-byte tag). */
export const ratchetBody = z.object({ h: ratchetHeader, ct: z.string() });

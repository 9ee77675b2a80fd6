// The `ratchet` field of a Ratchet view `present:step`: one message's public facts (docs/protocol.md "Step-level following").
import * as z from 'zod/mini';
import { MAX_RATCHET_COUNTER } from './ratchet.js';
import { hex, integer, onlyDefined } from './steps-fields.js';

/** A fingerprint: 16 lowercase hex digits (SHA-256 of a key, first 8 bytes); never the key itself. */
const FINGERPRINT_RE = /^[0-9a-f]{16}$/;
const fingerprint = hex(FINGERPRINT_RE);
const counter = integer(0).check(z.lte(MAX_RATCHET_COUNTER, `at most ${MAX_RATCHET_COUNTER}`));

/**
 * `ratchet` of a `present:step` on view `ratchet`: the message at the presenter's step, public values only —
 * direction, kind, chain number, header n and pn, the ratchet public key's and the message key's fingerprints, and
 * Eve's mark after "Compromise now". No chain, root, message or private key: other fields are dropped.
 */
export const ratchetStepFacts = z.pipe(
  z.object({
    direction: z.enum(['sent', 'received'], { error: '"sent" or "received"' }),
    kind: z.enum(['message', 'receipt', 'sender-key'], { error: '"message", "receipt" or "sender-key"' }),
    chain: z.optional(counter),
    n: counter,
    pn: counter,
    ratchetKeyFingerprint: fingerprint,
    messageKeyFingerprint: z.optional(fingerprint),
    eve: z.optional(
      z.enum(['eve-reads', 'forward-secrecy', 'healed'], {
        error: '"eve-reads", "forward-secrecy" or "healed"',
      }),
    ),
  }),
  z.transform(onlyDefined),
);

/** One message's public facts as a presenter shares them. */
export type RatchetStepFacts = z.output<typeof ratchetStepFacts>;

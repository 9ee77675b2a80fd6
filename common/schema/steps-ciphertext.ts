// `present:ciphertext`: a toy-room envelope exactly as the relay saw it, so the class can play Eve (docs/protocol.md
// "Toy rooms share their ciphertexts"): a v1 `msg` part, a v2 `ratchet`/`skdist` part, or a v2 `skmsg` broadcast.
import * as z from 'zod/mini';
import { MAX_RATCHET_COUNTER } from './ratchet.js';
import { MAX_ITERATION } from './sender-key.js';
import { integer, shaped, toyCurveId } from './steps-fields.js';

/** base64url of an IV, a ratchet key or ciphertext ‖ tag, at most 2800 characters. */
const B64_RE = /^[A-Za-z0-9_-]{1,2800}$/;
/** base64url of a toy ratchet public key (at most 7 bytes on the toy curves: 04 ‖ X ‖ Y), or a chain id. */
const SHORT_B64_RE = /^[A-Za-z0-9_-]{1,16}$/;
/** base64url of a 64-byte signature. */
const SIG_RE = /^[A-Za-z0-9_-]{86}$/;
/** Room names, member ids and message ids: 1–128 printable ASCII characters, no space. */
const ID_RE = /^[\x21-\x7e]{1,128}$/;

const id = shaped(ID_RE);
const b64 = shaped(B64_RE);
const counter = integer(0).check(z.lte(MAX_RATCHET_COUNTER, `at most ${MAX_RATCHET_COUNTER}`));

/** What every envelope names: the sender's toy curve, the room (in the AAD and HKDF info), sender and message id. */
const common = {
  /** The sender's toy curve. */
  curve: toyCurveId,
  /** Room name. */
  room: id,
  /** Sender member id. */
  from: id,
  /** Message id (the `dm` or `bcast` id). */
  id,
};

/** A v1 `msg` part `{ …, to, iv, ct }`; the output adds `kind: 'msg'` so the three shapes are told apart. */
const v1Envelope = z.pipe(
  z.object({ ...common, to: id, iv: b64, ct: b64 }),
  z.transform((e) => ({ ...e, kind: 'msg' as const })),
);

/**
 * A v2 pairwise part `{ …, to, kind, h: { dh, pn, n }, ct }`: `kind` `ratchet` (a chat message or an authenticated
 * receipt) or `skdist` (a sender-key distribution); `h` and `ct` exactly as in the `dm` part's body.
 */
const ratchetEnvelope = z.object({
  ...common,
  to: id,
  kind: z.enum(['ratchet', 'skdist'], { error: '"ratchet" or "skdist"' }),
  h: z.object({ dh: shaped(SHORT_B64_RE), pn: counter, n: counter }),
  ct: b64,
});

/** A v2 `skmsg` broadcast `{ …, kind: 'skmsg', chain, n, ct, sig }`: the `bcast` body, addressed to the whole room. */
const broadcastEnvelope = z.object({
  ...common,
  kind: z.literal('skmsg'),
  chain: shaped(SHORT_B64_RE),
  n: integer(0).check(z.lte(MAX_ITERATION, `at most ${MAX_ITERATION}`)),
  ct: b64,
  sig: shaped(SIG_RE),
});

/** `present:ciphertext` detail: one of the three envelope shapes (toy curves only). */
export const presentCiphertextDetail = z.union([v1Envelope, ratchetEnvelope, broadcastEnvelope], {
  error: 'a toy envelope: { to, iv, ct }, { to, kind, h, ct } or { kind: "skmsg", chain, n, ct, sig }',
});

/** Detail of `present:ciphertext`. */
export type PresentCiphertextDetail = z.output<typeof presentCiphertextDetail>;
/** The v2 pairwise shape. */
export type RatchetEnvelopeDetail = Extract<PresentCiphertextDetail, { kind: 'ratchet' | 'skdist' }>;
/** The v2 broadcast shape. */
export type BroadcastEnvelopeDetail = Extract<PresentCiphertextDetail, { kind: 'skmsg' }>;

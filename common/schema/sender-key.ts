// Sender keys (docs/protocol.md "v2: sender keys"): the `skmsg` bcast body and the `sender-key` distribution plaintext.
import * as z from 'zod/mini';
import { boundedText } from './fields.js';
import { decodeBase64urlStrict } from './primitives.js';

/** The `bcast` kind of a sender-key message. */
export const SKMSG_KIND = 'skmsg';
/** The `dm` kind that carries a sender-key distribution inside a pairwise session. */
export const SKDIST_KIND = 'skdist';
/** Bytes of a chain id. */
export const CHAIN_ID_BYTES = 8;
/** Bytes of a chain key. */
export const CHAIN_KEY_BYTES = 32;
/** Bytes of a raw ECDSA P-256 signature (r ‖ s, IEEE P1363, as WebCrypto writes it). */
export const SIGNATURE_BYTES = 64;
/** Bytes of a raw uncompressed P-256 public key (04 ‖ X ‖ Y). */
export const SIGNING_KEY_BYTES = 65;
/** Highest iteration a chain may reach; a sender starts a new chain before it (2^31 − 1). */
export const MAX_ITERATION = 0x7fffffff;

/** Strict base64url of exactly `bytes` bytes. */
const b64Bytes = (bytes: number) =>
  boundedText(Math.ceil((bytes * 4) / 3)).check(
    z.refine((text) => decodeBase64urlStrict(text)?.length === bytes, `${bytes} bytes, base64url`),
  );
/** An iteration: an integer 0..MAX_ITERATION. */
const iteration = z.number().check(z.int(), z.gte(0), z.lte(MAX_ITERATION));

/** `skmsg` bcast body `{ chain, n, ct, sig }`: chain id, iteration, AES-GCM ciphertext ‖ tag, ECDSA signature. */
export const skmsgBody = z.object({
  chain: b64Bytes(CHAIN_ID_BYTES),
  n: iteration,
  ct: boundedText(90_000).check(z.refine((text) => (decodeBase64urlStrict(text)?.length ?? 0) >= 16)),
  sig: b64Bytes(SIGNATURE_BYTES),
});

/**
 * The distribution plaintext `{ type: "sender-key", chain, n, ck, spk }` a member sends each peer inside a
 * pairwise encrypted `skdist` dm: its chain id, the iteration of `ck`, the chain key at that iteration, and
 * its signing public key.
 */
export const senderKeyDistribution = z.object({
  type: z.literal('sender-key'),
  chain: b64Bytes(CHAIN_ID_BYTES),
  n: iteration,
  ck: b64Bytes(CHAIN_KEY_BYTES),
  spk: b64Bytes(SIGNING_KEY_BYTES).check(
    z.refine((text) => decodeBase64urlStrict(text)?.[0] === 0x04, 'an uncompressed point'),
  ),
});

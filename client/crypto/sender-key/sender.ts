// A member's own sender chain (docs/protocol.md "v2: sender keys"): encrypt and sign one `skmsg` per message.
import {
  CHAIN_ID_BYTES,
  CHAIN_KEY_BYTES,
  MAX_ITERATION,
  type senderKeyDistribution,
  type skmsgBody,
} from '../../../common/schema/index.js';
import type * as z from 'zod/mini';
import { toBase64Url } from '../base64url.js';
import { randomBytes } from '../bytes.js';
import { importAesGcmKey } from '../kdf.js';
import { aesGcmEncrypt } from '../message.js';
import { headerAad, signedBytes } from './header.js';
import { chainStep, messageKey } from './kdf.js';
import { type Serial, serially } from './serial.js';
import { exportSigningPublic, newSigningKeys, sign } from './signing.js';

/** The `skmsg` body. */
export type SkmsgBody = z.infer<typeof skmsgBody>;
/** The distribution plaintext. */
export type SenderKeyDistribution = z.infer<typeof senderKeyDistribution>;

/** This member's current sender chain: chain id, chain key CK_n, the next iteration n, and its signing keys. */
export interface SenderChain extends Serial {
  /** Chain id, base64url of CHAIN_ID_BYTES random bytes. */
  chain: string;
  /** The chain key of iteration `n` (CK_n); earlier ones are gone. */
  ck: Uint8Array;
  /** The iteration the next message uses. */
  n: number;
  /** ECDSA P-256 signing key pair (private key not extractable). */
  signing: CryptoKeyPair;
  /** The signing public key, base64url of its 65 raw bytes. */
  spk: string;
}

/** Fixed inputs for a chain (test vectors): chain id and chain key bytes, and a signing key pair. */
export interface ChainSeed {
  chainId: Uint8Array;
  ck: Uint8Array;
  signing: CryptoKeyPair;
}

/** Start a new chain: random chain id and chain key, a new signing key pair (or the given `seed`), iteration 0. */
export async function newSenderChain(seed?: ChainSeed): Promise<SenderChain> {
  const chainId = seed?.chainId ?? randomBytes(CHAIN_ID_BYTES);
  const ck = seed?.ck ?? randomBytes(CHAIN_KEY_BYTES);
  if (chainId.length !== CHAIN_ID_BYTES || ck.length !== CHAIN_KEY_BYTES)
    throw new TypeError('a chain id has 8 bytes and a chain key 32');
  const signing = seed?.signing ?? (await newSigningKeys());
  const spk = toBase64Url(await exportSigningPublic(signing.publicKey));
  return {
    chain: toBase64Url(chainId),
    ck: Uint8Array.from(ck),
    n: 0,
    signing,
    spk,
    tail: Promise.resolve(),
  };
}

/**
 * The distribution of `chain` as it stands: whoever receives it can read this member's messages from the
 * current iteration on, never earlier ones (the chain is one-way). Sent inside a pairwise `skdist` dm.
 */
export function distributionOf(chain: SenderChain): SenderKeyDistribution {
  return { type: 'sender-key', chain: chain.chain, n: chain.n, ck: toBase64Url(chain.ck), spk: chain.spk };
}

/**
 * Encrypt and sign `plaintext` as message `id` of `from` in `room` with the next iteration, then advance the
 * chain and wipe the used chain key. Calls on one chain run one at a time, in call order.
 */
export function encryptBroadcast(
  chain: SenderChain,
  room: string,
  from: string,
  id: string,
  plaintext: Uint8Array,
): Promise<SkmsgBody> {
  return serially(chain, async () => {
    const n = chain.n;
    if (n > MAX_ITERATION) throw new RangeError('this chain is used up; start a new one (rotate)');
    const step = await chainStep(chain.ck);
    const mk = await messageKey(step.seed);
    const header = { room, from, id, chain: chain.chain, n };
    let ct: Uint8Array;
    try {
      ct = await aesGcmEncrypt(await importAesGcmKey(mk.key), mk.iv, headerAad(header), plaintext);
    } finally {
      mk.key.fill(0);
      step.seed.fill(0);
    }
    const sig = await sign(chain.signing.privateKey, signedBytes(header, ct));
    chain.ck.fill(0);
    chain.ck = step.next;
    chain.n = n + 1;
    return { chain: chain.chain, n, ct: toBase64Url(ct), sig: toBase64Url(sig) };
  });
}

// Eve against sender keys in a toy room: a distribution she opened in a broken pair gives her the sender's chain key,
// and with it every later broadcast of that chain (the signature still proves who sent it; she cannot forge one).
import { senderKeyDistribution } from '../../../common/schema/sender-key.js';
import type { MsgPlaintext } from '../../../common/wire.js';
import { fromBase64Url } from '../../crypto/base64url.js';
import { importAesGcmKey } from '../../crypto/kdf.js';
import { aesGcmDecrypt, parsePlaintext } from '../../crypto/message.js';
import { headerAad, signedBytes } from '../../crypto/sender-key/header.js';
import { chainStep, messageKey } from '../../crypto/sender-key/kdf.js';
import { MAX_SKIP } from '../../crypto/sender-key/receiver.js';
import { importSigningPublic, verify } from '../../crypto/sender-key/signing.js';
import type { ObservedBroadcast } from './eve-targets.js';

/** A sender chain Eve read out of an `skdist` envelope. */
export interface StolenSenderChain {
  /** Whose chain. */
  readonly owner: string;
  /** The member the distribution was addressed to (the pair Eve broke). */
  readonly via: string;
  /** Chain id (base64url). */
  readonly chain: string;
  /** The iteration of `ck`. */
  readonly n: number;
  /** The chain key at iteration `n`. */
  readonly ck: Uint8Array;
  /** The signing public key (base64url). */
  readonly spk: string;
}

/** The distribution in a decrypted `skdist` plaintext from `owner` to `via`, or null when it is not one. */
export function stolenDistribution(
  owner: string,
  via: string,
  plaintext: Uint8Array,
): StolenSenderChain | null {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    return null;
  }
  const d = senderKeyDistribution.safeParse(value);
  if (!d.success) return null;
  return { owner, via, chain: d.data.chain, n: d.data.n, ck: fromBase64Url(d.data.ck), spk: d.data.spk };
}

/** What Eve got from one broadcast: the text (tag verified, signature checked), or why not. */
export type BroadcastReading =
  | { status: 'read'; plaintext: MsgPlaintext; signed: boolean; chain: StolenSenderChain }
  | { status: 'no-key' | 'failed'; reason: string };

/**
 * Read one `skmsg` broadcast with the stolen chains: the chain of its sender with its chain id, run forward from
 * the distributed iteration to the message's (at most MAX_SKIP steps), then the real AES-GCM with the signed header
 * as AAD. The ECDSA signature is checked with the distributed signing key and reported, not required.
 */
export async function readBroadcast(
  stolen: readonly StolenSenderChain[],
  env: ObservedBroadcast,
): Promise<BroadcastReading> {
  const own = stolen.filter((c) => c.owner === env.from);
  if (own.length === 0)
    return {
      status: 'no-key',
      reason: 'Eve has read no sender key of this member (it travels only inside pairs).',
    };
  const chain = own.find((c) => c.chain === env.chain && c.n <= env.n);
  if (!chain)
    return {
      status: 'no-key',
      reason:
        'Eve holds another chain of this member, not the one this broadcast uses (a newer key after a leave).',
    };
  if (env.n - chain.n > MAX_SKIP)
    return {
      status: 'failed',
      reason: `iteration ${env.n} is more than ${MAX_SKIP} ahead of the stolen key.`,
    };
  let ck = chain.ck;
  let seed: Uint8Array | undefined;
  for (let i = chain.n; i <= env.n; i++) ({ seed, next: ck } = await chainStep(ck));
  const mk = await messageKey(seed!);
  const header = { room: env.room, from: env.from, id: env.id, chain: env.chain, n: env.n };
  const ct = fromBase64Url(env.ct);
  try {
    const bytes = await aesGcmDecrypt(await importAesGcmKey(mk.key), mk.iv, headerAad(header), ct);
    const plaintext = parsePlaintext(bytes);
    let signed = false;
    try {
      signed = await verify(
        await importSigningPublic(fromBase64Url(chain.spk)),
        fromBase64Url(env.sig),
        signedBytes(header, ct),
      );
    } catch {
      signed = false;
    }
    return { status: 'read', plaintext, signed, chain };
  } catch (e) {
    return { status: 'failed', reason: e instanceof Error ? e.message : String(e) };
  }
}

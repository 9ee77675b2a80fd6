// Independent v2 client (docs/protocol.md "v2: sender keys" only): a sender chain (KDF, header, AES-GCM, ECDSA P-256
// with @noble/curves) and a receiver of `skmsg` bodies and `sender-key` distributions, with a trace like the vectors.
import { randomBytes } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { b64, cat, hex, unb64, utf8 } from './bytes.js';
import { aesGcmOpen, aesGcmSeal, hkdf, hmacSha256 } from './primitives.js';

/** Highest iteration: 2^31 − 1. */
export const MAX_ITERATION = 0x7fff_ffff;
/** How far ahead a message may be: 1000. */
export const SK_MAX_SKIP = 1000;
/** Skipped seeds kept per sender: 2000, oldest forgotten first. */
export const SK_MAX_SKIPPED = 2000;

/** The `skmsg` body. */
export interface SkmsgBody {
  chain: string;
  n: number;
  ct: string;
  sig: string;
}

/** The distribution plaintext. */
export interface Distribution {
  type: 'sender-key';
  chain: string;
  n: number;
  ck: string;
  spk: string;
}

/** Header text `H` (step 3). */
export const headerText = (room: string, from: string, id: string, chain: string, n: number): string =>
  `curvechat/v2 skmsg\n${room}\n${from}\n${id}\n${chain}\n${n}`;

/** Step 1: `seed_n` and `CK_{n+1}`. */
const step = (ck: Uint8Array) => ({
  seed: hmacSha256(ck, Uint8Array.of(0x01)),
  next: hmacSha256(ck, Uint8Array.of(0x02)),
});

/** Step 2: the AES-256-GCM key and IV of a seed. */
function keyOf(seed: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
  const okm = hkdf(seed, new Uint8Array(32), utf8('curvechat/v2 sender-key message'), 44);
  return { key: okm.slice(0, 32), iv: okm.slice(32, 44) };
}

/** This member's own sender chain. */
export class SenderChainV2 {
  /** Derived values per message, as `docs/vectors/sender-keys.json` lists them (hex). */
  readonly trace: Record<string, string | number>[] = [];
  /** The chain id in base64url. */
  readonly chain: string;
  /** The signing public key, 65 bytes raw, base64url. */
  readonly spk: string;
  private ck: Uint8Array;
  private n = 0;

  /** A new chain: random (or given) chain id, `CK_0` and signing scalar. */
  constructor(seed: { chainId?: Uint8Array; ck?: Uint8Array; signing?: Uint8Array } = {}) {
    this.chain = b64(seed.chainId ?? new Uint8Array(randomBytes(8)));
    this.ck = seed.ck ?? new Uint8Array(randomBytes(32));
    this.signing = seed.signing ?? p256.utils.randomSecretKey();
    this.spk = b64(p256.getPublicKey(this.signing, false));
  }

  private readonly signing: Uint8Array;

  /** The next iteration. */
  get iteration(): number {
    return this.n;
  }

  /** The distribution of the chain as it stands (readable from the current iteration on). */
  distribution(): Distribution {
    return { type: 'sender-key', chain: this.chain, n: this.n, ck: b64(this.ck), spk: this.spk };
  }

  /** Steps 1–5: the `skmsg` body of `plaintext` as message `id` of `from` in `room`. */
  encrypt(room: string, from: string, id: string, plaintext: Uint8Array): SkmsgBody {
    const n = this.n;
    if (n > MAX_ITERATION) throw new RangeError('chain used up');
    const { seed, next } = step(this.ck);
    const { key, iv } = keyOf(seed);
    const h = headerText(room, from, id, this.chain, n);
    const ct = aesGcmSeal(key, iv, utf8(h), plaintext);
    const sig = p256.sign(cat(utf8(h), ct), this.signing, { prehash: true });
    this.trace.push({
      id,
      n,
      chainKey: hex(this.ck),
      messageKeySeed: hex(seed),
      nextChainKey: hex(next),
      aesKey: hex(key),
      iv: hex(iv),
      header: h,
    });
    this.ck.fill(0);
    this.ck = next;
    this.n = n + 1;
    return { chain: this.chain, n, ct: b64(ct), sig: b64(sig) };
  }
}

/** Refusal reasons of "Receiving". */
export type SkReason =
  | 'bad-body'
  | 'no-sender-key'
  | 'unknown-chain'
  | 'bad-signature'
  | 'before-distribution'
  | 'replay'
  | 'too-far-ahead'
  | 'auth-failed'
  | 'bad-distribution'
  | 'conflicting-distribution';

/** A sender's chain as a receiver holds it. */
export interface HeldChain {
  readonly chain: string;
  readonly spk: Uint8Array;
  readonly first: number;
  next: number;
  ck: Uint8Array;
  readonly skipped: Map<number, Uint8Array>;
}

const bytesOf = (x: unknown, len: number): Uint8Array | undefined => {
  const b = unb64(x);
  return b && b.length === len ? b : undefined;
};
const isIteration = (x: unknown): x is number =>
  Number.isInteger(x) && (x as number) >= 0 && (x as number) <= MAX_ITERATION;

/** Take a distribution: a new chain id replaces `current`; the same id again is idempotent; another `spk` is refused. */
export function accept(current: HeldChain | undefined, d: unknown): HeldChain | SkReason {
  if (typeof d !== 'object' || d === null) return 'bad-distribution';
  const { type, chain, n, ck, spk } = d as Record<string, unknown>;
  const ckBytes = bytesOf(ck, 32);
  const spkBytes = bytesOf(spk, 65);
  if (type !== 'sender-key' || !bytesOf(chain, 8) || !isIteration(n) || !ckBytes || spkBytes?.[0] !== 0x04)
    return 'bad-distribution';
  try {
    p256.Point.fromBytes(spkBytes);
  } catch {
    return 'bad-distribution';
  }
  if (current && current.chain === chain)
    return b64(current.spk) === spk ? current : 'conflicting-distribution';
  if (current) forget(current);
  return { chain: chain as string, spk: spkBytes, first: n, next: n, ck: ckBytes, skipped: new Map() };
}

/** Wipe a held chain. */
export function forget(h: HeldChain): void {
  h.ck.fill(0);
  for (const s of h.skipped.values()) s.fill(0);
  h.skipped.clear();
}

/** Steps 1–4 of "Receiving": the plaintext, or why not (nothing changes on a refusal). */
export function receive(
  held: HeldChain | undefined,
  room: string,
  from: string,
  id: string,
  body: unknown,
): Uint8Array | SkReason {
  if (typeof body !== 'object' || body === null) return 'bad-body';
  const { chain, n, ct, sig } = body as Record<string, unknown>;
  const ctBytes = unb64(ct);
  const sigBytes = bytesOf(sig, 64);
  if (!bytesOf(chain, 8) || !isIteration(n) || !ctBytes || ctBytes.length < 16 || !sigBytes)
    return 'bad-body';
  if (!held) return 'no-sender-key';
  if (held.chain !== chain) return 'unknown-chain';
  const h = utf8(headerText(room, from, id, chain, n));
  // WebCrypto signs with a high or a low s: both must verify (noble's default would refuse high-S).
  if (!p256.verify(sigBytes, cat(h, ctBytes), held.spk, { prehash: true, lowS: false }))
    return 'bad-signature';
  if (n < held.first) return 'before-distribution';
  let seed: Uint8Array | undefined;
  const newSkipped: [number, Uint8Array][] = [];
  let ck = held.ck;
  if (n < held.next) {
    seed = held.skipped.get(n);
    if (!seed) return 'replay';
  } else {
    if (n - held.next > SK_MAX_SKIP) return 'too-far-ahead';
    for (let i = held.next; i <= n; i++) {
      const s = step(ck);
      if (i < n) newSkipped.push([i, s.seed]);
      else seed = s.seed;
      ck = s.next;
    }
  }
  const { key, iv } = keyOf(seed!);
  let pt: Uint8Array;
  try {
    pt = aesGcmOpen(key, iv, h, ctBytes);
  } catch {
    return 'auth-failed';
  }
  if (n < held.next) held.skipped.delete(n);
  else {
    for (const [i, s] of newSkipped) held.skipped.set(i, s);
    while (held.skipped.size > SK_MAX_SKIPPED) held.skipped.delete(held.skipped.keys().next().value!);
    held.ck = ck;
    held.next = n + 1;
  }
  return pt;
}

// Toy-curve rooms: the labelled list of teaching curves, and one toy channel through the real HKDF/AES-GCM pipeline.
import { TOY_CURVES, type ToyCurveId } from '../../../common/wire.js';
import { fromBase64Url } from '../../crypto/base64url.js';
import { toHex } from '../../crypto/hex.js';
import { deriveChannelKey, type ChannelKey } from '../../crypto/kdf.js';
import { buildAad, decryptMessage, encryptMessage, type Encrypted } from '../../crypto/message.js';
import type { MsgPlaintext } from '../../../common/wire.js';
import { equationText, getToyCurve } from '../../math/curves.js';
import { bigIntToBytesBE, bitLength, byteLength } from '../../math/field.js';
import {
  toyDeriveSharedSecret,
  toyKeyAgreementProvider,
  toyKeyPairFromPrivate,
  toNoSecureChannelError,
  type ToyKeyAgreement,
} from '../../math/toy.js';
import { PointError } from '../../math/weierstrass.js';

/** The label every toy curve carries wherever it is offered. */
export const INSECURE_LABEL = 'insecure — teaching only';

/** One toy curve as a picker or a banner shows it. */
export interface ToyCurveOption {
  /** Wire id, e.g. "toy-17". */
  readonly id: ToyCurveId;
  /** Equation, e.g. "y² = x³ + 2x + 2 over F_17". */
  readonly equation: string;
  /** Field prime p. */
  readonly p: bigint;
  /** Order n of G: the number of possible private keys + 1. */
  readonly n: bigint;
  /** Cofactor h. */
  readonly h: bigint;
  /** Full label, e.g. "toy-17: y² = x³ + 2x + 2 over F_17, 19 keys (insecure — teaching only)". */
  readonly label: string;
  /** One sentence on why the curve is there. */
  readonly note: string;
  /** Always true: these curves protect nothing. */
  readonly insecure: true;
}

const NOTES: Readonly<Record<ToyCurveId, string>> = {
  'toy-17': 'The textbook example (Paar & Pelzl): small enough to check every number by hand.',
  'toy-61': 'A prime-order group of 73 points.',
  'toy-97-a3': 'a = −3, the same shape as P-256.',
  'toy-97-b7': 'y² = x³ + 7, the same shape as secp256k1 (Bitcoin).',
  'toy-263': 'A prime-order group of 257 points: large enough for a readable orbit.',
  'toy-65521': 'About 66 000 keys: brute force visibly takes time, baby-step giant-step does not.',
  'toy-97-cofactor': 'G has order only 5 in a curve of 100 points: shows why the order of G matters.',
};

/** Every toy curve with its equation and the "insecure — teaching only" label, in wire order. */
export function toyCurveOptions(): ToyCurveOption[] {
  return TOY_CURVES.map((id) => {
    const c = getToyCurve(id);
    const equation = equationText(c);
    return {
      id,
      equation,
      p: c.p,
      n: c.n,
      h: c.h,
      label: `${id}: ${equation}, ${c.n - 1n} possible private keys (${INSECURE_LABEL})`,
      note: NOTES[id],
      insecure: true,
    };
  });
}

/** A fresh toy key pair for `curve`, without touching client/crypto's global provider registry. */
export function generateToyKey(curve: ToyCurveId): Promise<ToyKeyAgreement> {
  return toyKeyAgreementProvider(curve).generate();
}

/** The toy key agreement for a chosen d (hand-checked examples, tests, the MITM lab). */
export function toyKeyFromPrivate(curve: ToyCurveId, d: bigint): ToyKeyAgreement {
  const c = getToyCurve(curve);
  const pair = toyKeyPairFromPrivate(curve, d);
  return {
    curve,
    publicRaw: pair.publicRaw,
    privateHex: toHex(bigIntToBytesBE(d, byteLength(c.n))),
    bits: bitLength(c.p),
    d,
    Q: pair.Q,
    derive: async (peerRaw) => {
      try {
        return toyDeriveSharedSecret(curve, d, peerRaw);
      } catch (e) {
        throw e instanceof PointError ? toNoSecureChannelError(e) : e;
      }
    },
  };
}

/** What one side of a toy channel derived: Z (shown in hex for hand-checking) and the channel key. */
export interface ToyChannel {
  /** Toy curve id (it is part of the HKDF info). */
  readonly curve: ToyCurveId;
  /** Z = X of d·Q_peer, ⌈bits(p)/8⌉ bytes. */
  readonly z: Uint8Array;
  /** Z in hex. */
  readonly zHex: string;
  /** K with its fingerprint, salt and info (client/crypto/kdf.ts). */
  readonly channel: ChannelKey;
}

/**
 * The same pipeline as a real room, on a toy curve: Z from the toy key agreement, then
 * deriveChannelKey(Z, own pub, peer pub, toy id, room). `peerPub` is base64url as on the wire.
 */
export async function toyChannel(own: ToyKeyAgreement, peerPub: string, room: string): Promise<ToyChannel> {
  const peerRaw = fromBase64Url(peerPub);
  const z = await own.derive(peerRaw);
  const channel = await deriveChannelKey(z, own.publicRaw, peerRaw, own.curve, room);
  return { curve: own.curve, z, zHex: toHex(z), channel };
}

/** Encrypts `text` from member `from` to member `to` over a toy channel (docs/protocol.md §5 step 5). */
export function toyEncrypt(
  ch: ToyChannel,
  room: string,
  from: string,
  to: string,
  id: string,
  text: string,
  ts: number,
): Promise<Encrypted> {
  return encryptMessage(ch.channel.key, buildAad(room, from, to, id), text, ts);
}

/** Decrypts a `{ iv, ct }` body received over a toy channel; rejects unless the tag verifies. */
export function toyDecrypt(
  ch: ToyChannel,
  room: string,
  from: string,
  to: string,
  id: string,
  body: unknown,
): Promise<MsgPlaintext> {
  return decryptMessage(ch.channel.key, buildAad(room, from, to, id), body);
}

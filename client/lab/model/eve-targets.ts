// What Eve observes on the wire (announced keys, envelopes) and which members she can attack.
import type {
  BroadcastEnvelopeDetail,
  PresentCiphertextDetail,
  RatchetEnvelopeDetail,
} from '../../../common/schema/steps.js';
import { isToyCurve, type CurveId, type ToyCurveId } from '../../../common/wire.js';
import { fromBase64Url } from '../../crypto/base64url.js';
import { toyDecodePublicKey } from '../../math/toy.js';
import type { AffinePoint } from '../../math/weierstrass.js';

/** A public key Eve saw announced (a `peer-key` or a `Peer` of the join ack). */
export interface ObservedKey {
  /** Member id (it is in the AAD of every message). */
  readonly id: string;
  /** Display name (text only). */
  readonly name: string;
  /** Curve of the key. */
  readonly curve: CurveId;
  /** Raw public key, base64url as on the wire. */
  readonly pub: string;
}

/** Each member of a union without its `curve`. */
type WithoutCurve<T> = T extends unknown ? Readonly<Omit<T, 'curve'>> : never;

/** One envelope Eve saw on the wire (what the relay sees): a `present:ciphertext` detail without the curve. */
export type ObservedEnvelope = WithoutCurve<PresentCiphertextDetail>;
/** A v1 `msg` part. */
export type ObservedV1Envelope = Extract<ObservedEnvelope, { kind: 'msg' }>;
/** A v2 pairwise part (`ratchet` or `skdist`). */
export type ObservedRatchetEnvelope = WithoutCurve<RatchetEnvelopeDetail>;
/** A v2 `skmsg` broadcast. */
export type ObservedBroadcast = WithoutCurve<BroadcastEnvelopeDetail>;

/** Who an envelope went to: the member id, or every other member for a broadcast. */
export function envelopeTo(env: ObservedEnvelope): string | null {
  return env.kind === 'skmsg' ? null : env.to;
}

/** A key telling envelopes apart (a resend of the same part is the same envelope): kind, from, to, id and counters. */
export function envelopeKey(env: ObservedEnvelope): string {
  const at =
    env.kind === 'skmsg' ? `${env.chain}.${env.n}` : env.kind === 'msg' ? '' : `${env.h.dh}.${env.h.n}`;
  return `${env.kind}\n${env.from}\n${envelopeTo(env) ?? '*'}\n${env.id}\n${at}`;
}

/** A member whose toy public key decodes on the panel's curve: something Eve can attack. */
export interface EveTarget {
  readonly id: string;
  readonly name: string;
  readonly curve: ToyCurveId;
  readonly pub: string;
  readonly pubRaw: Uint8Array;
  /** The public point Q = d·G whose d Eve is after. */
  readonly Q: AffinePoint;
}

/** The members Eve can attack: keys on `curve` (a toy curve) that decode to a valid point; last key per id wins. */
export function eveTargets(curve: CurveId, keys: readonly ObservedKey[]): EveTarget[] {
  if (!isToyCurve(curve)) return [];
  const byId = new Map<string, EveTarget>();
  for (const k of keys) {
    if (k.curve !== curve) continue;
    try {
      const pubRaw = fromBase64Url(k.pub);
      byId.set(k.id, {
        id: k.id,
        name: k.name,
        curve,
        pub: k.pub,
        pubRaw,
        Q: toyDecodePublicKey(curve, pubRaw),
      });
    } catch {
      byId.delete(k.id);
    }
  }
  return [...byId.values()];
}

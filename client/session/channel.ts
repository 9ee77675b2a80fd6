// The secure channel with one peer: when to (re)derive, and deriving Z → K → safety number.
import { PUB_LENGTH, type CurveId } from '../../common/wire.js';
import { fromBase64Url, toBase64Url } from '../crypto/base64url.js';
import { NoSecureChannelError } from '../crypto/errors.js';
import { toHex } from '../crypto/hex.js';
import { deriveChannelKey, hkdfSalt } from '../crypto/kdf.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import type { PassphraseKey } from '../crypto/passphrase.js';
import { safetyNumber } from '../crypto/safety.js';
import type { DerivedView } from './types.js';

/** A curve and base64url public key, as announced on the wire. */
export interface AnnouncedKey {
  curve: CurveId;
  pub: string;
  /** The protocol versions announced with the key (`v`, docs/protocol.md "v2: version negotiation"); absent = v1 only. */
  v?: number[];
}

/** A derived channel: the AES key and what the UI may show about it. */
export interface Channel {
  /** Curve both keys are on. */
  curve: CurveId;
  /** Our public key (base64url) this channel was derived with. */
  ownPub: string;
  /** The peer's public key (base64url) this channel was derived with. */
  peerPub: string;
  /** Room name that went into the HKDF info. */
  room: string;
  /** AES-256-GCM key K (non-extractable). */
  key: CryptoKey;
  /** Z, salt, info, fingerprint and safety number for display. */
  derived: DerivedView;
  /** base64url of the v1 salt SHA-256(lo ‖ hi): names the two public keys in a `confirm` (Room passphrase). */
  pair?: string;
  /** In a passphrase room: the K this pair would have without a passphrase, to tell "knows none" from "another". */
  v1Key?: CryptoKey;
  /** In a passphrase room: the passphrase key P it was derived with (secret; seeds the v2 RK0; wiped on leave). */
  passKey?: Uint8Array;
}

/** What to do about the channel with a peer given both announced keys. */
export type ChannelPlan =
  | { kind: 'no-key'; reason: string }
  | { kind: 'curve-mismatch'; reason: string }
  | { kind: 'keep' }
  | { kind: 'derive' };

/**
 * Decide the channel action: no key on either side, curve mismatch (naming both
 * curves), keep the existing channel when both keys are byte-identical, or derive.
 */
export function planChannel(
  own: AnnouncedKey | undefined,
  peer: AnnouncedKey | undefined,
  existing: Channel | undefined,
  peerName: string,
  room: string,
): ChannelPlan {
  if (!own && !peer) return { kind: 'no-key', reason: `Neither you nor ${peerName} has generated keys yet.` };
  if (!own) return { kind: 'no-key', reason: `Generate your keys to talk with ${peerName}.` };
  if (!peer) return { kind: 'no-key', reason: `Waiting for ${peerName}'s public key.` };
  if (own.curve !== peer.curve)
    return {
      kind: 'curve-mismatch',
      reason: `${peerName} uses ${peer.curve} but you use ${own.curve}; pick the same curve to talk.`,
    };
  if (
    existing &&
    existing.curve === own.curve &&
    existing.ownPub === own.pub &&
    existing.peerPub === peer.pub &&
    existing.room === room
  )
    return { kind: 'keep' };
  return { kind: 'derive' };
}

/** Decode a peer's base64url public key for `curve`; throws NoSecureChannelError when malformed. */
export function decodePeerPublicKey(curve: CurveId, pub: string): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = fromBase64Url(pub);
  } catch {
    throw new NoSecureChannelError('invalid-public-key', 'the public key is not valid base64url.');
  }
  if (raw.length !== PUB_LENGTH[curve])
    throw new NoSecureChannelError(
      'invalid-public-key',
      `the ${curve} public key is ${raw.length} bytes; ${PUB_LENGTH[curve]} were expected.`,
    );
  return raw;
}

/**
 * Derive the channel with a peer: Z = ECDH(own private, peer public), K = HKDF(Z, salt, info),
 * plus fingerprint and safety number. Rejects with NoSecureChannelError; never falls back.
 */
export async function deriveChannel(
  myKey: KeyAgreement,
  peer: AnnouncedKey,
  room: string,
  pass?: PassphraseKey,
): Promise<Channel> {
  if (peer.curve !== myKey.curve)
    throw new NoSecureChannelError('invalid-public-key', `the key is on ${peer.curve}, not ${myKey.curve}.`);
  const peerRaw = decodePeerPublicKey(peer.curve, peer.pub);
  const z = await myKey.derive(peerRaw);
  const [ck, safety, pair, v1] = await Promise.all([
    deriveChannelKey(z, myKey.publicRaw, peerRaw, myKey.curve, room, pass?.bytes),
    safetyNumber(myKey.publicRaw, peerRaw),
    hkdfSalt(myKey.publicRaw, peerRaw),
    pass ? deriveChannelKey(z, myKey.publicRaw, peerRaw, myKey.curve, room) : undefined,
  ]);
  return {
    curve: myKey.curve,
    ownPub: toBase64Url(myKey.publicRaw),
    peerPub: peer.pub,
    room,
    key: ck.key,
    derived: {
      zHex: toHex(z),
      saltHex: toHex(ck.salt),
      info: ck.info,
      keyFingerprint: ck.fingerprint,
      safetyNumber: safety,
      ...(pass
        ? {
            passphrase: {
              iterations: pass.iterations,
              saltText: pass.saltText,
              fingerprint: pass.fingerprint,
              pairSaltHex: toHex(pair),
            },
          }
        : {}),
    },
    pair: toBase64Url(pair),
    ...(v1 ? { v1Key: v1.key } : {}),
    ...(pass ? { passKey: pass.bytes } : {}),
  };
}

// Independent v2 client (docs/protocol.md only): the pair material of §5 — Z, lo/hi, salt, v1's K and `msg` bodies —
// and v2's RK0 ("v2: Double Ratchet", Root key).
import { randomBytes } from 'node:crypto';
import { b64, cat, unb64, utf8 } from './bytes.js';
import {
  aesGcmOpen,
  aesGcmSeal,
  type CurveId,
  dh,
  hkdf,
  type KeyPair,
  sha256,
  sortKeys,
} from './primitives.js';

/** What both members of a pair derive from their v1 keys (§5 steps 1–4), and v2's RK0 from the same salt. */
export interface PairMaterial {
  readonly z: Uint8Array;
  readonly lo: Uint8Array;
  readonly hi: Uint8Array;
  readonly salt: Uint8Array;
  /** v1's channel key K (§5 step 4). */
  readonly k: Uint8Array;
  /** v2's root key RK0. */
  readonly rk0: Uint8Array;
}

/** §5 steps 1–4 and RK0 for `own` and the peer's raw `peerPub` on `curve` in `room`; `p` = the passphrase key P. */
export function pairMaterial(
  curve: CurveId,
  room: string,
  own: KeyPair,
  peerPub: Uint8Array,
  p?: Uint8Array,
): PairMaterial {
  const z = dh(curve, own.priv, peerPub);
  const [lo, hi] = sortKeys(own.pub, peerPub);
  const salt = sha256(p ? cat(lo, hi, p) : cat(lo, hi));
  const k = hkdf(z, salt, utf8(`curvechat/v1 ${curve} ${room}`), 32);
  const rk0 = hkdf(z, salt, utf8(`curvechat/v2 root ${curve} ${room}`), 32);
  return { z, lo, hi, salt, k, rk0 };
}

/** §5 step 5's AAD: `room \n A \n B \n id`. */
export const v1Aad = (room: string, from: string, to: string, id: string): Uint8Array =>
  utf8(`${room}\n${from}\n${to}\n${id}`);

/** §5 step 5: a `msg` body `{ iv, ct }` for `plaintext` with a random 12-byte IV. */
export function sealV1(k: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): { iv: string; ct: string } {
  const iv = new Uint8Array(randomBytes(12));
  return { iv: b64(iv), ct: b64(aesGcmSeal(k, iv, aad, plaintext)) };
}

/** §5 step 6: open a `msg` body; undefined when it is malformed or the tag does not verify. */
export function openV1(k: Uint8Array, aad: Uint8Array, body: unknown): Uint8Array | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { iv, ct } = body as { iv?: unknown; ct?: unknown };
  const ivBytes = unb64(iv);
  const ctBytes = unb64(ct);
  if (ivBytes?.length !== 12 || !ctBytes) return undefined;
  try {
    return aesGcmOpen(k, ivBytes, aad, ctBytes);
  } catch {
    return undefined;
  }
}

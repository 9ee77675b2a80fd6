// View model of the key exchange: both sides' d×Q on a toy curve, the engine's check of WebCrypto's Z, and independent HKDF/AES-GCM checks (no DOM).
import { isToyCurve, type CurveId, type RealCurveId, type ToyCurveId } from '../../../common/wire.js';
import { bytesToHex, hexToBytes } from '../../math/bytes.js';
import { equationText, getToyCurve, type WeierstrassCurve } from '../../math/curves.js';
import { bsgsDlog, runDlog } from '../../math/dlog.js';
import { bigIntToBytesBE } from '../../math/field.js';
import { toyDecodePublicKey } from '../../math/toy.js';
import { verifySharedSecret, type VerifyResult } from '../../math/verify.js';
import { basePoint, multiply, pointsEqual, type AffinePoint, type Point } from '../../math/weierstrass.js';
import { fmtPoint } from './format.js';
import { privateKeyBytes } from './keygen-model.js';

/** One member's side of a toy exchange. */
export interface ToySide {
  name: string;
  d: bigint;
  Q: AffinePoint;
  /** d × (the other side's Q). */
  S: Point;
}

/** Both sides on a toy curve, computed by the engine, and whether they landed on the same point. */
export interface ToyExchange {
  curve: WeierstrassCurve;
  a: ToySide;
  b: ToySide;
  same: boolean;
  /** True when b.d was recovered from b.Q by baby-step giant-step (a real room: we never see a peer's d). */
  bRecovered: boolean;
}

/** Builds both sides from their private keys (demo) — Q = d×G, S = d×Q_other. */
export function toyExchange(
  id: ToyCurveId,
  dA: bigint,
  dB: bigint,
  names: [string, string] = ['Alice', 'Bob'],
): ToyExchange {
  const curve = getToyCurve(id);
  const G = basePoint(curve);
  const QA = multiply(curve, dA, G);
  const QB = multiply(curve, dB, G);
  if (QA.infinity || QB.infinity)
    throw new RangeError('a private key must not be a multiple of the order of G');
  const a = { name: names[0], d: dA, Q: QA, S: multiply(curve, dA, QB) };
  const b = { name: names[1], d: dB, Q: QB, S: multiply(curve, dB, QA) };
  return { curve, a, b, same: pointsEqual(a.S, b.S), bRecovered: false };
}

/**
 * A real room on a toy curve: our d and the peer's public key. The peer's d is
 * recovered by baby-step giant-step (easy on a toy curve — which is why it is
 * insecure) so their side, d_B × Q_A, can be computed and drawn too.
 */
export function toyExchangeFromRoom(
  id: ToyCurveId,
  myPrivateHex: string,
  peerPubHex: string,
  names: [string, string],
): ToyExchange {
  const curve = getToyCurve(id);
  const QB = toyDecodePublicKey(id, hexToBytes(peerPubHex));
  const found = runDlog(bsgsDlog(curve, QB, { chunk: 1_000_000 }));
  if (found.d === null) throw new RangeError("could not recover the peer's private key");
  const ex = toyExchange(id, BigInt(`0x${myPrivateHex}`), found.d, names);
  return { ...ex, bRecovered: true };
}

/** Z for a toy shared point: X in the coordinate width (docs/protocol.md §5), hex. */
export function toyZHex(ex: ToyExchange, S: Point): string {
  return S.infinity ? '' : bytesToHex(bigIntToBytesBE(S.x, ex.curve.byteLength));
}

/** The engine's check of WebCrypto's Z on a real curve: x(d×Q_peer) (or X25519) recomputed and compared. */
export function realSharedCheck(
  curve: RealCurveId,
  myPrivateHex: string,
  peerPubHex: string,
  zHex: string,
): VerifyResult {
  return verifySharedSecret(
    curve,
    privateKeyBytes(curve, myPrivateHex),
    hexToBytes(peerPubHex),
    hexToBytes(zHex),
  );
}

/** One recomputed value and whether it matches what the session shows. */
export interface Recheck {
  ok: boolean;
  hex: string;
}

/** Independent recomputation of the HKDF inputs and output from Z (WebCrypto, not the session's code). */
export interface HkdfRecheck {
  /** The salt; in a passphrase room only its SHA-256(lo ‖ hi) part, compared with the view's `pairSaltHex`. */
  salt: Recheck;
  info: { ok: boolean; text: string };
  /** Absent in a passphrase room: K needs P, which stays in the session, so it is not recomputed here. */
  fingerprint?: Recheck;
}

function u8(hex: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(hexToBytes(hex));
}

/** Unsigned byte order of two raw keys, then SHA-256(lo ‖ hi), HKDF-SHA256 → K, SHA-256(K)[0..8). */
export async function recheckHkdf(
  zHex: string,
  myPubHex: string,
  peerPubHex: string,
  curve: CurveId,
  room: string,
  expected: { saltHex: string; info: string; keyFingerprint: string; passphrase?: { pairSaltHex: string } },
): Promise<HkdfRecheck> {
  const subtle = globalThis.crypto.subtle;
  const [lo, hi] = [myPubHex.toLowerCase(), peerPubHex.toLowerCase()].sort();
  const salt = new Uint8Array(await subtle.digest('SHA-256', u8(`${lo}${hi}`)));
  const info = `curvechat/v1 ${curve} ${room}`;
  if (expected.passphrase) {
    const hex = bytesToHex(salt);
    return {
      salt: { ok: hex === expected.passphrase.pairSaltHex.toLowerCase(), hex },
      info: { ok: info === expected.info, text: info },
    };
  }
  const base = await subtle.importKey('raw', u8(zHex), 'HKDF', false, ['deriveBits']);
  const k = new Uint8Array(
    await subtle.deriveBits(
      { name: 'HKDF', hash: 'SHA-256', salt, info: new TextEncoder().encode(info) },
      base,
      256,
    ),
  );
  const fp = bytesToHex(new Uint8Array(await subtle.digest('SHA-256', k)).subarray(0, 8));
  k.fill(0);
  const saltHex = bytesToHex(salt);
  return {
    salt: { ok: saltHex === expected.saltHex.toLowerCase(), hex: saltHex },
    info: { ok: info === expected.info, text: info },
    fingerprint: { ok: fp === expected.keyFingerprint.toLowerCase(), hex: fp },
  };
}

/** Captions of the exchange steps for a toy exchange. */
export function toySteps(ex: ToyExchange): string[] {
  const { a, b } = ex;
  return [
    `${a.name} picks a private d = ${a.d} and publishes Q = d×G = ${fmtPoint(a.Q)} on ${equationText(ex.curve)}.`,
    `${b.name} picks d = ${ex.bRecovered ? `${b.d} (recovered here from their public key by baby-step giant-step — easy on a toy curve)` : b.d} and publishes Q = ${fmtPoint(b.Q)}.`,
    `They swap public keys through the relay: only ${fmtPoint(a.Q)} and ${fmtPoint(b.Q)} travel; the d values never leave the devices.`,
    `${a.name} computes ${a.d} × ${fmtPoint(b.Q)} = ${fmtPoint(a.S)}.`,
    `${b.name} computes ${b.d} × ${fmtPoint(a.Q)} = ${fmtPoint(b.S)}.`,
    ex.same
      ? `Same point: ${fmtPoint(a.S)}, because d_A×(d_B×G) = d_B×(d_A×G) = (d_A·d_B)×G. Its x-coordinate is the shared secret Z.`
      : `The two results differ (${fmtPoint(a.S)} vs ${fmtPoint(b.S)}): no shared secret.`,
  ];
}

/** True when the id is a toy curve (re-exported for the component). */
export function isToy(id: CurveId): id is ToyCurveId {
  return isToyCurve(id);
}

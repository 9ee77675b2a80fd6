// Builders of the UI views in types.ts (own key, wire envelope) from crypto values.
import { jsonBytes } from '../../common/schema/primitives.js';
import type { CurveId } from '../../common/wire.js';
import { fromBase64Url, toBase64Url } from '../crypto/base64url.js';
import { utf8 } from '../crypto/bytes.js';
import { publicCoordinates } from '../crypto/ecdh.js';
import { toHex } from '../crypto/hex.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import { splitCiphertext } from '../crypto/message.js';
import type { KeyAnnouncementView, MyKeyView, PeerView, WireView } from './types.js';

/** The UI view of our own key pair. */
export function myKeyView(key: KeyAgreement, createdAt: number): MyKeyView {
  return {
    curve: key.curve,
    pub: toBase64Url(key.publicRaw),
    pubHex: toHex(key.publicRaw),
    coords: publicCoordinates(key.curve, key.publicRaw),
    bits: key.bits,
    privateHex: key.privateHex,
    createdAt,
  };
}

/** The UI view of a peer's announced key; undefined when `pub` is not valid base64url. */
export function peerKeyView(
  curve: CurveId,
  pub: string,
): { curve: CurveId; pub: string; pubHex: string } | undefined {
  try {
    return { curve, pub, pubHex: toHex(fromBase64Url(pub)) };
  } catch {
    return undefined;
  }
}

/** What crossed the wire for one recipient: IV, ciphertext, tag and AAD in hex. */
export function wireView(
  to: string,
  toName: string,
  iv: Uint8Array,
  ct: Uint8Array,
  aad: string,
  keyFingerprint: string,
): WireView {
  const { ciphertext, tag } = splitCiphertext(ct);
  return {
    to,
    toName,
    ivHex: toHex(iv),
    ctHex: toHex(ciphertext),
    tagHex: toHex(tag),
    aad,
    aadHex: toHex(utf8(aad)),
    keyFingerprint,
  };
}

/** Byte length of a value serialised as JSON, measured exactly as the relay measures a dm body (common/schema). */
export function jsonByteLength(value: unknown): number {
  const bytes = jsonBytes(value);
  if (bytes === null) throw new TypeError('not JSON data');
  return bytes;
}

/** Clean a reason string received from a peer: text only, one line, bounded. */
export function cleanReason(reason: unknown): string {
  if (typeof reason !== 'string' || reason.trim() === '') return 'no reason given';
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return reason.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu, ' ').slice(0, 200);
}

/** `peers` with `sameKeyAs` set on every member whose public key another member (or `myPub`, "you") also announced. */
export function flagSharedKeys(peers: PeerView[], myPub?: string): PeerView[] {
  const byPub = new Map<string, PeerView[]>();
  for (const p of peers) if (p.key) byPub.set(p.key.pub, [...(byPub.get(p.key.pub) ?? []), p]);
  return peers.map((p) => {
    if (!p.key) return p;
    const others = (byPub.get(p.key.pub) ?? []).filter((o) => o.id !== p.id).map((o) => o.label);
    if (myPub !== undefined && myPub === p.key.pub) others.unshift('you');
    return others.length > 0 ? { ...p, sameKeyAs: others } : p;
  });
}

/** True while our current key is not (yet) accepted by the relay: members may not have it (docs/security.md). */
export function keyPending(announcement: KeyAnnouncementView | undefined): boolean {
  return announcement !== undefined && announcement.state !== 'announced';
}

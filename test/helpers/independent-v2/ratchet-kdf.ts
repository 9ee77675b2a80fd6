// Independent v2 client (docs/protocol.md only): the Double Ratchet's KDFs, header bytes, AAD and wire body
// ("v2: Double Ratchet": Primitives, Header bytes and AAD, On the wire).
import { b64, cat, hex, u16be, u32be, unb64, utf8 } from './bytes.js';
import { type CurveId, hkdf, hmacSha256, PUB_BYTES } from './primitives.js';

/** Largest `pn` / `n`: 2^32 − 1. */
export const MAX_COUNTER = 0xffff_ffff;

/** `KDF_RK(rk, dhOut)`: the new root key and a new chain key. */
export function kdfRk(rk: Uint8Array, dhOut: Uint8Array): { rk: Uint8Array; ck: Uint8Array } {
  const okm = hkdf(dhOut, rk, utf8('curvechat/v2 ratchet'), 64);
  return { rk: okm.slice(0, 32), ck: okm.slice(32) };
}

/** `KDF_CK(ck)`: the message key and the next chain key. */
export function kdfCk(ck: Uint8Array): { mk: Uint8Array; next: Uint8Array } {
  return { mk: hmacSha256(ck, Uint8Array.of(0x01)), next: hmacSha256(ck, Uint8Array.of(0x02)) };
}

/** Message key expansion: the AES-256-GCM key and the 12-byte IV of one message key. */
export function expandMk(mk: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
  const okm = hkdf(mk, new Uint8Array(32), utf8('curvechat/v2 message'), 44);
  return { key: okm.slice(0, 32), iv: okm.slice(32, 44) };
}

/** A ratchet header with raw bytes for `dh`. */
export interface Header {
  readonly dh: Uint8Array;
  readonly pn: number;
  readonly n: number;
}

/** Who a message binds: room, sender A, recipient B (member ids) and the dm `id`. */
export interface Binding {
  readonly room: string;
  readonly from: string;
  readonly to: string;
  readonly id: string;
}

/** `header = u16be(len(dh)) ‖ dh ‖ u32be(pn) ‖ u32be(n)`. */
export const headerBytes = (h: Header): Uint8Array => cat(u16be(h.dh.length), h.dh, u32be(h.pn), u32be(h.n));

/** `aad = UTF-8(room \n A \n B \n id \ncurvechat/v2 ratchet\n) ‖ header`. */
export const ratchetAad = (b: Binding, h: Header): Uint8Array =>
  cat(utf8(`${b.room}\n${b.from}\n${b.to}\n${b.id}\ncurvechat/v2 ratchet\n`), headerBytes(h));

/** The wire body `{ h: { dh, pn, n }, ct }` of a `ratchet` dm. */
export interface RatchetBody {
  h: { dh: string; pn: number; n: number };
  ct: string;
}

/** The wire body of a header and ciphertext. */
export const toBody = (h: Header, ct: Uint8Array): RatchetBody => ({
  h: { dh: b64(h.dh), pn: h.pn, n: h.n },
  ct: b64(ct),
});

const isCounter = (x: unknown): x is number =>
  Number.isInteger(x) && (x as number) >= 0 && (x as number) <= MAX_COUNTER;

/**
 * Check a received body ("On the wire"): `dh` strict base64url of the curve's `pub` length (`04` first on NIST
 * curves), `pn`, `n` counters, `ct` at least 16 bytes. Undefined means `bad-envelope`.
 */
export function parseBody(curve: CurveId, body: unknown): { h: Header; ct: Uint8Array } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { h, ct } = body as { h?: unknown; ct?: unknown };
  if (typeof h !== 'object' || h === null) return undefined;
  const { dh, pn, n } = h as { dh?: unknown; pn?: unknown; n?: unknown };
  const dhBytes = unb64(dh);
  const ctBytes = unb64(ct);
  if (!dhBytes || dhBytes.length !== PUB_BYTES[curve] || !isCounter(pn) || !isCounter(n)) return undefined;
  if (curve !== 'X25519' && dhBytes[0] !== 0x04) return undefined;
  if (!ctBytes || ctBytes.length < 16) return undefined;
  return { h: { dh: dhBytes, pn, n }, ct: ctBytes };
}

/** The skipped-key store's key for `(dh, n)`. */
export const skipKey = (dh: Uint8Array, n: number): string => `${hex(dh)}:${n}`;

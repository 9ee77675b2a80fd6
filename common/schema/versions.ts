// Protocol version negotiation (docs/protocol.md "v2: version negotiation"): the `v` list a client may add to `key`.
import * as z from 'zod/mini';

/** Most entries a `v` list may have (the relay refuses longer lists with bad-request). */
export const MAX_PROTOCOL_VERSIONS = 8;
/** Largest protocol version number a `v` list may name. */
export const MAX_PROTOCOL_VERSION = 255;
/** The protocol versions this code base defines: v1 (§1–§7) and v2 (the v2 extensions). */
export const KNOWN_PROTOCOL_VERSIONS = [1, 2] as const;

/**
 * True when `value` is a valid `v` list: an array of 1–MAX_PROTOCOL_VERSIONS distinct integers in
 * 1..MAX_PROTOCOL_VERSION. The length is checked before any element, so a huge array is refused cheaply.
 */
export function isVersionList(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_PROTOCOL_VERSIONS) return false;
  const seen = new Set<number>();
  for (const v of value) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_PROTOCOL_VERSION || seen.has(v))
      return false;
    seen.add(v);
  }
  return true;
}

/** The `v` field of `key`, `peer-key` and `Peer.key`: the protocol versions the member's client speaks. */
export const protocolVersions = z.custom<number[]>(isVersionList, {
  error: `v must be 1–${MAX_PROTOCOL_VERSIONS} distinct integers from 1 to ${MAX_PROTOCOL_VERSION}.`,
});

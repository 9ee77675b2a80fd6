// The one short form of a ratchet public key, shown alike by the Ratchet view and by Eve's "Ratchet keys Eve broke".
import { fromBase64Url } from '../base64url.js';
import { keyFingerprint } from '../kdf.js';

/**
 * Fingerprint of a ratchet public key given as on the wire (the header's `dh`, base64url): the hex of the first 8
 * bytes of SHA-256 over the raw key, 16 digits. Every place that shows a ratchet public key shows this string.
 */
export function ratchetKeyFingerprint(pub: string): Promise<string> {
  return keyFingerprint(fromBase64Url(pub));
}

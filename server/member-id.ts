// Member ids (docs/protocol.md §2): derived from the client's secret resume bytes so only their holder can claim one.
import { createHash } from 'node:crypto';
import { MEMBER_ID_RE } from '../common/wire.js';

/** Length in bytes of the `resume` secret. */
export const RESUME_BYTES = 32;
/** True when `id` has the shape of a member id. */
export function isMemberId(id: unknown): id is string {
  return typeof id === 'string' && MEMBER_ID_RE.test(id);
}

/**
 * Decode strict base64url without padding (RFC 4648 §5): only the alphabet, no
 * '=', and canonical (re-encoding gives the same text). Returns null otherwise.
 */
export function decodeBase64url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

/** member id = base64url(SHA-256(resume bytes)[0..16]); null when `resume` is not 32 base64url bytes. */
export function memberIdFromResume(resume: string): string | null {
  const bytes = decodeBase64url(resume);
  if (!bytes || bytes.length !== RESUME_BYTES) return null;
  return createHash('sha256').update(bytes).digest().subarray(0, 16).toString('base64url');
}

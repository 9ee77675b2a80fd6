// Member ids (docs/protocol.md §2): derived from the client's secret resume bytes so only their holder can claim one.
import { createHash } from 'node:crypto';
import { decodeBase64urlStrict } from '../common/schema/index.js';
import { MEMBER_ID_RE } from '../common/wire.js';

/** Length in bytes of the `resume` secret. */
export const RESUME_BYTES = 32;
/** True when `id` has the shape of a member id. */
export function isMemberId(id: unknown): id is string {
  return typeof id === 'string' && MEMBER_ID_RE.test(id);
}

/** decodeBase64urlStrict (common/schema, docs/protocol.md §1) as a Buffer; null when the text is not strict base64url. */
export function decodeBase64url(text: string): Buffer | null {
  const bytes = decodeBase64urlStrict(text);
  return bytes && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** member id = base64url(SHA-256(resume bytes)[0..16]); null when `resume` is not 32 base64url bytes. */
export function memberIdFromResume(resume: string): string | null {
  const bytes = decodeBase64url(resume);
  if (!bytes || bytes.length !== RESUME_BYTES) return null;
  return createHash('sha256').update(bytes).digest().subarray(0, 16).toString('base64url');
}

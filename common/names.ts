// Validation of user-chosen identifiers shared by relay and client, so that the
// join form explains exactly what the relay would refuse.
import { MAX_NAME_CHARS } from './limits.js';
import { ROOM_RE } from './schema/primitives.js';

// C0/C1 controls, and bidi overrides/isolates/marks that can disguise a name.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/u;

/** Result of checking user input: the normalised value or a plain-language reason. */
export type Checked = { ok: true; value: string } | { ok: false; reason: string };

/** Normalise (NFC, trim) and check a display name per docs/protocol.md §2. */
export function checkName(raw: unknown): Checked {
  if (typeof raw !== 'string') return { ok: false, reason: 'Name must be text.' };
  const value = raw.normalize('NFC').trim();
  const length = [...value].length;
  if (length === 0) return { ok: false, reason: 'Enter a name (1 to 32 characters).' };
  if (length > MAX_NAME_CHARS) return { ok: false, reason: `Name is ${length} characters; the limit is 32.` };
  if (FORBIDDEN_NAME_CHARS.test(value))
    return { ok: false, reason: 'Name contains control or text-direction characters.' };
  return { ok: true, value };
}

/** Check a room name per docs/protocol.md §2 (case-sensitive, not normalised). */
export function checkRoom(raw: unknown): Checked {
  if (typeof raw !== 'string') return { ok: false, reason: 'Room must be text.' };
  if (raw.length === 0) return { ok: false, reason: 'Enter a room name.' };
  if (raw.length > 64)
    return { ok: false, reason: `Room name is ${raw.length} characters; the limit is 64.` };
  if (!ROOM_RE.test(raw))
    return {
      ok: false,
      reason: 'Use letters, digits, dot, underscore or hyphen, starting with a letter or digit.',
    };
  return { ok: true, value: raw };
}

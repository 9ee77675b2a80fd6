// Safety numbers (docs/protocol.md §5): 60 digits both members can compare out of band.
import { concatBytes, utf8 } from './bytes.js';
import { getSubtle } from './errors.js';
import { sortPublicKeys } from './kdf.js';

/** Domain-separation prefix hashed before the sorted keys. */
export const SAFETY_PREFIX = 'curvechat/v1 safety-number';

/** Safety number groups from a 64-byte SHA-512 digest: 12 × (5 bytes big-endian mod 100000). */
export function safetyGroups(h: Uint8Array): string[] {
  if (h.length < 60) throw new TypeError('A safety number needs at least 60 digest bytes.');
  const groups: string[] = [];
  for (let i = 0; i < 12; i++) {
    let n = 0;
    for (let j = 0; j < 5; j++) n = n * 256 + h[5 * i + j]; // < 2^40: exact in a double
    groups.push(String(n % 100000).padStart(5, '0'));
  }
  return groups;
}

/** SHA-512(UTF-8(prefix) ‖ lo ‖ hi) → 12 groups of 5 digits; the same on both sides. */
export async function safetyNumber(a: Uint8Array, b: Uint8Array): Promise<string[]> {
  const { lo, hi } = sortPublicKeys(a, b);
  const h = await getSubtle().digest('SHA-512', concatBytes(utf8(SAFETY_PREFIX), lo, hi));
  return safetyGroups(new Uint8Array(h));
}

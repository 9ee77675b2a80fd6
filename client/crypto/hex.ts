// Lowercase hexadecimal encoding and strict decoding of byte arrays (@noble/hashes utils underneath).
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/** Encode bytes as lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

/** Decode hex (either case, even length, no separators); throws a TypeError on anything else. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  try {
    return hexToBytes(hex);
  } catch (cause) {
    throw new TypeError('Not a hex string (even number of 0-9/a-f digits expected).', { cause });
  }
}

// Lowercase hexadecimal encoding and strict decoding of byte arrays.

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/** Encode bytes as lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Decode hex (either case, even length, no separators); throws on anything else. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!HEX_RE.test(hex)) throw new TypeError('Not a hex string (even number of 0-9/a-f digits expected).');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

// Independent v2 client (docs/protocol.md only): byte helpers — strict base64url (§1), hex, UTF-8, big-endian ints.

/** `a ‖ b ‖ …` (docs/protocol.md "v2: Double Ratchet", Primitives). */
export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** UTF-8 bytes of `text`. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Base64url without padding (§1). */
export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** Strict base64url decode (§1: only the alphabet, no `=`, canonical); undefined when the text is not. */
export function unb64(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = new Uint8Array(Buffer.from(text, 'base64url'));
  return b64(bytes) === text ? bytes : undefined;
}

/** Lower-case hex. */
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Bytes of a hex string. */
export const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

/** `u16be(x)`. */
export function u16be(x: number): Uint8Array {
  return Uint8Array.of((x >>> 8) & 0xff, x & 0xff);
}

/** `u32be(x)`. */
export function u32be(x: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, x);
  return out;
}

/** Unsigned byte order (§5 step 2): lexicographic, shorter first on a common prefix. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Byte equality. */
export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => compareBytes(a, b) === 0;

// Encoding benchmark: curvechat's base64url/hex helpers (@scure/base, @noble/hashes)
// against the hand-written codec they replaced, kept here only as the baseline.
import { fromBase64Url, toBase64Url } from '../client/crypto/base64url.js';
import { fromHex, toHex } from '../client/crypto/hex.js';
import type { Comparison } from './lib.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/** The previous hand-written base64url encoder (no padding), as it was. */
function oldToBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out +=
      ALPHABET.charAt(n >> 18) +
      ALPHABET.charAt((n >> 12) & 63) +
      ALPHABET.charAt((n >> 6) & 63) +
      ALPHABET.charAt(n & 63);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63);
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63) + ALPHABET.charAt((n >> 6) & 63);
  }
  return out;
}

/** The previous hand-written strict base64url decoder (alphabet, length and unused-bit checks). */
function oldFromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new TypeError('Invalid base64url length.');
  const values = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    const v = LOOKUP.get(text.charAt(i));
    if (v === undefined) throw new TypeError('Invalid base64url character.');
    values[i] = v;
  }
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < values.length; i += 4) {
    const n = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6) | values[i + 3];
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = values.length - i;
  if (rest === 2) {
    if ((values[i + 1] & 15) !== 0) throw new TypeError('Non-canonical base64url.');
    out[o] = (values[i] << 2) | (values[i + 1] >> 4);
  } else if (rest === 3) {
    if ((values[i + 2] & 3) !== 0) throw new TypeError('Non-canonical base64url.');
    const n = (values[i] << 10) | (values[i + 1] << 4) | (values[i + 2] >> 2);
    out[o] = n >> 8;
    out[o + 1] = n & 255;
  }
  return out;
}

/** The previous hand-written hex encoder and strict decoder. */
function oldToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
function oldFromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new TypeError('Not a hex string.');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * What one message costs in encoding: a 1 KiB ciphertext and its 12-byte IV to base64url
 * and back, plus a 65-byte public key to hex and back (as the key views show it).
 */
export function encodingComparison(ops: number): Comparison {
  const ct = crypto.getRandomValues(new Uint8Array(1024));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const pub = crypto.getRandomValues(new Uint8Array(65));
  const side = (
    enc64: (b: Uint8Array) => string,
    dec64: (s: string) => Uint8Array,
    encHex: (b: Uint8Array) => string,
    decHex: (s: string) => Uint8Array,
  ) => {
    return async () => {
      let n = 0;
      for (let i = 0; i < ops; i++) {
        n += dec64(enc64(ct)).length + dec64(enc64(iv)).length + decHex(encHex(pub)).length;
      }
      if (n !== ops * (1024 + 12 + 65)) throw new Error('encoding bench: wrong round trip');
    };
  };
  return {
    name: 'encoding',
    unit: '1 KiB + IV base64url and a key hex, both ways',
    ops,
    subject: {
      label: 'curvechat helpers (@scure/base, @noble/hashes)',
      run: side(toBase64Url, fromBase64Url, toHex, fromHex),
    },
    baseline: {
      label: 'previous hand-written codec',
      run: side(oldToBase64Url, oldFromBase64Url, oldToHex, oldFromHex),
    },
  };
}

// Prime-field arithmetic on BigInt: mod, inverse, pow, square roots, bit lengths, bytes↔bigint.

/** a mod m, always in [0, m) (JavaScript's `%` keeps the sign of a). */
export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** The representative of a mod p in (−p/2, p/2]: shows a = p − 3 as −3 for display. */
export function signedMod(a: bigint, p: bigint): bigint {
  const r = mod(a, p);
  return r > p / 2n ? r - p : r;
}

/** Multiplicative inverse of a mod m by the extended Euclidean algorithm; throws if gcd(a, m) ≠ 1. */
export function invert(a: bigint, m: bigint): bigint {
  if (m <= 0n) throw new RangeError(`invert: modulus must be positive, got ${m}`);
  let r0 = m;
  let r1 = mod(a, m);
  if (r1 === 0n) throw new RangeError('invert: 0 has no inverse');
  let t0 = 0n;
  let t1 = 1n;
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (r0 !== 1n) throw new RangeError(`invert: ${a} is not invertible mod ${m}`);
  return mod(t0, m);
}

/** base^exponent mod m by square-and-multiply (exponent ≥ 0). */
export function pow(base: bigint, exponent: bigint, m: bigint): bigint {
  if (exponent < 0n) throw new RangeError('pow: negative exponent');
  if (m === 1n) return 0n;
  let result = 1n;
  let b = mod(base, m);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** Legendre symbol (a | p) for an odd prime p: 1 for a non-zero square, −1 for a non-square, 0 for 0. */
export function legendre(a: bigint, p: bigint): -1 | 0 | 1 {
  const r = pow(a, (p - 1n) / 2n, p);
  if (r === 0n) return 0;
  return r === 1n ? 1 : -1;
}

/** True when a is a square mod the odd prime p (0 counts as a square). */
export function isSquare(a: bigint, p: bigint): boolean {
  return legendre(a, p) !== -1;
}

/**
 * A square root of a mod the odd prime p, or undefined when a is not a square.
 * Uses a^((p+1)/4) when p ≡ 3 (mod 4), Tonelli–Shanks otherwise. Returns the root r ≤ (p−1)/2;
 * the other root is p − r.
 */
export function sqrt(a: bigint, p: bigint): bigint | undefined {
  const n = mod(a, p);
  if (n === 0n) return 0n;
  if (p === 2n) return n;
  if (legendre(n, p) !== 1) return undefined;
  let r: bigint;
  if (p % 4n === 3n) {
    r = pow(n, (p + 1n) / 4n, p);
  } else {
    // Tonelli–Shanks: write p − 1 = q·2^s with q odd.
    let q = p - 1n;
    let s = 0n;
    while ((q & 1n) === 0n) {
      q >>= 1n;
      s += 1n;
    }
    let z = 2n;
    while (legendre(z, p) !== -1) z += 1n;
    let m = s;
    let c = pow(z, q, p);
    let t = pow(n, q, p);
    r = pow(n, (q + 1n) / 2n, p);
    while (t !== 1n) {
      let i = 0n;
      let t2 = t;
      while (t2 !== 1n) {
        t2 = (t2 * t2) % p;
        i += 1n;
      }
      const b = pow(c, 1n << (m - i - 1n), p);
      m = i;
      c = (b * b) % p;
      t = (t * c) % p;
      r = (r * b) % p;
    }
  }
  if ((r * r) % p !== n) return undefined;
  return r > p - r ? p - r : r;
}

/** Integer square root: the largest s with s² ≤ n (n ≥ 0). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt: negative');
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Number of bits of a non-negative integer (0 for 0): bitLength(17n) = 5. */
export function bitLength(n: bigint): number {
  if (n < 0n) throw new RangeError('bitLength: negative');
  return n === 0n ? 0 : n.toString(2).length;
}

/** Bytes needed for a field element of F_p: ⌈bits(p)/8⌉ (32, 48, 66 for P-256/384/521; 1 for F_17). */
export function byteLength(p: bigint): number {
  return Math.ceil(bitLength(p) / 8);
}

/** Bit i (0 = least significant) of a non-negative integer. */
export function bitAt(n: bigint, i: number): 0 | 1 {
  return ((n >> BigInt(i)) & 1n) === 1n ? 1 : 0;
}

/** Big-endian bytes → non-negative integer (empty → 0). */
export function bytesToBigIntBE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** Little-endian bytes → non-negative integer (RFC 7748 style). */
export function bytesToBigIntLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] as number);
  return n;
}

/** Non-negative integer → exactly `length` big-endian bytes; throws if it does not fit. */
export function bigIntToBytesBE(n: bigint, length: number): Uint8Array {
  if (n < 0n) throw new RangeError('bigIntToBytesBE: negative');
  const out = new Uint8Array(length);
  let v = n;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError(`bigIntToBytesBE: value does not fit in ${length} bytes`);
  return out;
}

/** Non-negative integer → exactly `length` little-endian bytes; throws if it does not fit. */
export function bigIntToBytesLE(n: bigint, length: number): Uint8Array {
  return bigIntToBytesBE(n, length).reverse();
}

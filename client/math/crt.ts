// The Chinese remainder theorem: combine x ≡ r_i (mod m_i) into one residue modulo lcm(m_i).
import { mod } from './field.js';

/** One congruence x ≡ r (mod m), m ≥ 1. */
export interface Congruence {
  readonly r: bigint;
  readonly m: bigint;
}

/** Greatest common divisor of two non-negative integers. */
export function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** x, y with a·x + b·y = gcd(a, b) (extended Euclid). */
function bezout(a: bigint, b: bigint): { g: bigint; x: bigint; y: bigint } {
  let [r0, r1, x0, x1, y0, y1] = [a, b, 1n, 0n, 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [x0, x1] = [x1, x0 - q * x1];
    [y0, y1] = [y1, y0 - q * y1];
  }
  return { g: r0, x: x0, y: y0 };
}

/**
 * Merges two congruences into one modulo lcm(m1, m2); null when they contradict each other (moduli that
 * are not coprime must agree modulo their gcd).
 */
export function crtPair(a: Congruence, b: Congruence): Congruence | null {
  if (a.m < 1n || b.m < 1n) throw new RangeError('crt: moduli must be at least 1');
  const { g, x } = bezout(a.m, b.m);
  const diff = b.r - a.r;
  if (mod(diff, g) !== 0n) return null;
  const lcm = (a.m / g) * b.m;
  // a.r + a.m · t with t ≡ (diff / g) · (a.m / g)^-1 (mod b.m / g); x is that inverse (Bézout).
  const t = mod((diff / g) * x, b.m / g);
  return { r: mod(a.r + a.m * t, lcm), m: lcm };
}

/** Combines every congruence (left to right) into x mod lcm; null when two contradict. [] gives 0 mod 1. */
export function crt(list: readonly Congruence[]): Congruence | null {
  let acc: Congruence | null = { r: 0n, m: 1n };
  for (const c of list) {
    if (!acc) return null;
    acc = crtPair(acc, { r: mod(c.r, c.m), m: c.m });
  }
  return acc;
}

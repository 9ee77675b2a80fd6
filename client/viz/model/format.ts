// Text formatting of math values for captions and tables (no DOM).
import type { Point } from '../../math/weierstrass.js';

/** "(5, 1)" for a toy point, "O" for the point at infinity. */
export function fmtPoint(P: Point): string {
  return P.infinity ? 'O' : `(${P.x}, ${P.y})`;
}

/** "k·G" written for a student: "G", "2G", "O" for 0. */
export function fmtMultiple(k: bigint, base = 'G'): string {
  if (k === 0n) return 'O';
  return k === 1n ? base : `${k}${base}`;
}

/** A long hex string in groups (default 8 digits) so it can be read aloud and compared. */
export function groupHex(hex: string, size = 8): string {
  const clean = hex.toLowerCase();
  const out: string[] = [];
  for (let i = 0; i < clean.length; i += size) out.push(clean.slice(i, i + size));
  return out.join(' ');
}

/** Bits of k in binary, MSB first, exactly `width` digits. */
export function binary(k: bigint, width: number): string {
  return k.toString(2).padStart(width, '0');
}

/** Big integers shortened for captions: "0x3fa1…9c2e (256 bits)" when long. */
export function shortHex(n: bigint, keep = 6): string {
  const h = n.toString(16);
  if (h.length <= keep * 2 + 1) return `0x${h}`;
  return `0x${h.slice(0, keep)}…${h.slice(-keep)}`;
}

/** An integer with a typographic minus sign: −4 rather than -4. */
export function fmtInt(n: bigint | number): string {
  return String(n).replace('-', '−');
}

// Why Z is only the x-coordinate of S (and only u for X25519), computed from the toy exchange's S (no DOM).
import type { WeierstrassCurve } from '../../math/curves.js';
import { mod } from '../../math/field.js';
import { isOnCurve, negate, type Point } from '../../math/weierstrass.js';
import { fmtPoint } from './format.js';

/** The shared point, its negative and the sentences that explain Z = x(S). */
export interface XOnly {
  S: Point;
  negS: Point;
  /** −S is on the curve and has the same x as S. */
  sameX: boolean;
  text: string[];
}

/** Explains Z = x(S) for a toy shared point S: −S = (x, p − y) has the same x, and y follows from x up to its sign. */
export function xOnly(curve: WeierstrassCurve, S: Point, zHex: string): XOnly {
  const negS = negate(curve, S);
  if (S.infinity || negS.infinity)
    return {
      S,
      negS,
      sameX: false,
      text: ['S is the point at infinity: there is no x, so no shared secret.'],
    };
  const sameX = negS.x === S.x && isOnCurve(curve, negS) && negS.y !== S.y;
  const rhs = mod(S.x ** 3n + curve.a * S.x + curve.b, curve.p);
  const text = [
    `S = (x, y) = ${fmtPoint(S)}, and Z = x = ${S.x} (hex ${zHex}): only the x-coordinate is kept.`,
    `−S = (x, p − y) = ${fmtPoint(negS)} is ${sameX ? 'also on the curve and has the same x' : 'not what we expected'}: y² = x³ + ax + b = ${rhs} (mod ${curve.p}) fixes y only up to its sign, so y adds no secret bits. Keeping x alone is the standard (SEC 1 ECDH), and it is all HKDF needs.`,
    'X25519 goes further: its Montgomery ladder works with the u-coordinate alone and never computes v, so there Z = u(S), 32 bytes little-endian.',
  ];
  return { S, negS, sameX, text };
}

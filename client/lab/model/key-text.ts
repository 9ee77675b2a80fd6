// A public key as a student reads it: a toy point as (x, y) in decimal, with its hex; a real key as hex.
import { isToyCurve, type CurveId } from '../../../common/wire.js';
import { fromHex } from '../../crypto/hex.js';
import { toyDecodePublicKey } from '../../math/toy.js';

/** "(5, 16) · hex 040510" on a toy curve (hex of a key that is not a point stays hex), the hex itself otherwise. */
export function keyText(curve: CurveId, hex: string): string {
  if (!isToyCurve(curve)) return hex;
  try {
    const Q = toyDecodePublicKey(curve, fromHex(hex));
    return `(${Q.x}, ${Q.y}) · hex ${hex}`;
  } catch {
    return hex;
  }
}

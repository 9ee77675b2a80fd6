// Math-engine benchmark: our recorded scalar multiplication (one row per bit)
// against @noble/curves' unrecorded, windowed multiplication of the same scalar.
import { p256 } from '@noble/curves/nist.js';
import { P256 } from '../client/math/curves.js';
import { doubleAndAdd } from '../client/math/scalar-mult.js';
import type { Comparison } from './lib.js';

/** Recorded P-256 d×G (what the key-generation view draws) vs @noble/curves d×G. */
export function engineComparison(ops: number): Comparison {
  const scalars = Array.from({ length: ops }, () => {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    return (BigInt('0x' + Buffer.from(bytes).toString('hex')) % (P256.n - 1n)) + 1n;
  });
  return {
    name: 'engine',
    unit: 'P-256 d×G',
    ops,
    subject: {
      label: 'recorded double-and-add',
      run: async () => {
        for (const k of scalars) doubleAndAdd(P256, k);
      },
    },
    baseline: {
      label: '@noble/curves multiply',
      run: async () => {
        for (const k of scalars) p256.Point.BASE.multiply(k).toAffine();
      },
    },
  };
}

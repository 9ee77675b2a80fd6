// X25519 per RFC 7748: scalar clamping (each bit explained), u-coordinate coding, x-only Montgomery ladder.
import { CURVE25519 } from './curves.js';
import { bigIntToBytesLE, bytesToBigIntLE, invert, mod } from './field.js';

const { p: P, a24: A24 } = CURVE25519;

/** One bit that clamping forces, with the reason, for the "clamping bit by bit" view. */
export interface ClampBit {
  /** Byte of the 32-byte little-endian string (0 or 31). */
  readonly byteIndex: number;
  /** Bit within that byte (0 = least significant). */
  readonly bitInByte: number;
  /** Bit of the scalar as an integer: 0, 1, 2, 254 or 255. */
  readonly scalarBit: number;
  /** Value before clamping. */
  readonly before: 0 | 1;
  /** Value after clamping. */
  readonly after: 0 | 1;
  /** True when clamping changed this bit. */
  readonly changed: boolean;
  /** Why RFC 7748 forces it. */
  readonly reason: string;
}

const CLAMP_RULES: ReadonlyArray<Omit<ClampBit, 'before' | 'changed'>> = [
  {
    byteIndex: 0,
    bitInByte: 0,
    scalarBit: 0,
    after: 0,
    reason: 'k becomes a multiple of the cofactor 8, so a point in a small subgroup is sent to O',
  },
  { byteIndex: 0, bitInByte: 1, scalarBit: 1, after: 0, reason: 'k becomes a multiple of 8' },
  { byteIndex: 0, bitInByte: 2, scalarBit: 2, after: 0, reason: 'k becomes a multiple of 8' },
  {
    byteIndex: 31,
    bitInByte: 7,
    scalarBit: 255,
    after: 0,
    reason: 'the scalar stays below 2^255',
  },
  {
    byteIndex: 31,
    bitInByte: 6,
    scalarBit: 254,
    after: 1,
    reason: 'the top bit is always 1, so every ladder runs the same 255 steps (constant time)',
  },
];

/** RFC 7748 decodeScalar25519 on bytes: clears bits 0, 1, 2 and 255, sets bit 254. Returns a copy. */
export function clampScalarBytes(k: Uint8Array): Uint8Array {
  if (k.length !== 32) throw new RangeError(`X25519 scalar must be 32 bytes, got ${k.length}`);
  const out = Uint8Array.from(k);
  out[0] = (out[0] as number) & 248;
  out[31] = ((out[31] as number) & 127) | 64;
  return out;
}

/** RFC 7748 decodeScalar25519: the clamped scalar as an integer (little-endian). */
export function decodeScalar25519(k: Uint8Array): bigint {
  return bytesToBigIntLE(clampScalarBytes(k));
}

/** The five bits clamping forces, each with its value before and after and the reason. */
export function describeClamping(k: Uint8Array): ClampBit[] {
  if (k.length !== 32) throw new RangeError(`X25519 scalar must be 32 bytes, got ${k.length}`);
  return CLAMP_RULES.map((r) => {
    const before = (((k[r.byteIndex] as number) >> r.bitInByte) & 1) as 0 | 1;
    return { ...r, before, changed: before !== r.after };
  });
}

/** RFC 7748 decodeUCoordinate: little-endian, top bit masked, then reduced mod p (non-canonical u accepted). */
export function decodeUCoordinate(u: Uint8Array): bigint {
  if (u.length !== 32) throw new RangeError(`X25519 u-coordinate must be 32 bytes, got ${u.length}`);
  const masked = Uint8Array.from(u);
  masked[31] = (masked[31] as number) & 127;
  return mod(bytesToBigIntLE(masked), P);
}

/** RFC 7748 encodeUCoordinate: u mod p as 32 little-endian bytes. */
export function encodeUCoordinate(u: bigint): Uint8Array {
  return bigIntToBytesLE(mod(u, P), 32);
}

/** Ladder state after one step of RFC 7748 §5, in projective (X : Z) form, as handed to a recorder. */
export interface LadderStepState {
  /** Bit index t (254 … 0). */
  readonly t: number;
  /** k_t. */
  readonly bit: 0 | 1;
  /** The cswap flag applied at the start of this step (k_t XOR k_(t+1)). */
  readonly swap: 0 | 1;
  /** Registers after the step (before the next step's swap). */
  readonly x2: bigint;
  readonly z2: bigint;
  readonly x3: bigint;
  readonly z3: bigint;
}

/**
 * The x-only Montgomery ladder of RFC 7748 §5 on an already-decoded scalar k and u-coordinate:
 * `bits` steps (255 for X25519), t from bits−1 down to 0, with the deferred conditional swap.
 * Returns x2·z2^(p−2) (0 when the result is O, as the RFC specifies). `onStep` sees each step.
 */
export function montgomeryLadderU(
  k: bigint,
  u: bigint,
  bits = 255,
  onStep?: (s: LadderStepState) => void,
): bigint {
  const x1 = mod(u, P);
  let x2 = 1n;
  let z2 = 0n;
  let x3 = x1;
  let z3 = 1n;
  let swap: 0 | 1 = 0;
  for (let t = bits - 1; t >= 0; t--) {
    const bit: 0 | 1 = (k >> BigInt(t)) & 1n ? 1 : 0;
    const s = (swap ^ bit) as 0 | 1;
    if (s) {
      [x2, x3] = [x3, x2];
      [z2, z3] = [z3, z2];
    }
    swap = bit;
    const A = (x2 + z2) % P;
    const AA = (A * A) % P;
    const B = mod(x2 - z2, P);
    const BB = (B * B) % P;
    const E = mod(AA - BB, P);
    const C = (x3 + z3) % P;
    const D = mod(x3 - z3, P);
    const DA = (D * A) % P;
    const CB = (C * B) % P;
    const sum = (DA + CB) % P;
    const diff = mod(DA - CB, P);
    x3 = (sum * sum) % P;
    z3 = (x1 * ((diff * diff) % P)) % P;
    x2 = (AA * BB) % P;
    z2 = (E * ((AA + A24 * E) % P)) % P;
    onStep?.({ t, bit, swap: s, x2, z2, x3, z3 });
  }
  // The final conditional swap: R0 is in register 3 when the last bit was 1.
  const [x, z] = swap ? [x3, z3] : [x2, z2];
  return z === 0n ? 0n : (x * invert(z, P)) % P;
}

/** X25519(k, u) of RFC 7748 §5: clamps k, decodes u, runs the ladder, encodes the result (32 bytes). */
export function x25519(scalar: Uint8Array, u: Uint8Array): Uint8Array {
  return encodeUCoordinate(montgomeryLadderU(decodeScalar25519(scalar), decodeUCoordinate(u)));
}

/** The u-coordinate 9 of the base point, as 32 bytes (a copy is used internally; do not rely on mutating it). */
export const X25519_BASE_U: Uint8Array = encodeUCoordinate(CURVE25519.Gu);

/** The X25519 public key X25519(k, 9). */
export function x25519PublicKey(scalar: Uint8Array): Uint8Array {
  return encodeUCoordinate(montgomeryLadderU(decodeScalar25519(scalar), CURVE25519.Gu));
}

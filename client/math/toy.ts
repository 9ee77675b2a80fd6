// Toy curves over small F_p: every point by brute force, orders, orbits, and a complete toy ECDH key agreement.
import type { ToyCurveId } from '../../common/wire.js';
import { NoSecureChannelError } from '../crypto/errors.js';
import type { KeyAgreement, KeyAgreementProvider } from '../crypto/key-agreement.js';
import { getToyCurve, type WeierstrassCurve } from './curves.js';
import { bigIntToBytesBE, bitLength, byteLength, bytesToBigIntBE, mod } from './field.js';
import { bytesToHex } from './bytes.js';
import {
  add,
  basePoint,
  decodePublicKey,
  encodePoint,
  multiply,
  point,
  PointError,
  type AffinePoint,
  type Point,
} from './weierstrass.js';

const MAX_TOY_P = 1n << 24n;

function small(curve: WeierstrassCurve): { p: number; a: number; b: number } {
  if (curve.p >= MAX_TOY_P) throw new RangeError('brute force is only for toy curves (p < 2^24)');
  return { p: Number(curve.p), a: Number(curve.a), b: Number(curve.b) };
}

/** Every affine point of the curve by brute force over all x, sorted by x then y (O not included). */
export function enumeratePoints(curve: WeierstrassCurve): AffinePoint[] {
  const { p, a, b } = small(curve);
  // roots[r] lists the y with y² ≡ r; Number arithmetic is exact here because p² < 2^53.
  const roots = new Map<number, number[]>();
  for (let y = 0; y < p; y++) {
    const r = (y * y) % p;
    const list = roots.get(r);
    if (list) list.push(y);
    else roots.set(r, [y]);
  }
  const out: AffinePoint[] = [];
  for (let x = 0; x < p; x++) {
    const rhs = (((((x * x) % p) * x) % p) + ((a * x) % p) + b) % p;
    for (const y of roots.get(rhs) ?? []) out.push(point(BigInt(x), BigInt(y)));
  }
  return out;
}

/** Number of points on the curve including O (#E), counted by brute force. */
export function curveOrder(curve: WeierstrassCurve): bigint {
  return BigInt(enumeratePoints(curve).length + 1);
}

/** The multiples P, 2P, 3P, …, stopping at (and including) O; its length is the order of P. */
export function orbit(curve: WeierstrassCurve, P: Point = basePoint(curve)): Point[] {
  const limit = 2n * curve.p + 2n; // > any point order (Hasse bound p + 1 + 2√p)
  const out: Point[] = [];
  let R: Point = P;
  for (let i = 1n; i <= limit; i++) {
    out.push(R);
    if (R.infinity) return out;
    R = add(curve, R, P);
  }
  throw new RangeError('orbit did not close; is P on the curve?');
}

/** Prime factors of a positive integer by trial division (ascending, with repetition). */
export function factorize(n: bigint): bigint[] {
  const out: bigint[] = [];
  let m = n;
  for (let f = 2n; f * f <= m; f += f === 2n ? 1n : 2n) {
    while (m % f === 0n) {
      out.push(f);
      m /= f;
    }
  }
  if (m > 1n) out.push(m);
  return out;
}

/**
 * Order of P: the least k ≥ 1 with k·P = O, found among the divisors of the group order
 * (Lagrange). `groupOrder` defaults to the brute-force {@link curveOrder}.
 */
export function pointOrder(
  curve: WeierstrassCurve,
  P: Point,
  groupOrder: bigint = curveOrder(curve),
): bigint {
  if (!multiply(curve, groupOrder, P).infinity) throw new RangeError('groupOrder·P ≠ O');
  let order = groupOrder;
  for (const f of new Set(factorize(groupOrder))) {
    while (order % f === 0n && multiply(curve, order / f, P).infinity) order /= f;
  }
  return order;
}

/** Uniform random scalar in [1, n − 1] from crypto.getRandomValues (rejection sampling). */
export function randomScalar(n: bigint): bigint {
  if (n < 2n) throw new RangeError('randomScalar: n must be at least 2');
  const bits = bitLength(n - 1n);
  const buf = new Uint8Array(Math.ceil(bits / 8));
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    globalThis.crypto.getRandomValues(buf);
    const d = bytesToBigIntBE(buf) & mask;
    if (d >= 1n && d < n) return d;
  }
}

/** Q = d·G on a toy curve (d in [1, n − 1]). */
export function toyPublicPoint(curve: WeierstrassCurve, d: bigint): AffinePoint {
  if (d < 1n || d >= curve.n) throw new RangeError(`private key must be in [1, ${curve.n - 1n}]`);
  const Q = multiply(curve, d, basePoint(curve));
  if (Q.infinity) throw new RangeError('d·G = O');
  return Q;
}

/** Raw toy public key 04 ‖ X ‖ Y (each ⌈bits(p)/8⌉ bytes). */
export function toyEncodePublicKey(curveId: ToyCurveId, Q: Point): Uint8Array {
  return encodePoint(getToyCurve(curveId), Q);
}

/** Decodes and validates a toy public key: length, prefix, range, on curve, not O, in ⟨G⟩. */
export function toyDecodePublicKey(curveId: ToyCurveId, raw: Uint8Array): AffinePoint {
  return decodePublicKey(getToyCurve(curveId), raw);
}

/** The ECDH shared point d·Q_peer after validating Q_peer (throws {@link PointError}). */
export function toySharedPoint(curveId: ToyCurveId, d: bigint, peerPubRaw: Uint8Array): AffinePoint {
  const curve = getToyCurve(curveId);
  const Q = toyDecodePublicKey(curveId, peerPubRaw);
  const S = multiply(curve, mod(d, curve.n), Q);
  if (S.infinity) throw new PointError('infinity', 'the shared point is O');
  return S;
}

/** A toy key pair: private d, public Q = d·G and its raw encoding. */
export interface ToyKeyPair {
  readonly curve: ToyCurveId;
  readonly d: bigint;
  readonly Q: AffinePoint;
  readonly publicRaw: Uint8Array;
}

/** A fresh toy key pair with d uniform in [1, n − 1]. */
export function toyGenerateKeyPair(curveId: ToyCurveId): ToyKeyPair {
  const curve = getToyCurve(curveId);
  const d = randomScalar(curve.n);
  const Q = toyPublicPoint(curve, d);
  return { curve: curveId, d, Q, publicRaw: encodePoint(curve, Q) };
}

/** The toy key pair for a given d (for hand-checked examples and tests). */
export function toyKeyPairFromPrivate(curveId: ToyCurveId, d: bigint): ToyKeyPair {
  const curve = getToyCurve(curveId);
  const Q = toyPublicPoint(curve, d);
  return { curve: curveId, d, Q, publicRaw: encodePoint(curve, Q) };
}

/** Z = X of d·Q_peer in the public-key coordinate width (docs/protocol.md §5); throws {@link PointError}. */
export function toyDeriveSharedSecret(curveId: ToyCurveId, d: bigint, peerPubRaw: Uint8Array): Uint8Array {
  const curve = getToyCurve(curveId);
  return bigIntToBytesBE(toySharedPoint(curveId, d, peerPubRaw).x, byteLength(curve.p));
}

/** A toy key pair as a client/crypto `KeyAgreement`, plus the numbers a teaching view wants (d, Q). */
export interface ToyKeyAgreement extends KeyAgreement {
  /** Toy curve id. */
  readonly curve: ToyCurveId;
  /** Private scalar d. */
  readonly d: bigint;
  /** Public point Q = d·G. */
  readonly Q: AffinePoint;
}

/** A client/crypto `KeyAgreementProvider` whose key pairs are {@link ToyKeyAgreement}s. */
export interface ToyKeyAgreementProvider extends KeyAgreementProvider {
  /** Toy curve id. */
  readonly curve: ToyCurveId;
  /** A fresh toy key pair. */
  generate(): Promise<ToyKeyAgreement>;
}

/** A refused toy key as client/crypto's error: NoSecureChannelError('invalid-public-key', …). */
export function toNoSecureChannelError(e: PointError): Error {
  return new NoSecureChannelError('invalid-public-key', `the toy public key is invalid: ${e.message}.`);
}

/**
 * The provider to pass to `registerKeyAgreementProvider` (client/crypto/key-agreement.ts) for a toy
 * curve. `derive` rejects with `wrapError(PointError)` — by default a NoSecureChannelError.
 */
export function toyKeyAgreementProvider(
  curveId: ToyCurveId,
  wrapError: (e: PointError) => Error = toNoSecureChannelError,
): ToyKeyAgreementProvider {
  const curve = getToyCurve(curveId);
  const bits = bitLength(curve.p);
  const wrap = (pair: ToyKeyPair): ToyKeyAgreement => ({
    curve: curveId,
    publicRaw: pair.publicRaw,
    privateHex: bytesToHex(bigIntToBytesBE(pair.d, byteLength(curve.n))),
    bits,
    d: pair.d,
    Q: pair.Q,
    derive: async (peerRaw) => {
      try {
        return toyDeriveSharedSecret(curveId, pair.d, peerRaw);
      } catch (e) {
        throw e instanceof PointError ? wrapError(e) : e;
      }
    },
  });
  return { curve: curveId, bits, generate: async () => wrap(toyGenerateKeyPair(curveId)) };
}

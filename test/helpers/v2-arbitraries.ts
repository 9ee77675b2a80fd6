// Test helper: shape-aware fast-check arbitraries for every `dm` kind of DM_BODIES (common/schema/bodies.ts), the
// sender-key kinds (`skdist` dm, `skmsg` bcast) and the `key` payload's `v` list: well-formed bodies with junk
// ciphertext and near-valid mutations (docs/security.md "Fuzzing"; docs/protocol.md "v2: …" sections).
import fc from 'fast-check';
import {
  CHAIN_ID_BYTES,
  DM_BODIES,
  MAX_PROTOCOL_VERSION,
  MAX_PROTOCOL_VERSIONS,
  MAX_RATCHET_COUNTER,
  PUB_LENGTH,
  SIGNATURE_BYTES,
  SKDIST_KIND,
  SKMSG_KIND,
  type CurveId,
} from '../../common/schema/index.js';
import * as schema from '../../common/schema/index.js';
import { bigString, edgeString, junk, mutated, oddNumber } from './fuzz.js';
import { msgBodyArb, pubArb, receiptBodyArb } from './wire-arbitraries.js';

const b64 = (bytes: Uint8Array | number[]): string => Buffer.from(bytes).toString('base64url');
const bytesArb = (min: number, max: number): fc.Arbitrary<string> =>
  fc.uint8Array({ minLength: min, maxLength: max }).map(b64);

/** The kinds a `dm` may carry that this code base defines: DM_BODIES, plus the sender-key distribution. */
export const KNOWN_DM_KINDS: readonly string[] = [...Object.keys(DM_BODIES), SKDIST_KIND];
/** The `bcast` kinds this code base defines (docs/protocol.md "v2: broadcast": Kinds). */
export const KNOWN_BCAST_KINDS: readonly string[] = [SKMSG_KIND];
/** Every `*_KIND` string constant the schema module exports: a kind added there must be fuzzed (fuzz-arbitraries test). */
export const SCHEMA_KIND_CONSTANTS: readonly string[] = Object.entries(schema)
  .filter(([name, value]) => name.endsWith('_KIND') && typeof value === 'string')
  .map(([, value]) => value as string);

/** Counters around every bound a ratchet header or sender-key iteration has: MAX_SKIP, 2^31, 2^32, negatives, fractions. */
export const hugeCounter: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    1000,
    1001,
    2001,
    2 ** 31 - 1,
    2 ** 31,
    MAX_RATCHET_COUNTER,
    MAX_RATCHET_COUNTER + 1,
    2 ** 53,
  ),
  fc.constantFrom(-1, -(2 ** 31), 0.5),
  oddNumber,
);

/** A u as 32 little-endian bytes. */
function le32(u: bigint): number[] {
  return Array.from({ length: 32 }, (_, i) => Number((u >> BigInt(8 * i)) & 0xffn));
}
const P25519 = 2n ** 255n - 19n;

/**
 * `dh` values of the right length that are not a usable ratchet key on `curve`: the identity / zero, small-order
 * points, non-canonical X25519 u (≥ p), a point off the curve, a compressed or wrongly prefixed point.
 */
export function badPointArb(curve: CurveId): fc.Arbitrary<string> {
  const n = PUB_LENGTH[curve];
  if (curve === 'X25519')
    return fc.constantFrom(
      b64(le32(0n)), // u = 0: the identity's image, shared secret all zero
      b64(le32(1n)), // u = 1: order 4 on the twist side, all-zero output
      b64(le32(P25519)), // non-canonical 0
      b64(le32(P25519 + 1n)), // non-canonical 1
      b64(le32(2n ** 255n - 1n)), // non-canonical, the largest u with bit 255 clear
      b64(Buffer.from('5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157', 'hex')), // order 8 (bytes)
      b64(le32(2n ** 256n - 1n)), // bit 255 set
    );
  const ff = new Array<number>(n - 1).fill(0xff);
  return fc.oneof(
    fc.constantFrom(
      b64([4, ...new Array<number>(n - 1).fill(0)]), // 04 ‖ 0 ‖ 0: no point has it (the identity has no 04 form)
      b64([4, ...ff]), // coordinates ≥ p
      b64([0, ...new Array<number>(n - 1).fill(0)]), // the SEC1 identity byte, padded
      b64([2, ...new Array<number>(n - 1).fill(1)]), // a compressed prefix at the uncompressed length
    ),
    pubArb(curve), // 04 ‖ random: almost never on the curve
  );
}

/** A `dh` that breaks the body's encoding for `curve`: wrong length, padding or standard base64, empty, huge. */
export function badDhEncodingArb(curve: CurveId): fc.Arbitrary<string> {
  const n = PUB_LENGTH[curve];
  return fc.oneof(
    bytesArb(n - 1, n - 1),
    bytesArb(n + 1, n + 1),
    pubArb(curve).map((d) => `${d}=`),
    pubArb(curve).map((d) => d.replace(/-/g, '+').replace(/_/g, '/') + '+'),
    fc.constant(''),
    edgeString,
    bigString,
  );
}

/** A well-formed `ratchet` body for `curve` (passes ratchetBody and the key length) with junk ciphertext ‖ tag. */
export function ratchetBodyArb(
  curve: CurveId,
): fc.Arbitrary<{ h: { dh: string; pn: number; n: number }; ct: string }> {
  return fc.record({
    h: fc.record({ dh: pubArb(curve), pn: fc.nat({ max: 1200 }), n: fc.nat({ max: 1200 }) }),
    ct: bytesArb(16, 120),
  });
}

/** Change one header field of a ratchet body: a bad point, a bad encoding, a huge, negative or 2^31 counter, a short ct. */
export function ratchetHeaderMutation(
  curve: CurveId,
): fc.Arbitrary<(body: { h: { dh: string; pn: number; n: number }; ct: string }) => unknown> {
  type Body = { h: { dh: string; pn: number; n: number }; ct: string };
  return fc.oneof(
    badPointArb(curve).map((dh) => (b: Body) => ({ ...b, h: { ...b.h, dh } })),
    badDhEncodingArb(curve).map((dh) => (b: Body) => ({ ...b, h: { ...b.h, dh } })),
    hugeCounter.map((n) => (b: Body) => ({ ...b, h: { ...b.h, n } })),
    hugeCounter.map((pn) => (b: Body) => ({ ...b, h: { ...b.h, pn } })),
    fc.tuple(hugeCounter, hugeCounter).map(([pn, n]) => (b: Body) => ({ ...b, h: { ...b.h, pn, n } })),
    bytesArb(0, 15).map((ct) => (b: Body) => ({ ...b, ct })),
    fc.constantFrom('h', 'ct').map((k) => (b: Body) => ({ ...b, [k]: undefined })),
  );
}

/** Near-valid `ratchet` bodies: one header field wrong (ratchetHeaderMutation) or a generic mutation. */
export function ratchetNearArb(curve: CurveId): fc.Arbitrary<unknown> {
  const valid = ratchetBodyArb(curve);
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(valid, ratchetHeaderMutation(curve)).map(([b, m]) => m(b)) },
    { weight: 1, arbitrary: mutated(valid) },
  );
}

/** A `confirm` body (Room passphrase): `pair` 43 characters, junk AES-GCM iv and ct, `ack`. */
export const confirmBodyArb = fc.record({
  pair: bytesArb(32, 32),
  iv: bytesArb(12, 12),
  ct: bytesArb(16, 64),
  ack: fc.boolean(),
});

/** An `skmsg` bcast body that passes skmsgBody: chain id, iteration, junk ciphertext, junk 64-byte signature. */
export const skmsgBodyArb = fc.record({
  chain: bytesArb(CHAIN_ID_BYTES, CHAIN_ID_BYTES),
  n: fc.nat({ max: 2 ** 31 - 1 }),
  ct: bytesArb(16, 120),
  sig: bytesArb(SIGNATURE_BYTES, SIGNATURE_BYTES),
});

/** Near-valid `skmsg` bodies: a chain id or signature one byte off, an iteration past 2^31 − 1, a short ct, mutations. */
export const skmsgNearArb: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(skmsgBodyArb, bytesArb(CHAIN_ID_BYTES + 1, CHAIN_ID_BYTES + 1))
    .map(([b, chain]) => ({ ...b, chain })),
  fc
    .tuple(skmsgBodyArb, bytesArb(SIGNATURE_BYTES - 1, SIGNATURE_BYTES - 1))
    .map(([b, sig]) => ({ ...b, sig })),
  fc.tuple(skmsgBodyArb, hugeCounter).map(([b, n]) => ({ ...b, n })),
  fc.tuple(skmsgBodyArb, bytesArb(0, 15)).map(([b, ct]) => ({ ...b, ct })),
  mutated(skmsgBodyArb),
);

/** The generators of one kind: bodies that pass its schema, and near-valid ones. */
export interface KindShape {
  valid: fc.Arbitrary<unknown>;
  near: fc.Arbitrary<unknown>;
}

/** A shaped generator per known `dm` kind on `curve` (KNOWN_DM_KINDS); `skdist` travels as a ratchet body. */
export function dmShapes(curve: CurveId): Record<string, KindShape> {
  const sealed = { valid: msgBodyArb, near: mutated(msgBodyArb) };
  const ratchet = { valid: ratchetBodyArb(curve), near: ratchetNearArb(curve) };
  return {
    msg: sealed,
    receipt: { valid: receiptBodyArb, near: mutated(receiptBodyArb) },
    file: sealed,
    'file-chunk': sealed,
    'file-ack': sealed,
    'file-cancel': sealed,
    confirm: { valid: confirmBodyArb, near: mutated(confirmBodyArb) },
    ratchet,
    [SKDIST_KIND]: ratchet,
  };
}

/** A shaped generator per known `bcast` kind (KNOWN_BCAST_KINDS). */
export const BCAST_SHAPES: Record<string, KindShape> = {
  [SKMSG_KIND]: { valid: skmsgBodyArb, near: skmsgNearArb },
};

/** A `{ kind, body }` of a known dm kind on `curve`: valid or near-valid body, or junk. */
export function shapedDmArb(curve: CurveId): fc.Arbitrary<{ kind: string; body: unknown }> {
  const shapes = dmShapes(curve);
  return fc
    .constantFrom(...KNOWN_DM_KINDS)
    .chain((kind) =>
      fc
        .oneof(
          { weight: 2, arbitrary: shapes[kind]!.valid },
          { weight: 3, arbitrary: shapes[kind]!.near },
          junk,
        )
        .map((body) => ({ kind, body })),
    );
}

/** A `{ kind, body }` for a `bcast`: a known kind with a valid, near-valid or junk body, or any kind. */
export const shapedBcastArb: fc.Arbitrary<{ kind: string; body: unknown }> = fc.oneof(
  fc
    .constantFrom(...KNOWN_BCAST_KINDS)
    .chain((kind) =>
      fc
        .oneof(BCAST_SHAPES[kind]!.valid, BCAST_SHAPES[kind]!.near, fc.jsonValue({ maxDepth: 3 }))
        .map((body) => ({ kind, body })),
    ),
  fc
    .constantFrom(...KNOWN_DM_KINDS)
    .chain((kind) => fc.jsonValue({ maxDepth: 2 }).map((body) => ({ kind, body }))),
);

/** A valid `v` list (isVersionList): 1–8 distinct integers 1–255, usually containing 1 and/or 2. */
export const versionListArb: fc.Arbitrary<number[]> = fc.oneof(
  fc.constantFrom<number[]>([1], [1, 2], [2], [2, 1], [1, 2, 3]),
  fc.uniqueArray(fc.integer({ min: 1, max: MAX_PROTOCOL_VERSION }), {
    minLength: 1,
    maxLength: MAX_PROTOCOL_VERSIONS,
  }),
);

/** A `v` that isVersionList refuses: empty, 9 entries, a duplicate, 0, 256, a fraction, a string, not an array. */
export const badVersionListArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    [],
    [1, 1],
    [0],
    [256],
    [1.5],
    ['2'],
    [null],
    [-1],
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
    2,
    '1,2',
    {},
  ),
  fc.constant(Array.from({ length: 10_000 }, (_, i) => i + 1)),
  fc.tuple(versionListArb, oddNumber).map(([v, x]) => [...v.slice(0, 7), x]),
  fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 9, maxLength: 20 }),
);

// View model of a real key generation: engine check of WebCrypto's Q, unified bit rows, blocks, pattern strip, text (no DOM).
import { isToyCurve, type RealCurveId } from '../../../common/wire.js';
import { hexToBytes } from '../../math/bytes.js';
import { getCurve, getWeierstrassCurve } from '../../math/curves.js';
import { montgomeryLadder } from '../../math/scalar-mult.js';
import { verifyPublicKey, type VerifyResult } from '../../math/verify.js';
import { pointsEqual } from '../../math/weierstrass.js';
import type { MyKeyView } from '../../session/types.js';
import { binary, shortHex } from './format.js';

/** One row of the bit table, the same shape for the NIST double-and-add and the X25519 ladder. */
export interface KeygenRow {
  bitIndex: number;
  bit: 0 | 1;
  /** What the recorded algorithm did for this bit. */
  op: 'D' | 'D+A' | 'ladder';
  /** Bits read so far (R = prefix·G after the row). */
  prefix: bigint;
  /** x (NIST) or u (X25519) of R after the row, hex; 'O' for the point at infinity. */
  xHex: string;
}

/** Everything the keygen view shows, all computed by the engine. */
export interface KeygenModel {
  curve: RealCurveId;
  /** The scalar actually multiplied (X25519: after clamping). */
  k: bigint;
  rows: KeygenRow[];
  verify: VerifyResult;
  /** NIST: the ladder computed the same point as double-and-add (always true for X25519, which uses the ladder). */
  ladderAgrees: boolean;
  doublings: number;
  additions: number;
  /** X25519 only: clamping explained bit by bit. */
  clamping: { scalarBit: number; before: 0 | 1; after: 0 | 1; changed: boolean; reason: string }[];
}

/** Private key bytes from the session's hex: NIST scalars left-padded to the curve's byte length. */
export function privateKeyBytes(curve: RealCurveId, privateHex: string): Uint8Array {
  const len = getCurve(curve).byteLength;
  const hex = privateHex.length % 2 ? `0${privateHex}` : privateHex;
  const padded = curve === 'X25519' ? hex : hex.padStart(len * 2, '0');
  return hexToBytes(padded);
}

/** Runs the engine on a real key: records the multiplication and checks Q against WebCrypto's public key. */
export function keygenModel(key: MyKeyView): KeygenModel {
  if (isToyCurve(key.curve))
    throw new RangeError('keygenModel is for real curves; toy keys use <curvechat-curve-grid>');
  const curve = key.curve as RealCurveId;
  const verify = verifyPublicKey(curve, privateKeyBytes(curve, key.privateHex), hexToBytes(key.pubHex));
  const t = verify.trace;
  if (!t) {
    return { curve, k: 0n, rows: [], verify, ladderAgrees: false, doublings: 0, additions: 0, clamping: [] };
  }
  if (t.kind === 'x25519') {
    const rows = t.trace.rows.map((r): KeygenRow => ({
      bitIndex: r.bitIndex,
      bit: r.bit,
      op: 'ladder',
      prefix: r.prefix,
      xHex: r.r0 === null ? 'O' : r.r0.toString(16),
    }));
    return {
      curve,
      k: t.trace.k,
      rows,
      verify,
      ladderAgrees: true,
      doublings: rows.length,
      additions: rows.length,
      clamping: t.trace.clamping.map((c) => ({ ...c })),
    };
  }
  const tr = t.trace;
  const ladder = montgomeryLadder(getWeierstrassCurve(curve), tr.k);
  const rows = tr.rows.map((r): KeygenRow => ({
    bitIndex: r.bitIndex,
    bit: r.bit,
    op: r.op,
    prefix: r.prefix,
    xHex: r.point.infinity ? 'O' : r.point.x.toString(16),
  }));
  return {
    curve,
    k: tr.k,
    rows,
    verify,
    ladderAgrees: pointsEqual(ladder.result, tr.result),
    doublings: tr.doublings,
    additions: tr.additions,
    clamping: [],
  };
}

/** A collapsible run of rows (MSB first). */
export interface RowBlock {
  /** Row indices [start, end). */
  start: number;
  end: number;
  /** Bit positions covered, high to low. */
  highBit: number;
  lowBit: number;
  /** The bits as text, MSB first. */
  bits: string;
  ones: number;
}

/** Rows grouped into runs of `size` (default 16 bits = 4 hex digits of the key). */
export function rowBlocks(rows: readonly KeygenRow[], size = 16): RowBlock[] {
  const out: RowBlock[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const end = Math.min(rows.length, start + size);
    const slice = rows.slice(start, end);
    out.push({
      start,
      end,
      highBit: slice[0]!.bitIndex,
      lowBit: slice.at(-1)!.bitIndex,
      bits: slice.map((r) => r.bit).join(''),
      ones: slice.filter((r) => r.bit === 1).length,
    });
  }
  return out;
}

/** Row index of a bit position, or undefined when the key has no such bit. */
export function rowOfBit(rows: readonly KeygenRow[], bitIndex: number): number | undefined {
  const first = rows[0]?.bitIndex;
  if (first === undefined || !Number.isInteger(bitIndex) || bitIndex < 0 || bitIndex > first)
    return undefined;
  return first - bitIndex;
}

/** The caption of row i. */
export function rowText(m: KeygenModel, i: number): string {
  const r = m.rows[i];
  if (!r) return '';
  const R =
    r.xHex === 'O'
      ? 'R is still O (only leading zero bits so far)'
      : `R = ${shortHex(r.prefix)}·G, x = ${shortHex(BigInt(`0x${r.xHex}`))}`;
  const what =
    r.op === 'ladder'
      ? `the ladder adds R0 + R1 and doubles one of them, swapping by the bit`
      : r.op === 'D+A'
        ? 'double R, then add G (a 1 bit costs an extra addition)'
        : 'double R only';
  return `Row ${i + 1} of ${m.rows.length}: bit ${r.bitIndex} is ${r.bit}: ${what}. ${R}.`;
}

/** The caption of the final step: the check, with its reason when it failed. */
export function checkText(m: KeygenModel): string {
  const v = m.verify;
  if (v.ok) {
    return `Check passed: the engine's Q = d×G is byte for byte the public key WebCrypto exported (${v.expectedHex.length / 2} bytes).${m.ladderAgrees ? ' The Montgomery ladder reaches the same point.' : ''}`;
  }
  return `Check FAILED: ${v.reason ?? 'the values differ'}.`;
}

/** Text alternative of the pattern strip. */
export function patternText(m: KeygenModel): string {
  const ones = m.rows.filter((r) => r.bit === 1).length;
  if (m.curve === 'X25519') {
    return `X25519 always runs the ladder: ${m.rows.length} identical steps (one addition and one doubling each), whatever the bits. Double-and-add on the same ${m.rows.length} bits would have done ${m.rows.length} doublings plus ${ones} additions, one for each 1 bit — a pattern anyone timing it could read.`;
  }
  return `Double-and-add (recorded): ${m.doublings} doublings and ${m.additions} additions; the additions fall exactly on the ${ones} one-bits of d, so the pattern D, D+A, … spells out the key. The Montgomery ladder does one addition and one doubling for every bit: ${m.rows.length} identical steps that reveal nothing.`;
}

/** The first bits of the scalar, for captions: "1011 0010 …". */
export function leadingBits(m: KeygenModel, count = 16): string {
  const width = m.rows.length;
  const bits = binary(m.k, width).slice(0, count);
  return `${bits.replace(/(.{4})/g, '$1 ').trim()}${width > count ? ' …' : ''}`;
}

/**
 * X25519's clamping as sentences, one per rule: bits 0–2 together, then bit 255, then bit 254, each with
 * what it was, what it became, whether that changed it, and why (e.g. "Bits 0, 1 and 2 cleared (were 1, 0
 * and 1; changed): k becomes a multiple of the cofactor 8, …").
 */
export function clampingLines(clamping: KeygenModel['clamping']): string[] {
  const groups = [
    clamping.filter((c) => c.scalarBit <= 2),
    ...clamping.filter((c) => c.scalarBit > 2).map((c) => [c]),
  ];
  const list = (xs: readonly (string | number)[]) =>
    xs.length < 2 ? String(xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${String(xs.at(-1))}`;
  return groups
    .filter((g) => g.length > 0)
    .map((g) => {
      const first = g[0]!;
      const bits = g.length > 1 ? `Bits ${list(g.map((c) => c.scalarBit))}` : `Bit ${first.scalarBit}`;
      const verb = first.after === 1 ? 'set' : 'cleared';
      const was = `${g.length > 1 ? 'were' : 'was'} ${list(g.map((c) => c.before))}`;
      const changed = g.some((c) => c.changed) ? 'changed' : 'unchanged';
      return `${bits} ${verb} (${was}; ${changed}): ${first.reason}.`;
    });
}

/** The next row after `from` whose step adds (op "D+A"), or undefined when none is left (or on the ladder, where every row adds). */
export function nextAdditionRow(rows: readonly KeygenRow[], from: number): number | undefined {
  for (let i = Math.max(0, from + 1); i < rows.length; i++) if (rows[i]!.op === 'D+A') return i;
  return undefined;
}

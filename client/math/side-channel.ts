// A simulated power/timing trace of scalar multiplication: the operations each algorithm performs, in order, as samples.
import { bitLength } from './field.js';

/** The two algorithms the side-channel lab compares. */
export type TraceMethod = 'double-and-add' | 'ladder';

/** One operation of the trace: a point doubling or a point addition, and the key bit being processed. */
export interface TraceOp {
  /** 'D' doubling, 'A' addition. */
  readonly op: 'D' | 'A';
  /** Which row (bit position, most significant first) it belongs to. */
  readonly bitIndex: number;
}

/** Relative power and duration of an operation (an addition costs more than a doubling on these formulas). */
export const OP_SHAPE: Readonly<Record<TraceOp['op'], { readonly height: number; readonly width: number }>> =
  {
    D: { height: 0.55, width: 3 },
    A: { height: 0.9, width: 4 },
  };

/**
 * The operations of k·P over `width` bits, most significant first. Double-and-add: a doubling per bit
 * and an addition only for a 1 bit (the rows 'D' / 'D+A' of client/math/scalar-mult.ts). Ladder: an
 * addition and a doubling for every bit, whatever it is ('A+D').
 */
export function traceOps(method: TraceMethod, k: bigint, width = bitLength(k)): TraceOp[] {
  if (k < 0n) throw new RangeError('trace: negative scalar');
  if (!Number.isInteger(width) || width < bitLength(k))
    throw new RangeError('trace: width below the bits of k');
  const out: TraceOp[] = [];
  for (let i = width - 1; i >= 0; i--) {
    if (method === 'ladder') out.push({ op: 'A', bitIndex: i }, { op: 'D', bitIndex: i });
    else {
      out.push({ op: 'D', bitIndex: i });
      if ((k >> BigInt(i)) & 1n) out.push({ op: 'A', bitIndex: i });
    }
  }
  return out;
}

/** What an observer of the trace measures: the sequence of segment shapes, without knowing which op made it. */
export interface TraceSegment {
  /** Power level while the operation runs (0–1). */
  readonly height: number;
  /** Duration in time units. */
  readonly width: number;
  /** Start time. */
  readonly start: number;
}

/** The trace as an oscilloscope shows it: one segment per operation, back to back. */
export function traceSegments(ops: readonly TraceOp[]): TraceSegment[] {
  let start = 0;
  return ops.map((o) => {
    const { height, width } = OP_SHAPE[o.op];
    const seg = { height, width, start };
    start += width;
    return seg;
  });
}

/**
 * The attacker's reading of a double-and-add trace: a short segment is a doubling, a tall one an
 * addition; every doubling starts a bit, which is 1 when an addition follows it. Returns the bits as
 * a number, or null when the trace is not one double-and-add could make (e.g. two additions in a row).
 */
export function decodeDoubleAndAdd(segments: readonly TraceSegment[]): bigint | null {
  const threshold = (OP_SHAPE.D.height + OP_SHAPE.A.height) / 2;
  let value = 0n;
  let prev: 'D' | 'A' | null = null;
  for (const s of segments) {
    const op = s.height > threshold ? 'A' : 'D';
    if (op === 'D') value <<= 1n;
    else if (prev !== 'D') return null;
    else value |= 1n;
    prev = op;
  }
  return value;
}

/** What a reader of the trace learns: the bits for double-and-add, only the bit length for the ladder. */
export function traceReading(method: TraceMethod, segments: readonly TraceSegment[]): string {
  if (method === 'ladder') {
    const bits = segments.length / 2;
    return `${bits} identical steps (addition then doubling): a reader learns only that the key has ${bits} bits, none of their values.`;
  }
  const value = decodeDoubleAndAdd(segments);
  if (value === null) return 'This is not a double-and-add trace.';
  const width = segments.filter((s) => s.height < (OP_SHAPE.D.height + OP_SHAPE.A.height) / 2).length;
  const bits = value.toString(2).padStart(width, '0');
  const adds = segments.length - width;
  return `${width} doublings and ${adds} additions. Reading left to right, a short step followed by a tall one is a 1 bit, a short step alone a 0 bit: the trace spells ${bits} = ${value}.`;
}

// Side-channel lab model: the scalar whose trace is drawn (own toy d, a demo d, or own real key) and the lab's public state.
import type { PresentLabSideChannel } from '../../../common/schema/steps-labs.js';
import { isToyCurve, type ToyCurveId } from '../../../common/wire.js';
import { fromHex } from '../../crypto/hex.js';
import { getCurve } from '../../math/curves.js';
import { bitLength, bytesToBigIntBE } from '../../math/field.js';
import { decodeScalar25519 } from '../../math/montgomery.js';
import {
  decodeDoubleAndAdd,
  traceOps,
  traceReading,
  traceSegments,
  type TraceMethod,
  type TraceSegment,
} from '../../math/side-channel.js';
import type { MyKeyView } from '../../session/types.js';

/** The scalar behind a trace, and where it came from. Stays in this browser: never part of a step. */
export interface TraceSource {
  readonly value: bigint;
  /** Rows drawn: bits(n) of the curve (leading zero bits included, as the engine runs). */
  readonly width: number;
  /** 'own': this member's private key; 'demo': a demo d typed into the lab. */
  readonly origin: 'own' | 'demo';
}

/** My toy d on `curve`, when my key is on that toy curve. */
export function ownToyScalar(myKey: MyKeyView | undefined, curve: ToyCurveId): bigint | null {
  if (!myKey || myKey.curve !== curve) return null;
  return BigInt(`0x${myKey.privateHex}`);
}

/** My real key's scalar (NIST: d; X25519: the clamped scalar) and its row count; null for no key or a toy key. */
export function ownRealScalar(myKey: MyKeyView | undefined): TraceSource | null {
  if (!myKey || isToyCurve(myKey.curve)) return null;
  if (myKey.curve === 'X25519')
    return { value: decodeScalar25519(fromHex(myKey.privateHex)), width: 255, origin: 'own' };
  const c = getCurve(myKey.curve);
  return { value: bytesToBigIntBE(fromHex(myKey.privateHex)), width: bitLength(c.n), origin: 'own' };
}

/** A drawn trace: its segments, what an attacker decodes from it, and the sentence a reader learns. */
export interface DrawnTrace {
  readonly method: TraceMethod;
  readonly segments: TraceSegment[];
  /** Per segment, the bit an attacker assigns it ('1' for the addition of a 1 bit, '0'/'1' on a doubling, '?' on the ladder). */
  readonly marks: string[];
  /** The attacker's decoding (double-and-add), or null (the ladder: nothing to decode). */
  readonly decoded: bigint | null;
  /** The text alternative: what a reader of the trace learns. */
  readonly reading: string;
}

/** The trace of k over `width` rows by `method`, as the lab draws and describes it. */
export function drawTrace(method: TraceMethod, k: bigint, width: number): DrawnTrace {
  const ops = traceOps(method, k, width);
  const segments = traceSegments(ops);
  const marks = ops.map((o, i) => {
    if (method === 'ladder') return o.op === 'A' ? '?' : '';
    if (o.op === 'A') return '';
    return ops[i + 1]?.op === 'A' ? '1' : '0';
  });
  return {
    method,
    segments,
    marks,
    decoded: method === 'double-and-add' ? decodeDoubleAndAdd(segments) : null,
    reading: traceReading(method, segments),
  };
}

/** The lab's public state: the toy curve and the algorithm, never a scalar. */
export function sideChannelDetail(curve: ToyCurveId, method: TraceMethod): PresentLabSideChannel {
  return { lab: 'side-channel', curve, method };
}

/** The text alternative of a real key's strip: what it spells, without printing all the bits. */
export function stripReading(t: DrawnTrace, width: number): string {
  if (t.decoded === null) return t.reading;
  const bits = t.decoded.toString(2).padStart(width, '0');
  const adds = t.segments.length - width;
  return `${width} doublings and ${adds} additions: the strip spells your key bit by bit, starting ${bits.slice(0, 24)}…, read the same way as the toy trace.`;
}

// The `present:lab` detail: the public demo state of the man-in-the-middle, invalid-curve and side-channel labs.
import * as z from 'zod/mini';
import { PUB_LENGTH } from './primitives.js';
import { curveId, hex, onlyDefined, text, toyCurveId, yesNo } from './steps-fields.js';

/** Longest lab message text on the wire (the lab's input allows more; the presenter clips it). */
export const MAX_LAB_TEXT = 120;
/** Most messages of the MITM lab shared at once (the lab shows the last three). */
export const MAX_LAB_RUNS = 3;
/** Most victim answers of the invalid-curve lab (every toy curve's plan is shorter). */
export const MAX_LAB_ANSWERS = 16;

/** A demo public key in lowercase hex, as long as the longest raw key (P-521: 133 bytes). */
const pubHex = hex(/^[0-9a-f]{2,266}$/);
/** A toy point's coordinate in lowercase hex (toy p < 2^17). */
const toyCoord = hex(/^[0-9a-f]{1,8}$/);
/** A public toy point; `null` stands for O. */
const toyPoint = z.object({ x: toyCoord, y: toyCoord }, { error: 'a point { x, y } in hex' });

/** One message of the MITM lab: what Alice said and, when Mallory swapped the keys, what she passed on instead. */
const labRun = z.pipe(
  z.object({ said: text(MAX_LAB_TEXT), rewrite: z.optional(text(MAX_LAB_TEXT)) }),
  z.transform(onlyDefined),
);

/**
 * The MITM lab: the curve, the three demo public keys (raw, hex), whether Mallory swaps them, and the
 * last messages (newest first). Followers compute the held keys and safety numbers from these.
 */
export const presentLabMitm = z
  .object({
    lab: z.literal('mitm'),
    curve: curveId,
    swap: yesNo,
    alice: pubHex,
    bob: pubHex,
    mallory: pubHex,
    runs: z
      .array(labRun, { error: `a list of at most ${MAX_LAB_RUNS} messages` })
      .check(z.maxLength(MAX_LAB_RUNS, `a list of at most ${MAX_LAB_RUNS} messages`)),
  })
  .check(
    z.superRefine((o, ctx) => {
      const want = 2 * PUB_LENGTH[o.curve];
      for (const who of ['alice', 'bob', 'mallory'] as const) {
        const v = o[who];
        if (v.length !== want || (o.curve !== 'X25519' && !v.startsWith('04')))
          ctx.issues.push({
            code: 'custom',
            path: [who],
            input: v,
            message: `a raw ${o.curve} public key (${want / 2} bytes${o.curve === 'X25519' ? '' : ', 04 first'})`,
          });
      }
      if (!o.swap && o.runs.some((r) => r.rewrite !== undefined))
        ctx.issues.push({
          code: 'custom',
          path: ['runs'],
          input: o.runs,
          message: 'without a rewrite: Mallory can only change a message when she swapped the keys',
        });
    }),
  );

/**
 * The invalid-curve lab: the toy curve, which attack (`other-b` or `cofactor`), the victim's demo
 * public point, and the victim's answers so far (its d·P for each probe, in the lab's order; null = O).
 * Followers compute the probes themselves and redo the matching and the CRT.
 */
export const presentLabInvalidCurve = z.object({
  lab: z.literal('invalid-curve'),
  curve: toyCurveId,
  mode: z.enum(['other-b', 'cofactor'], { error: '"other-b" or "cofactor"' }),
  victim: toyPoint,
  answers: z
    .array(z.nullable(toyPoint), { error: `a list of at most ${MAX_LAB_ANSWERS} points` })
    .check(z.maxLength(MAX_LAB_ANSWERS, `a list of at most ${MAX_LAB_ANSWERS} points`)),
});

/** The side-channel lab: the toy curve and the algorithm on screen. Never a scalar or its bits: each follower draws their own. */
export const presentLabSideChannel = z.object({
  lab: z.literal('side-channel'),
  curve: toyCurveId,
  method: z.enum(['double-and-add', 'ladder'], { error: '"double-and-add" or "ladder"' }),
});

/** `present:lab`: the public demo state of one attack lab. */
export const presentLabDetail = z.discriminatedUnion(
  'lab',
  [presentLabMitm, presentLabInvalidCurve, presentLabSideChannel],
  {
    error: '"mitm", "invalid-curve" or "side-channel"',
  },
);
/** Detail of `present:lab`. */
export type PresentLabDetail = z.output<typeof presentLabDetail>;
/** `present:lab` of the MITM lab. */
export type PresentLabMitm = z.output<typeof presentLabMitm>;
/** `present:lab` of the invalid-curve lab. */
export type PresentLabInvalidCurve = z.output<typeof presentLabInvalidCurve>;
/** `present:lab` of the side-channel lab. */
export type PresentLabSideChannel = z.output<typeof presentLabSideChannel>;

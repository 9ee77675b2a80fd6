// The `present:demo` detail (docs/protocol.md, Extensions, "Step-level following and `present:demo`").
import * as z from 'zod/mini';
import { integer, MAX_DEMO_MULTIPLE, onlyDefined, real, toyCurveId } from './steps-fields.js';

/** A real point of the reals demo. */
export const sharedRealPoint = z.object({ x: real, y: real }, { error: 'a point { x, y }' });

/**
 * `present:demo`: public teaching data chosen on a demo view, never a key — the Math tab grid's toy
 * curve and demo d (`multiple`, 1 … 10^9), or the reals view's curve and points (finite, |·| ≤ 10^6).
 */
export const presentDemoDetail = z.discriminatedUnion(
  'view',
  [
    z.object({
      view: z.literal('curve-grid'),
      curve: z.enum(toyCurveId.options, { error: 'a toy curve id' }),
      multiple: integer(1).check(z.lte(MAX_DEMO_MULTIPLE, 'an integer from 1 to 10^9')),
    }),
    z.pipe(
      z.object({
        view: z.literal('curve-reals'),
        a: real,
        b: real,
        P: z.optional(sharedRealPoint),
        Q: z.optional(sharedRealPoint),
      }),
      z.transform(onlyDefined),
    ),
  ],
  { error: '"curve-grid" or "curve-reals"' },
);
/** Detail of `present:demo`: the demo curve and points a presenter chose (the views' `ViewDemo`). */
export type PresentDemoDetail = z.output<typeof presentDemoDetail>;

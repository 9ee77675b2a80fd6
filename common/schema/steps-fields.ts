// Field schemas shared by the `present:*` step details (common/schema/steps.ts); each failure message says what was wanted.
import * as z from 'zod/mini';
import { TOY_CURVES } from './primitives.js';
import { curveId } from './fields.js';

/** `params.code` of the issue raised when `op`, `bit` or `point` is sent without `demo: true`. */
export const DEMO_ONLY_CODE = 'forbidden-field';
/** Largest |value| of a coefficient or coordinate of the reals demo. */
export const MAX_REAL_DEMO = 1e6;
/** Largest demo d (`multiple`) of the grid demo. */
export const MAX_DEMO_MULTIPLE = 1e9;

/** A string of at most `max` characters. */
export const text = (max: number) =>
  z.string({ error: 'a string' }).check(z.maxLength(max, `at most ${max} characters`));

/** A string matching `re`. */
export const shaped = (re: RegExp) =>
  z.string({ error: 'a string' }).check(z.regex(re, 'of the documented shape'));

/** Lowercase hex matching `re`. */
export const hex = (re: RegExp) => z.string({ error: 'a string' }).check(z.regex(re, 'lowercase hex'));

/** A safe integer ≥ `min`. */
export const integer = (min: number) =>
  z.int({ error: `an integer ≥ ${min}` }).check(z.gte(min, `an integer ≥ ${min}`));

/** `true` or `false`. */
export const yesNo = z.boolean({ error: 'true or false' });

/** `true` or `false`, kept only when true (a published `demo: false` is dropped). */
export const truthy = z.pipe(
  yesNo,
  z.transform((v: boolean) => (v ? true : undefined)),
);

/** Any curve id of docs/protocol.md §5 or a toy curve id (the wire's own field schema). */
export { curveId };

/** A toy curve id: only toy messages, keys and attacks may be shown to the class. */
export const toyCurveId = z.enum(TOY_CURVES, {
  error: 'a toy curve id (only toy messages may be shown to Eve)',
});

/** A finite number of magnitude at most {@link MAX_REAL_DEMO}. */
export const real = z
  .number({ error: `a finite number of magnitude at most ${MAX_REAL_DEMO}` })
  .check(
    z.gte(-MAX_REAL_DEMO, `a finite number of magnitude at most ${MAX_REAL_DEMO}`),
    z.lte(MAX_REAL_DEMO, `a finite number of magnitude at most ${MAX_REAL_DEMO}`),
  );

/** Drops properties whose value is undefined (optional fields a publisher passed as `undefined`). */
export function onlyDefined<T extends object>(o: T): T {
  for (const [k, v] of Object.entries(o)) if (v === undefined) Reflect.deleteProperty(o, k);
  return o;
}

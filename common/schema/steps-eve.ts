// The `present:eve` detail: Eve's attack as a presenter shares it — method, step counts, race — never the recovered d.
import * as z from 'zod/mini';
import { integer, onlyDefined, shaped, text, toyCurveId, yesNo } from './steps-fields.js';

/** Longest `targetName` of a `present:eve`. */
export const MAX_TARGET_NAME = 32;
/** Most steps a `present:eve` may report: above every toy attack (toy-65521: 65 927 brute force, rho's bound ≈ 50 000). */
export const MAX_EVE_STEPS = 1 << 20;
/** Largest `walk` (Pollard's rho's walk number) of a `present:eve`. */
export const MAX_EVE_WALK = 0x7fffffff;

/** Member ids: 1–128 printable ASCII characters, no space (as in steps.ts). */
const id = shaped(/^[\x21-\x7e]{1,128}$/);
const stepCount = integer(0).check(z.lte(MAX_EVE_STEPS, `an integer from 0 to ${MAX_EVE_STEPS}`));

/** `race`: the three attacks' step counts when Eve races them on the same target. */
export const eveRaceSteps = z.object(
  { bruteForce: stepCount, bsgs: stepCount, rho: stepCount },
  { error: 'the step counts { bruteForce, bsgs, rho }' },
);

/**
 * `present:eve`: Eve's attack on member `target`'s public key (toy curves only). `steps` of `method` are
 * done (`steps ≤ maxSteps ≤ 2^20`); `walk` picks Pollard's rho's deterministic start; `race` carries the
 * three methods' counts of a race. Never the recovered d: followers rerun the attack themselves, and
 * `done` / `found` are only what the presenter saw (a follower shows what its own run finds).
 */
export const presentEveDetail = z.pipe(
  z
    .object({
      curve: toyCurveId,
      target: id,
      targetName: z.optional(text(MAX_TARGET_NAME)),
      method: z.enum(['brute-force', 'bsgs', 'rho'], { error: '"brute-force", "bsgs" or "rho"' }),
      steps: stepCount,
      maxSteps: integer(1).check(z.lte(MAX_EVE_STEPS, `an integer from 1 to ${MAX_EVE_STEPS}`)),
      done: z._default(yesNo, false),
      found: z._default(yesNo, false),
      walk: z.optional(integer(1).check(z.lte(MAX_EVE_WALK, `an integer from 1 to ${MAX_EVE_WALK}`))),
      race: z.optional(eveRaceSteps),
    })
    .check(z.refine((s) => s.steps <= s.maxSteps, { path: ['steps'], message: 'at most maxSteps' })),
  z.transform(onlyDefined),
);

/** Detail of `present:eve`. */
export type PresentEveDetail = z.output<typeof presentEveDetail>;
/** The step counts of an Eve race. */
export type EveRaceSteps = z.output<typeof eveRaceSteps>;

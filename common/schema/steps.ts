// The `step` / `peer-step` payloads and every `present:*` step detail (docs/protocol.md §4 and Extensions), as zod schemas.
import * as z from 'zod/mini';
import { presentDemoDetail } from './steps-demo.js';
import { exchangeStage } from './steps-stage.js';
import { ratchetStepFacts } from './steps-ratchet.js';
import { presentLabDetail } from './steps-labs.js';
import { presentAnswerDetail, presentLessonDetail } from './steps-lesson.js';
import { presentEveDetail } from './steps-eve.js';
import { presentCiphertextDetail } from './steps-ciphertext.js';
import {
  curveId,
  DEMO_ONLY_CODE,
  hex,
  integer,
  onlyDefined,
  shaped,
  text,
  truthy,
  yesNo,
} from './steps-fields.js';

export { DEMO_ONLY_CODE, MAX_DEMO_MULTIPLE, MAX_REAL_DEMO } from './steps-fields.js';
export { presentDemoDetail, type PresentDemoDetail } from './steps-demo.js';
export { EXCHANGE_PARTS, exchangeStage, type ExchangePart, type ExchangeStage } from './steps-stage.js';
export { ratchetStepFacts, type RatchetStepFacts } from './steps-ratchet.js';
export * from './steps-ciphertext.js';
export * from './steps-lesson.js';
export {
  MAX_EVE_STEPS,
  MAX_TARGET_NAME,
  presentEveDetail,
  type EveRaceSteps,
  type PresentEveDetail,
} from './steps-eve.js';

/** Longest `title` of a `present:view`. */
export const MAX_STEP_TITLE = 80;
/** Longest `label` of a `present:step`. */
export const MAX_STEP_LABEL = 200;
/** Longest `label` of a shared point. */
export const MAX_POINT_LABEL = 40;
/** Most points in one `present:points`. */
export const MAX_SHARED_POINTS = 16;

/** Public view names: `^[a-z][a-z0-9-]{0,31}$` (curve-reals, curve-grid, keygen, exchange, eve, mitm, chat, …). */
const VIEW_RE = /^[a-z][a-z0-9-]{0,31}$/;
/** Lowercase hex coordinates, 1–200 digits. */
const HEX_RE = /^[0-9a-f]{1,200}$/;

const view = shaped(VIEW_RE);

/** A public point as a presenter shares it: lowercase hex coordinates (`y` optional) and an optional label. */
export const sharedPoint = z.pipe(
  z.object(
    { x: hex(HEX_RE), y: z.optional(hex(HEX_RE)), label: z.optional(text(MAX_POINT_LABEL)) },
    { error: 'a point { x, y } in hex' },
  ),
  z.transform(onlyDefined),
);
/** A public point as a presenter shares it. */
export type SharedPoint = z.output<typeof sharedPoint>;

/** `present:view`: the presenter opened a view; followers switch to it at step 0. */
export const presentViewDetail = z.pipe(
  z.object({ view, curve: curveId, title: z.optional(text(MAX_STEP_TITLE)) }),
  z.transform(onlyDefined),
);

/** `op`, `bit` and `point` reveal a scalar's bits: a `present:step` may carry them only with `demo: true`. */
const demoOnly = z.looseObject({ demo: z.optional(yesNo) }).check(
  z.superRefine((o, ctx) => {
    for (const f of ['op', 'point', 'bit'])
      if (o[f] !== undefined && o.demo !== true)
        ctx.issues.push({
          code: 'custom',
          path: [f],
          input: undefined,
          params: { code: DEMO_ONLY_CODE },
          message: `"${f}" reveals bits of the scalar: publish it only for a demo scalar (demo: true), never for a real key.`,
        });
  }),
);

/** `present:step`: the presenter is on step `index` (0-based, `index < total`) of that view's player. */
export const presentStepDetail = z.pipe(
  demoOnly,
  z.pipe(
    z
      .object({
        view,
        curve: curveId,
        index: integer(0),
        total: integer(1),
        label: z.optional(text(MAX_STEP_LABEL)),
        bitIndex: z.optional(integer(0)),
        demo: z.optional(truthy),
        op: z.optional(z.enum(['D', 'D+A', 'A+D'], { error: '"D", "D+A" or "A+D"' })),
        bit: z.optional(z.literal([0, 1], { error: '0 or 1' })),
        point: z.optional(sharedPoint),
        stage: z.optional(exchangeStage),
        ratchet: z.optional(ratchetStepFacts),
      })
      .check(
        z.refine((s) => s.index < s.total, { path: ['index'], message: 'less than total' }),
        z.refine((s) => s.ratchet === undefined || s.view === 'ratchet', {
          path: ['ratchet'],
          message: 'only on view "ratchet"',
        }),
      ),
    z.transform(onlyDefined),
  ),
);

/** `present:points`: public points on screen (G, public keys), at most {@link MAX_SHARED_POINTS}. */
export const presentPointsDetail = z.object({
  curve: curveId,
  points: z
    .array(sharedPoint, { error: `a list of at most ${MAX_SHARED_POINTS} points` })
    .check(z.maxLength(MAX_SHARED_POINTS, `a list of at most ${MAX_SHARED_POINTS} points`)),
});

/** `present:stop`: the presenter stopped (every field is dropped). */
export const presentStopDetail = z.object({});

const present = <P extends string, D extends z.ZodMiniType<object>>(phase: P, detail: D) =>
  z.object({ phase: z.literal(phase), detail });

/** A sanitised presenter step: one `present:*` phase and its detail; fields not listed for the phase are dropped. */
export const presentStep = z.discriminatedUnion('phase', [
  present('present:view', presentViewDetail),
  present('present:step', presentStepDetail),
  present('present:points', presentPointsDetail),
  present('present:demo', presentDemoDetail),
  present('present:eve', presentEveDetail),
  present('present:ciphertext', presentCiphertextDetail),
  present('present:lab', presentLabDetail),
  present('present:lesson', presentLessonDetail),
  present('present:answer', presentAnswerDetail),
  present('present:stop', presentStopDetail),
]);

/** A sanitised presenter step, discriminated by `phase`. */
export type PresentStep = z.output<typeof presentStep>;
/** One presenter phase. */
export type PresentPhase = PresentStep['phase'];
/** Phase names of presenter mode, in the order of docs/protocol.md. */
export const PRESENT_PHASES: readonly PresentPhase[] = presentStep.def.options.map(
  (o) => o.shape.phase.def.values[0],
);

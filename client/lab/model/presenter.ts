// Presenter mode model: `present:*` steps checked against their schema and the step guard, and the publishing side.
import { DEFAULT_LIMITS } from '../../../common/limits.js';
import {
  DEMO_ONLY_CODE,
  PRESENT_PHASES,
  presentStep,
  type ExchangeStage,
  type RatchetStepFacts,
  type PresentDemoDetail,
  type PresentLessonDetail,
  type PresentPhase,
  type PresentStep,
} from '../../../common/schema/steps.js';
import type { PresentLabDetail } from '../../../common/schema/steps-labs.js';
import type { CurveId } from '../../../common/wire.js';
import { refuseForbiddenNames, refuseSecretsAndSize, StepDetailError } from '../../session/steps.js';

export { isForbiddenFieldName, StepDetailError, type StepDetailErrorCode } from '../../session/steps.js';
export { PRESENT_PHASES, type PresentPhase, type PresentStep } from '../../../common/schema/steps.js';

/** True for the phases of presenter mode. */
export function isPresentPhase(phase: string): phase is PresentPhase {
  return (PRESENT_PHASES as readonly string[]).includes(phase);
}

/** Options of {@link sanitizeStep}. */
export interface SanitizeOptions {
  /** Hex of values that must never appear (own private key, every Z); checked when ≥ 16 hex digits. */
  readonly secretsHex?: readonly string[];
  /** Serialised size limit in UTF-8 bytes (default 4 KiB, docs/protocol.md §6). */
  readonly maxBytes?: number;
}

/** The first schema issue as a StepDetailError: `Step field "<path>" must be <what the schema wants>.` */
function refusal(issue: {
  path: readonly PropertyKey[];
  message: string;
  params?: unknown;
}): StepDetailError {
  const params: unknown = issue.params;
  if (typeof params === 'object' && params !== null && 'code' in params && params.code === DEMO_ONLY_CODE)
    return new StepDetailError('forbidden-field', issue.message);
  const field = issue.path
    .slice(1)
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return new StepDetailError('bad-field', `Step field "${field || 'detail'}" must be ${issue.message}.`);
}

/**
 * Validates a presenter step against its schema (common/schema/steps.ts) and the step guard
 * (client/session/steps.ts), and returns the step to publish: refuses unknown phases, any field named
 * like private material (at any depth, even one that would be dropped), `op`/`bit`/`point` of a
 * non-demo scalar, malformed fields, listed secrets in hex or base64url, and details over 4 KiB;
 * keeps only the documented fields. Throws {@link StepDetailError}.
 */
export function sanitizeStep<P extends PresentPhase>(
  phase: P,
  detail: unknown,
  opts?: SanitizeOptions,
): Extract<PresentStep, { phase: P }>;
/** A step of any phase: an unknown phase is refused. */
export function sanitizeStep(phase: string, detail: unknown, opts?: SanitizeOptions): PresentStep;
export function sanitizeStep(phase: string, detail: unknown, opts: SanitizeOptions = {}): PresentStep {
  if (!isPresentPhase(phase))
    throw new StepDetailError('unknown-phase', `"${phase}" is not a presenter phase.`);
  refuseForbiddenNames(detail);
  const parsed = presentStep.safeParse({ phase, detail });
  if (!parsed.success) throw refusal(parsed.error.issues[0] ?? { path: [], message: 'well-formed' });
  refuseSecretsAndSize(
    parsed.data.detail,
    opts.secretsHex ?? [],
    opts.maxBytes ?? DEFAULT_LIMITS.maxStepDetail,
  );
  return parsed.data;
}

/** What a presenter is looking at, as the app describes it to the bar. */
export interface PresenterView {
  readonly view: string;
  readonly curve: CurveId;
  readonly title?: string;
  /** Index and count of the current step of the view's player, when it has one. */
  readonly index?: number;
  readonly total?: number;
  readonly label?: string;
  /** Where in the exchange player (view `exchange` only), so followers with other keys map it to their own steps. */
  readonly stage?: ExchangeStage;
  /** The message at the Ratchet view's step (view `ratchet` only): its public facts. */
  readonly ratchet?: RatchetStepFacts;
  /** Public demo data of the view (`present:demo` detail: toy curve and demo d, or the reals' curve and points). */
  readonly demo?: PresentDemoDetail;
  /** Public demo state of the attack lab on screen (`present:lab` detail). */
  readonly lab?: PresentLabDetail;
  /** The lesson and step on screen (the Lessons tab), published as `present:lesson`. */
  readonly lesson?: PresentLessonDetail;
}

/** The steps to publish when the presenter moves from `prev` to `next`: a view change, the demo, the lab, then the step. */
export function stepsForChange(prev: PresenterView | null, next: PresenterView): PresentStep[] {
  const out: PresentStep[] = [];
  if (!prev || prev.view !== next.view || prev.curve !== next.curve || prev.title !== next.title)
    out.push(sanitizeStep('present:view', { view: next.view, curve: next.curve, title: next.title }));
  const demoChanged = next.demo !== undefined && JSON.stringify(prev?.demo) !== JSON.stringify(next.demo);
  if (next.demo !== undefined && (demoChanged || out.length > 0))
    out.push(sanitizeStep('present:demo', next.demo));
  if (next.lab !== undefined && (out.length > 0 || JSON.stringify(prev?.lab) !== JSON.stringify(next.lab)))
    out.push(sanitizeStep('present:lab', next.lab));
  const lessonChanged = JSON.stringify(prev?.lesson) !== JSON.stringify(next.lesson);
  if (next.lesson !== undefined && (lessonChanged || out.length > 0))
    out.push(sanitizeStep('present:lesson', next.lesson));
  const moved =
    !prev ||
    out.length > 0 ||
    prev.index !== next.index ||
    prev.total !== next.total ||
    prev.label !== next.label ||
    JSON.stringify(prev.stage) !== JSON.stringify(next.stage) ||
    JSON.stringify(prev.ratchet) !== JSON.stringify(next.ratchet);
  if (next.index !== undefined && next.total !== undefined && moved)
    out.push(
      sanitizeStep('present:step', {
        view: next.view,
        curve: next.curve,
        index: next.index,
        total: next.total,
        label: next.label,
        stage: next.stage,
        ratchet: next.ratchet,
      }),
    );
  return out;
}

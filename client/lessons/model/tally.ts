// The class at a glance: per exercise, how many students answered and how many got it right (one answer per member).
import { sanitizeStep } from '../../lab/model/presenter.js';
import { EXERCISE_IDS, isExerciseId, type ExerciseId } from './exercise-types.js';

/** Most members tracked per exercise; answers from further members are not counted. */
export const MAX_TALLY_MEMBERS = 300;

/** A member's latest answer to one exercise: right or not, and their name only if they opted in. */
export interface TallyEntry {
  readonly correct: boolean;
  readonly name?: string;
}

/** Latest answer per member id, per exercise. */
export interface TallyState {
  readonly answers: Readonly<Record<ExerciseId, Readonly<Record<string, TallyEntry>>>>;
  /** `present:answer` steps ignored (malformed, unknown exercise, or over the member cap). */
  readonly ignored: number;
}

/** No answers yet. */
export const INITIAL_TALLY: TallyState = {
  answers: Object.fromEntries(EXERCISE_IDS.map((id) => [id, {}])) as TallyState['answers'],
  ignored: 0,
};

/** A peer step as the session delivers it: sender id, phase and the untrusted detail. */
export interface TallyStep {
  readonly from: string;
  readonly phase: string;
  readonly detail: unknown;
}

const MEMBER_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Applies one peer step: a valid `present:answer` replaces the sender's earlier answer to that
 * exercise (so each member counts once, whatever they send); anything else is left alone, and a
 * malformed answer, an unknown exercise or a new member over {@link MAX_TALLY_MEMBERS} is ignored.
 */
export function tallyReducer(state: TallyState, step: TallyStep): TallyState {
  if (step.phase !== 'present:answer') return state;
  const ignore = { ...state, ignored: state.ignored + 1 };
  if (typeof step.from !== 'string' || !MEMBER_ID.test(step.from)) return ignore;
  let detail;
  try {
    detail = sanitizeStep('present:answer', step.detail).detail;
  } catch {
    return ignore;
  }
  if (!isExerciseId(detail.exercise)) return ignore;
  const current = state.answers[detail.exercise];
  if (!Object.hasOwn(current, step.from) && Object.keys(current).length >= MAX_TALLY_MEMBERS) return ignore;
  const entry: TallyEntry = detail.name
    ? { correct: detail.correct, name: detail.name }
    : { correct: detail.correct };
  const next = { ...current, [step.from]: entry };
  return { ...state, answers: { ...state.answers, [detail.exercise]: next } };
}

/** Counts for one exercise, and the opted-in names with their result. */
export interface TallyCount {
  readonly exercise: ExerciseId;
  readonly answered: number;
  readonly correct: number;
  readonly names: readonly TallyEntry[];
}

/** The counts of every exercise, in the Exercises tab's order. */
export function tallyCounts(state: TallyState): TallyCount[] {
  return EXERCISE_IDS.map((exercise) => {
    const entries = Object.values(state.answers[exercise]);
    return {
      exercise,
      answered: entries.length,
      correct: entries.filter((e) => e.correct).length,
      names: entries.filter((e) => e.name !== undefined),
    };
  });
}

// What an exercise is: its id, its prompt, the answer form it wants, and the engine's verdict on an answer.
import type { ToyCurveId } from '../../../common/wire.js';
import type { AffinePoint } from '../../math/weierstrass.js';

/** The exercises, in the order of the Exercises tab (also `present:answer`'s `exercise`). */
export const EXERCISE_IDS = ['double-triple', 'add-picture', 'shared-point', 'find-d', 'spot-mitm'] as const;
/** An exercise id. */
export type ExerciseId = (typeof EXERCISE_IDS)[number];

/** True for a known exercise id. */
export function isExerciseId(s: string): s is ExerciseId {
  return (EXERCISE_IDS as readonly string[]).includes(s);
}

/** A student's answer as typed: coordinates as strings, a number as a string, or a chosen option's index. */
export type Answer =
  | { readonly kind: 'points'; readonly points: readonly { readonly x: string; readonly y: string }[] }
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'choice'; readonly index: number };

/** The engine's verdict: right or wrong, a sentence saying why, and a hint when wrong. */
export interface Verdict {
  readonly correct: boolean;
  readonly message: string;
  readonly hint?: string;
  /** The input is not an answer yet (empty, not a number, nothing picked): shown to the student, never counted. */
  readonly unanswered?: true;
}

/** A point an exercise draws on its picture. */
export interface PictureMark {
  readonly label: string;
  readonly P: AffinePoint;
}

/** One generated exercise for one student: what to show and what to ask. */
export interface ExerciseInstance {
  readonly id: ExerciseId;
  readonly title: string;
  /** The question, with every number computed. */
  readonly prompt: string;
  readonly curve: ToyCurveId;
  /** The answer form: named points to enter, one whole number, or options to choose from. */
  readonly form:
    | { readonly kind: 'points'; readonly names: readonly string[] }
    | { readonly kind: 'number'; readonly name: string }
    | { readonly kind: 'choice'; readonly options: readonly string[] };
  /** Points to mark on a picture of the curve's grid (the P + Q exercise). */
  readonly picture?: readonly PictureMark[];
  /** Extra lines shown above the form (e.g. the safety numbers to compare). */
  readonly table?: readonly {
    /** The group the row belongs to (e.g. the conversation), shown once above its rows. */
    readonly group?: string;
    readonly label: string;
    readonly cells: readonly string[];
  }[];
  /** The engine checks an answer (recomputing from this exercise's inputs, never a stored answer). */
  check(answer: Answer): Verdict;
}

// The `present:lesson` and `present:answer` details (docs/protocol.md, Extensions, "Lessons and exercises").
import * as z from 'zod/mini';
import { integer, onlyDefined, shaped, text, yesNo } from './steps-fields.js';

/** Longest lesson step index + 1 a presenter may publish. */
export const MAX_LESSON_STEPS = 64;
/** Longest opted-in student name on a `present:answer`. */
export const MAX_ANSWER_NAME = 32;

/** Lesson and exercise ids: `^[a-z][a-z0-9-]{0,31}$`. */
const LESSON_ID_RE = /^[a-z][a-z0-9-]{0,31}$/;

/** `present:lesson`: the presenter is on step `step` (0-based) of lesson `lesson`; followers show the same step. */
export const presentLessonDetail = z.object({
  lesson: shaped(LESSON_ID_RE),
  step: integer(0).check(z.lt(MAX_LESSON_STEPS, `an integer from 0 to ${MAX_LESSON_STEPS - 1}`)),
});
/** Detail of `present:lesson`. */
export type PresentLessonDetail = z.output<typeof presentLessonDetail>;

/**
 * `present:answer`: a student answered exercise `exercise`, right or not; `name` only when the student
 * opted in. Never the answer itself.
 */
export const presentAnswerDetail = z.pipe(
  z.object({
    exercise: shaped(LESSON_ID_RE),
    correct: yesNo,
    name: z.optional(text(MAX_ANSWER_NAME)),
  }),
  z.transform(onlyDefined),
);
/** Detail of `present:answer`. */
export type PresentAnswerDetail = z.output<typeof presentAnswerDetail>;

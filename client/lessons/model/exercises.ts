// The exercise registry: each exercise id and how to generate one for a student from a seed.
import { addPicture, doubleTriple, findD } from './exercises-points.js';
import { sharedPoint, spotMitm } from './exercises-choice.js';
import type { ExerciseId, ExerciseInstance } from './exercise-types.js';
import { hashSeed } from './rng.js';

export {
  EXERCISE_IDS,
  isExerciseId,
  type Answer,
  type ExerciseId,
  type ExerciseInstance,
  type Verdict,
} from './exercise-types.js';

/** Generators by exercise id (the safety numbers need SHA-512, so every generator is async). */
const GENERATORS: Readonly<
  Record<ExerciseId, (seed: number) => ExerciseInstance | Promise<ExerciseInstance>>
> = {
  'double-triple': doubleTriple,
  'add-picture': addPicture,
  'shared-point': sharedPoint,
  'find-d': findD,
  'spot-mitm': spotMitm,
};

/** Exercise `id` for the student seeded by `student` (e.g. their member id) and `round` (New numbers). */
export async function generateExercise(
  id: ExerciseId,
  student: string,
  round = 0,
): Promise<ExerciseInstance> {
  return GENERATORS[id](hashSeed(`${student}\n${id}\n${round}`));
}

/** Exercise `id` from a raw seed (tests). */
export async function exerciseFromSeed(id: ExerciseId, seed: number): Promise<ExerciseInstance> {
  return GENERATORS[id](seed);
}

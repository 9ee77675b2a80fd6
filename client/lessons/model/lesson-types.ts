// The shape of a lesson: steps of short text, each opening one view in a given state.
import type { ToyCurveId } from '../../../common/wire.js';
import type { RealPoint } from '../../math/reals.js';

/** A view a lesson step opens, with the state it opens in (the views' follower inputs). */
export type LessonView =
  /** The reals view with curve y² = x³ + ax + b, points P and Q, at step `index` of P + Q. */
  | {
      readonly kind: 'reals';
      readonly a: number;
      readonly b: number;
      readonly P: RealPoint;
      readonly Q: RealPoint;
      readonly index: number;
    }
  /** The toy grid on `curve` with demo multiple `multiple` (m×G), at step `index` of double-and-add. */
  | { readonly kind: 'grid'; readonly curve: ToyCurveId; readonly multiple: number; readonly index: number }
  /** The exchange view's toy demo at step `index`. */
  | { readonly kind: 'exchange'; readonly index: number }
  /** The man-in-the-middle lab on a toy curve, Mallory swapping the keys. */
  | { readonly kind: 'mitm'; readonly curve: ToyCurveId };

/** A room tab a step offers to open for the real thing (Eve's panel, the lab). */
export type LessonTab = 'eve' | 'mitm' | 'math' | 'exercises';

/** One step of a lesson: a heading, a short text whose numbers the engine computed, and a view. */
export interface LessonStep {
  readonly heading: string;
  readonly text: string;
  readonly view: LessonView;
  /** A tab to open for the real thing, with the button's words. */
  readonly open?: { readonly tab: LessonTab; readonly label: string };
}

/** A lesson: an id (`present:lesson`'s `lesson`), a title and its steps. */
export interface Lesson {
  readonly id: string;
  readonly title: string;
  readonly steps: readonly LessonStep[];
}

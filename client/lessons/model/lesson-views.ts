// A lesson step's view as the views' own inputs (follower demo and step), and its number of player steps.
import { getToyCurve } from '../../math/curves.js';
import { addReal } from '../../math/reals.js';
import { toyExchange } from '../../viz/model/exchange-model.js';
import { exchangePlan, type ExchangePlan } from '../../viz/model/exchange-stages.js';
import { curveProblem, realsSteps } from '../../viz/model/reals-steps.js';
import { scalarSteps } from '../../viz/model/grid-steps.js';
import type { PresentDemoDetail } from '../../../common/schema/steps.js';
import type { LessonView } from './lesson-types.js';

/** The toy keys of the exchange view's demo (client/viz/curvechat-exchange-view.ts opens on these). */
export const EXCHANGE_DEMO = { curve: 'toy-17', dA: 3n, dB: 10n } as const;

/** The exchange view's player for the demo keys (its stages: keys, both walks, the match, HKDF, AES-GCM). */
export function exchangeDemoPlan(): ExchangePlan {
  return exchangePlan(toyExchange(EXCHANGE_DEMO.curve, EXCHANGE_DEMO.dA, EXCHANGE_DEMO.dB));
}

/** The views' inputs for a lesson view: the demo data (reals, grid) and the step to take. */
export interface LessonViewInputs {
  /** The demo curve and points (the views' `followDemo`, a `present:demo` detail). */
  readonly demo?: PresentDemoDetail;
  /** The step to take (the views' `followStep`). */
  readonly step?: { readonly view: string; readonly index: number };
}

/** How many player steps the view has in that state (the engine's own step lists). */
export function viewStepCount(v: LessonView): number {
  switch (v.kind) {
    case 'reals': {
      const curve = { a: v.a, b: v.b };
      if (curveProblem(curve) !== undefined) return 0;
      return realsSteps(curve, v.P, v.Q, addReal(curve, v.P, v.Q)).length;
    }
    case 'grid':
      return scalarSteps(getToyCurve(v.curve), BigInt(v.multiple)).length;
    case 'exchange':
      return exchangeDemoPlan().steps.length;
    case 'mitm':
      return 1;
  }
}

/** The follower inputs that open the view in the lesson's state. */
export function viewInputs(v: LessonView): LessonViewInputs {
  switch (v.kind) {
    case 'reals':
      return {
        demo: { view: 'curve-reals', a: v.a, b: v.b, P: { ...v.P }, Q: { ...v.Q } },
        step: { view: 'curve-reals', index: v.index },
      };
    case 'grid':
      return {
        demo: { view: 'curve-grid', curve: v.curve, multiple: v.multiple },
        step: { view: 'curve-grid', index: v.index },
      };
    case 'exchange':
      return { step: { view: 'exchange', index: v.index } };
    case 'mitm':
      return {};
  }
}

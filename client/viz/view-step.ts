// Step-level presenter following: the `view-step-change` / `view-demo-change` events views emit and the follow inputs they take.
import type { PresentDemoDetail } from '../../common/schema/steps.js';
import { emit } from '../components/events.js';

/** Public view names (the `view` of presenter steps, docs/protocol.md Extensions). */
export type MathStepView = 'curve-reals' | 'curve-grid' | 'keygen' | 'exchange';

/**
 * Detail of `view-step-change`: a view's player moved (or its step list changed). `label` is only set
 * by views that show public demo data (curvechat-curve-reals, the Math tab's curvechat-curve-grid); views of a real key
 * (keygen, exchange) send index and total only.
 */
export interface ViewStepChangeDetail {
  view: MathStepView;
  index: number;
  total: number;
  label?: string;
}

/** The demo curve and points a presenter chose (public teaching data; never a member's key): a `present:demo` detail. */
export type ViewDemo = PresentDemoDetail;

/** Detail of `view-demo-change`: the demo data of a view changed. */
export type ViewDemoChangeDetail = ViewDemo;

/** The presenter's position a follower's view should take; a new object each time it must be applied. */
export interface FollowStep {
  readonly view: string;
  readonly index: number;
}

/**
 * Emits `view-step-change` (and `view-demo-change` when `demo` is given) from `host` when the
 * values differ from the last ones emitted; returns the new memo key to keep on the view.
 */
export function emitViewState(
  host: HTMLElement,
  last: string,
  step: ViewStepChangeDetail,
  demo?: ViewDemo,
): string {
  const stepKey = JSON.stringify(step);
  const demoKey = demo ? JSON.stringify(demo) : '';
  const key = `${demoKey}\n${stepKey}`;
  if (key === last) return last;
  const [lastDemo, lastStep] = last.split('\n');
  if (demo && demoKey !== lastDemo) emit(host, 'view-demo-change', demo);
  if (stepKey !== lastStep) emit(host, 'view-step-change', step);
  return key;
}

/** The index a view should take for `follow`, or undefined when it is not for `view`. */
export function followIndex(follow: FollowStep | undefined, view: MathStepView): number | undefined {
  return follow && follow.view === view && Number.isSafeInteger(follow.index) && follow.index >= 0
    ? follow.index
    : undefined;
}

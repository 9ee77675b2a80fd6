// Step-level presenter following: the `view-step-change` / `view-demo-change` events views emit and the follow inputs they take.
import type { ExchangeStage, PresentDemoDetail, RatchetStepFacts } from '../../common/schema/steps.js';
import { emit } from '../components/events.js';

/** Public view names (the `view` of presenter steps, docs/protocol.md Extensions). */
export type MathStepView = 'curve-reals' | 'curve-grid' | 'keygen' | 'exchange' | 'ratchet';

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
  /** The exchange view's part and position in it (public positions only), so followers with other keys map it. */
  stage?: ExchangeStage;
  /** The Ratchet view's message at this step (public facts only). */
  ratchet?: RatchetStepFacts;
}

/** The demo curve and points a presenter chose (public teaching data; never a member's key): a `present:demo` detail. */
export type ViewDemo = PresentDemoDetail;

/** Detail of `view-demo-change`: the demo data of a view changed. */
export type ViewDemoChangeDetail = ViewDemo;

/** The presenter's position a follower's view should take; a new object each time it must be applied. */
export interface FollowStep {
  readonly view: string;
  readonly index: number;
  /** The presenter's step count on that view (for "step 5 of 256"). */
  readonly total?: number;
  /** The presenter's display name (for "You are following Alice"). */
  readonly by?: string;
  /** The presenter's exchange stage, when on the exchange view. */
  readonly stage?: ExchangeStage;
  /** The presenter's message on the Ratchet view (public facts). */
  readonly ratchet?: RatchetStepFacts;
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

/** Words for the parts of the exchange player, for {@link followNote}. */
const PART_WORDS: Record<string, string> = {
  keys: 'the keys',
  'walk-a': 'the first walk, d_A × Q_B',
  'walk-b': 'the second walk, d_B × Q_A',
  same: 'the result',
  hkdf: 'HKDF',
  aes: 'AES-GCM',
};

/**
 * The sentence a follower reads on a view that shows its own data at the presenter's step, e.g.
 * "You are following Alice: showing your own key at Alice's step 5 of 256." (`what` = "key");
 * undefined when not following this view.
 */
export function followNote(
  follow: FollowStep | undefined,
  view: MathStepView,
  what: string,
  own: { index: number; total: number },
): string | undefined {
  if (!follow?.by || followIndex(follow, view) === undefined) return undefined;
  const total = follow.total ?? own.total;
  const theirs = `${follow.by}'s step ${follow.index + 1} of ${total}`;
  const part = follow.stage
    ? ` (${PART_WORDS[follow.stage.part] ?? follow.stage.part}, step ${follow.stage.index + 1} of ${follow.stage.total})`
    : '';
  const same = own.index === follow.index && own.total === total;
  const mine = same ? '' : ` Yours has ${own.total} steps, so this is your step ${own.index + 1}.`;
  return `You are following ${follow.by}: showing your own ${what} at ${theirs}${part}.${mine}`;
}

// Step-level presenter mode in the room: what the views report (per view) and what a follower's views are told to show.
import {
  exchangeStage,
  MAX_STEP_LABEL,
  ratchetStepFacts,
  type ExchangeStage,
  type RatchetStepFacts,
} from '../../common/schema/steps.js';
import type { PresenterNow } from '../lab/model/follow.js';
import type { PresenterView } from '../lab/model/presenter.js';
import type { FollowStep, ViewDemo, ViewStepChangeDetail } from '../viz/view-step.js';

/** Views whose step captions are public demo data (the reals, the Math tab's demo grid). */
const LABELLED_VIEWS = new Set(['curve-reals', 'curve-grid']);

/** A published position: index and total, a label on demo views, a stage on the exchange. */
type PublicStep = {
  index: number;
  total: number;
  label?: string;
  stage?: ExchangeStage;
  ratchet?: RatchetStepFacts;
};

/** The exchange's stage as it may be published (its own fields only), or undefined when malformed. */
function publicStage(d: ViewStepChangeDetail): ExchangeStage | undefined {
  const s = d.view === 'exchange' ? exchangeStage.safeParse(d.stage) : undefined;
  return s?.success ? { part: s.data.part, index: s.data.index, total: s.data.total } : undefined;
}

/** The Ratchet view's message facts as they may be published (the schema's fields only), or undefined. */
function publicRatchet(d: ViewStepChangeDetail): RatchetStepFacts | undefined {
  const r = d.view === 'ratchet' && d.ratchet ? ratchetStepFacts.safeParse(d.ratchet) : undefined;
  return r?.success ? r.data : undefined;
}

/** A view's position as it may be published: the label only for demo views, never for keygen or exchange. */
export function publicViewStep(d: ViewStepChangeDetail): PublicStep {
  const total = Math.max(1, Math.trunc(d.total) || 1);
  const index = Math.min(total - 1, Math.max(0, Math.trunc(d.index) || 0));
  const stage = publicStage(d);
  if (stage) return { index, total, stage };
  const ratchet = publicRatchet(d);
  if (ratchet) return { index, total, ratchet };
  if (!LABELLED_VIEWS.has(d.view) || typeof d.label !== 'string' || !d.label) return { index, total };
  const label = d.label.length > MAX_STEP_LABEL ? `${d.label.slice(0, MAX_STEP_LABEL - 1)}…` : d.label;
  return { index, total, label };
}

/** The latest position and demo data each math view reported (presenter side). */
export class ViewSteps {
  private steps = new Map<string, PublicStep>();
  private demos = new Map<string, ViewDemo>();

  /** Records a `view-step-change`; true when something changed. */
  step(d: ViewStepChangeDetail): boolean {
    const next = publicViewStep(d);
    const prev = this.steps.get(d.view);
    if (prev && JSON.stringify(prev) === JSON.stringify(next)) return false;
    this.steps.set(d.view, next);
    return true;
  }

  /** Records a `view-demo-change` (demo views only); true when something changed. */
  demo(d: ViewDemo): boolean {
    if (!LABELLED_VIEWS.has(d.view)) return false;
    if (JSON.stringify(this.demos.get(d.view)) === JSON.stringify(d)) return false;
    this.demos.set(d.view, d);
    return true;
  }

  /** `view` completed with the recorded position and demo data of that view, if any. */
  complete(view: PresenterView): PresenterView {
    const s = this.steps.get(view.view);
    const demo = this.demos.get(view.view);
    const curve = demo?.view === 'curve-grid' ? demo.curve : view.curve;
    return { ...view, curve, ...(s ?? {}), ...(demo ? { demo: { ...demo } } : {}) };
  }
}

/** What a follower's math views are told: the presenter's step and demo, as new objects only when they change. */
export class FollowInputs {
  /** The step to hand to the views (undefined when not following). */
  step: FollowStep | undefined;
  /** The demo data to hand to the views. */
  demo: ViewDemo | undefined;
  private stepKey = '';
  private demoKey = '';

  /** Updates from the followed presenter (null: not following; the views keep where they are, the step is dropped). */
  update(now: PresenterNow | null): void {
    if (!now) {
      this.stepKey = '';
      this.step = undefined;
      return;
    }
    const demoKey = now.demo ? `${now.id} ${JSON.stringify(now.demo)}` : '';
    if (demoKey !== this.demoKey) {
      this.demoKey = demoKey;
      this.demo = now.demo ? { ...now.demo } : undefined;
    }
    const stage = now.stage ? { ...now.stage } : undefined;
    const ratchet = now.ratchet ? { ...now.ratchet } : undefined;
    const stepKey = `${now.id} ${now.view} ${now.index} ${now.total} ${now.name} ${JSON.stringify(stage)} ${JSON.stringify(ratchet)} ${demoKey}`;
    if (stepKey !== this.stepKey) {
      this.stepKey = stepKey;
      this.step = {
        view: now.view,
        index: now.index,
        total: now.total,
        by: now.name,
        ...(stage ? { stage } : {}),
        ...(ratchet ? { ratchet } : {}),
      };
    }
  }
}

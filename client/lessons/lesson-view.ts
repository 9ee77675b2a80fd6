// The view a lesson step opens, rendered with the views' own follower inputs (demo data and step).
import { html, type TemplateResult } from 'lit';
import type { LessonView } from './model/lesson-types.js';
import type { LessonViewInputs } from './model/lesson-views.js';
import type { FollowStep, ViewDemo } from '../viz/view-step.js';
import '../viz/curvechat-curve-grid.js';
import '../viz/curvechat-curve-reals.js';
import '../viz/curvechat-exchange-view.js';
import '../lab/curvechat-mitm-lab.js';

/** The inputs as the views take them: a new step object opens the view at that step. */
export interface ViewInputs {
  readonly demo?: ViewDemo;
  readonly step?: FollowStep;
}

/** Fresh view inputs (new objects, so the view applies them once). */
export function freshInputs(i: LessonViewInputs): ViewInputs {
  return {
    demo: i.demo ? { ...i.demo } : undefined,
    step: i.step ? { view: i.step.view, index: i.step.index } : undefined,
  };
}

/** The lesson step's view in its state. */
export function lessonViewTemplate(v: LessonView, inputs: ViewInputs): TemplateResult {
  switch (v.kind) {
    case 'reals':
      return html`<curvechat-curve-reals
        .followDemo=${inputs.demo}
        .followStep=${inputs.step}
      ></curvechat-curve-reals>`;
    case 'grid':
      return html`<curvechat-curve-grid
        heading="Toy curve over F_p"
        .curve=${v.curve}
        .followDemo=${inputs.demo}
        .followStep=${inputs.step}
      ></curvechat-curve-grid>`;
    case 'exchange':
      return html`<curvechat-exchange-view .followStep=${inputs.step}></curvechat-exchange-view>`;
    case 'mitm':
      return html`<curvechat-mitm-lab .curve=${v.curve} swap></curvechat-mitm-lab>`;
  }
}

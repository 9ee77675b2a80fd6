// Typed, composed custom events the lab components dispatch (kebab-case names, one detail type each).
import type { CurveId, StepPayload, ToyCurveId } from '../../common/wire.js';

/** `eve-progress`: Eve's attack moved (same fields as a `present:eve` step; never d). */
export interface EveProgressDetail {
  curve: ToyCurveId;
  target: string;
  targetName: string;
  method: 'brute-force' | 'bsgs';
  steps: number;
  maxSteps: number;
  done: boolean;
  found: boolean;
}
/** `mitm-change`: the MITM lab was rebuilt (curve, swap) and its safety-number verdict. */
export interface MitmChangeDetail {
  curve: CurveId;
  swap: boolean;
  equal: boolean;
}
/** `present-toggle`: the user started or stopped presenting. */
export interface PresentToggleDetail {
  presenting: boolean;
}
/** `follow-change`: the user follows a presenter (member id) or nobody (null). */
export interface FollowChangeDetail {
  id: string | null;
}
/** `present-step`: a sanitised step to publish with session.publishStep(phase, detail). */
export type PresentStepDetail = StepPayload;
/** `presenter-style-change`: large type for a projector on or off. */
export interface PresenterStyleChangeDetail {
  large: boolean;
}

/** Every lab event name and its detail type. */
export interface LabEventMap {
  'eve-progress': EveProgressDetail;
  'mitm-change': MitmChangeDetail;
  'present-toggle': PresentToggleDetail;
  'follow-change': FollowChangeDetail;
  'present-step': PresentStepDetail;
  'presenter-style-change': PresenterStyleChangeDetail;
}

declare global {
  interface HTMLElementEventMap {
    'eve-progress': CustomEvent<EveProgressDetail>;
    'mitm-change': CustomEvent<MitmChangeDetail>;
    'present-toggle': CustomEvent<PresentToggleDetail>;
    'follow-change': CustomEvent<FollowChangeDetail>;
    'present-step': CustomEvent<PresentStepDetail>;
    'presenter-style-change': CustomEvent<PresenterStyleChangeDetail>;
  }
}

/** Dispatches a typed lab event that bubbles out of shadow roots. */
export function emitLab<K extends keyof LabEventMap>(
  from: HTMLElement,
  name: K,
  detail: LabEventMap[K],
): void {
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

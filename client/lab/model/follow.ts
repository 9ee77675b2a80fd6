// Follower side of presenter mode: a reducer turning peer-step events into "what the presenter is looking at now".
import type {
  ExchangeStage,
  RatchetStepFacts,
  PresentDemoDetail,
  PresentEveDetail,
  PresentLessonDetail,
  SharedPoint,
} from '../../../common/schema/steps.js';
import type { PresentLabDetail } from '../../../common/schema/steps-labs.js';
import type { CurveId, PeerStep } from '../../../common/wire.js';
import { describeLesson } from '../../lessons/model/lessons.js';
import { isPresentPhase, sanitizeStep, type PresentStep } from './presenter.js';
import { keepShared, NO_SHARED_ENVELOPES, type SharedEnvelopes } from './shared-envelopes.js';

export type { SharedPoint } from '../../../common/schema/steps.js';
export {
  MAX_ANCHORS_PER_MEMBER,
  MAX_RATCHET_ANCHORS,
  MAX_SHARED_CIPHERTEXTS,
  type SharerCounts,
} from './shared-envelopes.js';

/** Eve's attack as a presenter shares it (`present:eve` without the curve; never d). */
export type SharedAttack = Readonly<Omit<PresentEveDetail, 'curve'>>;

/** One member who is presenting, and where they are. */
export interface PresenterNow {
  readonly id: string;
  readonly name: string;
  readonly view: string;
  readonly curve: CurveId;
  readonly title?: string;
  /** Step of the view's player (0 before any `present:step`). */
  readonly index: number;
  readonly total: number;
  readonly label?: string;
  /** Where in the exchange player the presenter is (`present:step` of view `exchange`). */
  readonly stage?: ExchangeStage;
  /** The message at the presenter's Ratchet view step (`present:step` of view `ratchet`): public facts only. */
  readonly ratchet?: RatchetStepFacts;
  readonly points: readonly SharedPoint[];
  readonly attack?: SharedAttack;
  /** The demo curve and points the presenter chose on a demo view (`present:demo`), kept across view changes. */
  readonly demo?: PresentDemoDetail;
  /** The public demo state of the attack lab on screen (`present:lab`), kept while the view stays. */
  readonly lab?: PresentLabDetail;
  /** The lesson and step the presenter is on (`present:lesson`), kept across view changes. */
  readonly lesson?: PresentLessonDetail;
  /** Sequence number of the last event from this presenter (orders presenters by activity). */
  readonly seq: number;
}

/** Everything a follower knows, with the envelopes members shared in this room for Eve (shared-envelopes.ts). */
export interface FollowState extends SharedEnvelopes {
  /** The lab's room: a shared envelope naming any other room is refused (counted in `rejected`). */
  readonly room: string;
  /** Members currently presenting, by member id. */
  readonly presenters: Readonly<Record<string, PresenterNow>>;
  /** The member this client follows, or null. Kept when they stop, so following resumes if they present again. */
  readonly following: string | null;
  /** Events applied so far. */
  readonly seq: number;
  /** Peer steps ignored: they failed validation, or shared an envelope in another member's name or room. */
  readonly rejected: number;
}

/** The state before any event, in no room (every shared envelope is refused until {@link followIn} names one). */
export const INITIAL_FOLLOW: FollowState = {
  ...NO_SHARED_ENVELOPES,
  room: '',
  presenters: {},
  following: null,
  seq: 0,
  rejected: 0,
};

/** The state before any event in `room`: the envelopes shared there are kept. */
export function followIn(room: string): FollowState {
  return { ...INITIAL_FOLLOW, room };
}

/** What the reducer handles. */
export type FollowAction =
  | { readonly type: 'peer-step'; readonly step: PeerStep & { readonly fromName?: string } }
  | { readonly type: 'follow'; readonly id: string | null }
  | { readonly type: 'peer-left'; readonly id: string };

function withPresenter(state: FollowState, p: PresenterNow): FollowState {
  return { ...state, seq: p.seq, presenters: { ...state.presenters, [p.id]: p } };
}

/** The step validated against its schema, or null when it fails (the reducer counts it as rejected). */
function validated(phase: string, detail: unknown): PresentStep | null {
  try {
    return sanitizeStep(phase, detail);
  } catch {
    return null;
  }
}

/**
 * Applies one action. Peer steps are re-validated with the presenter sanitiser (anything that fails
 * is ignored and counted in `rejected`; phases other than `present:*` are left alone);
 * `present:stop` and `peer-left` remove a presenter.
 */
export function followReducer(state: FollowState, action: FollowAction): FollowState {
  if (action.type === 'follow') return { ...state, following: action.id };
  if (action.type === 'peer-left') {
    if (!(action.id in state.presenters)) return state;
    const presenters = { ...state.presenters };
    delete presenters[action.id];
    return { ...state, presenters };
  }
  const { from } = action.step;
  if (!isPresentPhase(action.step.phase)) return state;
  const step = validated(action.step.phase, action.step.detail);
  if (!step) return { ...state, rejected: state.rejected + 1 };
  const seq = state.seq + 1;
  const prev = state.presenters[from];
  const name = action.step.fromName ?? prev?.name ?? from;
  const fresh = (view: string, curve: CurveId): PresenterNow =>
    prev ?? { id: from, name, view, curve, index: 0, total: 1, points: [], seq };
  /** The presenter on `view` and `curve`: what they showed there is kept while they stay on it, else reset. */
  const on = (view: string, curve: CurveId): PresenterNow => {
    const same = prev && prev.view === view && prev.curve === curve;
    return {
      id: from,
      name,
      view,
      curve,
      title: same ? prev.title : undefined,
      index: same ? prev.index : 0,
      total: same ? prev.total : 1,
      label: same ? prev.label : undefined,
      stage: same ? prev.stage : undefined,
      ratchet: same ? prev.ratchet : undefined,
      points: same ? prev.points : [],
      attack: same ? prev.attack : undefined,
      lab: same ? prev.lab : undefined,
      demo: prev?.demo,
      lesson: prev?.lesson,
      seq,
    };
  };
  switch (step.phase) {
    case 'present:stop': {
      const presenters = { ...state.presenters };
      delete presenters[from];
      return { ...state, seq, presenters };
    }
    case 'present:view': {
      const { view, curve, title } = step.detail;
      return withPresenter(state, { ...on(view, curve), title });
    }
    case 'present:step': {
      const { view, curve, index, total, label, point, stage, ratchet } = step.detail;
      const here = on(view, curve);
      const at = view === 'exchange' && stage ? { ...stage } : undefined;
      const facts = view === 'ratchet' && ratchet ? { ...ratchet } : undefined;
      return withPresenter(state, {
        ...here,
        index,
        total,
        label,
        stage: at,
        ratchet: facts,
        points: point ? [point] : here.points,
      });
    }
    case 'present:demo': {
      const demo = step.detail;
      const base = fresh(demo.view, demo.view === 'curve-grid' ? demo.curve : 'toy-17');
      return withPresenter(state, { ...base, name, demo, seq });
    }
    case 'present:points': {
      const { curve, points } = step.detail;
      return withPresenter(state, { ...fresh('points', curve), name, curve, points, seq });
    }
    case 'present:eve': {
      // Every field of the schema, walk (rho) and race included; the follower's Eve panel reruns the attack.
      const { curve, ...attack } = step.detail;
      return withPresenter(state, { ...fresh('eve', curve), name, curve, attack, seq });
    }
    case 'present:lab': {
      const lab = step.detail;
      const view = lab.lab === 'mitm' ? 'mitm' : 'attacks';
      return withPresenter(state, {
        ...on(view, prev?.view === view ? prev.curve : lab.curve),
        name,
        lab,
        seq,
      });
    }
    case 'present:lesson': {
      const base = fresh('lessons', prev?.curve ?? 'toy-17');
      return withPresenter(state, { ...base, name, lesson: { ...step.detail }, seq });
    }
    case 'present:answer':
      // A student's answer is for the presenter's tally (client/lessons/model/tally.ts), not a presenter.
      return state;
    case 'present:ciphertext': {
      const env = step.detail;
      // A member shares only what it sent itself in this room: an envelope in another member's name or naming
      // another room is a lie (counted, dropped; the lab's room is the only one Eve's panel lists).
      if (env.from !== from || env.room !== state.room)
        return { ...state, seq, rejected: state.rejected + 1 };
      const kept = keepShared(state, env);
      return kept ? { ...state, ...kept, seq } : { ...state, seq };
    }
  }
}

/** What the followed presenter is looking at now, or null (not following, or they are not presenting). */
export function followedView(state: FollowState): PresenterNow | null {
  return state.following === null ? null : (state.presenters[state.following] ?? null);
}

/** Presenters, most recently active first. */
export function presenterList(state: FollowState): PresenterNow[] {
  return Object.values(state.presenters).sort((a, b) => b.seq - a.seq);
}

/** One line for a status bar, e.g. "Alice: keygen on P-256, step 12 of 256 — bit 244". */
export function describePresenter(p: PresenterNow): string {
  const lesson = p.view === 'lessons' && p.lesson ? describeLesson(p.lesson) : null;
  if (lesson) return `${p.name}: ${lesson}`;
  const step = p.total > 1 ? `, step ${p.index + 1} of ${p.total}` : '';
  const label = p.label ? ` — ${p.label}` : '';
  return `${p.name}: ${p.title ?? p.view} on ${p.curve}${step}${label}`;
}

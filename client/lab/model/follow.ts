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
import { envelopeKey, type ObservedEnvelope } from './eve.js';
import { isPresentPhase, sanitizeStep, type PresentStep } from './presenter.js';

export type { SharedPoint } from '../../../common/schema/steps.js';

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

/** Everything a follower knows. */
export interface FollowState {
  /** Members currently presenting, by member id. */
  readonly presenters: Readonly<Record<string, PresenterNow>>;
  /** The member this client follows, or null. Kept when they stop, so following resumes if they present again. */
  readonly following: string | null;
  /**
   * Toy ciphertexts members shared for Eve (newest last, at most {@link MAX_SHARED_CIPHERTEXTS}; past that the oldest
   * of the member who shared the most goes, so one member's flood does not push out the others').
   */
  readonly ciphertexts: readonly ObservedEnvelope[];
  /**
   * v2 envelopes Eve needs to follow the ratchets after they left `ciphertexts`: the first one under each new
   * ratchet key of a sender in a pair, and every sender-key distribution (newest last, at most {@link MAX_RATCHET_ANCHORS},
   * evicted the same way).
   */
  readonly anchors: readonly ObservedEnvelope[];
  /** Events applied so far. */
  readonly seq: number;
  /** Peer steps ignored because they failed validation. */
  readonly rejected: number;
}

/** Cap on kept ratchet anchors (docs/protocol.md "Toy rooms share their ciphertexts"). */
export const MAX_RATCHET_ANCHORS = 1000;
/** Cap on one member's anchors: a member flooding key changes evicts only its own. */
export const MAX_ANCHORS_PER_MEMBER = 250;
/** Cap on kept shared ciphertexts. */
export const MAX_SHARED_CIPHERTEXTS = 200;

/** The state before any event. */
export const INITIAL_FOLLOW: FollowState = {
  presenters: {},
  following: null,
  ciphertexts: [],
  anchors: [],
  seq: 0,
  rejected: 0,
};

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
      // A member shares only what it sent itself: an envelope in another member's name is a lie (counted, dropped).
      if (env.from !== from) return { ...state, seq, rejected: state.rejected + 1 };
      const key = envelopeKey(env);
      if (state.ciphertexts.some((c) => envelopeKey(c) === key)) return { ...state, seq };
      const ciphertexts = addFairly(state.ciphertexts, env, MAX_SHARED_CIPHERTEXTS);
      const anchors = isAnchor(state.anchors, env) ? anchored(state.anchors, env) : state.anchors;
      return { ...state, seq, ciphertexts, anchors };
    }
  }
}

/**
 * `list` with `env` added, at most `cap` long: past the cap the oldest envelope of the member holding the most goes,
 * so a member who floods the room evicts their own envelopes before anyone else's.
 */
function addFairly(
  list: readonly ObservedEnvelope[],
  env: ObservedEnvelope,
  cap: number,
): ObservedEnvelope[] {
  const next = [...list, { ...env }];
  if (next.length <= cap) return next;
  const count = new Map<string, number>();
  for (const e of next) count.set(e.from, (count.get(e.from) ?? 0) + 1);
  const most = Math.max(...count.values());
  next.splice(
    next.findIndex((e) => count.get(e.from) === most),
    1,
  );
  return next;
}

/** `anchors` with `env` added: past a member's own cap its oldest goes, past the total cap as in {@link addFairly}. */
function anchored(anchors: readonly ObservedEnvelope[], env: ObservedEnvelope): ObservedEnvelope[] {
  const own = anchors.filter((a) => a.from === env.from);
  const kept = own.length >= MAX_ANCHORS_PER_MEMBER ? anchors.filter((a) => a !== own[0]) : anchors;
  return addFairly(kept, env, MAX_RATCHET_ANCHORS);
}

/**
 * True when `env` must outlive the newest-200 window for Eve to follow a ratchet: a sender-key distribution, or a
 * pairwise v2 envelope whose ratchet key differs from the last anchored one of the same sender to the same member.
 */
function isAnchor(anchors: readonly ObservedEnvelope[], env: ObservedEnvelope): boolean {
  if (env.kind === 'skdist') return true;
  if (env.kind !== 'ratchet') return false;
  for (let i = anchors.length - 1; i >= 0; i--) {
    const a = anchors[i];
    if ((a.kind === 'ratchet' || a.kind === 'skdist') && a.from === env.from && a.to === env.to)
      return a.h.dh !== env.h.dh;
  }
  return true;
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

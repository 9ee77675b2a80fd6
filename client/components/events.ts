// The one client event map: every custom event the views dispatch, its detail type, and the typed `emit` helper.
import type { PresentLabDetail } from '../../common/schema/steps-labs.js';
import type { CurveId, StepPayload } from '../../common/wire.js';
import type { PresentEveDetail } from '../../common/schema/steps.js';
import type { StepChangeDetail } from '../viz/curvechat-step-player.js';
import type { ViewDemoChangeDetail, ViewStepChangeDetail } from '../viz/view-step.js';
import type { MathViewId, TabId } from './room-views.js';

/** Callback a handler uses to report the outcome of an async request: null on success, else a plain reason. */
export type Reply = (error: string | null) => void;

/** `join-request`: the join form was submitted with valid input. */
export interface JoinRequestDetail {
  name: string;
  room: string;
  /** Room passphrase as typed ('' or absent: none); handed to the session, never stored (Room passphrase). */
  passphrase?: string;
  reply: Reply;
}
/** `curve-change`: the user picked a curve for the next key generation. */
export interface CurveChangeDetail {
  curve: CurveId;
}
/** `generate-keys`: the user pressed Generate keys. */
export interface GenerateKeysDetail {
  reply: Reply;
}
/** `announce-key`: the user pressed Try again after announcing the public key failed. */
export type AnnounceKeyDetail = Record<string, never>;
/** `send-message`: the user sent a chat message. */
export interface SendMessageDetail {
  text: string;
  reply: Reply;
}
/** `send-file`: the user attached, dropped or pasted a file (docs/protocol.md Extensions, "Encrypted files"). */
export interface SendFileDetail {
  file: File;
  reply: Reply;
}
/** `cancel-file`: the user cancelled file `fileId` of member `from` (ours: to everyone). */
export interface CancelFileDetail {
  from: string;
  fileId: string;
}
/** `leave-room`: the user pressed Leave. */
export type LeaveRoomDetail = Record<string, never>;
/** `use-curve`: one click to pick `curve` (a peer's) and generate a key pair on it. */
export interface UseCurveDetail {
  curve: CurveId;
  reply: Reply;
}
/** `verify-peer`: the user marks the channel with peer `id` verified (compared safety numbers) or not. */
export interface VerifyPeerDetail {
  id: string;
  verified: boolean;
}
/** `held-decision`: messages held for peer `id` after its key changed are sent to the new key (`send`) or discarded. */
export interface HeldDecisionDetail {
  id: string;
  send: boolean;
}
/** `room-lock-request`: the user pressed Lock room (`locked: true`) or Unlock room (docs/protocol.md "Room lock"). */
export interface RoomLockRequestDetail {
  locked: boolean;
  reply: Reply;
}
/** `tab-change`: the user picked a tab of the room. */
export interface TabChangeDetail {
  tab: TabId;
}
/** `open-lab`: open the man-in-the-middle lab without joining (`open: false` goes back). */
export interface OpenLabDetail {
  open: boolean;
}

/** `math-view-change`: the user picked a sub-tab of the Math tab. */
export interface MathViewChangeDetail {
  view: MathViewId;
}
/** `scalar-change`: the user typed a new d into the toy curve grid. */
export interface ScalarChangeDetail {
  d: bigint;
}

/** `eve-progress`: Eve's attack moved (exactly a `present:eve` detail; never d). */
export type EveProgressDetail = PresentEveDetail;
/** `mitm-change`: the MITM lab was rebuilt (curve, swap) and its safety-number verdict. */
export interface MitmChangeDetail {
  curve: CurveId;
  swap: boolean;
  equal: boolean;
}
/** `lab-state-change`: an attack lab's public demo state changed (what a presenter publishes as `present:lab`). */
export type LabStateChangeDetail = PresentLabDetail;
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
/** `lesson-change`: the Lessons tab moved to step `step` of lesson `lesson` (published while presenting). */
export interface LessonChangeDetail {
  lesson: string;
  step: number;
}
/** `exercise-answer`: the engine checked a student's answer to exercise `exercise`. */
export interface ExerciseAnswerDetail {
  exercise: string;
  correct: boolean;
}
/** `presenter-style-change`: large type for a projector on or off. */
export interface PresenterStyleChangeDetail {
  large: boolean;
}
/** `notify-change`: the user turned desktop notifications on or off (client/components/unread-notify.ts). */
export interface NotifyChangeDetail {
  enabled: boolean;
}

/** `sender-keys-change`: the user switched sender keys on demand on or off (session.setSenderKeysOnDemand). */
export interface SenderKeysChangeDetail {
  onDemand: boolean;
}

/**
 * Every custom event a curvechat view dispatches (kebab-case name → detail type). This module,
 * client/components/events.ts, is the only place an event is declared; dispatch with {@link emit}.
 */
export interface CurvechatEventMap {
  // The chat app (client/components), handled by <curvechat-app> and <curvechat-room>.
  'join-request': JoinRequestDetail;
  'curve-change': CurveChangeDetail;
  'generate-keys': GenerateKeysDetail;
  'announce-key': AnnounceKeyDetail;
  'send-message': SendMessageDetail;
  'send-file': SendFileDetail;
  'cancel-file': CancelFileDetail;
  'leave-room': LeaveRoomDetail;
  'use-curve': UseCurveDetail;
  'verify-peer': VerifyPeerDetail;
  'held-decision': HeldDecisionDetail;
  'open-lab': OpenLabDetail;
  'tab-change': TabChangeDetail;
  'room-lock-request': RoomLockRequestDetail;

  'notify-change': NotifyChangeDetail;
  'sender-keys-change': SenderKeysChangeDetail;
  // The math views (client/viz).
  'step-change': StepChangeDetail;
  'view-step-change': ViewStepChangeDetail;
  'view-demo-change': ViewDemoChangeDetail;
  'math-view-change': MathViewChangeDetail;
  'scalar-change': ScalarChangeDetail;
  // The lab (client/lab).
  'eve-progress': EveProgressDetail;
  'mitm-change': MitmChangeDetail;
  'lab-state-change': LabStateChangeDetail;
  'present-toggle': PresentToggleDetail;
  'follow-change': FollowChangeDetail;
  'present-step': PresentStepDetail;
  'presenter-style-change': PresenterStyleChangeDetail;
  // Lessons and exercises (client/lessons).
  'lesson-change': LessonChangeDetail;
  'exercise-answer': ExerciseAnswerDetail;
}

/** Each curvechat event as the DOM sees it: a CustomEvent carrying its detail. */
type CurvechatDomEventMap = { [K in keyof CurvechatEventMap]: CustomEvent<CurvechatEventMap[K]> };

declare global {
  // The one augmentation, derived from the map, so addEventListener and @event bindings are typed.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends CurvechatDomEventMap {}
}

/** Dispatches a typed curvechat event from `from` that bubbles out of shadow roots (bubbles, composed). */
export function emit<K extends keyof CurvechatEventMap>(
  from: HTMLElement,
  name: K,
  detail: CurvechatEventMap[K],
): void {
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** Turns any rejection into a plain-language sentence for the UI. */
export function reasonOf(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === 'string' && err) return err;
  return 'Something went wrong, and no reason was given.';
}

/** Answers a request's `reply` when `work` settles: null when it worked, else the reason in words. */
export function replyWhenDone(work: Promise<unknown>, reply: (reason: string | null) => void): void {
  work.then(
    () => reply(null),
    (err: unknown) => reply(reasonOf(err)),
  );
}

// Typed custom events that curvechat components dispatch upwards to <curvechat-app>.
import type { CurveId } from '../../common/wire.js';
import type { TabId } from './room-views.js';

/** Callback a handler uses to report the outcome of an async request: null on success, else a plain reason. */
export type Reply = (error: string | null) => void;

/** `join-request`: the join form was submitted with valid input. */
export interface JoinRequestDetail {
  name: string;
  room: string;
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
/** `send-message`: the user sent a chat message. */
export interface SendMessageDetail {
  text: string;
  reply: Reply;
}
/** `leave-room`: the user pressed Leave. */
export type LeaveRoomDetail = Record<string, never>;
/** `use-curve`: one click to pick `curve` (a peer's) and generate a key pair on it. */
export interface UseCurveDetail {
  curve: CurveId;
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

/** Every curvechat event name and its detail type. */
export interface CurvechatEventMap {
  'join-request': JoinRequestDetail;
  'curve-change': CurveChangeDetail;
  'generate-keys': GenerateKeysDetail;
  'send-message': SendMessageDetail;
  'leave-room': LeaveRoomDetail;
  'use-curve': UseCurveDetail;
  'open-lab': OpenLabDetail;
  'tab-change': TabChangeDetail;
}

declare global {
  interface HTMLElementEventMap {
    'join-request': CustomEvent<JoinRequestDetail>;
    'curve-change': CustomEvent<CurveChangeDetail>;
    'generate-keys': CustomEvent<GenerateKeysDetail>;
    'send-message': CustomEvent<SendMessageDetail>;
    'leave-room': CustomEvent<LeaveRoomDetail>;
    'use-curve': CustomEvent<UseCurveDetail>;
    'open-lab': CustomEvent<OpenLabDetail>;
    'tab-change': CustomEvent<TabChangeDetail>;
  }
}

/** Dispatches a typed curvechat event that bubbles out of shadow roots. */
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

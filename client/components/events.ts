// Typed custom events that curvechat components dispatch upwards to <curvechat-app>.
import type { CurveId } from '../../common/wire.js';

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

/** Every curvechat event name and its detail type. */
export interface CurvechatEventMap {
  'join-request': JoinRequestDetail;
  'curve-change': CurveChangeDetail;
  'generate-keys': GenerateKeysDetail;
  'send-message': SendMessageDetail;
  'leave-room': LeaveRoomDetail;
}

declare global {
  interface HTMLElementEventMap {
    'join-request': CustomEvent<JoinRequestDetail>;
    'curve-change': CustomEvent<CurveChangeDetail>;
    'generate-keys': CustomEvent<GenerateKeysDetail>;
    'send-message': CustomEvent<SendMessageDetail>;
    'leave-room': CustomEvent<LeaveRoomDetail>;
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

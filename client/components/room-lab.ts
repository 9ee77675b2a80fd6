// The lab's state inside the app: presenter follow state, toy ciphertexts shared for Eve, large type.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isToyCurve, type CurveId, type StepPayload } from '../../common/wire.js';
import { toBase64Url } from '../crypto/base64url.js';
import { fromHex } from '../crypto/hex.js';
import { FrameCoalescer } from '../lab/model/coalescer.js';
import { envelopeKey, type ObservedKey } from '../lab/model/eve.js';
import {
  followIn,
  followReducer,
  INITIAL_FOLLOW,
  type FollowAction,
  type FollowState,
} from '../lab/model/follow.js';
import { sanitizeStep } from '../lab/model/presenter.js';
import { StepPublisher } from '../lab/model/publisher.js';
import { setPresenterStyle } from '../lab/presenter-style.js';
import type { ChatMessage, RoomSessionApi, SessionState } from '../session/types.js';
import { browserFrameClock } from './frame-clock.js';

/** Every public key Eve observes in the room: the peers' announced keys and mine. */
export function observedKeys(st: SessionState): ObservedKey[] {
  const keys: ObservedKey[] = st.peers
    .filter((p) => p.key)
    .map((p) => ({ id: p.id, name: p.label, curve: p.key!.curve, pub: p.key!.pub }));
  if (st.myKey && st.me)
    keys.push({ id: st.me.id, name: st.name ?? 'me', curve: st.myKey.curve, pub: st.myKey.pub });
  return keys;
}

/**
 * The curve Eve attacks: mine when my key is on a toy curve, else the toy curve most peers' keys are on
 * (a student playing Eve need not join the exchange), else my key's or my selected curve.
 */
export function eveCurve(st: SessionState): CurveId {
  const mine = st.myKey?.curve;
  if (mine && isToyCurve(mine)) return mine;
  const count = new Map<CurveId, number>();
  for (const p of st.peers)
    if (p.key && isToyCurve(p.key.curve)) count.set(p.key.curve, (count.get(p.key.curve) ?? 0) + 1);
  const top = [...count].sort((a, b) => b[1] - a[1])[0];
  return top ? top[0] : (mine ?? st.curve);
}

/**
 * The `present:ciphertext` steps of one outgoing message on a toy curve: per recipient, the envelope
 * exactly as the relay saw it (iv = base64url(IV), ct = base64url(ciphertext ‖ tag)). Parts the
 * sanitiser refuses (too long for a step) are left out; a real curve gives none.
 */
export function ciphertextSteps(st: SessionState, m: ChatMessage): StepPayload[] {
  const curve = st.myKey?.curve;
  if (!curve || !isToyCurve(curve) || !st.room || !st.me || !m.outgoing) return [];
  const steps: StepPayload[] = [];
  for (const w of m.wire) {
    // v2 parts (no IV: it comes from the message key) are shared as they leave, through the session's toy wire.
    if (w.ivHex === '') continue;
    try {
      const detail = {
        curve,
        room: st.room,
        from: st.me.id,
        to: w.to,
        id: m.id,
        iv: toBase64Url(fromHex(w.ivHex)),
        ct: toBase64Url(fromHex(w.ctHex + w.tagHex)),
      };
      steps.push(sanitizeStep('present:ciphertext', detail));
    } catch {
      // Over the 4 KiB step limit: Eve sees this one only if she is its recipient.
    }
  }
  return steps;
}

/** Our shared v2 envelopes remembered for deduplicating resends. */
const MAX_WIRE_SEEN = 1000;

/**
 * Reactive controller of `<curvechat-app>`: follows other members' `present:*` steps (follower
 * reducer, which keeps only the shared envelopes naming this member's room), publishes a
 * `present:ciphertext` for every message this member sends while their key is on a toy curve
 * (docs/protocol.md, Extensions), and owns large type. Resets when the membership ends.
 *
 * Every step goes through the reducer as it arrives (validation and a few object copies), but the
 * views get the result at most once per animation frame and 10 times a second (FrameCoalescer): a
 * burst of steps is one redraw showing the last of them, and everything on screen (the step text, the
 * canvas, the status line) comes from that one state.
 */
export class RoomLab implements ReactiveController {
  /** Presenters, who this member follows, and the toy ciphertexts seen (own and shared), as the views last got them. */
  follow: FollowState = INITIAL_FOLLOW;
  /** The reducer's state after every step so far: ahead of {@link follow} until the next frame. */
  private latest: FollowState = INITIAL_FOLLOW;
  private readonly frames = new FrameCoalescer<FollowState>((st) => {
    this.follow = st;
    this.host.requestUpdate();
  }, browserFrameClock);
  /** Large type for a projector is on. */
  large = false;
  private session?: RoomSessionApi;
  private unsubscribe?: () => void;
  private unsubscribeWire?: () => void;
  private readonly wireSeen = new Set<string>();
  private membership = '';
  private seen = new Set<string>();
  private readonly publisher = new StepPublisher((s) => this.publish(s));

  /** Attach to the app root (large type is set on it). */
  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.session && !this.unsubscribe) this.attach(this.session);
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.unsubscribeWire?.();
    this.unsubscribeWire = undefined;
    this.publisher.clear();
    this.frames.flush();
  }

  /** Listen to `session`'s peer steps (call when the app gets its session). */
  attach(session: RoomSessionApi | undefined): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.unsubscribeWire?.();
    this.unsubscribeWire = undefined;
    this.session = session;
    if (!session) return;
    this.unsubscribe = session.onPeerStep((step) => this.dispatch({ type: 'peer-step', step }));
    this.unsubscribeWire = session.onToyWire((detail) => {
      // A resend is the same envelope: shared once (the last MAX_WIRE_SEEN are remembered).
      const key = envelopeKey(detail);
      if (this.wireSeen.has(key)) return;
      this.wireSeen.add(key);
      if (this.wireSeen.size > MAX_WIRE_SEEN) this.wireSeen.delete(this.wireSeen.values().next().value!);
      try {
        this.share(sanitizeStep('present:ciphertext', detail));
      } catch {
        // Over the step limits: Eve misses this one envelope.
      }
    });
  }

  /**
   * Apply an action of the follower reducer (follow, peer-step, peer-left). The views see it at the
   * next frame (steps) or at once (choosing whom to follow, a user action).
   */
  dispatch(action: FollowAction): void {
    const next = followReducer(this.latest, action);
    if (next === this.latest) return;
    this.latest = next;
    this.frames.push(next);
    if (action.type === 'follow') this.frames.flush();
  }

  /** Large type on or off (the `presenter` class on the app root and the projector stylesheet). */
  setLarge(on: boolean): void {
    this.large = on;
    setPresenterStyle(this.host, on);
    this.host.requestUpdate();
  }

  /** Call with every new session state: resets on a new membership, drops departed presenters, shares toy sends. */
  sync(st: SessionState): void {
    const membership = st.room && st.me ? `${st.room}\n${st.me.id}` : '';
    if (membership !== this.membership) {
      this.membership = membership;
      this.frames.clear();
      // Envelopes shared for Eve are kept only when they name this room (a fake `room` is refused).
      this.follow = this.latest = followIn(st.room ?? '');
      this.publisher.clear();
      this.seen = new Set(st.messages.map((m) => m.id));
      this.wireSeen.clear();
      if (this.large && !membership) this.setLarge(false);
    }
    if (!membership) return;
    const present = new Set(st.peers.map((p) => p.id));
    for (const id of Object.keys(this.latest.presenters))
      if (!present.has(id)) this.dispatch({ type: 'peer-left', id });
    for (const m of st.messages) {
      if (!m.outgoing || this.seen.has(m.id)) continue;
      this.seen.add(m.id);
      for (const step of ciphertextSteps(st, m)) this.share(step);
    }
  }

  /** Publish one of our toy envelopes to the room and show it in our own Eve panel. */
  private share(step: StepPayload): void {
    const st = this.session?.state;
    if (!st?.me) return;
    this.publisher.push(step);
    this.dispatch({ type: 'peer-step', step: { ...step, from: st.me.id, fromName: st.name ?? 'me' } });
  }

  private publish(step: StepPayload): void {
    // A refused step (rate limit, left the room) only means the class's Eve misses one message.
    this.session?.publishStep(step.phase, step.detail).catch(() => undefined);
  }
}

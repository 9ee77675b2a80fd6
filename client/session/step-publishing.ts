// Visualisation steps on the wire: publishing ours through the guard, and handing peers' steps to listeners.
import type { Limits } from '../../common/limits.js';
import { PRESENT_PHASES, peerStep, presentStep } from '../../common/schema/index.js';
import { describeFailure, readAck } from './ack-errors.js';
import { request, type RelaySocket } from './relay-socket.js';
import { checkStepDetail, PeerStepEvent } from './steps.js';
import type { PeerStepListener } from './types.js';

/** What publishing one step needs, read from the session when publishStep is called. */
export interface StepSender {
  /** The current socket, if any. */
  socket?: RelaySocket;
  /** The socket has joined the room. */
  joined: boolean;
  /** Our private scalar and every derived Z in hex: the guard refuses details containing them. */
  secretsHex: readonly string[];
  /** Size limit of a detail, and the room size for plain-language errors. */
  limits: Pick<Limits, 'maxStepDetail' | 'maxRoomMembers'>;
  /** How long to wait for the relay's ack. */
  ackTimeoutMs: number;
}

/** Checks `detail` with the one step guard (steps.ts), then sends it as a `step`; rejects with a plain reason. */
export async function publishStep(
  sender: StepSender,
  phase: string,
  detail: Record<string, unknown>,
): Promise<void> {
  checkStepDetail(detail, sender.secretsHex, sender.limits.maxStepDetail);
  const socket = sender.socket;
  if (!socket || !sender.joined) throw new Error('Join a room first.');
  const ack = readAck(await request(socket, 'step', { phase, detail }, sender.ackTimeoutMs));
  if (!ack.ok) throw new Error(describeFailure(ack.failure, sender.limits.maxRoomMembers));
}

/**
 * Dispatches a relayed `peer-step` on `target` as a PeerStepEvent carrying the sender's name, once the
 * envelope passes the schema and, for a known `present:*` phase, its detail passes that phase's schema
 * (common/schema/steps.ts); returns false (nothing dispatched) when either does not. Details of other
 * phases are only known to be JSON objects: their readers validate them.
 */
export function dispatchPeerStep(
  target: EventTarget,
  step: unknown,
  nameOf: (memberId: string) => string,
): boolean {
  const parsed = peerStep.safeParse(step);
  if (!parsed.success) return false;
  const { phase, detail } = parsed.data;
  const known = (PRESENT_PHASES as readonly string[]).includes(phase);
  if (known && !presentStep.safeParse({ phase, detail }).success) return false;
  target.dispatchEvent(new PeerStepEvent({ ...parsed.data, fromName: nameOf(parsed.data.from) }));
  return true;
}

/** Calls `listener` with every PeerStepEvent dispatched on `target`; returns the unsubscribe function. */
export function subscribePeerSteps(target: EventTarget, listener: PeerStepListener): () => void {
  const handler = (e: Event): void => {
    if (e instanceof PeerStepEvent) listener(e.step);
  };
  target.addEventListener('peer-step', handler);
  return () => target.removeEventListener('peer-step', handler);
}

// Which way this client sends a room message right now (pairwise or sender keys), and to how many v2 and v1
// members: the one place the cost display reads it from the session state (docs/protocol.md "v2: sender keys").
import { SENDER_KEYS_FROM_MEMBERS, useSenderKeys } from '../crypto/sender-key/cost.js';
import type { PeerView } from './types.js';

/** How a message goes out now, and to whom. */
export interface SendMode {
  /** What this client actually does with the next message. */
  mode: 'pairwise' | 'sender-keys';
  /** Members with a secure channel whose pair speaks v2 (a `ratchet` part each when pairwise). */
  v2: number;
  /** Members with a secure channel on v1 (a `msg` part each, whatever the mode). */
  v1: number;
  /** What the rotation policy (`useSenderKeys`) would choose for this room, us included. */
  policy: 'pairwise' | 'sender-keys';
  /** One plain sentence: why `mode`. */
  why: string;
}

/**
 * The state this reads: the peers (each card's negotiated protocol, `PeerView.protocol`) and the session's sender
 * keys (`SessionState.senderKeys`: active, and how many peers hold our chain).
 */
export interface SendModeInput {
  peers: readonly Pick<PeerView, 'channel' | 'protocol'>[];
  senderKeys?: { active?: boolean; holders?: number };
}

/** The pair speaks v2: its peer card's protocol line starts with "v2" (protocolLabel in negotiate.ts). */
function isV2(protocol: string | undefined): boolean {
  return typeof protocol === 'string' && /^v2\b/.test(protocol);
}

/** "1 v2 member" / "3 v2 members". */
const members = (n: number): string => `${n} v2 member${n === 1 ? '' : 's'}`;

/** Derive the send mode from a session state snapshot: sender keys once they are active and someone holds our chain. */
export function sendMode(state: SendModeInput): SendMode {
  const ready = state.peers.filter((p) => p.channel === 'ready');
  const v2 = ready.filter((p) => isV2(p.protocol)).length;
  const v1 = ready.length - v2;
  const policy = v2 > 0 && useSenderKeys(ready.length + 1) ? 'sender-keys' : 'pairwise';
  const holders = Math.min(v2, state.senderKeys?.holders ?? 0);
  if (state.senderKeys?.active === true && v2 > 0 && holders > 0) {
    const waiting = v2 - holders;
    const why =
      waiting === 0
        ? `one signed broadcast reaches every v2 member here (${holders} ${holders === 1 ? 'holds' : 'hold'} this client's sender chain)`
        : `one signed broadcast reaches the ${members(holders)} holding this client's sender chain; ${waiting} more get the message pairwise until their copy of the chain is acknowledged`;
    return { mode: 'sender-keys', v2, v1, policy, why };
  }
  const room = `a room of ${ready.length + 1} with you`;
  const why =
    v2 === 0
      ? `no member here speaks v2, so there is nobody to send a sender-key message to`
      : policy === 'sender-keys'
        ? state.senderKeys?.active === true
          ? `sender keys are on (${room}), but no member has acknowledged this client's sender chain yet`
          : `the policy picks sender keys from ${SENDER_KEYS_FROM_MEMBERS} members (${room}); they start once the session switches them on`
        : `the policy keeps pairwise below ${SENDER_KEYS_FROM_MEMBERS} members (${room})`;
  return { mode: 'pairwise', v2, v1, policy, why };
}

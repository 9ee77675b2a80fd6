// Picks what the exchange view shows from the room session: the peer, their latest message on the wire, the peers on another curve (no DOM).
import type { ChatMessage, PeerView, SessionState, WireView } from '../../session/types.js';

/** The chosen peer (else the first) among those with a key on our curve and derived secrets; undefined without our key. */
export function exchangePeer(s: SessionState | undefined, peerId: string): PeerView | undefined {
  if (!s?.myKey) return undefined;
  const ready = s.peers.filter((p) => p.key && p.derived && p.key.curve === s.myKey?.curve);
  return ready.find((p) => p.id === peerId) ?? ready[0];
}

/** Peers whose key is on another curve than ours (no exchange is possible with them). */
export function mismatchedPeers(s: SessionState | undefined): PeerView[] {
  const mine = s?.myKey?.curve;
  if (!s || !mine) return [];
  return s.peers.filter((p) => p.key && p.key.curve !== mine);
}

/** What crossed the wire for the newest message to or from `peer`, if any. */
export function latestWire(messages: readonly ChatMessage[], peer: PeerView): WireView | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    const w = m.outgoing ? m.wire.find((x) => x.to === peer.id) : m.from === peer.id ? m.wire[0] : undefined;
    if (w) return w;
  }
  return undefined;
}

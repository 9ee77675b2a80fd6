// Picks what the exchange view shows from the room session: the peer, their latest message on the wire, the step captions (no DOM).
import type { ChatMessage, PeerView, SessionState, WireView } from '../../session/types.js';
import { toySteps, type ToyExchange } from './exchange-model.js';

/** The chosen peer (else the first) among those with a key on our curve and derived secrets; undefined without our key. */
export function exchangePeer(s: SessionState | undefined, peerId: string): PeerView | undefined {
  if (!s?.myKey) return undefined;
  const ready = s.peers.filter((p) => p.key && p.derived && p.key.curve === s.myKey?.curve);
  return ready.find((p) => p.id === peerId) ?? ready[0];
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

/** Player captions: the toy exchange's steps (or the real-curve check), then HKDF and AES-GCM. */
export function exchangeSteps(ex: ToyExchange | undefined): string[] {
  const base = ex ? toySteps(ex) : ['Our side: the engine recomputes Z and compares it with WebCrypto.'];
  return [
    ...base,
    'HKDF turns Z into the AES key K, mixing in both public keys (salt) and the curve and room (info).',
    'AES-GCM encrypts each message with K and a fresh 12-byte IV; the 16-byte tag detects any change.',
  ];
}

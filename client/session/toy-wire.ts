// What the relay sees of our v2 sends in a toy room, for the class's Eve (docs/protocol.md "Toy rooms share their
// ciphertexts"): every `ratchet` and `skdist` dm part and every `skmsg` bcast as it leaves, receipts included.
import { ratchetBody } from '../../common/schema/ratchet.js';
import { SKDIST_KIND, SKMSG_KIND, skmsgBody } from '../../common/schema/sender-key.js';
import {
  presentCiphertextDetail,
  type BroadcastEnvelopeDetail,
  type RatchetEnvelopeDetail,
} from '../../common/schema/steps.js';
import { isToyCurve, type CurveId } from '../../common/wire.js';
import type { RelaySocket } from './relay-socket.js';
import { RATCHET_KIND } from './ratchet-messages.js';

/** One v2 envelope of ours as the relay saw it (toy curves only), in the `present:ciphertext` shape. */
export type ToyWireEnvelope = RatchetEnvelopeDetail | BroadcastEnvelopeDetail;

/** Receives each toy v2 envelope we send (a resend of the same body comes again: dedupe by content). */
export type ToyWireListener = (envelope: ToyWireEnvelope) => void;

/** Where the tap reads the room, our id and our key's curve. */
export interface ToyWireHost {
  context(): { room?: string; me?: string; curve?: CurveId };
}

/** Taps outgoing `dm` and `bcast` events of the membership's sockets; only toy-curve v2 envelopes reach listeners. */
export class ToyWire {
  private readonly listeners = new Set<ToyWireListener>();

  constructor(private readonly host: ToyWireHost) {}

  /** Watch a new socket's outgoing events. */
  bind(socket: RelaySocket): void {
    socket.onAnyOutgoing((event: string, payload: unknown) => this.outgoing(event, payload));
  }

  /** Subscribe; returns the unsubscribe function. */
  on(listener: ToyWireListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private outgoing(event: string, payload: unknown): void {
    if (this.listeners.size === 0 || typeof payload !== 'object' || payload === null) return;
    const { room, me, curve } = this.host.context();
    if (!room || !me || !curve || !isToyCurve(curve)) return;
    const p = payload as { id?: unknown; kind?: unknown; parts?: unknown; body?: unknown };
    const base = { curve, room, from: me, id: p.id };
    const found: unknown[] = [];
    if (event === 'dm' && (p.kind === RATCHET_KIND || p.kind === SKDIST_KIND) && Array.isArray(p.parts))
      for (const part of p.parts as { to?: unknown; body?: unknown }[]) {
        const body = ratchetBody.safeParse(part?.body);
        if (body.success)
          found.push({ ...base, to: part.to, kind: p.kind, h: body.data.h, ct: body.data.ct });
      }
    if (event === 'bcast' && p.kind === SKMSG_KIND) {
      const body = skmsgBody.safeParse(p.body);
      if (body.success) found.push({ ...base, kind: SKMSG_KIND, ...body.data });
    }
    for (const raw of found) {
      // Anything over the step limits (a long text's ciphertext) is not shared: Eve misses that one envelope.
      const detail = presentCiphertextDetail.safeParse(raw);
      if (detail.success && detail.data.kind !== 'msg')
        for (const listener of this.listeners) listener(detail.data);
    }
  }
}

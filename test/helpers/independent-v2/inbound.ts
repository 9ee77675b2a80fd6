// Independent v2 client (docs/protocol.md only): what it does with each incoming `dm` kind and `bcast`
// (§4 kinds, "v2: how the browser client uses it", "v2: sender keys").
import { sealV1, openV1, v1Aad } from './channel.js';
import type { Peer, PeerBook } from './pairs.js';
import { parseBody, toBody } from './ratchet-kdf.js';
import { RatchetRefusal } from './ratchet.js';
import {
  parseJson,
  push,
  receiptOf,
  textOf,
  type Received,
  type Receipt,
  type Refusal,
  type ShownIds,
} from './records.js';
import { accept, forget, type HeldChain, receive } from './sender-key.js';
import { utf8 } from './bytes.js';

/** A `dm` as the relay delivers it. */
export interface Delivery {
  from: string;
  id: string;
  kind: string;
  body: unknown;
}

/** What the handlers need from the client. */
export interface InboundContext {
  readonly room: string;
  readonly me: string;
  readonly book: PeerBook;
  readonly shown: ShownIds;
  readonly received: Received[];
  readonly receipts: Receipt[];
  readonly refused: Refusal[];
  /** Chains other members gave us, one per sender. */
  readonly held: Map<string, { chain: HeldChain; distId: string }>;
  /** Emit a `dm` (fire and forget; receipts are never retried). */
  emitDm(id: string, kind: string, to: string, body: unknown): void;
}

/** Encrypt `plaintext` for `peer` in its ratchet as dm `id` (the wire body of a `ratchet` or `skdist` dm). */
export function ratchetBody(ctx: InboundContext, peer: Peer, id: string, plaintext: unknown): unknown {
  const { h, ct } = ctx.book.ratchet(peer).encrypt(utf8(JSON.stringify(plaintext)), {
    room: ctx.room,
    from: ctx.me,
    to: peer.id,
    id,
  });
  return toBody(h, ct);
}

/** Answer message `id` of `peer`: inside the ratchet on a v2 pair, a plain `receipt` on v1. */
function answer(ctx: InboundContext, peer: Peer, id: string, ok: boolean, reason?: string): void {
  if (peer.pair?.version === 2) {
    const pt = { type: 'receipt', id, ok, ...(ok ? {} : { reason: reason ?? 'refused' }) };
    ctx.emitDm(id, 'ratchet', peer.id, ratchetBody(ctx, peer, id, pt));
  } else ctx.emitDm(id, 'receipt', peer.id, ok ? { ok } : { ok, reason });
}

/** Open a `ratchet`/`skdist` body from `peer` in its ratchet; the JSON plaintext, or a refusal reason. */
function openRatchet(ctx: InboundContext, peer: Peer, d: Delivery): { pt: unknown } | { why: string } {
  const parsed = parseBody(ctx.book.curve, d.body);
  if (!parsed) return { why: 'bad-envelope' };
  try {
    const bytes = ctx.book
      .ratchet(peer)
      .decrypt(parsed.h, parsed.ct, { room: ctx.room, from: d.from, to: ctx.me, id: d.id });
    return { pt: parseJson(bytes) };
  } catch (err) {
    return { why: err instanceof RatchetRefusal ? err.code : 'ratchet failed' };
  }
}

/** Show a text once per (sender, id) and answer it. */
function show(ctx: InboundContext, peer: Peer, d: Delivery, pt: unknown, via: Received['via']): void {
  const text = textOf(pt);
  if (text === undefined) {
    push(ctx.refused, { from: d.from, id: d.id, kind: d.kind, why: 'not a text plaintext' });
    return answer(ctx, peer, d.id, false, 'not a text message');
  }
  if (!ctx.shown.has(d.from, d.id)) {
    ctx.shown.add(d.from, d.id);
    push(ctx.received, { from: d.from, id: d.id, text, via });
  }
  answer(ctx, peer, d.id, true);
}

/** One incoming `dm`. */
export function onDm(ctx: InboundContext, d: Delivery): void {
  const peer = ctx.book.peers.get(d.from);
  const refuse = (why: string): void => push(ctx.refused, { from: d.from, id: d.id, kind: d.kind, why });
  if (!peer?.pair) return refuse('no channel with this member');
  const v2 = peer.pair.version === 2;
  if (d.kind === 'msg' || d.kind === 'receipt') {
    if (v2) return refuse('plain on a v2 pair: looks forged'); // "Refusals on a v2 pair"
    if (d.kind === 'receipt') {
      const ok = (d.body as { ok?: unknown } | null)?.ok;
      if (typeof ok === 'boolean') push(ctx.receipts, { from: d.from, id: d.id, ok, authenticated: false });
      return;
    }
    const pt = openV1(peer.pair.material.k, v1Aad(ctx.room, d.from, ctx.me, d.id), d.body);
    if (!pt) return refuse('does not decrypt'); // junk gets no receipt
    if (ctx.shown.has(d.from, d.id)) return answer(ctx, peer, d.id, true);
    return show(ctx, peer, d, parseJson(pt), 'msg');
  }
  if (d.kind !== 'ratchet' && d.kind !== 'skdist') return; // §4: unknown kinds are ignored
  if (!v2) return refuse(`${d.kind} on a v1 pair`);
  if (d.kind === 'ratchet' && ctx.shown.has(d.from, d.id)) return answer(ctx, peer, d.id, true); // a resend
  if (d.kind === 'skdist' && ctx.held.get(d.from)?.distId === d.id) return answer(ctx, peer, d.id, true);
  const opened = openRatchet(ctx, peer, d);
  if ('why' in opened) return refuse(opened.why);
  if (d.kind === 'skdist') {
    const got = accept(ctx.held.get(d.from)?.chain, opened.pt);
    if (typeof got === 'string') {
      refuse(got);
      return answer(ctx, peer, d.id, false, got);
    }
    ctx.held.set(d.from, { chain: got, distId: d.id });
    return answer(ctx, peer, d.id, true);
  }
  const receipt = receiptOf(opened.pt, d.id);
  if (receipt)
    return void push(ctx.receipts, { from: d.from, id: d.id, ok: receipt.ok, authenticated: true });
  show(ctx, peer, d, opened.pt, 'ratchet');
}

/** One incoming `bcast`: `skmsg` is verified and read with the sender's chain; other kinds are ignored. */
export function onBcast(ctx: InboundContext, b: Delivery): void {
  if (b.kind !== 'skmsg') return;
  const peer = ctx.book.peers.get(b.from);
  const refuse = (why: string): void => push(ctx.refused, { from: b.from, id: b.id, kind: b.kind, why });
  if (!peer?.pair || peer.pair.version !== 2) return refuse('no v2 pair with this member');
  if (ctx.shown.has(b.from, b.id)) return answer(ctx, peer, b.id, true);
  const got = receive(ctx.held.get(b.from)?.chain, ctx.room, b.from, b.id, b.body);
  if (typeof got === 'string') return refuse(got);
  show(ctx, peer, b, parseJson(got), 'skmsg');
}

/** A member left: wipe its chain. */
export function onLeft(ctx: InboundContext, id: string): void {
  const h = ctx.held.get(id);
  if (h) forget(h.chain);
  ctx.held.delete(id);
}

/** A v1 `msg` body for `peer` (§5 step 5). */
export function v1Body(ctx: InboundContext, peer: Peer, id: string, plaintext: Uint8Array): unknown {
  return sealV1(peer.pair!.material.k, v1Aad(ctx.room, ctx.me, peer.id, id), plaintext);
}

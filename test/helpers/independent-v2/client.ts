// Independent v2 client (docs/protocol.md only): the joined member — peers, pairwise sends, resends, its sender
// chain and `bcast`, and the incoming events handed to inbound.ts. Entry point: test/helpers/independent-v2.ts.
import type { Socket } from 'socket.io-client';
import { b64, utf8 } from './bytes.js';
import { type Delivery, type InboundContext, onBcast, onDm, onLeft, ratchetBody, v1Body } from './inbound.js';
import { OWN_VERSIONS, PeerBook, type Peer } from './pairs.js';
import { type CurveId, randomPair } from './primitives.js';
import { newId, plaintextOf, push, type Received, type Receipt, type Refusal, ShownIds } from './records.js';
import { type HeldChain, SenderChainV2 } from './sender-key.js';

/** An ack `{ ok, … }`. */
type Ack = { ok: boolean; [k: string]: unknown };

/** A joined independent v2 member. */
export class IndependentV2 implements InboundContext {
  readonly book: PeerBook;
  readonly shown = new ShownIds();
  readonly received: Received[] = [];
  readonly receipts: Receipt[] = [];
  readonly refused: Refusal[] = [];
  readonly held = new Map<string, { chain: HeldChain; distId: string }>();
  /** Our sender chain, once made, and the members that acknowledged its distribution (by dm id). */
  chain?: SenderChainV2;
  private readonly given = new Map<string, string>();
  private readonly sentBodies = new Map<string, { kind: string; parts: { to: string; body: unknown }[] }[]>();
  private inbox?: ['dm' | 'bcast', Delivery][];

  /** Wrap a joined socket; call {@link announce} next. */
  constructor(
    readonly socket: Socket,
    readonly room: string,
    readonly me: string,
    curve: CurveId,
    p?: Uint8Array,
  ) {
    this.book = new PeerBook(curve, room, randomPair(curve), p);
    socket.on('peer-joined', (e: { id: string; name: string }) => void this.book.saw(e.id, e.name));
    socket.on('peer-key', (e: { from: string; curve: unknown; pub: unknown; v?: unknown }) =>
      this.keyOf(e.from, e),
    );
    socket.on('peer-left', (e: { id: string }) => this.left(e.id));
    socket.on('dm', (d: Delivery) => this.deliver('dm', d));
    socket.on('bcast', (b: Delivery) => this.deliver('bcast', b));
  }

  /** Announce our key with `v: [1, 2]` ("v2: version negotiation"). */
  async announce(): Promise<void> {
    const ack = await this.call('key', {
      curve: this.book.curve,
      pub: b64(this.book.own.pub),
      v: [...OWN_VERSIONS],
    });
    if (!ack.ok) throw new Error(`key refused: ${JSON.stringify(ack)}`);
  }

  /** Member id by name. */
  idOf(name: string): string {
    const p = [...this.book.peers.values()].find((x) => x.name === name);
    if (!p) throw new Error(`no member named ${name}`);
    return p.id;
  }

  /** The negotiated version with member `id` (undefined: no channel). */
  versionWith(id: string): 1 | 2 | undefined {
    return this.book.peers.get(id)?.pair?.version;
  }

  /** Send `text` to every member we have a channel with (or `to`): one `dm` per kind, the same id. */
  async send(text: string, to?: string[]): Promise<string> {
    const id = newId('iv2');
    await this.emitParts(id, this.pairwise(id, text, this.targets(to)));
    return id;
  }

  /** Encrypt `texts` to one v2 member in order, then emit them last first (out of order on arrival). */
  async sendReversed(texts: string[], to: string): Promise<string[]> {
    const peer = this.targets([to])[0]!;
    const out = texts.map((t) => {
      const id = newId('iv2r');
      return { id, parts: this.pairwise(id, t, [peer]) };
    });
    for (const m of [...out].reverse()) await this.emitParts(m.id, m.parts);
    return out.map((m) => m.id);
  }

  /** Send message `id` again, the same bodies byte for byte ("Resends"). */
  async resend(id: string): Promise<void> {
    for (const d of this.sentBodies.get(id) ?? []) await this.call('dm', { id, ...d });
  }

  /** Seal any JSON `plaintext` in the ratchet with member `to` as a `ratchet` dm `id` (for tests that lie). */
  async sealRaw(to: string, id: string, plaintext: unknown): Promise<void> {
    const peer = this.targets([to])[0];
    if (peer?.pair?.version !== 2) throw new Error('no v2 pair with that member');
    const ack = await this.call('dm', {
      id,
      kind: 'ratchet',
      parts: [{ to, body: ratchetBody(this, peer, id, plaintext) }],
    });
    if (!ack.ok) throw new Error(`dm refused: ${JSON.stringify(ack)}`);
  }

  /** Give our sender chain (made on first use) to every v2 member not holding it, each in an `skdist` dm. */
  async distribute(): Promise<void> {
    this.chain ??= new SenderChainV2();
    for (const peer of this.book.on(2)) {
      if (this.holds(peer.id)) continue;
      const id = newId('skd');
      this.given.set(peer.id, id);
      await this.call('dm', {
        id,
        kind: 'skdist',
        parts: [{ to: peer.id, body: ratchetBody(this, peer, id, this.chain.distribution()) }],
      });
    }
  }

  /** True once member `id` acknowledged our current chain (an authenticated ok receipt for its `skdist`). */
  holds(id: string): boolean {
    const dist = this.given.get(id);
    return (
      dist !== undefined &&
      this.receipts.some((r) => r.from === id && r.id === dist && r.ok && r.authenticated)
    );
  }

  /** One `bcast` of kind `skmsg` for the holders; the others get the message pairwise (same id). */
  async broadcast(text: string): Promise<string> {
    if (!this.chain) throw new Error('distribute first');
    const id = newId('iv2b');
    const body = this.chain.encrypt(this.room, this.me, id, plaintextOf(text));
    const ack = await this.call('bcast', { id, kind: 'skmsg', body });
    if (!ack.ok) throw new Error(`bcast refused: ${JSON.stringify(ack)}`);
    const others = this.targets().filter((p) => !(p.pair?.version === 2 && this.holds(p.id)));
    if (others.length) await this.emitParts(id, this.pairwise(id, text, others));
    return id;
  }

  /** Hold incoming `dm`/`bcast` events until {@link release} (to reorder what the relay delivered). */
  hold(): void {
    this.inbox ??= [];
  }

  /** Process the held events, last first when `reverse`; returns how many there were. */
  release(reverse = true): number {
    const held = this.inbox ?? [];
    delete this.inbox;
    for (const [event, d] of reverse ? [...held].reverse() : held) this.handle(event, d);
    return held.length;
  }

  /** How many events are held. */
  get heldCount(): number {
    return this.inbox?.length ?? 0;
  }

  /** Emit a `dm` with one part (InboundContext). */
  emitDm(id: string, kind: string, to: string, body: unknown): void {
    this.socket.emit('dm', { id, kind, parts: [{ to, body }] });
  }

  /** Leave and close. */
  close(): void {
    this.socket.disconnect();
  }

  /** Emit a client→server event and wait for its ack. */
  call(event: string, payload: unknown): Promise<Ack> {
    return this.socket.timeout(3000).emitWithAck(event, payload) as Promise<Ack>;
  }

  /** A key announcement: a new key is a new pair; if we have a sender chain, that member gets it again. */
  keyOf(from: string, key: { curve?: unknown; pub?: unknown; v?: unknown }): void {
    if (this.book.announced(from, key) && this.chain) {
      this.given.delete(from);
      this.distributeLater();
    }
  }

  /** Distribute from an event handler; a failure (the socket closed) is recorded, never thrown. */
  private distributeLater(): void {
    this.distribute().catch((err: unknown) =>
      push(this.refused, { from: this.me, id: '', kind: 'skdist', why: `not sent: ${String(err)}` }),
    );
  }

  private left(id: string): void {
    this.book.peers.delete(id);
    onLeft(this, id);
    if (this.chain) {
      // "Joins and leaves": a leave rotates our chain; everyone still there gets the new one.
      this.chain = new SenderChainV2();
      this.given.clear();
      this.distributeLater();
    }
  }

  private deliver(event: 'dm' | 'bcast', d: Delivery): void {
    if (this.inbox) {
      if (this.inbox.length < 1000) this.inbox.push([event, d]);
      return;
    }
    this.handle(event, d);
  }

  private handle(event: 'dm' | 'bcast', d: Delivery): void {
    if (typeof d !== 'object' || d === null || typeof d.from !== 'string' || typeof d.id !== 'string') return;
    if (event === 'dm') onDm(this, d);
    else onBcast(this, d);
  }

  private targets(to?: string[]): Peer[] {
    const all = [...this.book.peers.values()].filter((p) => p.pair);
    return to ? all.filter((p) => to.includes(p.id)) : all;
  }

  /** One part list per kind: `ratchet` for v2 pairs, `msg` for v1 pairs. */
  private pairwise(
    id: string,
    text: string,
    peers: Peer[],
  ): { kind: string; parts: { to: string; body: unknown }[] }[] {
    const json = { type: 'text', text, ts: Date.now() };
    const pt = utf8(JSON.stringify(json));
    const ratchet = peers
      .filter((p) => p.pair!.version === 2)
      .map((p) => ({ to: p.id, body: ratchetBody(this, p, id, json) }));
    const msg = peers
      .filter((p) => p.pair!.version === 1)
      .map((p) => ({ to: p.id, body: v1Body(this, p, id, pt) }));
    return [
      ...(ratchet.length ? [{ kind: 'ratchet', parts: ratchet }] : []),
      ...(msg.length ? [{ kind: 'msg', parts: msg }] : []),
    ];
  }

  private async emitParts(
    id: string,
    dms: { kind: string; parts: { to: string; body: unknown }[] }[],
  ): Promise<void> {
    if (this.sentBodies.size >= 1000) this.sentBodies.delete(this.sentBodies.keys().next().value!);
    this.sentBodies.set(id, dms);
    for (const d of dms) {
      const ack = await this.call('dm', { id, ...d });
      if (!ack.ok) throw new Error(`dm refused: ${JSON.stringify(ack)}`);
    }
  }
}

// Independent v2 client (docs/protocol.md only): one pair's Double Ratchet — initiator rule, RatchetEncrypt,
// RatchetDecrypt on a copy of the state, skipped keys within MAX_SKIP / MAX_SKIPPED_KEYS, and a trace of every
// derived value in the shape of docs/vectors/ratchet-*.json.
import { hex, sameBytes } from './bytes.js';
import type { PairMaterial } from './channel.js';
import { aesGcmOpen, aesGcmSeal, type CurveId, dh, type KeyPair } from './primitives.js';
import {
  type Binding,
  expandMk,
  type Header,
  kdfCk,
  kdfRk,
  MAX_COUNTER,
  ratchetAad,
  skipKey,
} from './ratchet-kdf.js';

/** `MAX_SKIP`: skipped keys one message may make the receiver store in one chain. */
export const MAX_SKIP = 1000;
/** `MAX_SKIPPED_KEYS`: skipped keys held over all chains. */
export const MAX_SKIPPED_KEYS = 2000;

/** The refusal codes of "v2: Double Ratchet", Errors. */
export type RatchetCode =
  | 'bad-envelope'
  | 'same-key'
  | 'too-many-skipped'
  | 'duplicate'
  | 'bad-ratchet-key'
  | 'auth-failed'
  | 'no-receiving-chain'
  | 'counter-overflow';

/** A refusal; the state is unchanged. */
export class RatchetRefusal extends Error {
  /** Make a refusal with its code. */
  constructor(readonly code: RatchetCode) {
    super(code);
  }
}

/** One derived value set, as the vectors list them (hex). */
export type TraceEntry = Record<string, string | number>;

interface State {
  rk: Uint8Array;
  dhs: KeyPair;
  dhr: Uint8Array;
  cks?: Uint8Array;
  ckr?: Uint8Array;
  ns: number;
  nr: number;
  pn: number;
  step: number;
  /** Skipped keys by (dh, n): a list, since a toy-curve chain may reuse an old ratchet key (docs/protocol.md). */
  skipped: Map<string, Uint8Array[]>;
}

/** How a ratchet is made: the curve, both v1 key pairs' material, and where new ratchet keys come from. */
export interface RatchetInit {
  readonly curve: CurveId;
  readonly ownV1: KeyPair;
  readonly peerV1: Uint8Array;
  readonly material: PairMaterial;
  /** `GENERATE()`'s source of fresh key pairs (fixed ones for the vectors). */
  readonly generate: () => KeyPair;
  /** Who "by" is in the trace. */
  readonly traceAs?: string;
}

/** One pair's Double Ratchet as docs/protocol.md "v2: Double Ratchet" defines it. */
export class IndependentRatchet {
  /** Every derived value, in order (only for operations that succeeded). */
  readonly trace: TraceEntry[] = [];
  /** True when this side is the initiator (its v1 key is `lo`). */
  readonly initiator: boolean;
  private s: State;

  /** Start the ratchet with the initiator rule; throws `same-key` when both v1 keys are equal. */
  constructor(private readonly init: RatchetInit) {
    const { ownV1, peerV1, material } = init;
    if (sameBytes(ownV1.pub, peerV1)) throw new RatchetRefusal('same-key');
    this.initiator = sameBytes(material.lo, ownV1.pub);
    const out: TraceEntry[] = [];
    const first = this.root(out, 0, 'sending', material.rk0, ownV1, peerV1, material.z);
    if (this.initiator) {
      this.s = {
        rk: first.rk,
        dhs: ownV1,
        dhr: peerV1,
        cks: first.ck,
        ns: 0,
        nr: 0,
        pn: 0,
        step: 1,
        skipped: new Map(),
      };
    } else {
      out[0]!.starts = 'receiving';
      const dhs = this.fresh(ownV1);
      const second = this.root(out, 1, 'sending', first.rk, dhs, peerV1, dh(init.curve, dhs.priv, peerV1));
      this.s = {
        rk: second.rk,
        dhs,
        dhr: peerV1,
        ckr: first.ck,
        cks: second.ck,
        ns: 0,
        nr: 0,
        pn: 0,
        step: 2,
        skipped: new Map(),
      };
    }
    this.trace.push(...out);
  }

  /** RatchetEncrypt: the header and ciphertext ‖ tag of `plaintext` bound to `b`. */
  encrypt(plaintext: Uint8Array, b: Binding): { h: Header; ct: Uint8Array } {
    const s = this.s;
    if (!s.cks) throw new RatchetRefusal('no-receiving-chain'); // never: both sides start with a sending chain
    if (s.ns >= MAX_COUNTER) throw new RatchetRefusal('counter-overflow');
    const out: TraceEntry[] = [];
    const { mk, next } = this.chain(out, 'sending', s.ns, s.cks);
    const h: Header = { dh: s.dhs.pub, pn: s.pn, n: s.ns };
    const ct = this.seal(out, mk, h, b, plaintext);
    s.cks = next;
    s.ns += 1;
    this.trace.push(...out);
    return { h, ct };
  }

  /** RatchetDecrypt on a copy of the state, kept only when the tag verifies; throws a RatchetRefusal otherwise. */
  decrypt(h: Header, ct: Uint8Array, b: Binding): Uint8Array {
    const out: TraceEntry[] = [];
    const held = this.s.skipped.get(skipKey(h.dh, h.n)) ?? [];
    for (const stored of held) {
      const pt = this.open(out, stored, h, b, ct);
      if (pt) {
        const rest = held.filter((k) => k !== stored);
        if (rest.length) this.s.skipped.set(skipKey(h.dh, h.n), rest);
        else this.s.skipped.delete(skipKey(h.dh, h.n));
        this.trace.push(...out);
        return pt;
      }
      out.length = 0;
    }
    const s: State = { ...this.s, skipped: new Map([...this.s.skipped].map(([k, v]) => [k, [...v]])) };
    if (sameBytes(h.dh, s.dhr)) {
      if (!s.ckr) throw new RatchetRefusal('no-receiving-chain');
      if (h.n < s.nr) throw new RatchetRefusal('duplicate');
    } else {
      this.skip(out, s, h.pn);
      let dhOut: Uint8Array;
      try {
        dhOut = dh(this.init.curve, s.dhs.priv, h.dh);
      } catch {
        throw new RatchetRefusal('bad-ratchet-key');
      }
      s.pn = s.ns;
      s.ns = 0;
      s.nr = 0;
      s.dhr = h.dh;
      const r1 = this.root(out, s.step++, 'receiving', s.rk, s.dhs, s.dhr, dhOut);
      s.ckr = r1.ck;
      s.dhs = this.fresh(s.dhs);
      const r2 = this.root(
        out,
        s.step++,
        'sending',
        r1.rk,
        s.dhs,
        s.dhr,
        dh(this.init.curve, s.dhs.priv, s.dhr),
      );
      s.rk = r2.rk;
      s.cks = r2.ck;
    }
    this.skip(out, s, h.n);
    const { mk, next } = this.chain(out, 'receiving', s.nr, s.ckr!);
    s.ckr = next;
    s.nr += 1;
    const pt = this.open(out, mk, h, b, ct);
    if (!pt) throw new RatchetRefusal('auth-failed');
    this.s = s;
    this.trace.push(...out);
    return pt;
  }

  /** How many skipped keys are held (bounded by MAX_SKIPPED_KEYS). */
  get skippedCount(): number {
    return [...this.s.skipped.values()].flat().length;
  }

  /** Store the skipped keys of the current receiving chain up to `until`, within the bounds. */
  private skip(out: TraceEntry[], s: State, until: number): void {
    if (!s.ckr) return;
    if (until > s.nr + MAX_SKIP) throw new RatchetRefusal('too-many-skipped');
    const held = [...s.skipped.values()].flat().length;
    if (held + Math.max(0, until - s.nr) > MAX_SKIPPED_KEYS) throw new RatchetRefusal('too-many-skipped');
    while (s.nr < until) {
      const { mk, next } = this.chain(out, 'receiving', s.nr, s.ckr);
      s.skipped.set(skipKey(s.dhr, s.nr), [...(s.skipped.get(skipKey(s.dhr, s.nr)) ?? []), mk]);
      s.ckr = next;
      s.nr += 1;
    }
  }

  /** `GENERATE()`: a fresh pair whose public key differs from `old`'s. */
  private fresh(old: KeyPair): KeyPair {
    for (;;) {
      const pair = this.init.generate();
      if (!sameBytes(pair.pub, old.pub)) return pair;
    }
  }

  private root(
    out: TraceEntry[],
    step: number,
    starts: string,
    rk: Uint8Array,
    own: KeyPair,
    peer: Uint8Array,
    dhOut: Uint8Array,
  ) {
    const r = kdfRk(rk, dhOut);
    out.push({
      ...this.by(),
      type: 'root',
      step,
      starts,
      own: hex(own.pub),
      peer: hex(peer),
      dhOut: hex(dhOut),
      rootKey: hex(r.rk),
      chainKey: hex(r.ck),
    });
    return r;
  }

  private chain(out: TraceEntry[], direction: string, n: number, ck: Uint8Array) {
    const r = kdfCk(ck);
    out.push({
      ...this.by(),
      type: 'chain',
      direction,
      n,
      chainKey: hex(ck),
      messageKey: hex(r.mk),
      nextChainKey: hex(r.next),
    });
    return r;
  }

  private seal(out: TraceEntry[], mk: Uint8Array, h: Header, b: Binding, pt: Uint8Array): Uint8Array {
    const { key, iv } = expandMk(mk);
    const aad = ratchetAad(b, h);
    const ct = aesGcmSeal(key, iv, aad, pt);
    out.push({
      ...this.by(),
      type: 'message',
      n: h.n,
      messageKey: hex(mk),
      aesKey: hex(key),
      iv: hex(iv),
      aad: hex(aad),
      ct: hex(ct),
    });
    return ct;
  }

  private open(
    out: TraceEntry[],
    mk: Uint8Array,
    h: Header,
    b: Binding,
    ct: Uint8Array,
  ): Uint8Array | undefined {
    const { key, iv } = expandMk(mk);
    const aad = ratchetAad(b, h);
    try {
      const pt = aesGcmOpen(key, iv, aad, ct);
      out.push({
        ...this.by(),
        type: 'message',
        n: h.n,
        messageKey: hex(mk),
        aesKey: hex(key),
        iv: hex(iv),
        aad: hex(aad),
        ct: hex(ct),
      });
      return pt;
    } catch {
      return undefined;
    }
  }

  private by(): TraceEntry {
    return this.init.traceAs ? { by: this.init.traceAs } : {};
  }
}

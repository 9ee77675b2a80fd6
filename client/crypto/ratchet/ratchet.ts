// DoubleRatchet: one pair's v2 session; serialised calls, try on a copy then commit, public snapshots, the "compromise" export.
import type { CurveId, MsgPlaintext } from '../../../common/wire.js';
import { utf8 } from '../bytes.js';
import type { KeyAgreement } from '../key-agreement.js';
import { parsePlaintext } from '../message.js';
import {
  parseWireBody,
  toWireBody,
  type MessageBinding,
  type RatchetHeader,
  type RatchetWireBody,
} from './header.js';
import { buildSnapshot, type RatchetSnapshot } from './snapshot.js';
import {
  MAX_SKIP,
  MAX_SKIPPED_KEYS,
  cloneState,
  initialState,
  pushBounded,
  skipId,
  type RatchetState,
} from './state.js';
import {
  decryptStep,
  encryptStep,
  rootStep,
  type KeyPath,
  type StepContext,
  type TraceEvent,
} from './steps.js';

/** Transcript entries kept for the compromise view (public wire data only). */
export const MAX_TRANSCRIPT = 256;

/** How to start a pair's ratchet. */
export interface RatchetOptions {
  /** Our v1 key pair (the one announced with `key`). */
  readonly own: KeyAgreement;
  /** The peer's v1 raw public key as announced. */
  readonly peerPub: Uint8Array;
  /** Room name (goes into the root seed's info). */
  readonly room: string;
  /** The room passphrase key P, in a passphrase room: appended to RK0's salt exactly as to v1's (secret). */
  readonly passphrase?: Uint8Array;
  /** Fresh ratchet key pairs on the room's curve (a KeyAgreementProvider's generate; tests inject fixed keys). */
  readonly generate: () => Promise<KeyAgreement>;
  /** Override MAX_SKIP (tests). */
  readonly maxSkip?: number;
  /** Override MAX_SKIPPED_KEYS (tests). */
  readonly maxSkippedKeys?: number;
  /** Deterministic vector mode only: receives every derived secret. */
  readonly trace?: (e: TraceEvent) => void;
}

/** One processed message as a passive eavesdropper saw it on the wire, in this side's processing order. */
export interface TranscriptEntry {
  /** Position in this side's sequence of processed messages (0-based, never reused). */
  readonly index: number;
  /** Whether we sent or received it. */
  readonly direction: 'sent' | 'received';
  /** The AAD binding (room, from, to, id). */
  readonly binding: MessageBinding;
  /** The header as sent. */
  readonly header: RatchetHeader;
  /** Ciphertext ‖ tag. */
  readonly ct: Uint8Array;
  /** The plaintext's JSON `type` ("text", "receipt", "sender-key"), when it has a short one: what the view calls it. */
  readonly type?: string;
}

/** The `type` field of a JSON plaintext object, if it is a string of at most 32 characters. */
export function plaintextType(plaintext: Uint8Array): string | undefined {
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(plaintext));
    if (typeof v !== 'object' || v === null) return undefined;
    const t = (v as { type?: unknown }).type;
    return typeof t === 'string' && t.length <= 32 ? t : undefined;
  } catch {
    return undefined;
  }
}

/** A copy of the full SECRET state at one moment, for the teaching view's attacker only (never sent, never shown). */
export interface StolenState {
  /** Index of the first message processed after the theft. */
  readonly at: number;
  /** Deep copy of the secret state. */
  readonly state: RatchetState;
}

/** What encrypt returns: the header, the ciphertext and the `ratchet` dm body. */
export interface RatchetEncrypted {
  /** Header {dh, pn, n}. */
  readonly header: RatchetHeader;
  /** Ciphertext ‖ tag. */
  readonly ct: Uint8Array;
  /** Wire body `{ h, ct }`. */
  readonly body: RatchetWireBody;
}

/** One pair's Double Ratchet (docs/protocol.md, "v2: Double Ratchet"). Every failed call leaves it unchanged. */
export class DoubleRatchet {
  private queue: Promise<unknown> = Promise.resolve();
  private processed = 0;
  private readonly log: TranscriptEntry[] = [];

  private constructor(
    private state: RatchetState,
    private readonly ctx: StepContext,
  ) {}

  /** Start a pair's ratchet from the v1 keys (initiator rule and initial state in docs/protocol.md). */
  static async create(options: RatchetOptions): Promise<DoubleRatchet> {
    const ctx: StepContext = {
      generate: options.generate,
      maxSkip: options.maxSkip ?? MAX_SKIP,
      maxSkippedKeys: options.maxSkippedKeys ?? MAX_SKIPPED_KEYS,
      trace: options.trace,
    };
    const { state, init } = await initialState(
      options.own,
      options.peerPub,
      options.room,
      options.generate,
      options.passphrase,
    );
    // Record the initial root links (and trace them) by replaying them onto a scratch copy of the root chain.
    const scratch = cloneState(state);
    scratch.rootSteps = 0;
    let prev = init.rk0;
    for (const step of init.steps) {
      await rootStep(scratch, ctx, step.starts, step.own, step.peer, step.dhOut, prev);
      prev = step.rootKey;
    }
    state.rootLinks = scratch.rootLinks;
    return new DoubleRatchet(state, ctx);
  }

  /** The room's curve. */
  get curve(): CurveId {
    return this.state.curve;
  }

  /** Run one operation on a copy of the state, strictly one after another; commit the copy only on success. */
  private run<T>(op: (s: RatchetState) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      const copy = cloneState(this.state);
      const result = await op(copy);
      this.state = copy;
      return result;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private record(
    direction: 'sent' | 'received',
    binding: MessageBinding,
    header: RatchetHeader,
    ct: Uint8Array,
    plaintext: Uint8Array,
  ): void {
    const type = plaintextType(plaintext);
    const entry = { index: this.processed++, direction, binding, header, ct, ...(type ? { type } : {}) };
    pushBounded(this.log, entry, MAX_TRANSCRIPT);
  }

  /** Encrypt plaintext bytes for the peer under the next sending key. */
  encryptBytes(plaintext: Uint8Array, binding: MessageBinding): Promise<RatchetEncrypted> {
    return this.run(async (s) => {
      const { header, ct } = await encryptStep(s, this.ctx, plaintext, binding);
      this.record('sent', binding, header, ct, plaintext);
      return { header, ct, body: toWireBody(header, ct) };
    });
  }

  /** Encrypt a string's UTF-8 bytes as they are (tests and vectors; chat messages use encryptMessage). */
  encrypt(text: string, binding: MessageBinding): Promise<RatchetEncrypted> {
    return this.encryptBytes(utf8(text), binding);
  }

  /** Encrypt a chat message as the v1 plaintext JSON `{"type":"text","text","ts"}` (docs/protocol.md §5 step 5). */
  encryptMessage(text: string, ts: number, binding: MessageBinding): Promise<RatchetEncrypted> {
    const plaintext: MsgPlaintext = { type: 'text', text, ts };
    return this.encryptBytes(utf8(JSON.stringify(plaintext)), binding);
  }

  /**
   * Decrypt a `ratchet` dm body and check its plaintext like §5 step 6. A plaintext that fails the check throws
   * MessageError('bad-plaintext') after the ratchet has advanced: the message was authentic, only its content is refused.
   */
  async decryptMessage(
    body: unknown,
    binding: MessageBinding,
  ): Promise<{ message: MsgPlaintext; path: KeyPath }> {
    const { plaintext, path } = await this.decryptBody(body, binding);
    return { message: parsePlaintext(plaintext), path };
  }

  /** Decrypt one message; throws RatchetError and leaves the state unchanged on any failure. */
  decrypt(
    header: RatchetHeader,
    ct: Uint8Array,
    binding: MessageBinding,
  ): Promise<{ plaintext: Uint8Array; path: KeyPath }> {
    return this.run(async (s) => {
      const out = await decryptStep(s, this.ctx, header, ct, binding);
      this.record('received', binding, header, ct, out.plaintext);
      return out;
    });
  }

  /** Parse a `ratchet` dm body (RatchetError('bad-envelope') when malformed) and decrypt it. */
  decryptBody(body: unknown, binding: MessageBinding): Promise<{ plaintext: Uint8Array; path: KeyPath }> {
    let parsed: { header: RatchetHeader; ct: Uint8Array };
    try {
      parsed = parseWireBody(this.state.curve, body);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.decrypt(parsed.header, parsed.ct, binding);
  }

  /** Public-only snapshot: ratchet public keys, counters, fingerprints per link. Safe to show and to publish. */
  snapshot(): RatchetSnapshot {
    return buildSnapshot(this.state);
  }

  /** The processed messages (public wire data), oldest first, at most MAX_TRANSCRIPT. */
  transcript(): readonly TranscriptEntry[] {
    return [...this.log];
  }

  /** SECRET: a copy of the whole state now, for the "compromise now" teaching view only (compromise.ts). */
  compromise(): StolenState {
    return { at: this.processed, state: cloneState(this.state) };
  }

  /**
   * SECRET: {@link compromise} after the operations already queued, so the copy and its `at` always describe the same
   * moment (a message counted in `at` is always inside the copied state). The live state is not changed.
   */
  compromiseWhenIdle(): Promise<StolenState> {
    const next = this.queue.then(() => this.compromise());
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Whether a message key for (ratchet key, n) is still stored (tests of key deletion). */
  holdsSkippedKey(dh: Uint8Array, n: number): boolean {
    return (this.state.skipped.get(skipId(dh, n))?.length ?? 0) > 0;
  }
}

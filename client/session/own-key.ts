// Our own key pair: the curve picked for it, generating it, and announcing its public key to the room.
import type { Limits } from '../../common/limits.js';
import { isCurveId, type CurveId } from '../../common/wire.js';
import { generateKeyAgreement } from '../crypto/ecdh.js';
import { NoSecureChannelError } from '../crypto/errors.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import { describeFailure, readAck, type AckResult } from './ack-errors.js';
import {
  AckedEmit,
  DEFAULT_ACK_RETRY,
  type AckedEmitClock,
  type AckedProgress,
  type AckRetryPolicy,
} from './acked-emit.js';
import type { MembershipState } from './membership.js';
import { request } from './relay-socket.js';
import type { KeyAnnouncementView, LogEntry, MyKeyView } from './types.js';
import { myKeyView } from './views.js';

/** What the own key needs from the session that owns it. */
export interface OwnKeyHost {
  /** The live membership: current socket and whether it has joined. */
  readonly membership: Readonly<MembershipState>;
  /** Our key pair changed: re-derive with every peer. */
  keyChanged(): void;
  /** Append an activity log line. */
  log(level: LogEntry['level'], text: string): void;
  /** The visible state changed. */
  changed(): void;
}

/** Settings of the own key. */
export interface OwnKeyOptions {
  /** Initial curve selection. */
  curve: CurveId;
  /** Clock (ms since epoch) for the key's creation time. */
  now: () => number;
  /** Limits, for plain-language errors. */
  limits: Limits;
  /** How long to wait for the announcement's ack. */
  ackTimeoutMs: number;
  /** How a refused announcement is retried (acked-emit.ts; default DEFAULT_ACK_RETRY). */
  retry?: Partial<AckRetryPolicy> | undefined;
  /** Timers and randomness of the retries (tests only). */
  clock?: AckedEmitClock;
  /** Protocol versions announced as `v` with the key (docs/protocol.md "v2: version negotiation"); `[1]` sends no `v`. */
  versions?: readonly number[];
}

/** The selected curve and our current key pair, announced to the room whenever we are joined. */
export class OwnKey {
  private selected: CurveId;
  private pair?: { key: KeyAgreement; view: MyKeyView };
  /** The `key` event of the current pair, sent until the relay acknowledges it. */
  private readonly announcer: AckedEmit;

  /** Start with `opts.curve` selected and no key pair. */
  constructor(
    private readonly host: OwnKeyHost,
    private readonly opts: OwnKeyOptions,
  ) {
    this.selected = opts.curve;
    const retry = { ...DEFAULT_ACK_RETRY, ...opts.retry };
    this.announcer = new AckedEmit(retry, (p) => this.progress(p), opts.clock);
  }

  /** The curve the next generate() uses. */
  get curve(): CurveId {
    return this.selected;
  }

  /** Our current key pair, if generated. */
  get key(): KeyAgreement | undefined {
    return this.pair?.key;
  }

  /** The UI view of our current key pair. */
  get view(): MyKeyView | undefined {
    return this.pair?.view;
  }

  /** Selects the curve for the next generate(); ignores unknown curve ids. */
  select(curve: CurveId): void {
    if (!isCurveId(curve)) return;
    this.selected = curve;
    this.host.changed();
  }

  /** Generates a key pair on the selected curve, announces it and has every peer re-derived. */
  async generate(): Promise<void> {
    const curve = this.selected;
    let key: KeyAgreement;
    try {
      key = await generateKeyAgreement(curve);
    } catch (e) {
      const reason =
        e instanceof NoSecureChannelError ? e.reason : e instanceof Error ? e.message : String(e);
      this.host.log('error', `Could not generate a ${curve} key pair: ${reason}`);
      throw new Error(`Could not generate a ${curve} key pair: ${reason}`, { cause: e });
    }
    this.pair = { key, view: myKeyView(key, this.opts.now()) };
    this.host.log(
      'info',
      `Generated a ${curve} key pair: private scalar d chosen, public point Q = d×G computed`,
    );
    this.host.changed();
    this.announce();
    this.host.keyChanged();
  }

  /** Where the announcement of the current pair stands (none before the first announcement). */
  get announcement(): KeyAnnouncementView | undefined {
    const p = this.announcer.progress;
    if (!p) return undefined;
    const { refusals, maxTries } = p;
    const reason = p.failure ? this.describe(p) : undefined;
    const state = p.phase === 'acked' ? 'announced' : p.phase === 'sending' ? 'announcing' : p.phase;
    return { state, refusals, maxTries, ...(reason !== undefined ? { reason } : {}) };
  }

  /**
   * Sends our public key to the room (`key`), retried with back-off while the relay refuses it (acked-emit.ts);
   * a newer call (a new pair, a re-join) supersedes an older one. No-op without a key.
   */
  announce(): void {
    const m = this.host.membership;
    const key = this.pair?.key;
    const pub = this.pair?.view.pub;
    if (!key || !pub) return;
    const send = async (): Promise<AckResult<unknown>> => {
      const socket = m.socket;
      if (!socket || !m.joined) return { ok: false, failure: { code: 'disconnected', message: '' } };
      const v = this.opts.versions;
      const payload =
        v && !(v.length === 1 && v[0] === 1)
          ? { curve: key.curve, pub, v: [...v] }
          : { curve: key.curve, pub };
      return readAck(await request(socket, 'key', payload, this.opts.ackTimeoutMs));
    };
    this.announcer.start(send);
  }

  /** Log each step of the announcement and refresh the view. */
  private progress(p: AckedProgress): void {
    const key = this.pair?.key;
    if (p.phase === 'acked' && key) {
      const after =
        p.refusals > 0 ? ` after ${p.refusals} refused ${p.refusals === 1 ? 'try' : 'tries'}` : '';
      this.host.log(
        'info',
        `Announced your ${key.curve} public key (${key.publicRaw.length} bytes) to the room${after}`,
      );
    } else if (p.phase === 'retrying')
      this.host.log(
        'warn',
        `The relay did not take your public key: ${this.describe(p)} Trying again by itself (retry ${p.refusals} of ${p.maxTries - 1}).`,
      );
    else if (p.phase === 'failed')
      this.host.log(
        'error',
        `Could not announce your public key: ${this.describe(p)} Members keep your old key (or none) until it is announced.`,
      );
    this.host.changed();
  }

  private describe(p: AckedProgress): string {
    return p.failure ? describeFailure(p.failure, this.opts.limits.maxRoomMembers) : '';
  }

  /**
   * Forgets the key pair and stops announcing it (the membership ended): the next room starts without a key,
   * so it never silently receives the public key of the room before (issue 9).
   */
  forget(): void {
    this.announcer.stop();
    if (!this.pair) return;
    this.pair = undefined;
    this.host.log('info', 'Forgot your key pair on leaving: the next room you join gets a new one');
    this.host.changed();
  }

  /** Our private scalar in hex (empty without a key), to keep it out of public steps. */
  secretsHex(): string[] {
    return this.pair ? [this.pair.key.privateHex] : [];
  }
}

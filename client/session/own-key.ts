// Our own key pair: the curve picked for it, generating it, and announcing its public key to the room.
import type { Limits } from '../../common/limits.js';
import { isCurveId, type CurveId } from '../../common/wire.js';
import { generateKeyAgreement } from '../crypto/ecdh.js';
import { NoSecureChannelError } from '../crypto/errors.js';
import type { KeyAgreement } from '../crypto/key-agreement.js';
import { describeFailure, readAck } from './ack-errors.js';
import type { MembershipState } from './membership.js';
import { request } from './relay-socket.js';
import type { LogEntry, MyKeyView } from './types.js';
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
}

/** The selected curve and our current key pair, announced to the room whenever we are joined. */
export class OwnKey {
  private selected: CurveId;
  private pair?: { key: KeyAgreement; view: MyKeyView };

  /** Start with `opts.curve` selected and no key pair. */
  constructor(
    private readonly host: OwnKeyHost,
    private readonly opts: OwnKeyOptions,
  ) {
    this.selected = opts.curve;
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
    void this.announce();
    this.host.keyChanged();
  }

  /** Sends our public key to the room (`key`) when joined and logs the outcome; no-op without a key. */
  async announce(): Promise<void> {
    const m = this.host.membership;
    const socket = m.socket;
    const key = this.pair?.key;
    const pub = this.pair?.view.pub;
    if (!socket || !key || !pub || !m.joined) return;
    const ack = readAck(await request(socket, 'key', { curve: key.curve, pub }, this.opts.ackTimeoutMs));
    if (socket !== m.socket || key !== this.pair?.key) return;
    if (ack.ok)
      this.host.log(
        'info',
        `Announced your ${key.curve} public key (${key.publicRaw.length} bytes) to the room`,
      );
    else
      this.host.log(
        'error',
        `Could not announce your public key: ${describeFailure(ack.failure, this.opts.limits.maxRoomMembers)}`,
      );
    this.host.changed();
  }

  /** Our private scalar in hex (empty without a key), to keep it out of public steps. */
  secretsHex(): string[] {
    return this.pair ? [this.pair.key.privateHex] : [];
  }
}

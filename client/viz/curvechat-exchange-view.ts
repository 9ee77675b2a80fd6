// <curvechat-exchange-view>: both sides of ECDH landing on the same point, then HKDF and AES-GCM boxes fed from the session.
import { LitElement, html } from 'lit';
import { customElement, property, queryAll, state } from 'lit/decorators.js';
import { TOY_CURVES, type ToyCurveId } from '../../common/wire.js';
import { bytesToHex } from '../math/bytes.js';
import { encodePoint } from '../math/weierstrass.js';
import { randomScalar } from '../math/toy.js';
import type { PeerView, SessionState } from '../session/types.js';
import { fontSizeOf } from './canvas.js';
import { drawExchange } from './exchange-draw.js';
import { exchangeStyles } from './exchange-styles.js';
import { pipelineBoxes, realPair, toyPair } from './exchange-templates.js';
import {
  isToy,
  recheckHkdf,
  toyExchange,
  toyExchangeFromRoom,
  toyZHex,
  type HkdfRecheck,
  type ToyExchange,
} from './model/exchange-model.js';
import { exchangePeer, exchangeSteps, latestWire } from './model/exchange-session.js';
import { WidthController } from './sizing.js';
import { StepController } from './step-controller.js';
import { vizStyles } from './styles.js';
import type { FollowStep } from './view-step.js';

/**
 * The exchange as both members see it. On a toy curve both d×Q computations
 * are drawn and land on the same point (in a room the peer's d is recovered by
 * BSGS, which only a toy curve allows); on a real curve the engine recomputes
 * our Z and compares it with WebCrypto's. Then HKDF (salt, info, key
 * fingerprint, each recomputed independently) and AES-GCM (IV, ciphertext,
 * tag) boxes fill in from the session as messages are sent. Without a session
 * (or without a peer) it runs a demo between two toy keys.
 */
@customElement('curvechat-exchange-view')
export class ExchangeView extends LitElement {
  /** The room session's state (optional: a toy demo runs without it). */
  @property({ attribute: false }) state: SessionState | undefined;
  /** A presenter's step to take (presenter mode; applied when a new object arrives). */
  @property({ attribute: false }) followStep: FollowStep | undefined;
  @state() private peerId = '';
  @state() private demoCurve: ToyCurveId = 'toy-17';
  @state() private demoKeys: [bigint, bigint] = [3n, 10n];
  @state() private hkdf: HkdfRecheck | undefined;
  @queryAll('canvas') private canvases!: NodeListOf<HTMLCanvasElement>;
  private sizer = new WidthController(this, () => this.draw(), '.pair > div');
  /** Toy scalars of members appear in the captions: only the position is shared. */
  private stepper: StepController = new StepController(this, {
    view: 'exchange',
    follow: () => this.followStep,
    count: () => this.steps.length,
    publish: () => {
      const total = Math.max(1, this.steps.length);
      return { step: { view: 'exchange', index: Math.min(this.stepper.index, total - 1), total } };
    },
  });
  private hkdfFor = '';
  private toyCache = new Map<string, ToyExchange>();

  static override styles = [vizStyles, exchangeStyles];

  private get peer(): PeerView | undefined {
    return exchangePeer(this.state, this.peerId);
  }

  private get toy(): ToyExchange | undefined {
    const s = this.state;
    const peer = this.peer;
    if (s?.myKey && peer?.key) {
      if (!isToy(s.myKey.curve)) return undefined;
      const k = `${s.myKey.pubHex}:${peer.key.pubHex}`;
      if (!this.toyCache.has(k)) {
        this.toyCache.set(
          k,
          toyExchangeFromRoom(s.myKey.curve, s.myKey.privateHex, peer.key.pubHex, [
            s.name ? `${s.name} (you)` : 'You',
            peer.label,
          ]),
        );
      }
      return this.toyCache.get(k);
    }
    return toyExchange(this.demoCurve, ...this.demoKeys);
  }

  override updated(): void {
    this.draw();
    const s = this.state;
    const peer = this.peer;
    const d = peer?.derived;
    if (s?.myKey && peer?.key && d && s.room) {
      const k = `${d.zHex}:${d.saltHex}:${d.keyFingerprint}`;
      if (k !== this.hkdfFor) {
        this.hkdfFor = k;
        void recheckHkdf(d.zHex, s.myKey.pubHex, peer.key.pubHex, s.myKey.curve, s.room, d).then((r) => {
          if (this.hkdfFor === k) this.hkdf = r;
        });
      }
    }
  }

  private draw(): void {
    const ex = this.toy;
    if (!ex || this.sizer.width === 0) return;
    drawExchange(this.canvases, ex, this.sizer.width, fontSizeOf(this), this.stepper.index);
  }

  private get steps(): string[] {
    return exchangeSteps(this.toy);
  }

  override render() {
    const s = this.state;
    const peer = this.peer;
    const ex = this.toy;
    const demo = !peer;
    const zCheck = ex && peer?.derived ? toyZHex(ex, ex.a.S) === peer.derived.zHex.toLowerCase() : undefined;
    const ready = s?.peers.filter((p) => p.derived) ?? [];
    const steps = this.steps;
    const index = this.stepper.index;
    const wire = peer ? latestWire(s?.messages ?? [], peer) : undefined;
    return html`
      <h3>The exchange${demo ? ': a demo between two toy keys' : ` with ${peer.label}`}</h3>
      <div class="controls">
        ${
          demo
            ? html`<label
                  >Toy curve
                  <select
                    @change=${(e: Event) => ((this.demoCurve = (e.target as HTMLSelectElement).value as ToyCurveId), this.newKeys())}
                  >
                    ${TOY_CURVES.map((id) => html`<option value=${id} ?selected=${id === this.demoCurve}>${id}</option>`)}
                  </select></label
                >
                <button @click=${() => this.newKeys()}>New random keys</button>`
            : ready.length > 1
              ? html`<label
                  >Peer
                  <select @change=${(e: Event) => (this.peerId = (e.target as HTMLSelectElement).value)}>
                    ${ready.map((p) => html`<option value=${p.id} ?selected=${p.id === peer.id}>${p.label}</option>`)}
                  </select></label
                >`
              : null
        }
      </div>
      ${ex ? toyPair(ex, index, zCheck) : realPair(s!, peer!, index)}
      ${this.stepper.player('Exchange steps', steps)}
      ${pipelineBoxes(peer, wire, this.hkdf, index, steps.length)}
      ${demo && ex ? html`<p>Demo public keys: ${bytesToHex(encodePoint(ex.curve, ex.a.Q))} and ${bytesToHex(encodePoint(ex.curve, ex.b.Q))} (04 ‖ X ‖ Y).</p>` : null}
    `;
  }

  private newKeys(): void {
    const n = toyExchange(this.demoCurve, 1n, 2n).curve.n;
    this.demoKeys = [randomScalar(n), randomScalar(n)];
    this.stepper.reset(5);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-exchange-view': ExchangeView;
  }
}

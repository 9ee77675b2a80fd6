// <curvechat-exchange-view>: both sides of ECDH landing on the same point, then HKDF and AES-GCM boxes fed from the session.
import { LitElement, html } from 'lit';
import { customElement, property, queryAll, state } from 'lit/decorators.js';
import { TOY_CURVES, type ToyCurveId } from '../../common/wire.js';
import { bytesToHex } from '../math/bytes.js';
import { encodePoint } from '../math/weierstrass.js';
import { randomScalar } from '../math/toy.js';
import { equationText, getToyCurve } from '../math/curves.js';
import { fmtPoint } from './model/format.js';
import type { PeerView, SessionState } from '../session/types.js';
import { fontSizeOf } from './canvas.js';
import { drawCofactor, drawExchange } from './exchange-draw.js';
import {
  commutativityTemplate,
  cofactorTemplate,
  mismatchTemplate,
  xOnlyTemplate,
} from './exchange-lessons.js';
import { exchangeStyles } from './exchange-styles.js';
import { pipelineBoxes, realPair, toyPair } from './exchange-templates.js';
import { cofactorInfo, type CofactorInfo } from './model/exchange-cofactor.js';
import {
  isToy,
  recheckHkdf,
  toyExchange,
  toyExchangeFromRoom,
  toyZHex,
  type HkdfRecheck,
  type ToyExchange,
} from './model/exchange-model.js';
import { exchangePeer, latestWire, mismatchedPeers } from './model/exchange-session.js';
import {
  exchangePlan,
  indexForStage,
  reached,
  stageAt,
  walkAt,
  type ExchangePlan,
} from './model/exchange-stages.js';
import { commutativityTable } from './model/exchange-table.js';
import { xOnly } from './model/exchange-xonly.js';
import { WidthController } from './sizing.js';
import { StepController } from './step-controller.js';
import { vizStyles } from './styles.js';
import { followNote, type FollowStep } from './view-step.js';

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
  @queryAll('.pair canvas') private canvases!: NodeListOf<HTMLCanvasElement>;
  private sizer = new WidthController(this, () => this.draw(), '.pair .grid-box');
  /** Toy scalars of members appear in the captions: only the position is shared. */
  private stepper: StepController = new StepController(this, {
    view: 'exchange',
    follow: () => this.mappedFollow(),
    count: () => this.steps.length,
    animate: (i) => walkAt(this.plan, i)?.step.op !== undefined,
    draw: () => this.draw(),
    publish: () => {
      const total = Math.max(1, this.steps.length);
      const index = Math.min(this.stepper.index, total - 1);
      return { step: { view: 'exchange', index, total, stage: stageAt(this.plan, index) } };
    },
  });
  private planFor: ToyExchange | undefined | null = null;
  private planCache: ExchangePlan | undefined;
  private followFrom: FollowStep | undefined;
  private followTo: FollowStep | undefined;
  private cofactorFor = '';
  private cofactorCache: CofactorInfo | undefined;
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

  /** The exchange's steps in stages (recomputed only when the toy exchange changes). */
  private get plan(): ExchangePlan {
    const ex = this.toy;
    if (this.planFor !== ex || !this.planCache) {
      this.planCache = exchangePlan(ex);
      this.planFor = ex;
    }
    return this.planCache;
  }

  /** The presenter's step mapped to this plan by its stage (walks differ in length when the keys differ). */
  private mappedFollow(): FollowStep | undefined {
    const f = this.followStep;
    if (f !== this.followFrom) {
      this.followFrom = f;
      this.followTo =
        f?.view === 'exchange' && f.stage ? { ...f, index: indexForStage(this.plan, f.stage) } : f;
    }
    return this.followTo;
  }

  /** The cofactor numbers of the shown toy curve, when its cofactor is above 1 (counted once per curve). */
  private cofactor(ex: ToyExchange | undefined): CofactorInfo | undefined {
    if (!ex || ex.curve.id === 'toy-65521') return undefined;
    if (this.cofactorFor !== ex.curve.id) {
      this.cofactorFor = ex.curve.id;
      const info = cofactorInfo(ex.curve);
      this.cofactorCache = info.h > 1n ? info : undefined;
    }
    return this.cofactorCache;
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
    const font = fontSizeOf(this);
    drawExchange(this.canvases, ex, this.sizer.width, font, this.plan, this.stepper.index, this.stepper.t);
    const cof = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.cofactor');
    if (cof && this.cofactor(ex)) drawCofactor(cof, ex.curve, Math.min(this.sizer.width, 520), font);
  }

  private get steps(): string[] {
    return this.plan.steps;
  }

  override render() {
    const s = this.state;
    const peer = this.peer;
    const ex = this.toy;
    const demo = !peer;
    const mismatch = demo ? mismatchedPeers(s) : [];
    if (mismatch.length > 0)
      return html`<h3>The exchange</h3>
        ${mismatchTemplate(s!.myKey!.curve, mismatch)}`;
    const zCheck = ex && peer?.derived ? toyZHex(ex, ex.a.S) === peer.derived.zHex.toLowerCase() : undefined;
    const ready = s?.peers.filter((p) => p.derived) ?? [];
    const steps = this.steps;
    const index = this.stepper.index;
    const wire = peer ? latestWire(s?.messages ?? [], peer) : undefined;
    return html`
      ${this.followLine(steps.length)}
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
      ${ex ? toyPair(ex, this.plan, index, zCheck) : realPair(s!, peer!, index)}
      ${this.stepper.player('Exchange steps', steps)}
      ${ex && reached(this.plan, index, 'same') ? xOnlyTemplate(xOnly(ex.curve, ex.a.S, toyZHex(ex, ex.a.S))) : null}
      ${pipelineBoxes(peer, wire, this.hkdf, index, steps.length)} ${this.lessons(ex)}
      ${demo && ex ? html`<p>Demo public keys: Q_A = ${fmtPoint(ex.a.Q)} (hex ${bytesToHex(encodePoint(ex.curve, ex.a.Q))}) and Q_B = ${fmtPoint(ex.b.Q)} (hex ${bytesToHex(encodePoint(ex.curve, ex.b.Q))}; 04 ‖ X ‖ Y).</p>` : null}
    `;
  }

  /** "You are following Alice: showing your own exchange at Alice's step 7 of 23 (…)." while following. */
  private followLine(total: number) {
    const note = followNote(this.followStep, 'exchange', 'exchange', { index: this.stepper.index, total });
    return note ? html`<p class="following" role="status" data-testid="follow-note">${note}</p>` : null;
  }

  private newKeys(): void {
    const n = toyExchange(this.demoCurve, 1n, 2n).curve.n;
    this.demoKeys = [randomScalar(n), randomScalar(n)];
    this.stepper.reset(0);
  }

  /** The commutativity table (the shown pair marked) and, on a cofactor curve, the cofactor explained. */
  private lessons(ex: ToyExchange | undefined) {
    const curve = ex?.curve ?? getToyCurve('toy-17');
    const pair: [bigint, bigint] | undefined = ex ? [ex.a.d % curve.n, ex.b.d % curve.n] : undefined;
    const note = ex
      ? `The marked cell is this exchange: d_A = ${pair![0]} (${ex.a.name}) and d_B = ${pair![1]} (${ex.b.name}${ex.bRecovered ? ', recovered from their public key' : ''}); its x is the x of S.`
      : 'Your keys are on a real curve, so the table uses toy-17, where every number can be checked by hand.';
    const cof = this.cofactor(ex);
    return html`${commutativityTemplate(commutativityTable(curve, 6, pair), equationText(curve), note)}
    ${cof ? cofactorTemplate(cof, equationText(curve)) : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-exchange-view': ExchangeView;
  }
}

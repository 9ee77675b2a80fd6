// <exchange-view>: both sides of ECDH landing on the same point, then HKDF and AES-GCM boxes fed from the session.
import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, property, queryAll, state } from 'lit/decorators.js';
import { TOY_CURVES, type RealCurveId, type ToyCurveId } from '../../common/wire.js';
import { bytesToHex } from '../math/bytes.js';
import { equationText } from '../math/curves.js';
import { encodePoint } from '../math/weierstrass.js';
import { randomScalar } from '../math/toy.js';
import type { PeerView, SessionState, WireView } from '../session/types.js';
import { fontSizeOf, prepare } from './canvas.js';
import { drawGrid } from './grid-draw.js';
import { fmtPoint, groupHex } from './model/format.js';
import { gridLayout } from './model/grid-layout.js';
import { allPoints, orbitInfo } from './model/grid-steps.js';
import {
  isToy,
  realSharedCheck,
  recheckHkdf,
  toyExchange,
  toyExchangeFromRoom,
  toySteps,
  toyZHex,
  type HkdfRecheck,
  type ToyExchange,
} from './model/exchange-model.js';
import { PALETTE } from './model/palette.js';
import { WidthController } from './sizing.js';
import type { StepChangeDetail } from './step-player.js';
import { vizStyles } from './styles.js';
import './step-player.js';

const mark = (ok: boolean | undefined) =>
  ok === undefined ? null : html`<span class=${ok ? 'ok' : 'bad'}>${ok ? '✓ matches' : '✗ differs'}</span>`;

/**
 * The exchange as both members see it. On a toy curve both d×Q computations
 * are drawn and land on the same point (in a room the peer's d is recovered by
 * BSGS, which only a toy curve allows); on a real curve the engine recomputes
 * our Z and compares it with WebCrypto's. Then HKDF (salt, info, key
 * fingerprint, each recomputed independently) and AES-GCM (IV, ciphertext,
 * tag) boxes fill in from the session as messages are sent. Without a session
 * (or without a peer) it runs a demo between two toy keys.
 */
@customElement('exchange-view')
export class ExchangeView extends LitElement {
  /** The room session's state (optional: a toy demo runs without it). */
  @property({ attribute: false }) state: SessionState | undefined;
  @state() private peerId = '';
  @state() private demoCurve: ToyCurveId = 'toy-17';
  @state() private demoKeys: [bigint, bigint] = [3n, 10n];
  @state() private index = 5;
  @state() private hkdf: HkdfRecheck | undefined;
  @queryAll('canvas') private canvases!: NodeListOf<HTMLCanvasElement>;
  private sizer = new WidthController(this, () => this.draw(), '.pair > div');
  private hkdfFor = '';
  private toyCache = new Map<string, ToyExchange>();

  static override styles = [
    vizStyles,
    css`
      .pair {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
        gap: 1em;
      }
      .boxes {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
        gap: 0.8em;
        margin-top: 1em;
      }
      .box {
        border: 2px solid var(--cc-border, #c8c8c8);
        border-radius: 0.5em;
        padding: 0.6em 0.9em;
      }
      .box.current {
        border-color: #e69f00;
        box-shadow: 0 0 0 2px #e69f00;
      }
      .box h4 {
        margin: 0 0 0.3em;
      }
      .box dl {
        margin: 0;
      }
      .box dd {
        margin: 0 0 0.4em;
      }
      .empty {
        color: var(--cc-muted, #4d5a6a);
        font-style: italic;
      }
    `,
  ];

  private get peer(): PeerView | undefined {
    const s = this.state;
    if (!s?.myKey) return undefined;
    const ready = s.peers.filter((p) => p.key && p.derived && p.key.curve === s.myKey?.curve);
    return ready.find((p) => p.id === this.peerId) ?? ready[0];
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
            `You (${s.name ?? 'me'})`,
            peer.name,
          ]),
        );
      }
      return this.toyCache.get(k);
    }
    return toyExchange(this.demoCurve, ...this.demoKeys);
  }

  private latestWire(peer: PeerView): WireView | undefined {
    const msgs = this.state?.messages ?? [];
    for (let i = msgs.length - 1; i >= 0; i--) {
      const m = msgs[i]!;
      const w = m.outgoing
        ? m.wire.find((x) => x.to === peer.id)
        : m.from === peer.id
          ? m.wire[0]
          : undefined;
      if (w) return w;
    }
    return undefined;
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
    const id = ex.curve.id as ToyCurveId;
    const points = allPoints(ex.curve);
    const orbit = orbitInfo(ex.curve);
    const font = fontSizeOf(this);
    [ex.a, ex.b].forEach((side, i) => {
      const canvas = this.canvases[i];
      if (!canvas || id === 'toy-65521') return;
      const w = this.sizer.width;
      const s = prepare(canvas, w, w, font);
      const layout = gridLayout(Number(ex.curve.p), w, w, Math.round(font * 2.6), Math.round(font * 0.8));
      const showS = this.index >= 3 + i;
      drawGrid(s, {
        curve: ex.curve,
        points,
        orbit,
        layout,
        marks: [ex.a, ex.b]
          .map((m, j) => ({
            P: m.Q,
            text: `Q_${j === 0 ? 'A' : 'B'}${i === j ? ' (mine)' : ''}`,
            colour: j === 0 ? PALETTE.p : PALETTE.q,
            shape: j === 0 ? ('diamond' as const) : ('triangle' as const),
          }))
          .filter((_, j) => j === i || this.index >= 1),
        current: showS && !side.S.infinity ? { P: side.S, k: 0n, name: 'S' } : undefined,
      });
    });
  }

  private renderToy(ex: ToyExchange, zCheck: boolean | undefined): TemplateResult {
    const big = ex.curve.id === 'toy-65521';
    return html`
      <div class="pair">
        ${[ex.a, ex.b].map(
          (side, i) =>
            html`<div>
              <h4>${side.name}: ${side.d} × ${fmtPoint((i === 0 ? ex.b : ex.a).Q)}</h4>
              ${
                big
                  ? html`<p>(65 521 × 65 521 grid: too large to draw.)</p>`
                  : html`<canvas
                      role="img"
                      aria-label=${`${side.name}'s view on ${equationText(ex.curve)}: public key ${fmtPoint(side.Q)}${this.index >= 3 + i ? `, result S = ${fmtPoint(side.S)}` : ''}`}
                    ></canvas>`
              }
              <p>S = <strong>${this.index >= 3 + i ? fmtPoint(side.S) : '…'}</strong></p>
            </div>`,
        )}
      </div>
      <p class=${ex.same ? 'ok' : 'bad'} role="status">
        ${this.index >= 5 ? (ex.same ? `✓ Both land on ${fmtPoint(ex.a.S)} (checked by the engine).` : '✗ The two results differ.') : ''}
        ${zCheck !== undefined ? html` Z = x(S) = ${toyZHex(ex, ex.a.S)} ${mark(zCheck)} with the session's Z.` : null}
      </p>
    `;
  }

  private renderReal(): TemplateResult {
    const s = this.state!;
    const peer = this.peer!;
    const v = realSharedCheck(
      s.myKey!.curve as RealCurveId,
      s.myKey!.privateHex,
      peer.key!.pubHex,
      peer.derived!.zHex,
    );
    return html`<div class="pair">
      <div class="box ${this.index === 0 ? 'current' : ''}">
        <h4>Our side: d_A × Q_B (${s.myKey!.curve})</h4>
        <dl>
          <dt>Engine: x of d_A × Q_B</dt>
          <dd class="mono">${groupHex(v.gotHex || '(not computed)')}</dd>
          <dt>WebCrypto deriveBits (Z)</dt>
          <dd class="mono">${groupHex(v.expectedHex)}</dd>
        </dl>
        <p class=${v.ok ? 'ok' : 'bad'} data-ok=${v.ok ? 'true' : 'false'}>
          ${v.ok ? '✓ The engine and WebCrypto agree on Z.' : `✗ ${v.reason ?? 'they differ'}`}
        </p>
      </div>
      <div class="box">
        <h4>${peer.name}'s side: d_B × Q_A</h4>
        <p>
          Computed on ${peer.name}'s device with their private key, which never leaves it. If nobody swapped
          the keys on the way, it is the same point; compare the safety number with ${peer.name} to be sure:
        </p>
        <p class="mono">${peer.derived!.safetyNumber.join(' ')}</p>
      </div>
    </div>`;
  }

  private renderPipeline(peer: PeerView | undefined): TemplateResult {
    const d = peer?.derived;
    const wire = peer ? this.latestWire(peer) : undefined;
    const h = this.hkdf;
    const fpOk = wire && d ? wire.keyFingerprint === d.keyFingerprint : undefined;
    return html`<div class="boxes">
      <div class="box ${this.index === this.steps.length - 2 ? 'current' : ''}">
        <h4>HKDF-SHA256 → AES key K</h4>
        ${
          d
            ? html`<dl>
                <dt>salt = SHA-256(lo ‖ hi) ${mark(h?.salt.ok)}</dt>
                <dd class="mono">${groupHex(d.saltHex)}</dd>
                <dt>info ${mark(h?.info.ok)}</dt>
                <dd class="mono">${d.info}</dd>
                <dt>K's fingerprint SHA-256(K)[0..8) ${mark(h?.fingerprint.ok)}</dt>
                <dd class="mono">${groupHex(d.keyFingerprint, 4)}</dd>
              </dl>`
            : html`<p class="empty">Join a room with a peer on the same curve to see the real values.</p>`
        }
      </div>
      <div class="box ${this.index === this.steps.length - 1 ? 'current' : ''}">
        <h4>AES-256-GCM: the latest message ${wire ? html`to/from ${peer?.name}` : ''}</h4>
        ${
          wire
            ? html`<dl>
                <dt>IV (12 random bytes)</dt>
                <dd class="mono">${groupHex(wire.ivHex)}</dd>
                <dt>ciphertext (${wire.ctHex.length / 2} bytes)</dt>
                <dd class="mono">
                  ${groupHex(wire.ctHex.slice(0, 96))}${wire.ctHex.length > 96 ? ' …' : ''}
                </dd>
                <dt>tag (16 bytes)</dt>
                <dd class="mono">${groupHex(wire.tagHex)}</dd>
                <dt>AAD</dt>
                <dd class="mono">${wire.aad.replace(/\n/g, ' ⏎ ')}</dd>
                <dt>key fingerprint ${mark(fpOk)}</dt>
                <dd class="mono">${groupHex(wire.keyFingerprint, 4)}</dd>
              </dl>`
            : html`<p class="empty">Send a message: its IV, ciphertext and tag appear here.</p>`
        }
      </div>
    </div>`;
  }

  private get steps(): string[] {
    const ex = this.toy;
    const base = ex ? toySteps(ex) : ['Our side: the engine recomputes Z and compares it with WebCrypto.'];
    return [
      ...base,
      'HKDF turns Z into the AES key K, mixing in both public keys (salt) and the curve and room (info).',
      'AES-GCM encrypts each message with K and a fresh 12-byte IV; the 16-byte tag detects any change.',
    ];
  }

  private onStep(e: CustomEvent<StepChangeDetail>): void {
    e.stopPropagation();
    this.index = e.detail.index;
  }

  override render() {
    const s = this.state;
    const peer = this.peer;
    const ex = this.toy;
    const demo = !peer;
    const zCheck = ex && peer?.derived ? toyZHex(ex, ex.a.S) === peer.derived.zHex.toLowerCase() : undefined;
    const ready = s?.peers.filter((p) => p.derived) ?? [];
    return html`
      <h3>The exchange${demo ? ': a demo between two toy keys' : ` with ${peer.name}`}</h3>
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
                    ${ready.map((p) => html`<option value=${p.id} ?selected=${p.id === peer.id}>${p.name}</option>`)}
                  </select></label
                >`
              : null
        }
      </div>
      ${ex ? this.renderToy(ex, zCheck) : this.renderReal()}
      <step-player
        label="Exchange steps"
        .steps=${this.steps}
        .index=${Math.min(this.index, this.steps.length - 1)}
        @step-change=${this.onStep}
      ></step-player>
      ${this.renderPipeline(peer)}
      ${demo && ex ? html`<p>Demo public keys: ${bytesToHex(encodePoint(ex.curve, ex.a.Q))} and ${bytesToHex(encodePoint(ex.curve, ex.b.Q))} (04 ‖ X ‖ Y).</p>` : null}
    `;
  }

  private newKeys(): void {
    const n = toyExchange(this.demoCurve, 1n, 2n).curve.n;
    this.demoKeys = [randomScalar(n), randomScalar(n)];
    this.index = 5;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'exchange-view': ExchangeView;
  }
}

// <keygen-steps>: a real key's scalar multiplication row by row, the D/D+A vs ladder strip, the engine-vs-WebCrypto check, a toy shadow run.
import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { TOY_CURVES, isToyCurve, type ToyCurveId } from '../../common/wire.js';
import { equationText, getToyCurve } from '../math/curves.js';
import type { MyKeyView } from '../session/types.js';
import { fontSizeOf, prepare } from './canvas.js';
import { groupHex, shortHex } from './model/format.js';
import {
  checkText,
  keygenModel,
  leadingBits,
  patternText,
  rowBlocks,
  rowOfBit,
  rowText,
  type KeygenModel,
} from './model/keygen-model.js';
import { WidthController } from './sizing.js';
import type { StepChangeDetail, StepPlayer } from './step-player.js';
import { drawStrip } from './strip-draw.js';
import { legend } from './legend.js';
import { PALETTE } from './model/palette.js';
import { legendStyles, vizStyles } from './styles.js';
import './curve-grid.js';
import './step-player.js';

/**
 * The member's real key generation replayed by the engine: the bit table of
 * the recorded scalar multiplication (runs of 16 rows, collapsible; jump to a
 * bit; step with the player), the D / D+A pattern next to the ladder's uniform
 * one, and a check that the engine's Q equals WebCrypto's exported public key —
 * green only when verify.ts confirms it. A shadow run replays the same bits on a
 * toy curve. Toy keys are shown on <curve-grid> directly.
 */
@customElement('keygen-steps')
export class KeygenSteps extends LitElement {
  /** The member's own key (from SessionState.myKey). */
  @property({ attribute: false }) myKey: MyKeyView | undefined;
  @state() private index = 0;
  @state() private reveal = false;
  @state() private shadowCurve: ToyCurveId = 'toy-17';
  @state() private jumpError = '';
  @state() private open = new Set<number>();
  @query('canvas.strip') private canvas: HTMLCanvasElement | undefined;
  @query('step-player') private player!: StepPlayer;
  private sizer = new WidthController(this, () => this.draw(), '.strip-box');
  private modelFor: string | undefined;
  private cached: KeygenModel | undefined;

  static override styles = [
    vizStyles,
    legendStyles,
    css`
      .check {
        display: flex;
        gap: 0.8em;
        align-items: flex-start;
        margin: 0.8em 0;
        padding: 0.7em 1em;
        border: 2px solid currentColor;
        border-radius: 0.5em;
      }
      .check .mark {
        font-size: 2em;
        line-height: 1;
      }
      .check.ok {
        color: #006b4f;
        background: #e6f5ef;
      }
      .check.bad {
        color: #a63f00;
        background: #fdeee6;
      }
      .check dl {
        margin: 0.3em 0 0;
        color: var(--cc-text, #1a1a1a);
        font-weight: 400;
      }
      .check dd {
        margin: 0 0 0.3em;
      }
      .private {
        padding: 0.5em 0.8em;
        border-left: 4px solid #e69f00;
        background: #fff7e6;
      }
      details.block > summary {
        cursor: pointer;
        padding: 0.15em 0;
        font-variant-numeric: tabular-nums;
      }
      tr.current {
        outline: 3px solid #e69f00;
        background: #fff7e6;
      }
      td.op-da {
        font-weight: 700;
      }
      .strip-box {
        margin: 0.5em 0;
      }
      canvas.strip {
        border: none;
      }
      section {
        margin-top: 1.2em;
      }
    `,
  ];

  /** The engine's model of the current key (recomputed only when the key changes). */
  get model(): KeygenModel | undefined {
    const k = this.myKey;
    if (!k || isToyCurve(k.curve)) return undefined;
    if (this.modelFor !== k.pubHex) {
      this.cached = keygenModel(k);
      this.modelFor = k.pubHex;
    }
    return this.cached;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('myKey') && changed.get('myKey')?.valueOf() !== this.myKey) {
      this.index = 0;
      this.open = new Set();
    }
  }

  override updated(): void {
    this.draw();
    this.renderRoot.querySelector('tr.current')?.scrollIntoView({ block: 'nearest' });
  }

  private draw(): void {
    const m = this.model;
    if (!m || !this.canvas || this.sizer.width === 0) return;
    const font = fontSizeOf(this);
    const s = prepare(this.canvas, this.sizer.width, Math.round(font * 7), font);
    drawStrip(s, m.rows, this.reveal ? this.index : -1, m.curve === 'X25519');
  }

  private onStep(e: CustomEvent<StepChangeDetail>): void {
    e.stopPropagation();
    this.index = e.detail.index;
    const blockIndex = Math.floor(this.index / 16);
    if (!this.open.has(blockIndex)) this.open = new Set([...this.open, blockIndex]);
  }

  private onJump(e: Event): void {
    e.preventDefault();
    const m = this.model;
    const value = Number(new FormData(e.target as HTMLFormElement).get('bit'));
    const row = m ? rowOfBit(m.rows, value) : undefined;
    if (row === undefined) {
      this.jumpError = `Enter a bit position from 0 to ${m?.rows[0]?.bitIndex ?? 0}.`;
      return;
    }
    this.jumpError = '';
    this.player.go(row);
  }

  private onToggle(i: number, e: Event): void {
    const open = (e.target as HTMLDetailsElement).open;
    if (open === this.open.has(i)) return;
    const next = new Set(this.open);
    if (open) next.add(i);
    else next.delete(i);
    this.open = next;
  }

  private renderCheck(m: KeygenModel) {
    const v = m.verify;
    return html`<div class="check ${v.ok ? 'ok' : 'bad'}" role="status" data-ok=${v.ok ? 'true' : 'false'}>
      <span class="mark" aria-hidden="true">${v.ok ? '✓' : '✗'}</span>
      <div>
        <strong>${checkText(m)}</strong>
        <dl>
          <dt>Engine: Q = d×G${m.curve === 'X25519' ? ' (u, little-endian)' : ' (04 ‖ X ‖ Y)'}</dt>
          <dd class="mono">${v.gotHex ? groupHex(v.gotHex) : '(not computed)'}</dd>
          <dt>WebCrypto's exported public key</dt>
          <dd class="mono">${groupHex(v.expectedHex)}</dd>
        </dl>
      </div>
    </div>`;
  }

  private renderTable(m: KeygenModel) {
    const blocks = rowBlocks(m.rows);
    const blockOfIndex = Math.floor(this.index / 16);
    return blocks.map(
      (b, i) =>
        html`<details
          class="block"
          ?open=${this.open.has(i) || i === blockOfIndex}
          @toggle=${(e: Event) => this.onToggle(i, e)}
        >
          <summary>
            Bits ${b.highBit}–${b.lowBit}: ${b.bits.replace(/(.{4})/g, '$1 ').trim()} (${b.ones} additions)
          </summary>
          <table>
            <thead>
              <tr>
                <th scope="col">bit</th>
                <th scope="col">value</th>
                <th scope="col">operation</th>
                <th scope="col">R after (x)</th>
              </tr>
            </thead>
            <tbody>
              ${m.rows.slice(b.start, b.end).map((r, j) => {
                const idx = b.start + j;
                return html`<tr
                  class=${idx === this.index ? 'current' : ''}
                  aria-current=${idx === this.index ? 'step' : 'false'}
                >
                  <td>${r.bitIndex}</td>
                  <td>${r.bit}</td>
                  <td class=${r.op === 'D+A' ? 'op-da' : ''}>${r.op === 'ladder' ? 'add + double' : r.op}</td>
                  <td class="mono">${r.xHex === 'O' ? 'O' : shortHex(BigInt(`0x${r.xHex}`), 8)}</td>
                </tr>`;
              })}
            </tbody>
          </table>
        </details>`,
    );
  }

  override render() {
    const key = this.myKey;
    if (!key) return html`<p>Generate a key pair first; its computation will appear here step by step.</p>`;
    if (isToyCurve(key.curve)) {
      return html`<h3>Your toy key on ${equationText(getToyCurve(key.curve))}</h3>
        <curve-grid
          fixed-curve
          .curve=${key.curve}
          .d=${BigInt(`0x${key.privateHex}`)}
          heading="Q = d×G on your toy curve"
        ></curve-grid>`;
    }
    const m = this.model!;
    const steps = [...m.rows.map((_, i) => rowText(m, i)), checkText(m)];
    return html`
      <h3>Your ${m.curve} key: Q = d×G, computed again by our engine</h3>
      ${this.renderCheck(m)}
      ${
        m.clamping.length
          ? html`<p>
              X25519 first clamps the 32 random bytes:
              ${m.clamping.map((c) => `bit ${c.scalarBit} ${c.before}→${c.after}${c.changed ? ' (changed)' : ''}`).join(', ')}.
              ${m.clamping[0]?.reason ?? ''}
            </p>`
          : null
      }
      ${
        this.reveal
          ? html`
              <p class="private">
                These bits are your private key d. Anyone who can see this screen can copy it; generate a new
                key after a demo. <button @click=${() => (this.reveal = false)}>Hide the bits</button>
              </p>
              <section>
                <h3>Work done per bit</h3>
                <div class="strip-box">
                  <canvas class="strip" role="img" aria-label=${patternText(m)}></canvas>
                </div>
                ${legend([
                  { colour: PALETTE.curve, shape: 'square', text: 'one doubling (lower block)' },
                  { colour: PALETTE.orbit, shape: 'square', text: 'one addition (upper block)' },
                  { colour: PALETTE.text, shape: 'line', text: 'the current row' },
                ])}
                <p>${patternText(m)}</p>
              </section>
              <section>
                <h3>The ${m.rows.length} rows (d = ${leadingBits(m)})</h3>
                <form class="controls" @submit=${this.onJump}>
                  <label
                    >Jump to bit <input name="bit" type="number" min="0" max=${m.rows[0]?.bitIndex ?? 0}
                  /></label>
                  <button type="submit">Go</button>
                  <span class="bad" role="alert">${this.jumpError}</span>
                </form>
                <step-player
                  label="Key generation rows"
                  .steps=${steps}
                  .index=${this.index}
                  @step-change=${this.onStep}
                ></step-player>
                ${this.renderTable(m)}
              </section>
              <section>
                <h3>Shadow run: the same bits on a toy curve</h3>
                <p>
                  A real point has ${m.rows.length}-bit coordinates — nothing to see. Here every bit of your d
                  drives the same double-and-add on a toy curve, so R visibly moves.
                </p>
                <label
                  >Toy curve
                  <select
                    @change=${(e: Event) => (this.shadowCurve = (e.target as HTMLSelectElement).value as ToyCurveId)}
                  >
                    ${TOY_CURVES.filter((id) => id !== 'toy-65521').map((id) => html`<option value=${id} ?selected=${id === this.shadowCurve}>${equationText(getToyCurve(id))}</option>`)}
                  </select>
                </label>
                <curve-grid fixed-curve .curve=${this.shadowCurve} .replay=${m.k} heading=""></curve-grid>
              </section>
            `
          : html`<p class="private">
              The rows below spell out your private key bit by bit.
              <button @click=${() => (this.reveal = true)}>Show my key's bits (private!)</button>
            </p>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'keygen-steps': KeygenSteps;
  }
}

// <curvechat-keygen-steps>: a real key's scalar multiplication row by row, the D/D+A vs ladder strip, the engine-vs-WebCrypto check, a toy shadow run.
import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { isToyCurve, type ToyCurveId } from '../../common/wire.js';
import { equationText, getToyCurve } from '../math/curves.js';
import type { MyKeyView } from '../session/types.js';
import { fontSizeOf, prepare } from './canvas.js';
import { keygenStyles } from './keygen-styles.js';
import { bitTable, clampingNote, shadowRun, verifyCheck, workStrip } from './keygen-templates.js';
import {
  checkText,
  keygenModel,
  leadingBits,
  nextAdditionRow,
  rowOfBit,
  rowText,
  type KeygenModel,
} from './model/keygen-model.js';
import { WidthController } from './sizing.js';
import { StepController } from './step-controller.js';
import { drawStrip } from './strip-draw.js';
import { legendStyles, vizStyles } from './styles.js';
import { followNote, type FollowStep } from './view-step.js';
import './curvechat-curve-grid.js';

/**
 * The member's real key generation replayed by the engine: the bit table of
 * the recorded scalar multiplication (runs of 16 rows, collapsible; jump to a
 * bit; step with the player), the D / D+A pattern next to the ladder's uniform
 * one, and a check that the engine's Q equals WebCrypto's exported public key —
 * green only when verify.ts confirms it. A shadow run replays the same bits on a
 * toy curve. Toy keys are shown on <curvechat-curve-grid> directly.
 */
@customElement('curvechat-keygen-steps')
export class KeygenSteps extends LitElement {
  /** The member's own key (from SessionState.myKey). */
  @property({ attribute: false }) myKey: MyKeyView | undefined;
  /** A presenter's row to take (presenter mode; applied when a new object arrives; clamped to this key's rows). */
  @property({ attribute: false }) followStep: FollowStep | undefined;
  @state() private reveal = false;
  @state() private shadowCurve: ToyCurveId = 'toy-17';
  @state() private jumpError = '';
  @state() private open = new Set<number>();
  @query('canvas.strip') private canvas: HTMLCanvasElement | undefined;
  private sizer = new WidthController(this, () => this.draw(), '.strip-box');
  /** The rows are the private key's bits: only the position is shared, never a label, bit or point. */
  private stepper: StepController = new StepController(this, {
    view: 'keygen',
    follow: () => this.followStep,
    count: () => (this.model ? this.model.rows.length + 1 : undefined),
    moved: (i) => this.openBlockOf(i),
    publish: () => {
      const m = this.model;
      return m
        ? { step: { view: 'keygen', index: this.stepper.index, total: m.rows.length + 1 } }
        : undefined;
    },
  });
  private modelFor: string | undefined;
  private cached: KeygenModel | undefined;

  static override styles = [vizStyles, legendStyles, keygenStyles];

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
      this.stepper.reset();
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
    drawStrip(s, m.rows, this.reveal ? this.stepper.index : -1, m.curve === 'X25519');
  }

  /** Opens the block of 16 rows that holds row `index`. */
  private openBlockOf(index: number): void {
    const block = Math.floor(index / 16);
    if (!this.open.has(block)) this.open = new Set([...this.open, block]);
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
    this.stepper.go(row);
  }

  /** "Next addition": skips the doublings to the next one-bit of d (double-and-add only; the ladder adds every row). */
  private nextAdditionButton(m: KeygenModel) {
    if (m.curve === 'X25519') return null;
    const next = nextAdditionRow(m.rows, this.stepper.index);
    return html`<button
      type="button"
      data-testid="next-addition"
      ?disabled=${next === undefined}
      @click=${() => next !== undefined && this.stepper.go(next)}
    >
      ${next === undefined ? 'No more additions' : 'Next addition'}
    </button>`;
  }

  private onToggle(i: number, e: Event): void {
    const open = (e.target as HTMLDetailsElement).open;
    if (open === this.open.has(i)) return;
    const next = new Set(this.open);
    if (open) next.add(i);
    else next.delete(i);
    this.open = next;
  }

  private toyFollowFor: FollowStep | undefined;
  private toyFollowStep: FollowStep | undefined;

  /**
   * The presenter's key-view step handed to the toy-key grid as its own step (the grid clamps it to
   * its walk); the same object while the presenter's step is unchanged, so the student may look around.
   */
  private toyFollow(): FollowStep | undefined {
    const f = this.followStep;
    if (f !== this.toyFollowFor) {
      this.toyFollowFor = f;
      this.toyFollowStep = f?.view === 'keygen' ? { view: 'curve-grid', index: f.index } : undefined;
    }
    return this.toyFollowStep;
  }

  /** "You are following Alice: showing your own key at Alice's step 5 of 256." while following this view. */
  private followLine() {
    const m = this.model;
    const f = this.followStep;
    // A toy key has no rows here (its grid steps on its own walk): no "yours has N steps" sentence.
    const own = m
      ? { index: this.stepper.index, total: m.rows.length + 1 }
      : { index: f?.index ?? 0, total: f?.total ?? 1 };
    const note = followNote(f, 'keygen', 'key', own);
    if (!note) return null;
    const extra = !m
      ? ' Your key is a toy key: the grid below moves to the same step number of its own walk (or its last step).'
      : this.reveal
        ? ''
        : " Press “Show my key's bits” to see that row.";
    return html`<p class="following" role="status" data-testid="follow-note">${note}${extra}</p>`;
  }

  override render() {
    const key = this.myKey;
    if (!key) return html`<p>Generate a key pair first; its computation will appear here step by step.</p>`;
    if (isToyCurve(key.curve)) {
      return html`${this.followLine()}
        <h3>Your toy key on ${equationText(getToyCurve(key.curve))}</h3>
        <curvechat-curve-grid
          fixed-curve
          .curve=${key.curve}
          .d=${BigInt(`0x${key.privateHex}`)}
          .followStep=${this.toyFollow()}
          heading="Q = d×G on your toy curve"
        ></curvechat-curve-grid>`;
    }
    const m = this.model!;
    const steps = [...m.rows.map((_, i) => rowText(m, i)), checkText(m)];
    return html`
      ${this.followLine()}
      <h3>Your ${m.curve} key: Q = d×G, computed again by our engine</h3>
      ${verifyCheck(m)} ${clampingNote(m)}
      ${
        this.reveal
          ? html`
              <p class="private">
                These bits are your private key d. Anyone who can see this screen can copy it; generate a new
                key after a demo. <button @click=${() => (this.reveal = false)}>Hide the bits</button>
              </p>
              ${workStrip(m)}
              <section>
                <h3>The ${m.rows.length} rows (d = ${leadingBits(m)})</h3>
                <form class="controls" @submit=${this.onJump}>
                  <label
                    >Jump to bit <input name="bit" type="number" min="0" max=${m.rows[0]?.bitIndex ?? 0}
                  /></label>
                  <button type="submit">Go</button>
                  ${this.nextAdditionButton(m)}
                  <span class="bad" role="alert">${this.jumpError}</span>
                </form>
                ${this.stepper.player('Key generation rows', steps)}
                ${bitTable(m, this.stepper.index, this.open, (i, e) => this.onToggle(i, e))}
              </section>
              ${shadowRun(m, this.shadowCurve, (id) => (this.shadowCurve = id))}
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
    'curvechat-keygen-steps': KeygenSteps;
  }
}

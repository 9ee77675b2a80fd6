// <curve-reals>: y² = x³ + ax + b over the reals with animated chord-and-tangent addition; click or type two points.
import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { addReal, cubicRoots, nearestOnCurve, type RealPoint } from '../math/reals.js';
import { fontSizeOf, prepare, tween } from './canvas.js';
import { legend } from './legend.js';
import { PALETTE } from './model/palette.js';
import {
  curveProblem,
  fmtReal,
  num,
  pointAt,
  realEquation,
  realsSteps,
  realsViewport,
} from './model/reals-steps.js';
import { toScreen, toWorld, type Viewport } from './model/viewport.js';
import { drawReals } from './reals-draw.js';
import { WidthController } from './sizing.js';
import type { StepChangeDetail, StepPlayer } from './step-player.js';
import { layoutStyles, legendStyles, vizStyles } from './styles.js';
import './step-player.js';

/** Largest distance (CSS px) between a click and the curve for the click to pick a point. */
const SNAP_PX = 36;

/**
 * The curve over the real numbers, drawn from the engine's sampling, with the
 * chord-and-tangent rule animated step by step: the line through P and Q (the
 * tangent when Q = P), the third intersection and its reflection, P + Q. Click
 * the curve twice to choose P and Q (snapped to the curve), or type x values.
 */
@customElement('curve-reals')
export class CurveReals extends LitElement {
  /** Coefficient a. */
  @property({ type: Number }) a = -1;
  /** Coefficient b. */
  @property({ type: Number }) b = 1;
  @state() private P: RealPoint | undefined = { x: -1, y: 1 };
  @state() private Q: RealPoint | undefined = { x: 0, y: 1 };
  @state() private index = 0;
  @state() private picking: 'P' | 'Q' = 'P';
  @state() private note = '';
  @query('canvas') private canvas!: HTMLCanvasElement;
  @query('step-player') private player!: StepPlayer;
  private t = 1;
  private cancelTween: () => void = () => undefined;
  private sizer = new WidthController(this, () => this.draw());
  /** The viewport of the last frame (for tests and click mapping). */
  viewport: Viewport | undefined;

  static override styles = [
    vizStyles,
    legendStyles,
    layoutStyles,
    css`
      fieldset {
        border: 1px solid var(--cc-border, #c8c8c8);
        border-radius: 0.4em;
        margin: 0 0 0.6em;
      }
      legend {
        font-weight: 600;
      }
      .err {
        color: var(--cc-err, #a63f00);
      }
      canvas {
        cursor: crosshair;
      }
    `,
  ];

  private get curveOk(): boolean {
    return curveProblem({ a: this.a, b: this.b }) === undefined;
  }

  private get add() {
    return this.P && this.Q && this.curveOk ? addReal({ a: this.a, b: this.b }, this.P, this.Q) : undefined;
  }

  private get steps() {
    const add = this.add;
    return add && this.P && this.Q ? realsSteps({ a: this.a, b: this.b }, this.P, this.Q, add) : [];
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('a') || changed.has('b')) {
      const c = { a: this.a, b: this.b };
      if (this.P) this.P = pointAt(c, this.P.x, this.P.y < 0 ? -1 : 1);
      if (this.Q) this.Q = pointAt(c, this.Q.x, this.Q.y < 0 ? -1 : 1);
      if ((!this.P || !this.Q) && this.curveOk) {
        const x0 = (cubicRoots(c)[0] ?? 0) + 0.5;
        this.P = pointAt(c, x0, 1);
        this.Q = pointAt(c, x0 + 1.2, -1);
      }
    }
    if (changed.has('a') || changed.has('b') || changed.has('P') || changed.has('Q')) {
      this.index = 0;
      this.t = 1;
      this.cancelTween();
    }
  }

  override updated(): void {
    this.draw();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancelTween();
  }

  private draw(): void {
    if (!this.canvas || this.sizer.width === 0) return;
    const width = this.sizer.width;
    const height = Math.round(width * 0.9);
    const s = prepare(this.canvas, width, height, fontSizeOf(this));
    const curve = { a: this.a, b: this.b };
    const view = realsViewport(curve, { left: 0, top: 0, width, height });
    this.viewport = view;
    if (!this.curveOk) return;
    const steps = this.steps;
    const add = this.add;
    drawReals(s, {
      curve,
      view,
      P: this.P,
      Q: this.Q,
      add,
      phase: steps[this.index]?.phase ?? 'points',
      t: this.t,
      resultName: add?.kind === 'double' ? '2P' : 'P+Q',
    });
  }

  private onStep(e: CustomEvent<StepChangeDetail>): void {
    e.stopPropagation();
    this.cancelTween();
    this.index = e.detail.index;
    this.cancelTween = tween(e.detail.ms, e.detail.animate, (t) => {
      this.t = t;
      this.draw();
    });
  }

  private onCanvasClick(e: MouseEvent): void {
    const v = this.viewport;
    if (!v || !this.curveOk) return;
    const box = this.canvas.getBoundingClientRect();
    const sx = ((e.clientX - box.left) / box.width) * v.rect.width;
    const sy = ((e.clientY - box.top) / box.height) * v.rect.height;
    const w = toWorld(v, sx, sy);
    const near = nearestOnCurve({ a: this.a, b: this.b }, w.x, w.y, v.xMax);
    if (!near) return;
    const c = toScreen(v, near.x, near.y);
    if (Math.hypot(c.sx - sx, c.sy - sy) > SNAP_PX) {
      this.note = 'Click on (or close to) the blue curve.';
      return;
    }
    if (this.picking === 'P') {
      this.P = near;
      this.Q = undefined;
      this.picking = 'Q';
      this.note = `P = ${fmtReal(near)}. Now click Q (click P again to double it).`;
    } else {
      const P = this.P;
      const same = P && Math.hypot(toScreen(v, P.x, P.y).sx - c.sx, toScreen(v, P.x, P.y).sy - c.sy) < 10;
      this.Q = same && P ? P : near;
      this.picking = 'P';
      this.note = same
        ? 'Q = P: doubling with the tangent. Press Play or step.'
        : `Q = ${fmtReal(near)}. Press Play or step.`;
    }
  }

  private onForm(e: Event): void {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const c = { a: this.a, b: this.b };
    const P = pointAt(c, Number(f.get('px')), f.get('ps') === '-' ? -1 : 1);
    const Q = f.get('double') ? P : pointAt(c, Number(f.get('qx')), f.get('qs') === '-' ? -1 : 1);
    if (!P || !Q) {
      this.note = 'There is no curve point above that x (x³ + ax + b is negative there). Try a larger x.';
      return;
    }
    this.P = P;
    this.Q = Q;
    this.picking = 'P';
    this.note = `P = ${fmtReal(P)}, Q = ${fmtReal(Q)}. Press Play or step.`;
  }

  private setCoef(name: 'a' | 'b', e: Event): void {
    const v = Number((e.target as HTMLInputElement).value);
    if (Number.isFinite(v)) this[name] = v;
  }

  override render() {
    const problem = curveProblem({ a: this.a, b: this.b });
    const steps = this.steps;
    const P = this.P;
    const Q = this.Q;
    return html`
      <h3>Adding points on ${realEquation({ a: this.a, b: this.b })} over the real numbers</h3>
      <div class="controls">
        <label
          >a
          <input
            type="number"
            step="0.1"
            .value=${String(this.a)}
            @change=${(e: Event) => this.setCoef('a', e)}
        /></label>
        <label
          >b
          <input
            type="number"
            step="0.1"
            .value=${String(this.b)}
            @change=${(e: Event) => this.setCoef('b', e)}
        /></label>
        <button @click=${() => ((this.a = -1), (this.b = 1))}>One piece: a = −1, b = 1</button>
        <button @click=${() => ((this.a = -3), (this.b = 1))}>Two pieces: a = −3, b = 1</button>
      </div>
      ${problem ? html`<p class="err" role="alert">${problem}</p>` : null}
      <div class="layout">
        <div class="canvas-box">
          <canvas
            tabindex="0"
            role="img"
            aria-label=${`Graph of ${realEquation({ a: this.a, b: this.b })}${P ? `, P = ${fmtReal(P)}` : ''}${Q ? `, Q = ${fmtReal(Q)}` : ''}. ${steps[this.index]?.text ?? ''}`}
            @click=${this.onCanvasClick}
            @keydown=${(e: KeyboardEvent) => this.player?.handleKey(e)}
          ></canvas>
          ${legend([
            { colour: PALETTE.curve, shape: 'line', text: 'the curve' },
            { colour: PALETTE.p, shape: 'diamond', text: 'P' },
            { colour: PALETTE.q, shape: 'triangle', text: 'Q' },
            { colour: PALETTE.line, shape: 'dashed', text: 'line through P and Q (tangent if Q = P)' },
            { colour: PALETTE.third, shape: 'square', text: 'third intersection' },
            { colour: PALETTE.highlight, shape: 'circle', text: 'P + Q (its mirror image)' },
          ])}
        </div>
        <div class="side">
          <p class="pick-note" aria-live="polite">
            ${this.note || 'Click the curve to choose P, then Q — or type their x below.'}
          </p>
          <step-player
            label="Addition steps"
            .steps=${steps.map((s) => s.text)}
            .index=${this.index}
            @step-change=${this.onStep}
          ></step-player>
          <form @submit=${this.onForm}>
            <fieldset>
              <legend>Choose the points by x (keyboard alternative to clicking)</legend>
              <div class="controls">
                <label
                  >x of P
                  <input
                    name="px"
                    type="number"
                    step="any"
                    .value=${P ? num(P.x, 4).replace('−', '-') : '-1'}
                /></label>
                <label
                  >P's half
                  <select name="ps">
                    <option value="+" ?selected=${!P || P.y >= 0}>upper (y ≥ 0)</option>
                    <option value="-" ?selected=${!!P && P.y < 0}>lower (y < 0)</option>
                  </select></label
                >
                <label
                  >x of Q
                  <input name="qx" type="number" step="any" .value=${Q ? num(Q.x, 4).replace('−', '-') : '0'}
                /></label>
                <label
                  >Q's half
                  <select name="qs">
                    <option value="+" ?selected=${!Q || Q.y >= 0}>upper (y ≥ 0)</option>
                    <option value="-" ?selected=${!!Q && Q.y < 0}>lower (y < 0)</option>
                  </select></label
                >
                <label
                  ><span><input name="double" type="checkbox" /> Q = P (double)</span></label
                >
                <button type="submit">Show P + Q</button>
              </div>
            </fieldset>
          </form>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curve-reals': CurveReals;
  }
}

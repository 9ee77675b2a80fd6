// <curvechat-curve-reals>: y² = x³ + ax + b over the reals with animated chord-and-tangent addition; click or type two points.
import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { addReal, cubicRoots, type RealPoint } from '../math/reals.js';
import { fontSizeOf, prepare } from './canvas.js';
import { curveRealsStyles } from './curve-reals-styles.js';
import { coefInput, pointsForm, realsLegend } from './curve-reals-templates.js';
import { pickByClick, pickByForm, type Picking, type PickResult } from './model/reals-pick.js';
import {
  curveProblem,
  fmtReal,
  pointAt,
  realEquation,
  realsSteps,
  realsViewport,
} from './model/reals-steps.js';
import { singularity } from './model/reals-singular.js';
import type { Viewport } from './model/viewport.js';
import { drawReals } from './reals-draw.js';
import { WidthController } from './sizing.js';
import { StepController, type PublishedView } from './step-controller.js';
import { layoutStyles, legendStyles, vizStyles } from './styles.js';
import type { FollowStep, ViewDemo } from './view-step.js';

/**
 * The curve over the real numbers, drawn from the engine's sampling, with the
 * chord-and-tangent rule animated step by step: the line through P and Q (the
 * tangent when Q = P), the third intersection and its reflection, P + Q. Click
 * the curve twice to choose P and Q (snapped to the curve), or type x values.
 */
@customElement('curvechat-curve-reals')
export class CurveReals extends LitElement {
  /** Coefficient a. */
  @property({ type: Number }) a = -1;
  /** Coefficient b. */
  @property({ type: Number }) b = 1;
  /** A presenter's step to take (presenter mode; applied when a new object arrives). */
  @property({ attribute: false }) followStep: FollowStep | undefined;
  /** A presenter's curve and points to show (presenter mode). */
  @property({ attribute: false }) followDemo: ViewDemo | undefined;
  @state() private P: RealPoint | undefined = { x: -1, y: 1 };
  @state() private Q: RealPoint | undefined = { x: 0, y: 1 };
  @state() private picking: Picking = 'P';
  @state() private note = '';
  @query('canvas') private canvas!: HTMLCanvasElement;
  private sizer = new WidthController(this, () => this.draw());
  private stepper: StepController = new StepController(this, {
    view: 'curve-reals',
    follow: () => this.followStep,
    count: () => this.steps.length,
    animate: () => true,
    draw: () => this.draw(),
    publish: () => this.published(),
  });
  /** The viewport of the last frame (for tests and click mapping). */
  viewport: Viewport | undefined;

  static override styles = [vizStyles, legendStyles, layoutStyles, curveRealsStyles];

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
    const demo = this.followDemo;
    if (changed.has('followDemo') && demo?.view === 'curve-reals') {
      this.a = demo.a;
      this.b = demo.b;
      this.P = demo.P ? { ...demo.P } : undefined;
      this.Q = demo.Q ? { ...demo.Q } : undefined;
    }
    if (changed.has('a') || changed.has('b')) {
      const c = { a: this.a, b: this.b };
      // The points move with the curve, so a note about the old ones would be stale.
      this.note = '';
      this.picking = 'P';
      if (this.P) this.P = pointAt(c, this.P.x, this.P.y < 0 ? -1 : 1);
      if (this.Q) this.Q = pointAt(c, this.Q.x, this.Q.y < 0 ? -1 : 1);
      if ((!this.P || !this.Q) && this.curveOk) {
        const x0 = (cubicRoots(c)[0] ?? 0) + 0.5;
        this.P = pointAt(c, x0, 1);
        this.Q = pointAt(c, x0 + 1.2, -1);
      }
    }
    if (changed.has('a') || changed.has('b') || changed.has('P') || changed.has('Q')) this.stepper.reset();
  }

  override updated(): void {
    this.draw();
  }

  /** The curve, points and step caption this view shares (public teaching data). */
  private published(): PublishedView {
    const steps = this.steps;
    const index = this.stepper.index;
    const pt = (p: RealPoint | undefined) => (p ? { x: p.x, y: p.y } : undefined);
    const demo: ViewDemo = { view: 'curve-reals', a: this.a, b: this.b, P: pt(this.P), Q: pt(this.Q) };
    const total = Math.max(1, steps.length);
    return { step: { view: 'curve-reals', index, total, label: steps[index]?.text }, demo };
  }

  private draw(): void {
    if (!this.canvas || this.sizer.width === 0) return;
    const width = this.sizer.width;
    const height = Math.round(width * 0.9);
    const s = prepare(this.canvas, width, height, fontSizeOf(this));
    const curve = { a: this.a, b: this.b };
    const add = this.add;
    const rect = { left: 0, top: 0, width, height };
    const view = realsViewport(curve, rect, undefined, [this.P, this.Q, add?.third, add?.result]);
    this.viewport = view;
    if (!this.curveOk) {
      if (!Number.isFinite(this.a) || !Number.isFinite(this.b)) return;
      const { kind, at } = singularity(curve);
      const text = kind === 'cusp' ? 'cusp' : kind === 'crossing' ? 'self-crossing' : 'isolated point';
      drawReals(s, { curve, view, phase: 'points', t: 1, resultName: '', singular: { at, text } });
      return;
    }
    const steps = this.steps;
    drawReals(s, {
      curve,
      view,
      P: this.P,
      Q: this.Q,
      add,
      phase: steps[this.stepper.index]?.phase ?? 'points',
      t: this.stepper.t,
      resultName: add?.kind === 'double' ? '2P' : 'P+Q',
    });
  }

  private onCanvasClick(e: MouseEvent): void {
    const v = this.viewport;
    if (!v || !this.curveOk) return;
    const box = this.canvas.getBoundingClientRect();
    const sx = ((e.clientX - box.left) / box.width) * v.rect.width;
    const sy = ((e.clientY - box.top) / box.height) * v.rect.height;
    const r = pickByClick({ a: this.a, b: this.b }, v, sx, sy, this.picking, this.P);
    if (r) this.apply(r);
  }

  private onForm(e: Event): void {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    this.apply(pickByForm({ a: this.a, b: this.b }, (name) => f.get(name)));
  }

  private apply(r: PickResult): void {
    if (r.kind === 'points') {
      this.P = r.P;
      this.Q = r.Q;
      this.picking = r.picking;
    }
    this.note = r.note;
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
        ${coefInput('a', this.a, (e) => this.setCoef('a', e))}
        ${coefInput('b', this.b, (e) => this.setCoef('b', e))}
        <button @click=${() => ((this.a = -1), (this.b = 1))}>One piece: a = −1, b = 1</button>
        <button @click=${() => ((this.a = -3), (this.b = 1))}>Two pieces: a = −3, b = 1</button>
      </div>
      ${problem ? html`<p class="err" role="alert">${problem}</p>` : null}
      <div class="layout">
        <div class="canvas-box">
          <canvas
            tabindex="0"
            role="img"
            aria-label=${
              problem
                ? `Graph of ${realEquation({ a: this.a, b: this.b })}. ${problem}`
                : `Graph of ${realEquation({ a: this.a, b: this.b })}${P ? `, P = ${fmtReal(P)}` : ''}${Q ? `, Q = ${fmtReal(Q)}` : ''}. ${steps[this.stepper.index]?.text ?? ''}`
            }
            @click=${this.onCanvasClick}
            @keydown=${this.stepper.onKey}
          ></canvas>
          ${realsLegend()}
        </div>
        <div class="side">
          ${
            problem
              ? html`<p class="pick-note">
                  No points to add on this curve. Pick a and b with 4a³ + 27b² ≠ 0, or one of the presets.
                </p>`
              : html`<p class="pick-note" aria-live="polite">
                    ${this.note || 'Click the curve to choose P, then Q — or type their x below.'}
                  </p>
                  ${this.stepper.player(
                    'Addition steps',
                    steps.map((s) => s.text),
                  )}
                  ${pointsForm(P, Q, (e) => this.onForm(e))}`
          }
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-curve-reals': CurveReals;
  }
}

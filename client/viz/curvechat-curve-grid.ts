// <curvechat-curve-grid>: a toy curve over F_p — every point, G's numbered orbit, and d×G step by step with wrap-around lines.
import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ToyCurveId } from '../../common/wire.js';
import { emit } from '../components/events.js';
import { equationText } from '../math/curves.js';
import { fontSizeOf, prepare } from './canvas.js';
import { curveGridStyles } from './curve-grid-styles.js';
import { curveSelect, gridLegend, orbitTable } from './curve-grid-templates.js';
import type { GridMark } from './grid-draw.js';
import { GridLayers } from './grid-layers.js';
import { fmtMultiple } from './model/format.js';
import { curveData, gridDescription, gridScalar, type CurveData } from './model/grid-data.js';
import { gridLayout, type GridLayout } from './model/grid-layout.js';
import { orderExplanation, scalarSteps, type GridStep } from './model/grid-steps.js';
import { WidthController } from './sizing.js';
import { StepController, type PublishedView } from './step-controller.js';
import { layoutStyles, legendStyles, vizStyles } from './styles.js';
import type { FollowStep, ViewDemo } from './view-step.js';

/**
 * A toy curve over F_p drawn as points on the p×p grid: G highlighted, its
 * orbit numbered (k next to k·G), and the steps of d×G by double-and-add, each
 * doubling/addition animated with its line wrapping around mod p, the third
 * intersection and the reflection. A curve selector and a d input unless
 * `fixed-curve` is set. Emits `scalar-change` when the user edits d.
 */
@customElement('curvechat-curve-grid')
export class CurveGrid extends LitElement {
  /** Toy curve to draw. */
  @property() curve: ToyCurveId = 'toy-17';
  /** Scalar d for d×G (default per curve); reduced into [1, n−1] for display. */
  @property({ attribute: false }) d: bigint | undefined;
  /** Replay these bits exactly (e.g. a real 256-bit key) instead of d; the toy point wraps mod the order of G. */
  @property({ attribute: false }) replay: bigint | undefined;
  /** Hide the curve selector (used by the shadow run and the exchange view). */
  @property({ type: Boolean, attribute: 'fixed-curve' }) fixedCurve = false;
  /** Heading text. */
  @property() heading = 'A toy curve over F_p';
  /** Extra labelled points drawn on top (e.g. public keys). */
  @property({ attribute: false }) marks: readonly GridMark[] = [];
  /** Name of the point being built in captions on the canvas (default R). */
  @property() pointName = 'R';
  /**
   * Share this grid's curve, demo d and step captions with `view-demo-change` / `view-step-change`
   * (the Math tab's demo grid only: never set it where d is someone's key).
   */
  @property({ type: Boolean }) share = false;
  /** A presenter's step to take (presenter mode; applied when a new object arrives). */
  @property({ attribute: false }) followStep: FollowStep | undefined;
  /** A presenter's demo curve and d to show (presenter mode). */
  @property({ attribute: false }) followDemo: ViewDemo | undefined;
  @state() private dInput = '';
  @state() private dError = '';
  @query('canvas') private canvas!: HTMLCanvasElement;
  private sizer = new WidthController(this, () => this.draw());
  private stepper: StepController = new StepController(this, {
    view: 'curve-grid',
    follow: () => this.followStep,
    count: () => this.steps.length,
    animate: (i) => this.steps[i]?.op !== undefined,
    draw: () => this.draw(),
    publish: () => (this.share ? this.published() : undefined),
  });
  private stepsKey = '';
  private stepsCache: GridStep[] = [];
  /** The axes and the curve's points, drawn once and copied on every frame (grid-layers.ts). */
  private readonly layers = new GridLayers();
  /** The layout of the last frame drawn (for tests and hit-testing). */
  layout: GridLayout | undefined;
  /** Frames drawn so far (for tests: a burst of presenter steps must not draw one frame per step). */
  frames = 0;

  /** How many times the static layers were drawn (for tests: once per curve, size, type size and scheme). */
  get staticRenders(): number {
    return this.layers.renders;
  }

  static override styles = [vizStyles, legendStyles, layoutStyles, curveGridStyles];

  private get data(): CurveData {
    return curveData(this.curve);
  }

  /** The scalar in use, in [1, n−1]. */
  get scalar(): bigint {
    return gridScalar(this.data.curve, this.d);
  }

  /** The player steps for the current curve and scalar. */
  get steps(): GridStep[] {
    const k = this.replay !== undefined && this.replay > 0n ? this.replay : this.scalar;
    const key = `${this.curve}:${k}`;
    if (key !== this.stepsKey) {
      this.stepsCache = scalarSteps(this.data.curve, k, this.data.orbit);
      this.stepsKey = key;
    }
    return this.stepsCache;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    const demo = this.followDemo;
    if (changed.has('followDemo') && demo?.view === 'curve-grid' && !this.fixedCurve) {
      if (demo.curve !== this.curve) this.curve = demo.curve;
      if (BigInt(demo.multiple) !== this.d) this.d = BigInt(demo.multiple);
    }
    if (changed.has('curve') || changed.has('d') || changed.has('replay')) {
      this.stepper.reset();
      this.dInput = String(this.scalar);
      this.dError = '';
    }
  }

  override updated(): void {
    this.draw();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.layers.clear();
  }

  /** The demo curve, d and step caption this grid shares (public teaching data). */
  private published(): PublishedView {
    const steps = this.steps;
    const index = this.stepper.index;
    const demo: ViewDemo = { view: 'curve-grid', curve: this.curve, multiple: Number(this.scalar) };
    const step = { view: 'curve-grid' as const, index, total: steps.length, label: steps[index]?.text };
    return { step, demo };
  }

  private onCurve(e: Event): void {
    const id = (e.target as HTMLSelectElement).value as ToyCurveId;
    this.d = undefined;
    this.curve = id;
  }

  private onScalar(e: Event): void {
    const text = (e.target as HTMLInputElement).value.trim();
    this.dInput = text;
    const n = this.data.curve.n;
    if (!/^\d+$/.test(text) || BigInt(text) < 1n || BigInt(text) >= n) {
      this.dError = `Enter a whole number from 1 to ${n - 1n}.`;
      return;
    }
    this.dError = '';
    this.d = BigInt(text);
    emit(this, 'scalar-change', { d: this.d });
  }

  private draw(): void {
    if (!this.canvas || this.sizer.width === 0) return;
    const width = this.sizer.width;
    const height = Math.round(width * 0.97);
    const font = fontSizeOf(this);
    const s = prepare(this.canvas, width, height, font);
    const { curve, points, orbit } = this.data;
    const layout = gridLayout(
      Number(curve.p),
      width,
      height,
      Math.round(s.font * 3),
      // Room above the top row for a point's label (in Large type "P" was cut off).
      Math.round(s.font * 1.5),
    );
    this.layout = layout;
    const step = this.steps[this.stepper.index];
    if (!step) return;
    const k = step.op ? step.multiple : 0n;
    this.frames++;
    this.layers.draw(s, {
      curve,
      points,
      orbit,
      layout,
      current: step.current.infinity
        ? undefined
        : { P: step.current, k: step.multiple, name: this.pointName },
      visited: step.visited,
      op: step.op,
      t: this.stepper.t,
      thirdText: step.op ? `−${fmtMultiple(k)}` : undefined,
      marks: this.marks,
    });
  }

  override render() {
    const { curve, points, orbit } = this.data;
    const steps = this.steps;
    const step = steps[this.stepper.index];
    const n = curve.n;
    const cofactor = orbit.points.length < points.length + 1;
    return html`
      ${this.heading ? html`<h3>${this.heading}</h3>` : null}
      <div class="controls">
        ${
          this.fixedCurve
            ? html`<span>${equationText(curve)}</span>`
            : curveSelect(this.curve, (e) => this.onCurve(e))
        }
        ${
          this.replay !== undefined
            ? html`<span
                >Replaying all ${this.replay.toString(2).length} bits of the key; here only d mod
                ${orbit.points.length} = ${this.replay % BigInt(orbit.points.length)} matters.</span
              >`
            : html`<label
                >d (1 to ${n - 1n})
                <input
                  type="number"
                  min="1"
                  max=${String(n - 1n)}
                  .value=${this.dInput}
                  @change=${this.onScalar}
                  aria-invalid=${this.dError ? 'true' : 'false'}
                  aria-describedby="d-err"
              /></label>`
        }
        <span id="d-err" class="err" role="alert">${this.dError}</span>
      </div>
      <div class="layout">
        <div class="canvas-box">
          <canvas
            tabindex="0"
            role="img"
            aria-label=${`Toy curve grid: ${gridDescription(this.data, step)}`}
            @keydown=${this.stepper.onKey}
          ></canvas>
          ${gridLegend(cofactor)}
        </div>
        <div class="side">
          <p class="explain ${cofactor ? 'cofactor' : ''}">${orderExplanation(points.length, orbit)}</p>
          ${this.stepper.player(
            'd×G steps',
            steps.map((s) => s.text),
          )}
          ${orbitTable(orbit)}
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-curve-grid': CurveGrid;
  }
}

// <curvechat-eve-walk>: Eve's attack drawn on the toy grid as it runs — brute force's G, 2G, 3G…, BSGS's tables, rho's walk.
import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { ToyCurveId } from '../../common/wire.js';
import type { DlogMethod } from '../math/dlog.js';
import type { AffinePoint, Point } from '../math/weierstrass.js';
import { fontSizeOf, prepare } from '../viz/canvas.js';
import { GridLayers } from '../viz/grid-layers.js';
import { curveData } from '../viz/model/grid-data.js';
import { gridLayout } from '../viz/model/grid-layout.js';
import { pointKey } from '../viz/model/grid-steps.js';
import { PALETTE } from '../viz/model/palette.js';
import { WidthController } from '../viz/sizing.js';
import { vizStyles } from '../viz/styles.js';
import { fmtToyPoint as pt } from './curvechat-eve-attack-view.js';

/** Most earlier points ringed on the grid (the newest ones): toy-65521's whole walk would hide the curve. */
const MAX_RINGS = 300;

/** Where the walk is, in words (the canvas's text alternative). */
export function walkText(o: {
  method: DlogMethod;
  steps: number;
  current: Point | null;
  Q: AffinePoint;
  found: boolean;
}): string {
  const target = `The target, the public key Q, is ${pt(o.Q)}.`;
  const after = `Found after ${o.steps} ${o.steps === 1 ? 'step' : 'steps'}`;
  if (o.steps === 0 || !o.current) return `No step yet. ${target}`;
  if (o.method === 'brute-force')
    return o.found
      ? `${after}: ${o.steps}G = ${pt(o.current)} is Q, so d = ${o.steps}.`
      : `Step ${o.steps}: ${o.steps}G = ${pt(o.current)}, not Q yet. ${target}`;
  if (o.method === 'bsgs')
    return o.found
      ? `${after}: a giant step landed on ${pt(o.current)}, a point in the baby-step table.`
      : `Step ${o.steps}: the newest point is ${pt(o.current)}. ${target}`;
  return o.found
    ? `${after}: the walk came back to a point it had seen, ${pt(o.current)}.`
    : `Step ${o.steps}: the walk is at ${pt(o.current)}, a known mix a·G + b·Q. ${target}`;
}

/**
 * The toy curve's grid with Eve's walk: the points she computed so far ringed (brute force: G, 2G, …, kG;
 * the others: their newest points), the newest one highlighted and the target Q marked. The canvas has a
 * text alternative saying where the walk is.
 */
@customElement('curvechat-eve-walk')
export class EveWalk extends LitElement {
  static override styles = [
    vizStyles,
    css`
      :host {
        display: block;
      }
      .canvas-box {
        max-width: min(34rem, calc(34rem * var(--cc-presenter-scale, 1)), 100%);
      }
    `,
  ];

  /** The toy curve. */
  @property() curve: ToyCurveId = 'toy-17';
  /** The target public key Q. */
  @property({ attribute: false }) Q: AffinePoint | null = null;
  /** Which attack is drawn. */
  @property() method: DlogMethod = 'brute-force';
  /** Group operations done. */
  @property({ type: Number }) steps = 0;
  /** The newest point. */
  @property({ attribute: false }) current: Point | null = null;
  /** Recent points (rho, BSGS), oldest first; brute force rings 1·G … steps·G itself. */
  @property({ attribute: false }) trail: readonly Point[] = [];
  /** The attack found d. */
  @property({ type: Boolean }) found = false;
  @query('canvas') private canvas!: HTMLCanvasElement;
  private sizer = new WidthController(this, () => this.draw());
  private readonly layers = new GridLayers();

  override updated(): void {
    this.draw();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.layers.clear();
  }

  /** Multiples of G to ring: brute force's 1 … steps; otherwise the trail's points that lie in G's orbit. */
  private visited(index: Map<string, number>): bigint[] {
    if (this.method === 'brute-force') {
      const last = Math.min(this.steps, index.size);
      const first = Math.max(1, last - MAX_RINGS + 1);
      return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => BigInt(first + i));
    }
    return this.trail.flatMap((P) => {
      const k = P.infinity ? undefined : index.get(pointKey(P));
      return k === undefined ? [] : [BigInt(k)];
    });
  }

  private draw(): void {
    if (!this.canvas || this.sizer.width === 0) return;
    const width = this.sizer.width;
    const height = Math.round(width * 0.97);
    const s = prepare(this.canvas, width, height, fontSizeOf(this));
    const { curve, points, orbit } = curveData(this.curve);
    const layout = gridLayout(
      Number(curve.p),
      width,
      height,
      Math.round(s.font * 3),
      Math.round(s.font * 1.5),
    );
    const cur = this.current && !this.current.infinity ? this.current : null;
    const k = cur ? orbit.index.get(pointKey(cur)) : undefined;
    this.layers.draw(s, {
      curve,
      points,
      orbit,
      layout,
      visited: this.visited(orbit.index),
      // Only brute force knows the multiple of its newest point (k·G); the others label it "now".
      current: cur
        ? {
            P: cur,
            k: this.method === 'brute-force' ? BigInt(k ?? 0) : 0n,
            name: this.method === 'brute-force' ? 'R' : 'now',
          }
        : undefined,
      marks: this.Q ? [{ P: this.Q, text: 'Q', colour: PALETTE.p, shape: 'diamond' }] : [],
    });
  }

  override render() {
    const alt = this.Q
      ? walkText({
          method: this.method,
          steps: this.steps,
          current: this.current,
          Q: this.Q,
          found: this.found,
        })
      : 'No target yet.';
    return html`<div class="canvas-box">
        <canvas role="img" aria-label=${`Eve's walk on ${this.curve}: ${alt}`}></canvas>
      </div>
      <p class="muted" data-testid="eve-walk-text">${alt}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-eve-walk': EveWalk;
  }
}

// <curvechat-exercise-picture>: a toy curve's points on the p×p grid with an exercise's points marked (SVG, with a text alternative).
import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ToyCurveId } from '../../common/wire.js';
import { getToyCurve } from '../math/curves.js';
import { enumeratePoints } from '../math/toy.js';
import { pointsEqual } from '../math/weierstrass.js';
import { sharedStyles } from '../styles/shared.js';
import type { PictureMark } from './model/exercise-types.js';

/** Cell size in SVG units. */
const CELL = 10;
/** Margin for the axis numbers. */
const M = 16;
/** Room above the top row for a mark's label. */
const TOP = 10;

/**
 * Every point of a toy curve drawn on its p×p grid, with the exercise's marks (P, Q) as larger labelled
 * shapes; the axes are numbered every few cells so coordinates can be read off. Described in words.
 */
@customElement('curvechat-exercise-picture')
export class ExercisePicture extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 26rem;
      }
      svg {
        width: 100%;
        height: auto;
        display: block;
      }
      .grid {
        stroke: var(--cc-border);
        stroke-width: 0.4;
      }
      .dot {
        fill: var(--cc-muted);
      }
      .mark {
        fill: var(--cc-accent);
        stroke: var(--cc-surface);
        stroke-width: 1;
      }
      .mark.second {
        fill: var(--cc-warn);
      }
      .axis,
      .label {
        fill: var(--cc-text);
        font-family: var(--cc-font);
      }
      .axis {
        font-size: 5.5px;
      }
      .label {
        font-size: 9px;
        font-weight: 700;
      }
    `,
  ];

  /** Toy curve to draw. */
  @property() curve: ToyCurveId = 'toy-17';
  /** Points to mark, with their labels. */
  @property({ attribute: false }) marks: readonly PictureMark[] = [];

  override render() {
    const c = getToyCurve(this.curve);
    const p = Number(c.p);
    const size = p * CELL;
    const X = (x: bigint) => M + Number(x) * CELL + CELL / 2;
    const Y = (y: bigint) => TOP + size - Number(y) * CELL - CELL / 2;
    const points = enumeratePoints(c);
    // Every coordinate is numbered on a small grid (p ≤ 31), every other one beyond.
    const ticks = Array.from({ length: p }, (_, i) => i).filter((i) => p <= 31 || i % 2 === 0);
    const alt = `Grid of the ${points.length} points of y² = x³ + ${c.a}x + ${c.b} over F_${c.p}, x and y from 0 to ${p - 1}. Marked: ${this.marks
      .map((m) => `${m.label} at (${m.P.x}, ${m.P.y})`)
      .join(', ')}.`;
    return html`<svg viewBox="0 0 ${size + M + 4} ${size + M + TOP}" role="img" aria-label=${alt}>
      ${Array.from(
        { length: p + 1 },
        (_, i) =>
          svg`<line class="grid" x1=${M + i * CELL} y1=${TOP} x2=${M + i * CELL} y2=${TOP + size}></line>
              <line class="grid" x1=${M} y1=${TOP + i * CELL} x2=${M + size} y2=${TOP + i * CELL}></line>`,
      )}
      ${ticks.map(
        (i) =>
          svg`<text class="axis" x=${X(BigInt(i))} y=${TOP + size + 9} text-anchor="middle">${i}</text>
              <text class="axis" x=${M - 3} y=${Y(BigInt(i)) + 2} text-anchor="end">${i}</text>`,
      )}
      ${points
        .filter((P) => !this.marks.some((m) => pointsEqual(m.P, P)))
        .map((P) => svg`<circle class="dot" cx=${X(P.x)} cy=${Y(P.y)} r="2"></circle>`)}
      ${this.marks.map(
        (m, i) =>
          svg`${
            i % 2 === 0
              ? svg`<circle class="mark" cx=${X(m.P.x)} cy=${Y(m.P.y)} r="4"></circle>`
              : svg`<rect class="mark second" x=${X(m.P.x) - 3.6} y=${Y(m.P.y) - 3.6} width="7.2" height="7.2"></rect>`
          }
              <text class="label" x=${X(m.P.x) + (Number(m.P.x) > p - 3 ? -7 : 6)} y=${Y(m.P.y) - 5}
                text-anchor=${Number(m.P.x) > p - 3 ? 'end' : 'start'}>${m.label}</text>`,
      )}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-exercise-picture': ExercisePicture;
  }
}

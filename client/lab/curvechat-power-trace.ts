// <curvechat-power-trace>: a simulated power trace drawn as SVG, with the attacker's reading under it and a text alternative.
import { LitElement, css, html, svg, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { sharedStyles } from '../styles/shared.js';
import type { DrawnTrace } from './model/side-channel-lab.js';

const H = 60;
const UNIT = 6;

/**
 * One trace: each operation a block whose height is its power and whose width its duration, back to
 * back, like an oscilloscope. `marks` (the attacker's reading) are printed under the blocks when
 * `showMarks`; `label` names the image; the reading sentence is the text alternative, always in the DOM.
 */
@customElement('curvechat-power-trace')
export class PowerTrace extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .scroll {
        overflow-x: auto;
        max-width: 100%;
      }
      svg {
        display: block;
        height: 6em;
        width: auto;
        color: var(--cc-accent);
      }
      svg.strip {
        width: 100%;
        height: 3.2em;
      }
      rect.op {
        fill: currentColor;
        opacity: 0.85;
      }
      text {
        fill: var(--cc-text);
        font: 600 10px var(--cc-mono);
      }
      line {
        stroke: var(--cc-border);
      }
      .draw rect.op {
        animation: rise 0.5s ease-out both;
        transform-origin: bottom;
        transform-box: fill-box;
      }
      @keyframes rise {
        from {
          transform: scaleY(0);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .draw rect.op {
          animation: none;
        }
      }
      p {
        margin: 0.3em 0 0;
      }
    `,
  ];

  /** The trace to draw. */
  @property({ attribute: false }) trace: DrawnTrace | null = null;
  /** Accessible name of the picture. */
  @property() label = 'Power trace';
  /** Print the attacker's reading under the blocks. */
  @property({ type: Boolean }) showMarks = false;
  /** Squeeze the whole trace into the width (a 256-bit strip) instead of scrolling. */
  @property({ type: Boolean }) strip = false;

  override render() {
    const t = this.trace;
    if (!t) return nothing;
    const last = t.segments.at(-1);
    const total = last ? last.start + last.width : 1;
    const w = total * UNIT;
    const h = this.showMarks ? H + 16 : H;
    const pic = svg`${t.segments.map(
      (s, i) =>
        svg`<rect class="op" x=${s.start * UNIT + 0.5} y=${H - s.height * H} width=${Math.max(1, s.width * UNIT - 1)} height=${s.height * H}></rect>${
          this.showMarks && t.marks[i]
            ? svg`<text x=${s.start * UNIT + (s.width * UNIT) / 2} y=${H + 12} text-anchor="middle">${t.marks[i]}</text>`
            : nothing
        }`,
    )}<line x1="0" x2=${w} y1=${H} y2=${H}></line>`;
    return html`<div class="scroll">
        <svg
          class=${`draw ${this.strip ? 'strip' : ''}`}
          role="img"
          aria-label=${this.label}
          viewBox=${`0 0 ${w} ${h}`}
          preserveAspectRatio=${this.strip ? 'none' : 'xMinYMid meet'}
        >
          ${pic}
        </svg>
      </div>
      <p class="small-text" data-testid="trace-reading">${t.reading}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-power-trace': PowerTrace;
  }
}

// Legend entries with SVG swatches (shape + colour + words), shared by the canvas views.
import { html, svg, type TemplateResult } from 'lit';
import type { Shape } from './canvas.js';

/** One legend entry: a marker shape or a (dashed) line, its colour and its meaning. */
export interface LegendItem {
  colour: string;
  shape: Shape | 'line' | 'dashed' | 'ring';
  text: string;
}

function swatch(item: LegendItem): TemplateResult {
  const c = item.colour;
  const body = {
    circle: svg`<circle cx="10" cy="10" r="6" fill=${c} stroke="currentColor" stroke-width="1" />`,
    diamond: svg`<path d="M10 2 18 10 10 18 2 10z" fill=${c} stroke="currentColor" stroke-width="1" />`,
    square: svg`<rect x="4" y="4" width="12" height="12" fill=${c} stroke="currentColor" stroke-width="1" />`,
    triangle: svg`<path d="M10 2 18 17H2z" fill=${c} stroke="currentColor" stroke-width="1" />`,
    line: svg`<path d="M1 10h18" stroke=${c} stroke-width="3" />`,
    dashed: svg`<path d="M1 10h18" stroke=${c} stroke-width="3" stroke-dasharray="5 3" />`,
    ring: svg`<circle cx="10" cy="10" r="6" fill="none" stroke=${c} stroke-width="2" />`,
  }[item.shape];
  return html`<svg viewBox="0 0 20 20" width="1.1em" height="1.1em" aria-hidden="true">${body}</svg>`;
}

/** A legend as a list (readable by screen readers; the swatches are decorative). */
export function legend(items: readonly LegendItem[], name = 'Legend'): TemplateResult {
  return html`<ul class="legend" aria-label=${name}>
    ${items.map((i) => html`<li>${swatch(i)} ${i.text}</li>`)}
  </ul>`;
}

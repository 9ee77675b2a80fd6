// Sub-templates of <curvechat-curve-reals>: coefficient inputs, the legend and the form for choosing P and Q by x (the keyboard alternative to clicks).
import { html, type TemplateResult } from 'lit';
import type { RealPoint } from '../math/reals.js';
import { legend } from './legend.js';
import { PALETTE } from './model/palette.js';
import { num } from './model/reals-steps.js';

/** The reals view's legend: curve, P, Q, the line, the third intersection and P + Q. */
export function realsLegend(): TemplateResult {
  return legend([
    { colour: PALETTE.curve, shape: 'line', text: 'the curve' },
    { colour: PALETTE.p, shape: 'diamond', text: 'P' },
    { colour: PALETTE.q, shape: 'triangle', text: 'Q' },
    { colour: PALETTE.line, shape: 'dashed', text: 'line through P and Q (tangent if Q = P)' },
    { colour: PALETTE.third, shape: 'square', text: 'third intersection' },
    { colour: PALETTE.highlight, shape: 'circle', text: 'P + Q (its mirror image)' },
  ]);
}

/** A number input for the curve's coefficient `name` (a or b); `onChange` gets the change event. */
export function coefInput(name: 'a' | 'b', value: number, onChange: (e: Event) => void): TemplateResult {
  return html`<label
    >${name} <input type="number" step="0.1" .value=${String(value)} @change=${onChange}
  /></label>`;
}

/** The x field and the half (upper or lower) of point `name`, prefilled from `p`, else x = `x0`. */
function pointFields(name: 'P' | 'Q', p: RealPoint | undefined, x0: string): TemplateResult {
  const id = name.toLowerCase();
  return html`<label
      >x of ${name}
      <input name="${id}x" type="number" step="any" .value=${p ? num(p.x, 4).replace('−', '-') : x0}
    /></label>
    <label
      >${name}'s half
      <select name="${id}s">
        <option value="+" ?selected=${!p || p.y >= 0}>upper (y ≥ 0)</option>
        <option value="-" ?selected=${!!p && p.y < 0}>lower (y < 0)</option>
      </select></label
    >`;
}

/** The points form (fields px, ps, qx, qs, double), prefilled from P and Q; `onSubmit` gets the submit event. */
export function pointsForm(
  P: RealPoint | undefined,
  Q: RealPoint | undefined,
  onSubmit: (e: Event) => void,
): TemplateResult {
  return html`<form @submit=${onSubmit}>
    <fieldset>
      <legend>Choose the points by x (keyboard alternative to clicking)</legend>
      <div class="controls">
        ${pointFields('P', P, '-1')} ${pointFields('Q', Q, '0')}
        <label
          ><span><input name="double" type="checkbox" /> Q = P (double)</span></label
        >
        <button type="submit">Show P + Q</button>
      </div>
    </fieldset>
  </form>`;
}

// Sub-templates of <curvechat-curve-reals>: the legend and the form for choosing P and Q by x (the keyboard alternative to clicks).
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
        <label
          >x of P
          <input name="px" type="number" step="any" .value=${P ? num(P.x, 4).replace('−', '-') : '-1'}
        /></label>
        <label
          >P's half
          <select name="ps">
            <option value="+" ?selected=${!P || P.y >= 0}>upper (y ≥ 0)</option>
            <option value="-" ?selected=${!!P && P.y < 0}>lower (y < 0)</option>
          </select></label
        >
        <label
          >x of Q <input name="qx" type="number" step="any" .value=${Q ? num(Q.x, 4).replace('−', '-') : '0'}
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
  </form>`;
}

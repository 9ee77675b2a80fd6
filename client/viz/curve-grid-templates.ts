// Sub-templates of <curvechat-curve-grid>: the curve selector, the legend and G's orbit as a table.
import { html, type TemplateResult } from 'lit';
import { TOY_CURVES, type ToyCurveId } from '../../common/wire.js';
import { equationText, getToyCurve } from '../math/curves.js';
import { legend } from './legend.js';
import { fmtPoint } from './model/format.js';
import type { OrbitInfo } from './model/grid-steps.js';
import { PALETTE } from './model/palette.js';

/** The "Toy curve" select listing every toy curve by its equation, `current` selected. */
export function curveSelect(current: ToyCurveId, onChange: (e: Event) => void): TemplateResult {
  return html`<label
    >Toy curve
    <select @change=${onChange}>
      ${TOY_CURVES.map(
        (id) =>
          html`<option value=${id} ?selected=${id === current}>${equationText(getToyCurve(id))}</option>`,
      )}
    </select></label
  >`;
}

/** The grid's legend; the "not reachable from G" entry only on a curve with a cofactor. */
export function gridLegend(cofactor: boolean): TemplateResult {
  return legend([
    { colour: PALETTE.highlight, shape: 'circle', text: 'G, and R (ringed) = the point being built' },
    { colour: PALETTE.orbit, shape: 'circle', text: "in G's orbit (k next to k·G)" },
    ...(cofactor
      ? [
          {
            colour: PALETTE.point,
            shape: 'circle' as const,
            text: 'on the curve, not reachable from G',
          },
        ]
      : []),
    { colour: PALETTE.line, shape: 'dashed', text: 'line / tangent, wrapping mod p' },
    { colour: PALETTE.third, shape: 'square', text: 'third intersection, reflected to the result' },
  ]);
}

/** G's orbit in a collapsed table: k and k·G for at most the first 120 multiples (the last is O). */
export function orbitTable(orbit: OrbitInfo): TemplateResult {
  const rows = orbit.points.slice(0, 120);
  return html`<details>
    <summary>
      G's orbit as a table (${orbit.points.length}
      multiples${rows.length < orbit.points.length ? `, first ${rows.length} shown` : ''})
    </summary>
    <div class="orbit-table">
      <table>
        <thead>
          <tr>
            <th scope="col">k</th>
            <th scope="col">k·G</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (P, i) =>
              html`<tr>
                <td>${i + 1}</td>
                <td>${fmtPoint(P)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </details>`;
}

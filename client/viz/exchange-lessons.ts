// Sub-templates of <curvechat-exchange-view> that teach around the result: the commutativity table, the cofactor, Z = x only, a curve mismatch.
import { html, type TemplateResult } from 'lit';
import type { CurveId } from '../../common/wire.js';
import { equationText, getCurve } from '../math/curves.js';
import type { Point } from '../math/weierstrass.js';
import type { PeerView } from '../session/types.js';
import type { CofactorInfo } from './model/exchange-cofactor.js';
import type { CommutativityTable } from './model/exchange-table.js';
import type { XOnly } from './model/exchange-xonly.js';
import { fmtPoint } from './model/format.js';

const xOf = (P: Point) => (P.infinity ? 'O' : String(P.x));

/** The table d_A × d_B as a real <table>: row and column headers, the room's pair marked in words too. */
export function commutativityTemplate(
  t: CommutativityTable,
  curveName: string,
  pairNote: string,
): TemplateResult {
  const n = t.rows.length * t.cols.length;
  return html`<section class="lesson" aria-labelledby="comm-h">
    <h4 id="comm-h">Why both sides meet: d_A × (d_B × G) = d_B × (d_A × G)</h4>
    <p>
      Each cell is the x-coordinate of (d_A·d_B)×G on ${curveName}, computed twice by the engine — as d_A ×
      (d_B × G) and as d_B × (d_A × G). ${pairNote}
    </p>
    <div class="table-scroll" tabindex="0" role="region" aria-label="Commutativity table (scrolls sideways)">
      <table class="comm" data-testid="commutativity">
        <caption>
          x of (d_A·d_B)×G: rows d_A, columns
          d_B${t.cells.flat().some((c) => c.ours) ? ' (★ = this exchange)' : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">d_A ↓ d_B →</th>
            ${t.cols.map((c) => html`<th scope="col">${c}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${t.cells.map(
            (row, i) =>
              html`<tr>
                <th scope="row">${t.rows[i]}</th>
                ${row.map(
                  (c) =>
                    html`<td class=${c.ours ? 'ours' : ''} data-same=${c.same ? 'true' : 'false'}>
                      ${xOf(c.viaA)}${c.same ? '' : html` ≠ ${xOf(c.viaB)}`}${c.ours ? html`<span class="tag" aria-hidden="true"> ★</span><span class="visually-hidden"> (this exchange's pair)</span>` : null}
                    </td>`,
                )}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p class=${t.allSame ? 'ok' : 'bad'}>
      ${t.allSame ? `✓ In all ${n} cells both orders give the same point (checked by the engine).` : '✗ Some cells differ.'}
    </p>
  </section>`;
}

/** The cofactor section: the numbers, the sentences and the grid of ⟨G⟩ against the other points. */
export function cofactorTemplate(c: CofactorInfo, curveName: string): TemplateResult {
  const list = c.subgroup.map(fmtPoint).join(', ');
  return html`<section class="lesson" aria-labelledby="cof-h" data-testid="cofactor">
    <h4 id="cof-h">The cofactor: G reaches only ${c.n} of the ${c.total} points</h4>
    <dl class="numbers">
      <dt>#E (points on the curve, O included)</dt>
      <dd>${c.total}</dd>
      <dt>n (order of G)</dt>
      <dd>${c.n}</dd>
      <dt>h = #E / n</dt>
      <dd>${c.h}</dd>
      <dt>private keys (1 … n − 1)</dt>
      <dd>${c.n - 1n}</dd>
    </dl>
    ${c.text.map((s) => html`<p>${s}</p>`)}
    <div class="cofactor-box">
      <canvas
        class="cofactor"
        role="img"
        aria-label=${`${curveName}: the ${c.n} points of the subgroup ⟨G⟩ — ${list}, drawn large and numbered, and O — against the other ${c.others.length} points, drawn as small dots.`}
      ></canvas>
    </div>
    <p class="legend-line">
      Large numbered dots: ⟨G⟩ = {${list}, O}. Small dots: the ${c.others.length} points G never reaches.
    </p>
  </section>`;
}

/** Why Z is only x (and u for X25519), next to the result. */
export function xOnlyTemplate(x: XOnly): TemplateResult {
  return html`<section class="lesson" aria-labelledby="xonly-h" data-testid="x-only">
    <h4 id="xonly-h">Why Z is only the x-coordinate</h4>
    ${x.text.map((s) => html`<p>${s}</p>`)}
  </section>`;
}

/** A peer whose key is on another curve: no shared secret, said plainly. */
export function mismatchTemplate(mine: CurveId, peers: readonly PeerView[]): TemplateResult {
  return html`<section class="lesson mismatch" data-testid="curve-mismatch" role="note">
    <h4>No exchange possible: different curves</h4>
    ${peers.map((p) => {
      const theirs = p.key!.curve;
      return html`<p>
        Your key is on <strong>${mine}</strong> (${equationText(getCurve(mine))}); ${p.label}'s is on
        <strong>${theirs}</strong> (${equationText(getCurve(theirs))}). Your d × their Q is not defined: their
        point is not a point of your curve, so no shared secret — and no chat — is possible between you two.
      </p>`;
    })}
    <p>To exchange, one of you generates a new key on the other's curve (the Key panel's curve picker).</p>
  </section>`;
}

// <curvechat-eve-bsgs>: baby-step giant-step as its two tables filling in (j → j·G, and Q − i·m·G), the match highlighted.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ToyCurveId } from '../../common/wire.js';
import { bsgsTables, type BabyRow, type GiantRow } from '../math/bsgs-tables.js';
import { getToyCurve } from '../math/curves.js';
import type { AffinePoint } from '../math/weierstrass.js';
import { sharedStyles } from '../styles/shared.js';
import { fmtToyPoint as pt } from './curvechat-eve-attack-view.js';
import { labStyles } from './styles.js';

/** Rows shown of a long table: the newest ones (and the matching baby row, wherever it is). */
const SHOWN_ROWS = 8;

/**
 * The two tables of baby-step giant-step after `steps` group operations, recomputed by the engine
 * (client/math/bsgs-tables.ts): the baby table j → j·G and the giant steps Q − i·m·G; when a giant step
 * is in the baby table, both rows are highlighted and d = i·m + j is shown. Announces the newest row
 * politely when `announce` is set (slow motion, single steps).
 */
@customElement('curvechat-eve-bsgs')
export class EveBsgs extends LitElement {
  static override styles = [
    sharedStyles,
    labStyles,
    css`
      .tables {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(15rem, 100%), 1fr));
        gap: 0.8em 1.2em;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        text-align: left;
        padding: 0.15em 0.5em;
        border-bottom: 1px solid var(--cc-border);
      }
      tr.match td {
        background: var(--cc-warn-soft, #fff7e6);
        font-weight: 700;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding-bottom: 0.3em;
      }
    `,
  ];

  /** The toy curve. */
  @property() curve: ToyCurveId = 'toy-17';
  /** The target public key Q. */
  @property({ attribute: false }) Q: AffinePoint | null = null;
  /** Group operations done (the attack's count). */
  @property({ type: Number }) steps = 0;
  /** Announce the newest row to screen readers. */
  @property({ type: Boolean }) announce = false;

  private rows<T extends BabyRow | GiantRow>(all: readonly T[], keep: (r: T) => boolean): T[] {
    if (all.length <= SHOWN_ROWS) return [...all];
    const tail = all.slice(-SHOWN_ROWS);
    const extra = all.filter((r) => keep(r) && !tail.includes(r));
    return [...extra, ...tail];
  }

  override render() {
    if (!this.Q) return nothing;
    const t = bsgsTables(getToyCurve(this.curve), this.Q, this.steps);
    const match = t.found;
    const baby = this.rows(t.baby, (r) => r.j === match?.j);
    const giant = this.rows(t.giant, (r) => r.match !== null);
    const newest = t.giant.at(-1) ?? t.baby.at(-1);
    const said = match
      ? `Match: giant step ${match.i} equals baby step ${match.j}, so d = ${match.i}·${t.m} + ${match.j} = ${match.d}.`
      : newest && 'i' in newest
        ? `Giant step ${newest.i}: Q − ${newest.i}·${t.m}·G = ${pt(newest.P)}, not in the table.`
        : newest
          ? `Baby step ${newest.j}: ${newest.j}·G = ${pt(newest.P)} stored.`
          : '';
    return html`<div class="tables" data-testid="eve-bsgs-tables">
        <table>
          <caption>
            Baby steps: j → j·G (${t.baby.length} of ${t.m} stored)
          </caption>
          <thead>
            <tr>
              <th scope="col">j</th>
              <th scope="col">j·G</th>
            </tr>
          </thead>
          <tbody>
            ${
              t.baby.length > baby.length
                ? html`<tr>
                    <td colspan="2" class="muted">… ${t.baby.length - baby.length} earlier rows</td>
                  </tr>`
                : nothing
            }
            ${baby.map(
              (r) =>
                html`<tr class=${r.j === match?.j ? 'match' : ''}>
                  <td>${r.j}</td>
                  <td>${pt(r.P)}${r.j === match?.j ? ' ← match' : ''}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <table>
          <caption>
            Giant steps: Q − i·${t.m}·G (${t.giant.length} taken; −${t.m}·G = ${pt(t.stride)})
          </caption>
          <thead>
            <tr>
              <th scope="col">i</th>
              <th scope="col">Q − i·${t.m}·G</th>
              <th scope="col">in the table?</th>
            </tr>
          </thead>
          <tbody>
            ${
              t.giant.length > giant.length
                ? html`<tr>
                    <td colspan="3" class="muted">… ${t.giant.length - giant.length} earlier rows</td>
                  </tr>`
                : nothing
            }
            ${giant.map(
              (r) =>
                html`<tr class=${r.match !== null ? 'match' : ''}>
                  <td>${r.i}</td>
                  <td>${pt(r.P)}</td>
                  <td>${r.match !== null ? `yes: j = ${r.match}` : 'no'}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        match
          ? html`<p class="callout" data-testid="eve-bsgs-match">
              Q − ${match.i}·${t.m}·G = ${match.j}·G, so Q = (${match.i}·${t.m} + ${match.j})·G and d =
              ${match.d}.
            </p>`
          : nothing
      }
      <p class="visually-hidden" aria-live="polite">${this.announce ? said : ''}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-eve-bsgs': EveBsgs;
  }
}

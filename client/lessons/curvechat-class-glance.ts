// <curvechat-class-glance>: per exercise, how many students answered and how many got it right (names only if opted in).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { sharedStyles } from '../styles/shared.js';
import type { TallyCount } from './model/tally.js';

/** A table of the class's answers: counts per exercise, and the names students chose to show. */
@customElement('curvechat-class-glance')
export class ClassGlance extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      caption {
        text-align: left;
        font-weight: 700;
        padding-bottom: 0.4rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.5rem;
        border-top: 1px solid var(--cc-border);
        vertical-align: top;
      }
      td.num {
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      .names {
        font-size: 0.9em;
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** The counts to show, in exercise order. */
  @property({ attribute: false }) counts: readonly TallyCount[] = [];
  /** Exercise titles by id. */
  @property({ attribute: false }) titles: Readonly<Record<string, string>> = {};

  override render() {
    return html`<table data-testid="class-glance">
      <caption>
        The class at a glance
      </caption>
      <thead>
        <tr>
          <th scope="col">Exercise</th>
          <th scope="col">Answered</th>
          <th scope="col">Right</th>
        </tr>
      </thead>
      <tbody>
        ${this.counts.map(
          (c) =>
            html`<tr data-exercise=${c.exercise}>
              <th scope="row">
                ${this.titles[c.exercise] ?? c.exercise}
                ${
                  c.names.length
                    ? html`<div class="names">
                        ${c.names.map(
                          (n, i) =>
                            html`${i ? ', ' : ''}<bdi class="name">${n.name}</bdi> ${n.correct ? '✓' : '✗'}`,
                        )}
                      </div>`
                    : nothing
                }
              </th>
              <td class="num" data-testid="answered">${c.answered}</td>
              <td class="num" data-testid="right">${c.correct}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-class-glance': ClassGlance;
  }
}

// <curvechat-mitm-safety>: Alice's and Bob's safety numbers side by side, differing groups marked, and the verdict.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { safetyGridStyles } from '../styles/safety-grid.js';
import { sharedStyles } from '../styles/shared.js';
import { compareSafetyNumbers } from './model/mitm.js';
import { labStyles } from './styles.js';

/** Two safety numbers compared group by group: equal means each holds the other's real key. */
@customElement('curvechat-mitm-safety')
export class MitmSafety extends LitElement {
  static override styles = [
    sharedStyles,
    labStyles,
    safetyGridStyles,
    css`
      .pair {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(16em, 1fr));
        gap: 1em;
      }
      ol {
        margin: 0.3em 0 0;
        padding: 0.5em 0.6em;
        gap: 0.25em 0.8em;
        font-size: 1.1em;
        letter-spacing: 0.05em;
      }
      li.diff {
        color: var(--cc-err);
        text-decoration: underline wavy;
        text-underline-offset: 0.2em;
      }
      .verdict {
        font-size: 1.1em;
      }
    `,
  ];

  /** The 12 groups Alice sees. */
  @property({ attribute: false }) alice: string[] = [];
  /** The 12 groups Bob sees. */
  @property({ attribute: false }) bob: string[] = [];

  private column(who: string, groups: string[], diff: Set<number>) {
    return html`<div>
      <h3>${who} sees</h3>
      <ol
        class="safety-grid"
        aria-label=${`${who}'s safety number`}
        data-testid=${`safety-${who.toLowerCase()}`}
      >
        ${groups.map(
          (g, i) =>
            html`<li class=${diff.has(i) ? 'diff' : ''}>
              ${g}${diff.has(i) ? html`<span class="visually-hidden"> (differs)</span>` : ''}
            </li>`,
        )}
      </ol>
    </div>`;
  }

  override render() {
    const cmp = compareSafetyNumbers(this.alice, this.bob);
    const diff = new Set(cmp.differing);
    return html`<div class="pair">
        ${this.column('Alice', this.alice, diff)}${this.column('Bob', this.bob, diff)}
      </div>
      <p
        class=${`callout verdict ${cmp.equal ? 'ok' : 'err'}`}
        data-testid="safety-verdict"
        data-equal=${String(cmp.equal)}
      >
        ${
          cmp.equal
            ? html`<strong>✓ The numbers match.</strong> Each holds the other's real public key: nobody is in
                the middle.`
            : html`<strong>✗ The numbers differ</strong> (${cmp.differing.length} of 12 groups). Each holds a
                key that is not the other's: someone is in the middle. Read them to each other in person or on
                a call to find out.`
        }
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-mitm-safety': MitmSafety;
  }
}

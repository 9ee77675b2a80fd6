// The 60-digit safety number, drawn as 12 groups of 5 digits in a readable grid.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { safetyGridStyles } from '../styles/safety-grid.js';
import { sharedStyles } from '../styles/shared.js';

/** Shows a safety number (12 groups of 5 digits) for comparing out loud or side by side. */
@customElement('curvechat-safety-number')
export class CurvechatSafetyNumber extends LitElement {
  static override styles = [
    sharedStyles,
    safetyGridStyles,
    css`
      :host {
        display: block;
      }
      ol {
        margin: 0;
        padding: 0.5rem 0.6rem;
        gap: 0.25rem 0.9rem;
        font-size: 1.05rem;
        letter-spacing: 0.06em;
      }
      @media (max-width: 360px) {
        ol.safety-grid {
          grid-template-columns: repeat(3, max-content);
        }
      }
    `,
  ];

  /** The 12 groups of 5 digits. */
  @property({ attribute: false }) groups: string[] = [];
  /** Who the number is shared with, for the accessible label. */
  @property() peerName = '';

  override render() {
    return html`<ol
      class="safety-grid"
      aria-label=${`Safety number with ${this.peerName}`}
      data-testid="safety-number"
    >
      ${this.groups.map((g) => html`<li class="group">${g}</li>`)}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-safety-number': CurvechatSafetyNumber;
  }
}

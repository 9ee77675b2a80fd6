// <curvechat-eve-real-curve>: why Eve cannot even start on a real curve, extrapolated from a speed measured on a toy curve.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CurveId } from '../../common/wire.js';
import { getCurve } from '../math/curves.js';
import { sharedStyles } from '../styles/shared.js';
import { estimateRealCurve, measureToyRate } from './model/eve-estimate.js';
import { labStyles } from './styles.js';

/** Plain-language estimate of Eve's attack on a real curve, using this computer's measured toy-curve speed. */
@customElement('curvechat-eve-real-curve')
export class EveRealCurve extends LitElement {
  static override styles = [
    sharedStyles,
    labStyles,
    css`
      :host {
        display: grid;
        gap: 0.8em;
      }
    `,
  ];

  /** The real curve of the room. */
  @property() curve: CurveId = 'P-256';
  @state() private rate = 0;

  override firstUpdated(): void {
    // Measure after the first paint, so the explanation appears at once.
    setTimeout(() => (this.rate = measureToyRate(25)), 0);
  }

  override render() {
    const est = this.rate > 0 ? estimateRealCurve(this.rate, this.curve) : null;
    const bits = getCurve(this.curve).n.toString(2).length;
    return html`<div class="callout ok" data-testid="eve-real">
        <p>
          This room uses <strong>${this.curve}</strong>. Its group has about 2^${bits} elements, so Eve cannot
          even start: there is no list of multiples of G she could ever get through.
        </p>
      </div>
      ${
        est
          ? html`<p class="lede" data-testid="eve-estimate">
              ${est.sentence}
              <span class="muted">(Speed measured on this computer just now, on a toy curve.)</span>
            </p>`
          : html`<p class="muted">Measuring this computer's speed…</p>`
      }
      <p class="muted">Choose a toy curve for the room to watch Eve succeed.</p>
      ${nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-eve-real-curve': EveRealCurve;
  }
}

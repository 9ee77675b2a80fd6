// The banner shown while my key is on a toy curve: insecure, teaching only, and what is shared for Eve.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ToyCurveId } from '../../common/wire.js';
import { INSECURE_LABEL, toyCurveOptions } from '../lab/model/toy-room.js';
import { blockSectionHost } from '../styles/host.js';
import { sharedStyles } from '../styles/shared.js';
import { subscriptFields } from './format.js';

/** "toy-17 — insecure — teaching only", the curve, and that every toy message is shared with the room. */
@customElement('curvechat-toy-banner')
export class CurvechatToyBanner extends LitElement {
  static override styles = [
    sharedStyles,
    blockSectionHost,
    css`
      section {
        gap: 0.3rem;
        padding: 0.75rem 1rem;
        border: 1px solid var(--cc-warn);
        border-left: 6px solid var(--cc-warn);
        border-radius: var(--cc-radius);
        background: var(--cc-warn-soft);
      }
      .title {
        font-weight: 700;
        color: var(--cc-warn);
        font-size: 1.05rem;
      }
      .title .curve {
        font-family: var(--cc-mono);
      }
    `,
  ];

  /** The toy curve my key is on. */
  @property() curve: ToyCurveId = 'toy-17';

  override render() {
    const o = toyCurveOptions().find((t) => t.id === this.curve);
    return html`<section aria-labelledby="toy-title" data-testid="toy-banner">
      <p class="title" id="toy-title">
        <span aria-hidden="true">⚠</span> <span class="curve">${this.curve}</span> — ${INSECURE_LABEL}
      </p>
      <p>
        Your key is on ${o ? subscriptFields(o.equation) : this.curve}, which has only
        ${o ? `${o.n - 1n}` : 'a few'} possible private keys: anyone can find yours by trying them all. Use it
        to check every number by hand, never for a real secret.
      </p>
      <p class="small-text muted">
        On a toy curve your client also shows the room everything it sends encrypted, exactly as the relay
        sees it, so that anyone can play Eve (the Eve tab) and read it once they break a key.
      </p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-toy-banner': CurvechatToyBanner;
  }
}

// The man-in-the-middle lab as a page of its own, reachable from the join screen without joining a room.
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { sharedStyles } from '../styles/shared.js';
import { emit } from './events.js';
import '../lab/index.js';

/** <curvechat-mitm-lab> with a way back to the join form; runs entirely in this page (no relay). Emits `open-lab`. */
@customElement('curvechat-lab-page')
export class CurvechatLabPage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
        max-width: 72rem;
        margin: 0 auto;
      }
      .back {
        justify-self: start;
      }
    `,
  ];

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('.back')?.focus();
  }

  override render() {
    return html`
      <button class="secondary small back" data-testid="lab-back" @click=${this.back}>
        <span aria-hidden="true">←</span> Back to joining a room
      </button>
      <curvechat-mitm-lab></curvechat-mitm-lab>
    `;
  }

  private back(): void {
    emit(this, 'open-lab', { open: false });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-lab-page': CurvechatLabPage;
  }
}

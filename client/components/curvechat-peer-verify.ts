// "Mark as verified" beside a peer's safety number: what it means, and taking it back.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PeerView } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { emit } from './events.js';

/** The verification control of one peer card (the mark is kept per peer and pair of keys, client/session/verification.ts). */
@customElement('curvechat-peer-verify')
export class CurvechatPeerVerify extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .verify {
        display: grid;
        gap: 0.3rem;
        justify-items: start;
        margin-top: 0.4rem;
      }
      .verify p {
        margin: 0;
      }
    `,
  ];

  /** The peer with a ready channel. */
  @property({ attribute: false }) peer!: PeerView;

  /** "Mark as verified" next to the safety number, and what it means. */
  override render() {
    const p = this.peer;
    return html`<div class="verify" data-testid="verify">
      ${
        p.verified
          ? html`<p class="small-text" data-testid="verified-note">
                <strong>You marked ${p.label} verified</strong> for this safety number. If either key changes,
                this mark goes and you are warned.
              </p>
              <button class="small" data-testid="unverify" @click=${() => this.verify(p, false)}>
                Mark as not verified
              </button>`
          : html`<button class="small" data-testid="mark-verified" @click=${() => this.verify(p, true)}>
                Mark as verified
              </button>
              <p class="small-text muted">
                Only after you compared these 60 digits with ${p.label} outside this chat: in person, or on a
                call where you know their voice.
              </p>`
      }
    </div>`;
  }

  private verify(p: PeerView, verified: boolean): void {
    emit(this, 'verify-peer', { id: p.id, verified });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-peer-verify': CurvechatPeerVerify;
  }
}

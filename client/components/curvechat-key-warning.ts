// The loud warning on a peer card when the peer's key changed after a channel existed, and the choice for held messages.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PeerView } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { emit } from './events.js';

/** "Alice's key changed — compare safety numbers again" (role="alert"), with Send/Discard for held messages. */
@customElement('curvechat-key-warning')
export class CurvechatKeyWarning extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .switch {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 0.8rem;
      }
      .key-changed {
        display: grid;
        gap: 0.5rem;
        border-inline-start: 4px solid currentColor;
      }
      .key-changed p {
        margin: 0;
      }
    `,
  ];

  /** The peer whose key changed. */
  @property({ attribute: false }) peer!: PeerView;

  /** The peer's key changed after a channel existed: loud until the user verifies the new channel. */
  override render() {
    const p = this.peer;
    if (!p.keyChanged) return nothing;
    return html`<div class="notice warn small-text key-changed" role="alert" data-testid="key-changed">
      <p>
        <strong
          ><span aria-hidden="true">⚠ </span>${p.label}’s key changed — compare safety numbers again.</strong
        >
        ${p.label} announced a new public key, so the safety number below is new. A reloaded tab or new keys
        explain this; so would someone in the middle. Compare the new number with ${p.label} in person or by
        voice, then mark them verified again.
      </p>
      ${p.held ? this.renderHeld(p, p.held) : nothing}
    </div>`;
  }

  /** Messages written while the peer was verified, held since its key changed: the user decides. */
  private renderHeld(p: PeerView, n: number) {
    const them = n === 1 ? 'it' : 'them';
    return html`<div role="group" aria-labelledby="held-${p.id}" data-testid="held">
      <p id="held-${p.id}">
        ${n === 1 ? '1 message' : `${n} messages`} to ${p.label} ${n === 1 ? 'was' : 'were'} written while
        ${p.label} was verified and ${n === 1 ? 'is' : 'are'} held. Send ${them} to the new key only if you
        trust it.
      </p>
      <div class="switch">
        <button class="small" data-testid="held-send" @click=${() => this.decide(p, true)}>
          Send to the new key
        </button>
        <button class="small" data-testid="held-discard" @click=${() => this.decide(p, false)}>
          Discard
        </button>
      </div>
    </div>`;
  }

  private decide(p: PeerView, send: boolean): void {
    emit(this, 'held-decision', { id: p.id, send });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-key-warning': CurvechatKeyWarning;
  }
}

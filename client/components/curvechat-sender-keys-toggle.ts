// The chat's "Sender keys" switch and line (docs/protocol.md "v2: how the browser client uses sender keys"): whether
// our messages go out as one signed broadcast, to how many members, and the on-demand checkbox for small rooms.
import { NO_SENDER_KEYS } from '../session/sender-keys-view.js';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SenderKeysView } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { switchStyles } from '../styles/switch.js';
import { emit } from './events.js';
import { senderKeysLine } from './sender-keys-line.js';

/** A labelled checkbox and a line; emits `sender-keys-change`. */
@customElement('curvechat-sender-keys-toggle')
export class CurvechatSenderKeysToggle extends LitElement {
  static override styles = [
    sharedStyles,
    switchStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.2rem 0.6rem;
      }
      .line {
        font-size: 0.8125rem;
        overflow-wrap: anywhere;
        min-width: 0;
      }
    `,
  ];

  /** The session's sender keys (SessionState.senderKeys). */
  @property({ attribute: false }) senderKeys: SenderKeysView = NO_SENDER_KEYS;

  override render() {
    const v = this.senderKeys;
    return html`
      <label>
        <input
          type="checkbox"
          data-testid="sender-keys-toggle"
          aria-describedby="sender-keys-line"
          .checked=${v.onDemand}
          @change=${this.onChange}
        />
        Sender keys in small rooms too
      </label>
      <span id="sender-keys-line" class="line muted" data-testid="sender-keys-line"
        >${senderKeysLine(v)}</span
      >
    `;
  }

  private onChange(e: Event): void {
    emit(this, 'sender-keys-change', { onDemand: (e.target as HTMLInputElement).checked });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-sender-keys-toggle': CurvechatSenderKeysToggle;
  }
}

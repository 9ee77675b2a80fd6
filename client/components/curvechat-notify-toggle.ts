// The chat's "Desktop notifications" switch: off by default; turning it on asks the browser, on that click.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { sharedStyles } from '../styles/shared.js';
import { switchStyles } from '../styles/switch.js';
import { emit } from './events.js';
import { type NotifyState, notifyStore } from './unread-notify.js';

const NOTES: Partial<Record<NotifyState, string>> = {
  blocked: 'Blocked by the browser: allow notifications for this site in its settings to use them.',
  unsupported: 'This browser does not show desktop notifications here.',
};

/** A labelled checkbox; emits `notify-change`. */
@customElement('curvechat-notify-toggle')
export class CurvechatNotifyToggle extends LitElement {
  static override styles = [
    sharedStyles,
    switchStyles,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        flex-wrap: wrap;
      }
      .note {
        font-size: 0.8125rem;
        white-space: normal;
        max-width: 22rem;
      }
    `,
  ];

  /** The state to show: the page's notifyStore (set by the app's UnreadNotify controller). */
  @state() private state: NotifyState = notifyStore.value;

  override connectedCallback(): void {
    super.connectedCallback();
    notifyStore.addEventListener('change', this.onStore);
    this.state = notifyStore.value;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    notifyStore.removeEventListener('change', this.onStore);
  }

  private readonly onStore = (): void => {
    this.state = notifyStore.value;
  };

  override render() {
    const note = NOTES[this.state];
    return html`
      <label title="While this tab is hidden: the sender's name and “New message”, never the text.">
        <input
          type="checkbox"
          data-testid="notify-toggle"
          .checked=${this.state === 'on'}
          ?disabled=${this.state === 'unsupported'}
          aria-describedby=${note ? 'notify-note' : nothing}
          @change=${this.onChange}
        />
        Desktop notifications of new messages while this tab is hidden
      </label>
      ${note ? html`<span id="notify-note" class="note muted" role="status">${note}</span>` : nothing}
    `;
  }

  private onChange(e: Event): void {
    const box = e.target as HTMLInputElement;
    emit(this, 'notify-change', { enabled: box.checked });
    // The app decides (the browser may refuse); show its state, not the click.
    box.checked = this.state === 'on';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-notify-toggle': CurvechatNotifyToggle;
  }
}

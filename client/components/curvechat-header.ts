// The page header: app name, current room with its invite link, connection status and Leave.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConnectionStatus } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { emit } from './events.js';
import { nameLabel } from './name-label.js';

const STATUS: Record<ConnectionStatus, { text: string; cls: string }> = {
  connected: { text: 'Connected', cls: 'ok' },
  connecting: { text: 'Connecting…', cls: 'warn' },
  reconnecting: { text: 'Reconnecting…', cls: 'warn' },
  disconnected: { text: 'Offline', cls: 'err' },
};

/** The invite link for a room: this page's address with `?room=NAME`. */
export function inviteLink(room: string): string {
  const url = new URL(location.pathname, location.origin);
  url.searchParams.set('room', room);
  return url.href;
}

/** Header bar; emits `leave-room`. */
@customElement('curvechat-header')
export class CurvechatHeader extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        background: var(--cc-surface);
        border-bottom: 1px solid var(--cc-border);
      }
      header {
        max-width: 90rem;
        margin: 0 auto;
        padding: 0.6rem 1.25rem;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1.25rem;
      }
      h1 {
        margin: 0;
        font-size: 1.35rem;
        display: flex;
        align-items: center;
        gap: 0.45rem;
      }
      h1 img {
        width: 1.75rem;
        height: 1.75rem;
      }
      .room {
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: 0.5rem;
        min-width: 0;
      }
      .room-name {
        font-family: var(--cc-mono);
        font-weight: 700;
        overflow-wrap: anywhere;
      }
      .spacer {
        flex: 1;
      }
      /* Who I am, the connection and Leave move to a new line as one group, not Leave alone. */
      .me {
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: 0.5rem 1.25rem;
      }
      .me > * {
        white-space: nowrap;
      }
      .copied {
        font-size: 0.875rem;
        color: var(--cc-ok);
      }
      .link {
        font-family: var(--cc-mono);
        font-size: 0.8125rem;
        min-height: 2rem;
        width: min(26rem, 70vw);
      }
      .status .dot {
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        background: currentColor;
      }
    `,
  ];

  /** Connection to the relay. */
  @property() connection: ConnectionStatus = 'disconnected';
  /** Room we are in, if any. */
  @property() room?: string;
  /** Our display name, if joined. */
  @property() name?: string;
  /** Our name's id suffix, when a member's name looks like ours. */
  @property() suffix?: string;
  /** We joined with a room passphrase (docs/protocol.md Extensions, "Room passphrase"). */
  @property({ type: Boolean }) passphrase = false;

  @state() private copyNote = '';
  @state() private showLink = false;

  override render() {
    const s = STATUS[this.connection];
    return html`
      <header>
        <h1><img src="./favicon.svg" alt="" />curvechat</h1>
        ${
          this.room
            ? html`<div class="room">
                <span class="muted">Room</span>
                <span class="room-name" data-testid="room-name">${this.room}</span>
                ${
                  this.passphrase
                    ? html`<span
                        class="badge ok"
                        data-testid="passphrase-badge"
                        title="Only members who typed the same passphrase get a working channel with you"
                        >passphrase-protected</span
                      >`
                    : nothing
                }
                <button class="secondary small" @click=${this.copy}>Copy invite link</button>
                ${
                  this.showLink
                    ? html`<input
                        class="link"
                        readonly
                        aria-label="Invite link"
                        .value=${inviteLink(this.room)}
                        @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()}
                      />`
                    : nothing
                }
                <span class="copied" aria-live="polite">${this.copyNote}</span>
              </div>`
            : nothing
        }
        <span class="spacer"></span>
        <div class="me">
          ${this.room && this.name ? html`<span data-testid="my-name">You are <strong>${nameLabel(this.name, this.suffix)}</strong></span>` : nothing}
          ${
            this.room || this.connection !== 'disconnected'
              ? html`<span class="badge status ${s.cls}" role="status" data-testid="connection">
                  <span class="dot" aria-hidden="true"></span>${s.text}
                </span>`
              : nothing
          }
          ${
            this.room
              ? html`<button class="secondary small" @click=${() => emit(this, 'leave-room', {})}>
                  Leave
                </button>`
              : nothing
          }
        </div>
      </header>
    `;
  }

  private async copy(): Promise<void> {
    if (!this.room) return;
    const link = inviteLink(this.room);
    try {
      await navigator.clipboard.writeText(link);
      this.copyNote = 'Link copied.';
      this.showLink = false;
    } catch {
      this.showLink = true;
      this.copyNote = 'The browser did not allow copying: select the link and copy it yourself.';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('.link')?.focus();
    }
    setTimeout(() => (this.copyNote = ''), 4000);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-header': CurvechatHeader;
  }
}

// The room lock bar: whether new people can join, who locked the room, and the Lock / Unlock button.
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RoomLockView } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { emit, type Reply } from './events.js';

/** A padlock, closed or open (decorative: the text says the same). */
const padlock = (closed: boolean) =>
  html`<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
    ${svg`<path d=${closed ? 'M4.5 7V5a3.5 3.5 0 0 1 7 0v2' : 'M4.5 7V5a3.5 3.5 0 0 1 6.8-1.2'} fill="none" stroke="currentColor" stroke-width="1.6" />`}
    ${svg`<rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor" />`}
  </svg>`;

/** Shows the lock state to every member and emits `room-lock-request` when the button is pressed. */
@customElement('curvechat-room-lock')
export class CurvechatRoomLock extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      section {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem 0.8rem;
        padding: 0.45rem 0.8rem;
      }
      .state {
        flex: 1 1 16rem;
        margin: 0;
      }
      .icon {
        width: 1em;
        height: 1em;
        vertical-align: -0.125em;
        margin-right: 0.25rem;
      }
      .more {
        font-size: 0.875rem;
      }
      @media (max-width: 600px) {
        .more {
          display: none;
        }
      }
      .error {
        flex-basis: 100%;
        margin: 0;
      }
    `,
  ];

  /** The lock as the session last heard it from the relay; none means open. */
  @property({ attribute: false }) lock?: RoomLockView;

  /** The last refusal of a request of ours, shown until the next try. */
  @state() private error = '';
  /** A request of ours is on its way. */
  @state() private busy = false;

  override render() {
    const lock = this.lock;
    const locked = lock?.locked === true;
    const waiting = this.busy || lock?.pending === true;
    const label = waiting ? (locked ? 'Unlocking…' : 'Locking…') : locked ? 'Unlock room' : 'Lock room';
    return html`
      <section class="notice ${locked ? 'warn' : ''}" aria-label="Room lock" data-testid="room-lock">
        <p class="state" role="status" data-testid="room-lock-state">
          ${padlock(locked)}
          ${
            lock?.locked
              ? html`<strong>Locked by <bdi class="name">${lock.mine ? 'you' : lock.byName}</bdi></strong> —
                  new people cannot join.
                  <span class="more">Members already admitted get back in after a reload.</span>`
              : html`<strong>Open</strong> — anyone with the room name can join.`
          }
        </p>
        <button
          class="secondary small"
          ?disabled=${waiting}
          aria-describedby="lock-help"
          data-testid="room-lock-toggle"
          @click=${() => this.request(!locked)}
        >
          ${label}
        </button>
        <span id="lock-help" hidden
          >${locked ? 'Let new people join again.' : 'Keep everyone not in the room now out.'}</span
        >
        ${this.error ? html`<p class="error field-error" role="alert">${this.error}</p>` : nothing}
      </section>
    `;
  }

  private request(locked: boolean): void {
    this.error = '';
    this.busy = true;
    const reply: Reply = (error) => {
      this.busy = false;
      this.error = error ?? '';
    };
    emit(this, 'room-lock-request', { locked, reply });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-room-lock': CurvechatRoomLock;
  }
}

// The join form: Name and Room fields, validated with the same rules the relay applies.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { checkName, checkRoom } from '../../common/names.js';
import { sharedStyles } from '../styles/shared.js';
import { emit } from './events.js';

/** Asks for a display name and a room, explains invalid input next to each field, and emits `join-request`. */
@customElement('curvechat-join-form')
export class CurvechatJoinForm extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 34rem;
        margin: 2.5rem auto;
        padding: 0 1rem;
      }
      form {
        display: grid;
        gap: 1.1rem;
        padding: 1.5rem;
      }
      .intro {
        display: grid;
        gap: 0.5rem;
      }
      h2 {
        font-size: 1.5rem;
      }
      .field {
        display: grid;
        gap: 0.3rem;
      }
      label {
        font-weight: 600;
      }
      .hint {
        font-size: 0.875rem;
        color: var(--cc-muted);
      }
      button[type='submit'] {
        justify-self: start;
        min-width: 8rem;
      }
      .lab {
        display: grid;
        gap: 0.75rem;
        justify-items: start;
        margin-top: 1.25rem;
      }
      ol {
        margin: 0;
        padding-left: 1.25rem;
        color: var(--cc-muted);
      }
    `,
  ];

  /** Room to prefill (from `/?room=NAME` or `/#NAME`). */
  @property() room = '';
  /** Name to prefill (for example after leaving a room). */
  @property() name = '';

  @state() private nameError = '';
  @state() private roomError = '';
  @state() private serverError = '';
  @state() private busy = false;

  override render() {
    return html`
      <form class="card" novalidate @submit=${this.onSubmit}>
        <div class="intro">
          <h2>Join a room</h2>
          <p class="muted">
            Everyone in a room makes an elliptic-curve key pair. Each pair of members derives the same secret
            with ECDH, and messages travel encrypted with AES-GCM: the relay only ever sees ciphertext.
          </p>
        </div>
        <div class="field">
          <label for="name">Name</label>
          <input
            id="name"
            name="name"
            autocomplete="nickname"
            maxlength="64"
            .value=${this.name}
            aria-invalid=${this.nameError ? 'true' : 'false'}
            aria-describedby="name-hint name-error"
            @input=${this.onNameInput}
            @blur=${this.onNameBlur}
          />
          <span id="name-hint" class="hint">How others see you: 1 to 32 characters.</span>
          <div id="name-error" class="field-error" aria-live="polite">${this.nameError}</div>
        </div>
        <div class="field">
          <label for="room">Room</label>
          <input
            id="room"
            name="room"
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            maxlength="80"
            .value=${this.room}
            aria-invalid=${this.roomError ? 'true' : 'false'}
            aria-describedby="room-hint room-error"
            @input=${this.onRoomInput}
            @blur=${this.onRoomBlur}
          />
          <span id="room-hint" class="hint">
            Letters, digits, dot, underscore or hyphen. Case matters: “Lab” and “lab” are different rooms.
          </span>
          <div id="room-error" class="field-error" aria-live="polite">${this.roomError}</div>
        </div>
        ${
          this.serverError
            ? html`<p class="notice err" role="alert">Could not join: ${this.serverError}</p>`
            : nothing
        }
        <button type="submit" ?disabled=${this.busy}>${this.busy ? 'Joining…' : 'Join'}</button>
        <ol class="small-text">
          <li>Join the same room as a friend (send them the invite link).</li>
          <li>Both press <strong>Generate keys</strong> on the same curve.</li>
          <li>Compare safety numbers out loud, then chat.</li>
        </ol>
      </form>
      <div class="card lab">
        <p>
          <strong>On your own?</strong> Watch Mallory sit between Alice and Bob, swap their keys, and get
          caught by the safety numbers. Runs in this page: no room, no server.
        </p>
        <button class="secondary" data-testid="open-mitm-lab" @click=${this.openLab}>
          Try the man-in-the-middle lab
        </button>
      </div>
    `;
  }

  private openLab(): void {
    emit(this, 'open-lab', { open: true });
  }

  private onNameInput(e: Event): void {
    this.name = (e.target as HTMLInputElement).value;
    if (this.nameError) this.nameError = this.validName().ok ? '' : this.nameError;
    this.serverError = '';
  }

  private onRoomInput(e: Event): void {
    this.room = (e.target as HTMLInputElement).value;
    if (this.roomError) this.roomError = this.validRoom().ok ? '' : this.roomError;
    this.serverError = '';
  }

  private onNameBlur(): void {
    if (this.name === '') return;
    const r = this.validName();
    this.nameError = r.ok ? '' : r.reason;
  }

  private onRoomBlur(): void {
    if (this.room === '') return;
    const r = this.validRoom();
    this.roomError = r.ok ? '' : r.reason;
  }

  private validName() {
    return checkName(this.name);
  }

  private validRoom() {
    return checkRoom(this.room.trim());
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    if (this.busy) return;
    const name = this.validName();
    const room = this.validRoom();
    this.nameError = name.ok ? '' : name.reason;
    this.roomError = room.ok ? '' : room.reason;
    this.serverError = '';
    if (!name.ok || !room.ok) {
      const first = !name.ok ? 'name' : 'room';
      this.renderRoot.querySelector<HTMLInputElement>(`#${first}`)?.focus();
      return;
    }
    this.busy = true;
    emit(this, 'join-request', {
      name: name.value,
      room: room.value,
      reply: (error) => {
        this.busy = false;
        this.serverError = error ?? '';
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-join-form': CurvechatJoinForm;
  }
}

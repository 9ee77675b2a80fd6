// The join form: Name and Room fields, validated with the same rules the relay applies.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { checkName, checkRoom, type Checked } from '../../common/names.js';
import { sharedStyles } from '../styles/shared.js';
import { emit } from './events.js';
import { PendingRequest } from './pending-request.js';
import { passphraseField, type PassphraseFieldHost } from './passphrase-field.js';

/** The two fields of the form; each id is also its input's id and the form property holding its text. */
type FieldId = 'name' | 'room';

/** What differs between the fields: label, hint, input attributes and the relay's rule. */
const FIELDS: Readonly<
  Record<
    FieldId,
    {
      label: string;
      hint: string;
      autocomplete: string;
      maxlength: number;
      plainText?: boolean;
      check: (value: string) => Checked;
    }
  >
> = {
  name: {
    label: 'Name',
    hint: 'How others see you: 1 to 32 characters.',
    autocomplete: 'nickname',
    maxlength: 64,
    check: (v) => checkName(v),
  },
  room: {
    label: 'Room',
    hint: 'Letters, digits, dot, underscore or hyphen. Case matters: “Lab” and “lab” are different rooms.',
    autocomplete: 'off',
    maxlength: 80,
    plainText: true,
    check: (v) => checkRoom(v.trim()),
  },
};

/** Asks for a display name and a room, explains invalid input next to each field, and emits `join-request`. */
@customElement('curvechat-join-form')
export class CurvechatJoinForm extends LitElement implements PassphraseFieldHost {
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
      .passphrase-row {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      .passphrase-row input {
        flex: 1;
        min-width: 0;
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
  /** The room passphrase as typed: kept in this form only, never in the address or in storage. */
  @state() passphrase = '';
  /** The passphrase is shown as text (the Show toggle). */
  @state() showPassphrase = false;

  @state() private errors: Readonly<Record<FieldId, string>> = { name: '', room: '' };
  /** The pending join; its error is the relay's (or the app's) reason. */
  private request = new PendingRequest(this);

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
        ${this.field('name')} ${this.field('room')} ${passphraseField(this)}
        ${
          this.request.error
            ? html`<p class="notice err" role="alert">Could not join: ${this.request.error}</p>`
            : nothing
        }
        <button type="submit" ?disabled=${this.request.busy}>
          ${this.request.busy ? 'Joining…' : 'Join'}
        </button>
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

  /** One labelled input with its hint and its error line. */
  private field(id: FieldId) {
    const f = FIELDS[id];
    return html`<div class="field">
      <label for=${id}>${f.label}</label>
      <input
        id=${id}
        name=${id}
        autocomplete=${f.autocomplete}
        autocapitalize=${ifDefined(f.plainText ? 'off' : undefined)}
        spellcheck=${ifDefined(f.plainText ? 'false' : undefined)}
        maxlength=${f.maxlength}
        .value=${this[id]}
        aria-invalid=${this.errors[id] ? 'true' : 'false'}
        aria-describedby="${id}-hint ${id}-error"
        @input=${(e: Event) => this.onInput(id, e)}
        @blur=${() => this.onBlur(id)}
      />
      <span id="${id}-hint" class="hint">${f.hint}</span>
      <div id="${id}-error" class="field-error" aria-live="polite">${this.errors[id]}</div>
    </div>`;
  }

  private openLab(): void {
    emit(this, 'open-lab', { open: true });
  }

  /** Typing clears the field's error once its text is valid, and any server error. */
  private onInput(id: FieldId, e: Event): void {
    this[id] = (e.target as HTMLInputElement).value;
    if (this.errors[id] && this.valid(id).ok) this.errors = { ...this.errors, [id]: '' };
    this.request.error = '';
  }

  /** Leaving a non-empty field explains what is wrong with it. */
  private onBlur(id: FieldId): void {
    if (this[id] === '') return;
    const r = this.valid(id);
    this.errors = { ...this.errors, [id]: r.ok ? '' : r.reason };
  }

  private valid(id: FieldId): Checked {
    return FIELDS[id].check(this[id]);
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    if (this.request.busy) return;
    const name = this.valid('name');
    const room = this.valid('room');
    this.errors = { name: name.ok ? '' : name.reason, room: room.ok ? '' : room.reason };
    this.request.error = '';
    if (!name.ok || !room.ok) {
      const first = !name.ok ? 'name' : 'room';
      this.renderRoot.querySelector<HTMLInputElement>(`#${first}`)?.focus();
      return;
    }
    const passphrase = this.passphrase;
    this.request.send('join-request', (reply) => ({ name: name.value, room: room.value, passphrase, reply }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-join-form': CurvechatJoinForm;
  }
}

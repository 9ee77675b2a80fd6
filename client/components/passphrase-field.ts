// The join form's optional room passphrase: a labelled password input, a Show toggle and what it does and does not do.
import { html, type TemplateResult } from 'lit';
import { MAX_PASSPHRASE_CHARS, PASSPHRASE_ITERATIONS } from '../crypto/passphrase.js';

/** What the field reads and writes on the form that shows it. */
export interface PassphraseFieldHost {
  /** The passphrase as typed (kept in memory by the form only). */
  passphrase: string;
  /** Show the passphrase as plain text. */
  showPassphrase: boolean;
}

/** The passphrase field of the join form (docs/security.md "Room passphrase"). */
export function passphraseField(host: PassphraseFieldHost): TemplateResult {
  return html`<div class="field" data-testid="passphrase-field">
    <label for="passphrase">Room passphrase <span class="hint">(optional)</span></label>
    <div class="passphrase-row">
      <input
        id="passphrase"
        name="passphrase"
        type=${host.showPassphrase ? 'text' : 'password'}
        autocomplete="off"
        autocapitalize="off"
        spellcheck="false"
        maxlength=${MAX_PASSPHRASE_CHARS}
        .value=${host.passphrase}
        aria-describedby="passphrase-hint"
        @input=${(e: Event) => (host.passphrase = (e.target as HTMLInputElement).value)}
      />
      <button
        type="button"
        class="secondary small"
        aria-pressed=${host.showPassphrase ? 'true' : 'false'}
        aria-controls="passphrase"
        @click=${() => (host.showPassphrase = !host.showPassphrase)}
      >
        ${host.showPassphrase ? 'Hide' : 'Show'}
      </button>
    </div>
    <span id="passphrase-hint" class="hint">
      Everyone who should read this room types the same passphrase. It never leaves your browser: it is
      stretched with PBKDF2 (${PASSPHRASE_ITERATIONS.toLocaleString('en')} rounds) and mixed into each shared
      key, so the relay and anyone who joins without it cannot read the room, and everyone sees who does not
      know it. It does not stop a member you let in from guessing a weak passphrase offline: use several
      random words. It is not in the invite link; after a reload, type it again.
    </span>
  </div>`;
}

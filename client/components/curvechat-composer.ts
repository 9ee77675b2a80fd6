// The message box: a text area labelled Message and a Send button; Enter sends, Shift+Enter adds a line.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { sharedStyles } from '../styles/shared.js';
import { PendingRequest } from './pending-request.js';

/** Collects a message and emits `send-message`; keeps the text and shows the reason if sending fails. */
@customElement('curvechat-composer')
export class CurvechatComposer extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.35rem 0.6rem;
        align-items: end;
      }
      label {
        grid-column: 1 / -1;
        font-weight: 600;
        font-size: 0.9375rem;
      }
      textarea {
        resize: vertical;
        min-height: 2.75rem;
        max-height: 12rem;
        line-height: 1.4;
        width: 100%;
      }
      button {
        min-height: 2.75rem;
        min-width: 5.5rem;
      }
      .status {
        grid-column: 1 / -1;
        font-size: 0.875rem;
        min-height: 1.25rem;
      }
    `,
  ];

  /** How many peers currently have a secure channel with us. */
  @property({ type: Number }) readyCount = 0;
  /** Whether we have generated keys yet. */
  @property({ type: Boolean }) hasKey = false;

  /** The pending send (its error line also shows the composer's own check). */
  private request = new PendingRequest(this);
  @query('textarea') private box!: HTMLTextAreaElement;

  override render() {
    return html`
      <form @submit=${this.onSubmit} novalidate>
        <label for="message">Message</label>
        <textarea
          id="message"
          rows="2"
          placeholder=${this.placeholder()}
          aria-describedby="composer-status"
          @keydown=${this.onKeydown}
          @input=${() => (this.request.error = '')}
        ></textarea>
        <button type="submit" ?disabled=${this.request.busy}>Send</button>
        <div id="composer-status" class="status" aria-live="polite">
          ${
            this.request.error
              ? html`<span class="field-error" role="alert">Not sent: ${this.request.error}</span>`
              : html`<span class="muted">${this.hint()}</span>`
          }
        </div>
      </form>
    `;
  }

  private placeholder(): string {
    return this.readyCount > 0 ? 'Write a message…' : '';
  }

  private hint() {
    if (!this.hasKey) return 'Generate your keys first: messages are encrypted for each peer separately.';
    if (this.readyCount === 0)
      return 'Nobody to send to yet: a message needs at least one peer with keys on your curve.';
    return html`Enter sends, Shift+Enter starts a new line. Encrypted separately for
    ${this.readyCount === 1 ? '1 peer' : `${this.readyCount} peers`}.${nothing}`;
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.submit();
    }
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    this.submit();
  }

  private submit(): void {
    if (this.request.busy) return;
    const text = this.box.value;
    if (text.trim() === '') {
      this.request.error = 'the message is empty.';
      return;
    }
    this.request.send(
      'send-message',
      (reply) => ({ text, reply }),
      (error) => {
        if (!error && this.box.value === text) this.box.value = '';
        this.box.focus();
      },
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-composer': CurvechatComposer;
  }
}

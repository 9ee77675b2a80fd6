// The message box: a text area labelled Message, Attach and Send buttons; Enter sends, Shift+Enter adds a line,
// a pasted image is sent as a file.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { formatBytes } from '../crypto/file-name.js';
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
        grid-template-columns: 1fr auto auto;
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
      button.attach {
        min-width: 4.5rem;
      }
      /* A phone: the text area takes the whole width, the two buttons share the row below. */
      @media (max-width: 30rem) {
        form {
          grid-template-columns: 1fr 1fr;
        }
        textarea {
          grid-column: 1 / -1;
        }
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
  /** Of those, how many hold our sender chain: text messages reach them in one broadcast (SessionState.senderKeys). */
  @property({ type: Number }) broadcastCount = 0;
  /** Whether we have generated keys yet. */
  @property({ type: Boolean }) hasKey = false;
  /** The largest file that can be sent, in bytes (shown in the hint). */
  @property({ type: Number }) maxFileBytes = 0;

  /** The pending send (its error line also shows the composer's own check). */
  private request = new PendingRequest(this);
  @query('textarea') private box!: HTMLTextAreaElement;
  @query('input[type=file]') private picker!: HTMLInputElement;
  /** The file being encrypted and offered (its name in the status line). */
  private readonly fileRequest = new PendingRequest(this);

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
          @paste=${this.onPaste}
        ></textarea>
        <input type="file" hidden data-testid="file-input" @change=${this.onPicked} />
        <button
          type="button"
          class="secondary attach"
          title="Attach a file (or drop it on the chat, or paste an image)"
          ?disabled=${this.fileRequest.busy}
          @click=${() => this.picker.click()}
        >
          Attach
        </button>
        <button type="submit" ?disabled=${this.request.busy}>Send</button>
        <div id="composer-status" class="status" aria-live="polite">
          ${
            this.request.error
              ? html`<span class="field-error" role="alert">Not sent: ${this.request.error}</span>`
              : this.fileRequest.error
                ? html`<span class="field-error" role="alert" data-testid="file-error"
                    >File not sent: ${this.fileRequest.error}</span
                  >`
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
    const files =
      this.maxFileBytes > 0
        ? ` Files up to ${formatBytes(this.maxFileBytes)}: Attach, drop on the chat, or paste an image.`
        : '';
    const peers = (n: number): string => (n === 1 ? '1 peer' : `${n} peers`);
    const b = Math.min(this.broadcastCount, this.readyCount);
    const how =
      b === 0
        ? `Encrypted separately for ${peers(this.readyCount)}.`
        : b === this.readyCount
          ? `Encrypted once for ${peers(b)}: one signed broadcast (sender keys).`
          : `Encrypted once for ${peers(b)} (one signed broadcast) and separately for ${peers(this.readyCount - b)}.`;
    return html`Enter sends, Shift+Enter starts a new line. ${how}${files}${nothing}`;
  }

  /** Encrypt and offer `file` to every ready peer (from the picker, a drop on the chat or a paste). */
  attach(file: File): void {
    this.request.error = '';
    this.fileRequest.send('send-file', (reply) => ({ file, reply }));
  }

  private onPicked(): void {
    const file = this.picker.files?.[0];
    this.picker.value = '';
    if (file) this.attach(file);
  }

  /** A pasted image (not text) is sent as a file. */
  private onPaste(e: ClipboardEvent): void {
    const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (!file) return;
    e.preventDefault();
    this.attach(file);
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

// A file or image inside a chat bubble: name, size, progress with cancel, then the image inline or a download link.
import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatBytes } from '../crypto/file-name.js';
import type { FileState, FileView } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { emit } from './events.js';

const STATE_TEXT: Record<FileState, string> = {
  offered: 'offered',
  sending: 'sending',
  receiving: 'receiving',
  done: 'done',
  cancelled: 'cancelled',
  failed: 'failed',
};

/** Shows one file transfer; the bytes become a blob: URL only once the receiver checked the SHA-256. */
@customElement('curvechat-file')
export class CurvechatFile extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: grid;
        gap: 0.4rem;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.2rem 0.6rem;
        align-items: baseline;
      }
      .name {
        font-weight: 700;
        overflow-wrap: anywhere;
        unicode-bidi: isolate;
      }
      .progress {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.3rem 0.6rem;
        align-items: center;
      }
      progress {
        width: 100%;
        height: 0.75rem;
        accent-color: var(--cc-accent);
      }
      .progress-text {
        grid-column: 1 / -1;
        font-size: 0.875rem;
      }
      img {
        display: block;
        max-width: 100%;
        max-height: 12rem;
        border-radius: 8px;
        border: 1px solid var(--cc-border);
        background: var(--cc-surface);
      }
      a.download {
        font-weight: 600;
        color: var(--cc-accent);
        overflow-wrap: anywhere;
      }
      ul.recipients {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
      }
    `,
  ];

  /** The transfer to show. */
  @property({ attribute: false }) file!: FileView;
  /** The author's member id (cancel names the transfer by author and id). */
  @property() from = '';
  /** Whether we are the sender. */
  @property({ type: Boolean }) outgoing = false;
  /** The author's display text, for the image's alternative text. */
  @property() author = '';

  /** The blob: URL of the verified bytes, made here and revoked when the bytes go or the bubble leaves. */
  @state() private url: string | undefined;
  private urlBytes: Uint8Array | undefined;

  override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('file')) return;
    const bytes = this.file.state === 'done' ? this.file.bytes : this.outgoing ? this.file.bytes : undefined;
    if (bytes === this.urlBytes) return;
    this.revoke();
    if (!bytes) return;
    // Images only as one of the four inline types; anything else as opaque bytes, so the browser never renders it.
    const type = this.file.image ? this.file.mime : 'application/octet-stream';
    this.url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
    this.urlBytes = bytes;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.revoke();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.file) this.requestUpdate('file');
  }

  private revoke(): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = undefined;
    this.urlBytes = undefined;
  }

  override render() {
    const f = this.file;
    return html`
      <div class="head">
        <span class="name" data-testid="file-name">${f.name}</span>
        <span class="muted small-text">${formatBytes(f.size)}${f.image ? ' · image' : ''}</span>
        ${f.state === 'done' ? nothing : html`<span class="badge ${this.badge(f.state)}">${STATE_TEXT[f.state]}</span>`}
      </div>
      ${f.state === 'sending' || f.state === 'receiving' || f.state === 'offered' ? this.renderProgress(f) : nothing}
      ${f.state === 'cancelled' || f.state === 'failed' ? this.renderStopped(f) : nothing}
      ${this.outgoing && f.recipients && f.recipients.length > 0 ? this.renderRecipients(f) : nothing}
      ${this.url && (f.state === 'done' || this.outgoing) ? this.renderFile(f, this.url) : nothing}
      ${
        f.state === 'done' && !this.outgoing && !f.bytes
          ? html`<p class="muted small-text">
              No longer held in memory, to keep memory bounded: ${f.reason ?? ''}
            </p>`
          : nothing
      }
    `;
  }

  private badge(s: FileState): string {
    return s === 'failed' ? 'err' : s === 'cancelled' ? 'warn' : '';
  }

  private renderProgress(f: FileView) {
    const pct = Math.floor((100 * f.done) / f.chunks);
    const what = this.outgoing ? 'acknowledged by every recipient' : 'received and decrypted';
    return html`<div class="progress">
      <progress
        max=${f.chunks}
        .value=${f.done}
        aria-label=${`${this.outgoing ? 'Sending' : 'Receiving'} ${f.name}`}
        data-testid="file-progress"
      ></progress>
      <button
        class="secondary small"
        data-testid="file-cancel"
        aria-label=${`Cancel ${this.outgoing ? 'sending' : 'receiving'} ${f.name}`}
        @click=${() => emit(this, 'cancel-file', { from: this.from, fileId: f.fileId })}
      >
        Cancel
      </button>
      <span class="progress-text muted" aria-live="off"
        >${f.done} of ${f.chunks} chunks ${what} (${pct}%)</span
      >
    </div>`;
  }

  private renderStopped(f: FileView) {
    const who =
      f.cancelledBy === 'me'
        ? 'You cancelled it'
        : f.cancelledBy === 'peer'
          ? 'Cancelled by the other side'
          : '';
    const text =
      f.state === 'cancelled' ? `${who}${f.reason ? `: ${f.reason}` : '.'}` : `Failed: ${f.reason ?? ''}`;
    return html`<p
      class="notice ${f.state === 'failed' ? 'err' : 'warn'} small-text"
      data-testid="file-stopped"
    >
      ${text}
    </p>`;
  }

  private renderRecipients(f: FileView) {
    return html`<ul class="recipients" aria-label="Delivery of the file">
      ${(f.recipients ?? []).map(
        (r) =>
          html`<li
            class="badge ${r.state === 'done' ? 'ok' : this.badge(r.state)}"
            data-testid="file-recipient"
          >
            ${r.name}:
            ${r.state === 'done' ? 'received, hash checked' : r.state === 'sending' || r.state === 'offered' ? `${r.acked}/${f.chunks}` : STATE_TEXT[r.state]}
          </li>`,
      )}
    </ul>`;
  }

  private renderFile(f: FileView, url: string) {
    const link = html`<a class="download" href=${url} download=${f.name} data-testid="file-download"
      >Download ${f.name} (${formatBytes(f.size)})</a
    >`;
    if (!f.image) return link;
    return html`<img
        src=${url}
        alt=${`Image ${f.name}${this.author ? ` from ${this.author}` : ''}`}
        data-testid="file-image"
      />
      ${link}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-file': CurvechatFile;
  }
}

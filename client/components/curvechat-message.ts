// One chat bubble: author, time, text, delivery per recipient, and what really crossed the wire.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ChatMessage, DeliveryState } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { bidiPieces, formatTime, isoTime } from './format.js';
import { messageEnvelope, type MemberNames } from './message-envelope.js';
import { memberLabel, memberText, textPiece } from './name-label.js';
import './curvechat-file.js';
import './curvechat-file-wire.js';

const DELIVERY: Record<DeliveryState, { text: string; cls: string; icon: string }> = {
  sending: { text: 'sending', cls: '', icon: '…' },
  sent: { text: 'sent', cls: '', icon: '✓' },
  delivered: { text: 'delivered', cls: 'ok', icon: '✓✓' },
  failed: { text: 'failed', cls: 'err', icon: '✗' },
  held: { text: 'held', cls: 'warn', icon: '⚠' },
};

/**
 * Whether the channel an incoming message arrived on was verified when it was opened: badge text and why. None for
 * our own messages: each recipient's delivery line says whether that channel was verified.
 */
export function verifiedBadge(m: ChatMessage): { text: string; ok: boolean; why: string } | undefined {
  if (m.outgoing || m.verified === undefined) return undefined;
  return m.verified
    ? { text: 'verified', ok: true, why: 'you had marked this channel verified when it arrived' }
    : { text: 'unverified', ok: false, why: 'you had not marked this channel verified when it arrived' };
}

/** A message bubble; text is always rendered as text, never as HTML. */
@customElement('curvechat-message')
export class CurvechatMessage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
      }
      :host([outgoing]) {
        justify-content: flex-end;
      }
      .bubble {
        max-width: min(38rem, 88%);
        min-width: 12rem;
        display: grid;
        gap: 0.3rem;
        padding: 0.6rem 0.85rem;
        border-radius: 14px;
        border: 1px solid var(--cc-border);
        background: var(--cc-bubble-in);
        border-bottom-left-radius: 4px;
      }
      :host([outgoing]) .bubble {
        background: var(--cc-bubble-out);
        border-bottom-left-radius: 14px;
        border-bottom-right-radius: 4px;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
        align-items: baseline;
        font-size: 0.875rem;
      }
      .author {
        font-weight: 700;
        overflow-wrap: anywhere;
      }
      time {
        color: var(--cc-muted);
      }
      .meta .badge {
        align-self: center;
      }
      .text,
      .author {
        unicode-bidi: isolate;
      }
      .text {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font-size: 1.0625rem;
      }
      ul.delivery li {
        white-space: normal;
      }
      /* The receipts and "What crossed the wire" share a line; the envelope, once open, takes the whole width. */
      .foot {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.3rem 0.75rem;
      }
      .foot details[open] {
        flex-basis: 100%;
      }
      ul.delivery {
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        margin: 0;
        padding: 0;
      }
      details summary {
        cursor: pointer;
        font-size: 0.875rem;
        color: var(--cc-accent);
        font-weight: 600;
        border-radius: 4px;
        width: fit-content;
      }
      .envelope {
        display: grid;
        gap: 0.2rem;
        margin-top: 0.5rem;
        padding-top: 0.5rem;
        border-top: 1px dashed var(--cc-border);
        font-size: 0.875rem;
      }
      .envelope h4 {
        margin: 0;
        font-size: 0.9375rem;
      }
      .hex {
        font-size: 0.8125rem;
      }
      :host([outgoing]) .hex {
        background: var(--cc-surface);
      }
    `,
  ];

  /** The message to show. */
  @property({ attribute: false }) message!: ChatMessage;
  /** Every member's name and id suffix by member id (SessionState.names). */
  @property({ attribute: false }) names: MemberNames = {};
  /** Reflected so the bubble aligns right for our own messages. */
  @property({ type: Boolean, reflect: true }) outgoing = false;

  override willUpdate(): void {
    this.outgoing = this.message.outgoing;
  }

  override render() {
    const m = this.message;
    return html`
      <article
        class="bubble"
        aria-label=${`Message from ${m.outgoing ? 'you' : memberText(this.names, m.from, m.fromName)}`}
        data-msg-id=${m.id}
      >
        <div class="meta">
          <span class="author" data-testid="author"
            >${memberLabel(this.names, m.from, m.fromName)}${m.outgoing ? ' (you)' : ''}</span
          >
          ${this.renderTime(m)} ${this.renderVerified(m)}
        </div>
        ${m.file ? this.renderFile(m, m.file) : html`<p class="text" data-testid="text">${bidiPieces(m.text).map(textPiece)}</p>`}
        <div class="foot">
          ${m.outgoing && !m.file ? this.renderDelivery(m) : nothing}
          <details>
            <summary>What crossed the wire</summary>
            ${
              m.file
                ? html`<curvechat-file-wire
                    .wire=${m.file.wire}
                    .chunks=${m.file.chunks}
                    .size=${m.file.size}
                    ?outgoing=${m.outgoing}
                  ></curvechat-file-wire>`
                : m.wire.map((w) => messageEnvelope(m, w, this.names))
            }
          </details>
        </div>
      </article>
    `;
  }

  /** A file or image (curvechat-file.ts): progress, cancel, then the image or a download link. */
  private renderFile(m: ChatMessage, file: NonNullable<ChatMessage['file']>) {
    const author = m.outgoing ? 'you' : memberText(this.names, m.from, m.fromName);
    return html`<curvechat-file
      .file=${file}
      from=${m.from}
      author=${author}
      ?outgoing=${m.outgoing}
    ></curvechat-file>`;
  }

  /**
   * The author's time, or (docs/protocol.md §5 step 6) the arrival time with a marker when the author's
   * time is out of range; the author's value is never formatted as a date then.
   */
  private renderTime(m: ChatMessage) {
    if (m.arrivedAt === undefined) return html`<time datetime=${isoTime(m.ts)}>${formatTime(m.ts)}</time>`;
    return html`<time datetime=${isoTime(m.arrivedAt)} data-testid="arrival-time"
        >${formatTime(m.arrivedAt)}</time
      ><span class="badge warn" data-testid="time-marker"
        >arrival time<span class="visually-hidden">: the sender's clock gave an impossible time</span></span
      >`;
  }

  /** "verified" / "unverified" on an incoming message: whether its channel was marked verified when it was opened. */
  private renderVerified(m: ChatMessage) {
    const b = verifiedBadge(m);
    if (!b) return nothing;
    return html`<span class="badge ${b.ok ? 'ok' : ''}" data-testid="verified-badge" data-verified=${b.ok}
      >${b.ok ? html`<span aria-hidden="true">✓</span>` : nothing}${b.text}<span class="visually-hidden"
        >: ${b.why}</span
      ></span
    >`;
  }

  private renderDelivery(m: ChatMessage) {
    const names = new Map(m.wire.map((w) => [w.to, memberText(this.names, w.to, w.toName)]));
    return html`<ul class="delivery" aria-label="Delivery">
      ${Object.entries(m.delivery).map(([to, d]) => {
        const look = DELIVERY[d.state];
        const who = names.get(to) ?? 'a member who left';
        return html`<li class="badge ${look.cls}" data-testid="delivery" data-state=${d.state}>
            <span aria-hidden="true">${look.icon}</span>${who}${
              d.verified
                ? html` <span data-testid="delivery-verified"
                    >(verified<span class="visually-hidden"
                      >: you had marked this channel verified when the message was encrypted</span
                    >)</span
                  >`
                : nothing
            }:
            ${look.text}${d.reason ? ` (${d.reason})` : ''}
          </li>
          ${
            d.unauthenticated
              ? html`<li class="badge warn" data-testid="receipt-unauthenticated">
                  <span aria-hidden="true">⚠</span>${who}'s receipt is unauthenticated (a v1 client: a relay
                  could have forged it)
                </li>`
              : nothing
          }`;
      })}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-message': CurvechatMessage;
  }
}

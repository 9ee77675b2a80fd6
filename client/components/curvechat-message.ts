// One chat bubble: author, time, text, delivery per recipient, and what really crossed the wire.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ChatMessage, DeliveryState, WireView } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { bidiPieces, formatTime, hexBytes, isoTime, type TextPiece } from './format.js';
import { groupHex } from '../viz/model/format.js';

const DELIVERY: Record<DeliveryState, { text: string; cls: string; icon: string }> = {
  sending: { text: 'sending', cls: '', icon: '…' },
  sent: { text: 'sent', cls: '', icon: '✓' },
  delivered: { text: 'delivered', cls: 'ok', icon: '✓✓' },
  failed: { text: 'failed', cls: 'err', icon: '✗' },
};

/** One piece of message text: as text, or a bidi control shown by name (it is not obeyed). */
const piece = (p: TextPiece) =>
  'text' in p
    ? p.text
    : html`<span class="bidi" title=${`${p.code} (a direction control, shown, not obeyed)`}
        >⟨${p.control}⟩</span
      >`;

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
      .bidi {
        font-size: 0.8em;
        padding: 0 0.15em;
        border: 1px dashed currentColor;
        border-radius: 0.2em;
      }
      .text {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font-size: 1.0625rem;
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
        aria-label=${`Message from ${m.outgoing ? 'you' : m.fromName}`}
        data-msg-id=${m.id}
      >
        <div class="meta">
          <span class="author" data-testid="author">${m.outgoing ? `${m.fromName} (you)` : m.fromName}</span>
          ${this.renderTime(m)}
        </div>
        <p class="text" data-testid="text">${bidiPieces(m.text).map(piece)}</p>
        ${m.outgoing ? this.renderDelivery(m) : nothing}
        <details>
          <summary>What crossed the wire</summary>
          ${m.wire.map((w) => this.renderEnvelope(m, w))}
        </details>
      </article>
    `;
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

  private renderDelivery(m: ChatMessage) {
    const names = new Map(m.wire.map((w) => [w.to, w.toName]));
    return html`<ul class="delivery" aria-label="Delivery">
      ${Object.entries(m.delivery).map(([to, d]) => {
        const look = DELIVERY[d.state];
        const who = names.get(to) ?? 'a member who left';
        return html`<li class="badge ${look.cls}" data-testid="delivery" data-state=${d.state}>
          <span aria-hidden="true">${look.icon}</span>${who}: ${look.text}${d.reason ? ` (${d.reason})` : ''}
        </li>`;
      })}
    </ul>`;
  }

  private renderEnvelope(m: ChatMessage, w: WireView) {
    return html`<section class="envelope">
      <h4>${m.outgoing ? `Envelope for ${w.toName}` : `Envelope from ${m.fromName} to you`}</h4>
      <span>IV (${hexBytes(w.ivHex)} random bytes, new for every message)</span>
      <p class="hex" data-testid="iv">${groupHex(w.ivHex)}</p>
      <span>
        Ciphertext (${hexBytes(w.ctHex)} bytes: the text inside a small JSON envelope with its time, so a
        little longer than the message)
      </span>
      <p class="hex" data-testid="ct">${groupHex(w.ctHex)}</p>
      <span
        >Authentication tag (${hexBytes(w.tagHex)} bytes; any change to the ciphertext or AAD breaks it)</span
      >
      <p class="hex" data-testid="tag">${groupHex(w.tagHex)}</p>
      <span>AAD (authenticated, not encrypted): room ⏎ sender id ⏎ recipient id ⏎ message id</span>
      <p class="hex">${w.aad.split('\n').join(' ⏎ ')}</p>
      <span>The same AAD as bytes (hex)</span>
      <p class="hex" data-testid="aad">${groupHex(w.aadHex)}</p>
      <span>AES-256-GCM key fingerprint</span>
      <p class="hex" data-testid="wire-fingerprint">${groupHex(w.keyFingerprint, 4)}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-message': CurvechatMessage;
  }
}

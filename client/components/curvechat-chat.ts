// The chat panel: the conversation (newest at the bottom), the composer, the bytes on the wire and the chat's switches.
import { LitElement, css, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatMessage, SenderKeysView, SessionState } from '../session/types.js';
import { flexColumnHost } from '../styles/host.js';
import { sharedStyles } from '../styles/shared.js';
import { removedNote } from './format.js';
import type { CurvechatComposer } from './curvechat-composer.js';
import './curvechat-composer.js';
import './curvechat-send-cost.js';
import './curvechat-notify-toggle.js';
import './curvechat-sender-keys-toggle.js';
import './curvechat-message.js';

/** The visible size of a scrolling box. */
const sizeOf = (el: HTMLElement): string => `${el.clientWidth}x${el.clientHeight}`;

/** Shows the messages and the composer; keeps the view pinned to the newest message unless scrolled up. */
@customElement('curvechat-chat')
export class CurvechatChat extends LitElement {
  static override styles = [
    sharedStyles,
    flexColumnHost,
    css`
      /* The messages take what the composer and the lines under it leave (the room's column keeps the chat tall):
         a footer grown by a few lines (the sender-keys line counts who gets what) shrinks them, down to two bubbles. */
      .messages {
        flex: 1 1 auto;
        min-height: 8rem;
        overflow-y: auto;
        display: flex;
        flex-direction: column;
        gap: 0.6rem;
        padding: 0.6rem 0.9rem;
        background: var(--cc-surface-2);
        border-radius: var(--cc-radius);
        border: 1px solid var(--cc-border);
      }
      .log-box {
        position: relative;
        flex: 1 1 auto;
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      .jump {
        position: absolute;
        inset-inline-start: 50%;
        bottom: 0.75rem;
        transform: translateX(-50%);
        box-shadow: var(--cc-shadow);
      }
      .removed {
        margin: 0;
        align-self: center;
        font-size: 0.875rem;
      }
      .system {
        margin: 0;
        font-size: 0.9375rem;
        font-weight: 600;
        border-inline-start: 4px solid currentColor;
      }
      .empty {
        margin: auto;
        max-width: 26rem;
        text-align: center;
        color: var(--cc-muted);
      }
      curvechat-composer {
        margin-top: 0.75rem;
      }
      /* One line under the composer: the bytes on the wire, and the button that shows the switches. */
      .under {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem 1rem;
      }
      .under .cost {
        flex: 1 1 18rem;
      }
      .under button {
        margin-inline-start: auto;
      }
      .options {
        margin-top: 0.5rem;
        font-size: 0.875rem;
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem 1.5rem;
      }
      [hidden] {
        display: none !important;
      }
      .log-box.dragging .messages {
        outline: 3px dashed var(--cc-accent);
        outline-offset: -3px;
      }
    `,
  ];

  /** Messages in order, oldest first. */
  @property({ attribute: false }) messages: ChatMessage[] = [];
  /** Every member's name and id suffix by member id (SessionState.names). */
  @property({ attribute: false }) names: Readonly<Record<string, { name: string; suffix?: string }>> = {};
  /** How many older messages the session removed to bound memory (a note above the oldest kept). */
  @property({ type: Number }) removedMessages = 0;
  /** Peers with a secure channel. */
  @property({ type: Number }) readyCount = 0;
  /** Whether we have keys. */
  @property({ type: Boolean }) hasKey = false;
  /** The largest file that can be sent, in bytes. */
  @property({ type: Number }) maxFileBytes = 0;
  /** The session snapshot, for the bytes-on-the-wire line under the composer (<curvechat-send-cost>). */
  @property({ attribute: false }) state?: SessionState;
  /** Sender keys of the session (SessionState.senderKeys): the switch under the composer. */
  @property({ attribute: false }) senderKeys?: SenderKeysView;
  /** True while a file is dragged over the chat. */
  @state() private dragging = false;
  /** The notification and sender-keys switches are shown (folded away by default: the messages get the room). */
  @state() private optionsOpen = false;
  @query('curvechat-composer') private composer?: CurvechatComposer;

  @query('.messages') private list?: HTMLElement;
  /** True while the reader is at the newest message: new ones scroll into view. */
  private pinned = true;
  /** The list's size when last seen: a scroll that comes with a new size is the layout's, not the reader's. */
  private seenSize = '';
  /** Keeps the newest message in view when the list changes size (a resize, Large type, the switches shown). */
  private readonly resized = new ResizeObserver(() => {
    if (this.list) this.seenSize = sizeOf(this.list);
    if (this.pinned) this.toBottom();
  });
  /** Messages that arrived while the reader was scrolled up (the "new messages" button). */
  @state() private unseen = 0;

  override render() {
    return html`
      <div
        class="log-box ${this.dragging ? 'dragging' : ''}"
        @dragover=${this.onDragOver}
        @dragleave=${() => (this.dragging = false)}
        @drop=${this.onDrop}
      >
        <div class="messages" role="log" aria-label="Messages" tabindex="0" @scroll=${this.onScroll}>
          ${
            this.removedMessages > 0
              ? html`<p class="removed notice" role="note" data-testid="removed-note">
                  ${removedNote(this.removedMessages)}
                </p>`
              : nothing
          }
          ${
            this.messages.length === 0
              ? html`<p class="empty">
                  No messages yet. Once a peer on your curve has keys, what you write here is encrypted with
                  the key you share with each of them.
                </p>`
              : nothing
          }
          ${repeat(
            this.messages,
            (m) => `${m.from}:${m.id}`,
            (m) =>
              m.system
                ? html`<p
                    class="system notice warn"
                    data-testid=${m.system === 'passphrase' ? 'passphrase-line' : 'key-change-line'}
                    data-peer-id=${m.from}
                  >
                    <span aria-hidden="true">⚠ </span>${m.text}
                  </p>`
                : html`<curvechat-message .message=${m} .names=${this.names}></curvechat-message>`,
          )}
        </div>
        ${
          this.unseen > 0
            ? html`<button class="jump" data-testid="jump-new" @click=${() => this.jump()}>
                ${this.unseen} new message${this.unseen === 1 ? '' : 's'} ↓
              </button>`
            : nothing
        }
      </div>
      <curvechat-composer
        .readyCount=${this.readyCount}
        .broadcastCount=${this.senderKeys?.active ? this.senderKeys.holders : 0}
        ?hasKey=${this.hasKey}
        .maxFileBytes=${this.maxFileBytes}
      ></curvechat-composer>
      <div class="under">
        <curvechat-send-cost class="cost" .state=${this.state}></curvechat-send-cost>
        <button
          class="secondary small"
          data-testid="chat-options"
          aria-expanded=${this.optionsOpen ? 'true' : 'false'}
          aria-controls="chat-options"
          @click=${() => (this.optionsOpen = !this.optionsOpen)}
        >
          Chat options <span aria-hidden="true">${this.optionsOpen ? '▴' : '▾'}</span>
        </button>
      </div>
      <div id="chat-options" class="options" ?hidden=${!this.optionsOpen}>
        <curvechat-notify-toggle></curvechat-notify-toggle>
        ${
          this.senderKeys
            ? html`<curvechat-sender-keys-toggle
                .senderKeys=${this.senderKeys}
              ></curvechat-sender-keys-toggle>`
            : nothing
        }
      </div>
    `;
  }

  override firstUpdated(): void {
    if (this.list) this.resized.observe(this.list);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.list) this.resized.observe(this.list);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resized.disconnect();
  }

  /** A file dragged over the chat: show where it lands. */
  private onDragOver(e: DragEvent): void {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  }

  /** A file dropped on the chat goes through the composer (its status line shows any refusal). */
  private onDrop(e: DragEvent): void {
    this.dragging = false;
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    this.composer?.attach(file);
  }

  private onScroll(): void {
    const l = this.list;
    if (!l) return;
    // A window resize scrolls the list before its ResizeObserver runs: that does not unpin the reader.
    const size = sizeOf(l);
    const resized = size !== this.seenSize;
    this.seenSize = size;
    if (resized && this.pinned) return this.toBottom();
    this.pinned = l.scrollHeight - l.scrollTop - l.clientHeight < 48;
    if (this.pinned) this.unseen = 0;
  }

  /** Scroll to the newest message and stay there. */
  private jump(): void {
    this.pinned = true;
    this.unseen = 0;
    this.toBottom();
    this.list?.focus();
  }

  private toBottom(): void {
    const l = this.list;
    if (l) l.scrollTop = l.scrollHeight;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get('messages');
    if (!changed.has('messages') || !before) return;
    const known = new Set(before.map((m) => `${m.from}:${m.id}`));
    const added = this.messages.filter((m) => !known.has(`${m.from}:${m.id}`));
    // Our own new message brings the reader down; others only count while scrolled up.
    if (added.some((m) => m.outgoing)) this.pinned = true;
    if (this.pinned) this.unseen = 0;
    else this.unseen += added.filter((m) => !m.outgoing).length;
  }

  override async updated(changed: PropertyValues<this>): Promise<void> {
    if (!changed.has('messages') || !this.pinned) return;
    // The bubbles render after this element: wait for them, or the bottom is measured too early.
    const bubbles = [...this.renderRoot.querySelectorAll('curvechat-message')];
    await Promise.all(bubbles.slice(-8).map((b) => b.updateComplete));
    if (this.pinned) this.toBottom();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-chat': CurvechatChat;
  }
}

// The room view: keys and peers on the left; Chat (and Math, once that view exists) with the activity log on the right.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CurveSupport, RoomSessionApi, SessionState } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import './curvechat-activity-log.js';
import './curvechat-chat.js';
import './curvechat-key-panel.js';
import './curvechat-peer-list.js';

/**
 * Tag of the math visualisation (issue 3). Its tab appears once the element is defined; it receives
 * `.state` (SessionState) and `.session` (RoomSessionApi) like every other view.
 */
export const MATH_TAG = 'curvechat-math';

type TabId = 'chat' | 'math';

/** Lays out a joined room; purely a view of `state`. */
@customElement('curvechat-room')
export class CurvechatRoom extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .room {
        display: grid;
        grid-template-columns: minmax(22rem, 30rem) minmax(0, 1fr);
        gap: 1.25rem;
        align-items: start;
      }
      .left,
      .right {
        display: grid;
        gap: 1.25rem;
        min-width: 0;
      }
      /* The chat stays in view while the keys and peers scroll: it fills the window height. */
      .right.fill {
        position: sticky;
        top: 1rem;
        height: max(32rem, calc(100vh - 6rem));
        display: flex;
        flex-direction: column;
      }
      .right > .card {
        flex: 1 1 auto;
        min-height: 0;
        display: flex;
        flex-direction: column;
        gap: 0.75rem;
      }
      .right.fill > .card > :last-child {
        flex: 1 1 auto;
        min-height: 0;
      }
      curvechat-activity-log {
        flex: none;
      }
      [role='tablist'] {
        display: flex;
        gap: 0.25rem;
        border-bottom: 1px solid var(--cc-border);
      }
      button[role='tab'],
      button[role='tab']:hover:not(:disabled) {
        background: none;
        color: var(--cc-muted);
        border: 0;
        border-bottom: 3px solid transparent;
        border-radius: 6px 6px 0 0;
        padding: 0.4rem 1rem;
      }
      button[role='tab']:hover:not(:disabled) {
        background: var(--cc-surface-2);
        color: var(--cc-text);
      }
      button[role='tab'][aria-selected='true'],
      button[role='tab'][aria-selected='true']:hover:not(:disabled) {
        color: var(--cc-accent);
        border-bottom-color: var(--cc-accent);
      }
      .banner {
        margin-bottom: 1rem;
      }
      @media (max-width: 960px) {
        .room {
          grid-template-columns: minmax(0, 1fr);
        }
        .right.fill {
          position: static;
          height: auto;
        }
        curvechat-chat {
          height: 30rem;
        }
      }
    `,
  ];

  /** Session snapshot to draw. */
  @property({ attribute: false }) state!: SessionState;
  /** Browser curve support. */
  @property({ attribute: false }) support?: CurveSupport;
  /** Handed to the math view only. */
  @property({ attribute: false }) session?: RoomSessionApi;

  @state() private tab: TabId = 'chat';

  override connectedCallback(): void {
    super.connectedCallback();
    if (!customElements.get(MATH_TAG))
      void customElements.whenDefined(MATH_TAG).then(() => this.requestUpdate());
  }

  override render() {
    const st = this.state;
    const ready = st.peers.filter((p) => p.channel === 'ready').length;
    const tabs: { id: TabId; label: string }[] = [{ id: 'chat', label: 'Chat' }];
    if (customElements.get(MATH_TAG)) tabs.push({ id: 'math', label: 'Math' });
    const tab = tabs.some((t) => t.id === this.tab) ? this.tab : 'chat';
    const tabbed = tabs.length > 1;
    return html`
      ${
        st.connection === 'reconnecting' || st.connection === 'disconnected'
          ? html`<p class="notice warn banner" role="status">
              Lost the connection to the relay. Reconnecting… Messages cannot be sent until it is back; your
              keys stay in this tab.
            </p>`
          : nothing
      }
      <div class="room">
        <div class="left">
          <curvechat-key-panel
            .key=${st.myKey}
            .curve=${st.curve}
            .support=${this.support}
          ></curvechat-key-panel>
          <curvechat-peer-list .peers=${st.peers} .myCurve=${st.myKey?.curve}></curvechat-peer-list>
        </div>
        <div class="right ${tab === 'chat' ? 'fill' : ''}">
          <section class="card" aria-label=${tabbed ? 'Views' : 'Chat'}>
            ${tabbed ? this.renderTabs(tabs, tab) : html`<h2>Chat</h2>`}
            ${
              tab === 'chat'
                ? html`<curvechat-chat
                    id="panel-chat"
                    role=${tabbed ? 'tabpanel' : nothing}
                    aria-labelledby=${tabbed ? 'tab-chat' : nothing}
                    .messages=${st.messages}
                    .readyCount=${ready}
                    ?hasKey=${!!st.myKey}
                  ></curvechat-chat>`
                : html`<curvechat-math
                    id="panel-math"
                    role="tabpanel"
                    aria-labelledby="tab-math"
                    .state=${st}
                    .session=${this.session}
                  ></curvechat-math>`
            }
          </section>
          <curvechat-activity-log .entries=${st.log}></curvechat-activity-log>
        </div>
      </div>
    `;
  }

  private renderTabs(tabs: { id: TabId; label: string }[], current: TabId) {
    return html`<div role="tablist" aria-label="Views" @keydown=${this.onTabKey}>
      ${tabs.map(
        (t) =>
          html`<button
            role="tab"
            id=${`tab-${t.id}`}
            aria-controls=${`panel-${t.id}`}
            aria-selected=${t.id === current ? 'true' : 'false'}
            tabindex=${t.id === current ? 0 : -1}
            @click=${() => (this.tab = t.id)}
          >
            ${t.label}
          </button>`,
      )}
    </div>`;
  }

  private onTabKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const tabs = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    const i = tabs.findIndex((t) => t.getAttribute('aria-selected') === 'true');
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    next?.click();
    next?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-room': CurvechatRoom;
  }
}

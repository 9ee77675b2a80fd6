// The room's tabbed views: Chat, Math, Eve's panel, the man-in-the-middle lab and the attack labs.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PresentLabDetail } from '../../common/schema/steps-labs.js';
import type { PresentLessonDetail } from '../../common/schema/steps.js';
import type { ObservedEnvelope, ObservedKey } from '../lab/model/eve.js';
import type { FollowedEve } from '../lab/model/eve-follow.js';
import type { RoomSessionApi, SessionState } from '../session/types.js';
import type { FollowStep, ViewDemo } from '../viz/view-step.js';
import { flexColumnHost } from '../styles/host.js';
import { sharedStyles } from '../styles/shared.js';
import { emit } from './events.js';
import { eveCurve } from './room-lab.js';
import { TABS, type MathViewId, type TabId } from './room-views.js';
import '../lab/index.js';
import '../lessons/curvechat-exercises.js';
import '../lessons/curvechat-lessons.js';
import './curvechat-chat.js';

/**
 * Tag of the math visualisation (issue 3). Its tab appears once the element is defined; it receives
 * `.state`, `.session` and `.view` (the math sub-view) like <curvechat-math-panel>.
 */
export const MATH_TAG = 'curvechat-math';

/**
 * ARIA tabs over the room's views; purely a view of its inputs. Emits `tab-change` when the user picks
 * a tab (arrow keys move between tabs). Eve's panel and the lab stay mounted once opened, so an attack
 * in progress or a lab run survives a look at the chat.
 */
@customElement('curvechat-views')
export class CurvechatViews extends LitElement {
  static override styles = [
    sharedStyles,
    flexColumnHost,
    css`
      .card {
        flex: 1 1 auto;
        min-height: 0;
        display: flex;
        flex-direction: column;
        gap: 0.75rem;
      }
      .card > .active {
        flex: 1 1 auto;
        min-height: 0;
      }
      [hidden] {
        display: none !important;
      }
      [role='tablist'] {
        display: flex;
        flex-wrap: wrap;
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
      /* A narrower chat column (a 1280 px laptop): the seven tabs still fit on one row. */
      @media (max-width: 1399px) {
        button[role='tab'],
        button[role='tab']:hover:not(:disabled) {
          padding: 0.4rem 0.7rem;
        }
      }
      /* A phone: seven tabs in two compact rows, so the chat still starts on the first screen. */
      @media (max-width: 600px) {
        [role='tablist'] {
          gap: 0;
        }
        button[role='tab'],
        button[role='tab']:hover:not(:disabled) {
          padding: 0.35rem 0.5rem;
          font-size: 0.9rem;
        }
      }
    `,
  ];

  /** Session snapshot to draw. */
  @property({ attribute: false }) state!: SessionState;
  /** Handed to the math view. */
  @property({ attribute: false }) session?: RoomSessionApi;
  /** The open tab. */
  @property() tab: TabId = 'chat';
  /** The math sub-view ('' = the math panel's own default). */
  @property() mathView: MathViewId | '' = '';
  /** The followed presenter's step, handed to the math view (presenter mode). */
  @property({ attribute: false }) followStep: FollowStep | undefined;
  /** The followed presenter's demo curve and points, handed to the math view. */
  @property({ attribute: false }) followDemo: ViewDemo | undefined;
  /** The followed presenter's lesson and step, handed to the Lessons tab. */
  @property({ attribute: false }) followLesson: PresentLessonDetail | undefined;
  /** Public keys Eve observes. */
  @property({ attribute: false }) keys: ObservedKey[] = [];
  /** Toy ciphertexts Eve observes, and the older v2 ones she keeps to follow ratchets (follow.ts `anchors`). */
  @property({ attribute: false }) envelopes: readonly ObservedEnvelope[] = [];
  @property({ attribute: false }) anchors: readonly ObservedEnvelope[] = [];
  /** The followed presenter's attack-lab state (`present:lab`) and name, for the MITM lab and the Attacks tab. */
  @property({ attribute: false }) followLab: { name: string; detail: PresentLabDetail } | undefined;
  /** The followed presenter's Eve attack, rerun by Eve's panel (client/lab/model/eve-follow.ts). */
  @property({ attribute: false }) followEve: FollowedEve | undefined;

  @state() private opened = new Set<TabId>();

  override connectedCallback(): void {
    super.connectedCallback();
    if (!customElements.get(MATH_TAG))
      void customElements.whenDefined(MATH_TAG).then(() => this.requestUpdate());
  }

  private get tabs() {
    return TABS.filter((t) => t.id !== 'math' || customElements.get(MATH_TAG));
  }

  override willUpdate(): void {
    const tab = this.current;
    if ((tab === 'eve' || tab === 'mitm' || tab === 'attacks' || tab === 'lessons') && !this.opened.has(tab))
      this.opened = new Set([...this.opened, tab]);
  }

  private get current(): TabId {
    return this.tabs.some((t) => t.id === this.tab) ? this.tab : 'chat';
  }

  override render() {
    const st = this.state;
    const tab = this.current;
    const ready = st.peers.filter((p) => p.channel === 'ready').length;
    const panel = (id: TabId) => ({ id: `panel-${id}`, labelledby: `tab-${id}`, hidden: id !== tab });
    const eve = panel('eve');
    const mitm = panel('mitm');
    const attacks = panel('attacks');
    const lab = this.followLab;
    const mitmLab = lab?.detail.lab === 'mitm' ? { name: lab.name, detail: lab.detail } : undefined;
    const lessons = panel('lessons');
    const exercises = panel('exercises');
    return html`<section class="card" aria-label="Views">
      ${this.renderTabs(tab)}
      ${
        tab === 'chat'
          ? html`<curvechat-chat
              class="active"
              id="panel-chat"
              role="tabpanel"
              aria-labelledby="tab-chat"
              .messages=${st.messages}
              .names=${st.names}
              .removedMessages=${st.removedMessages}
              .maxFileBytes=${st.maxFileBytes ?? 0}
              .senderKeys=${st.senderKeys}
              .readyCount=${ready}
              ?hasKey=${!!st.myKey}
              .state=${st}
            ></curvechat-chat>`
          : nothing
      }
      ${
        tab === 'math'
          ? html`<curvechat-math
              class="active"
              id="panel-math"
              role="tabpanel"
              aria-labelledby="tab-math"
              .state=${st}
              .session=${this.session}
              .view=${this.mathView}
              .followStep=${this.followStep}
              .followDemo=${this.followDemo}
            ></curvechat-math>`
          : nothing
      }
      ${
        this.opened.has('eve')
          ? html`<curvechat-eve-panel
              class=${eve.hidden ? '' : 'active'}
              id=${eve.id}
              role="tabpanel"
              aria-labelledby=${eve.labelledby}
              ?hidden=${eve.hidden}
              .curve=${eveCurve(st)}
              .room=${st.room ?? ''}
              .keys=${this.keys}
              .envelopes=${this.envelopes}
              .anchors=${this.anchors}
              .followed=${this.followEve?.detail}
              .followName=${this.followEve?.name ?? ''}
            ></curvechat-eve-panel>`
          : nothing
      }
      ${
        this.opened.has('mitm')
          ? html`<curvechat-mitm-lab
              class=${mitm.hidden ? '' : 'active'}
              id=${mitm.id}
              role="tabpanel"
              aria-labelledby=${mitm.labelledby}
              ?hidden=${mitm.hidden}
              .followed=${mitmLab}
            ></curvechat-mitm-lab>`
          : nothing
      }
      ${
        this.opened.has('attacks')
          ? html`<curvechat-attacks
              class=${attacks.hidden ? '' : 'active'}
              id=${attacks.id}
              role="tabpanel"
              aria-labelledby=${attacks.labelledby}
              ?hidden=${attacks.hidden}
              .myKey=${st.myKey}
              .followed=${lab?.detail.lab === 'mitm' ? undefined : lab}
            ></curvechat-attacks>`
          : nothing
      }
      ${
        this.opened.has('lessons')
          ? html`<curvechat-lessons
              class=${lessons.hidden ? '' : 'active'}
              id=${lessons.id}
              role="tabpanel"
              aria-labelledby=${lessons.labelledby}
              ?hidden=${lessons.hidden}
              .followLesson=${this.followLesson}
            ></curvechat-lessons>`
          : nothing
      }
      <curvechat-exercises
        class=${exercises.hidden ? '' : 'active'}
        id=${exercises.id}
        role="tabpanel"
        aria-labelledby=${exercises.labelledby}
        ?hidden=${exercises.hidden}
        .session=${this.session}
        .state=${st}
      ></curvechat-exercises>
    </section>`;
  }

  private renderTabs(current: TabId) {
    return html`<div role="tablist" aria-label="Views" @keydown=${this.onTabKey}>
      ${this.tabs.map(
        (t) =>
          html`<button
            role="tab"
            id=${`tab-${t.id}`}
            aria-controls=${`panel-${t.id}`}
            aria-selected=${t.id === current ? 'true' : 'false'}
            tabindex=${t.id === current ? 0 : -1}
            @click=${() => emit(this, 'tab-change', { tab: t.id })}
          >
            ${t.label}
          </button>`,
      )}
    </div>`;
  }

  private onTabKey(e: KeyboardEvent): void {
    const tabs = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    const i = tabs.findIndex((t) => t.getAttribute('aria-selected') === 'true');
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length];
    next?.click();
    void this.updateComplete.then(() => next?.focus());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-views': CurvechatViews;
  }
}

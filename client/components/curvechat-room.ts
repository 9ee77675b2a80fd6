// The room view: toy warning, lock, keys and peers on the left; presenter mode, tabbed views and activity on the right.
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PresentLabDetail } from '../../common/schema/steps-labs.js';
import { isToyCurve } from '../../common/wire.js';
import type { PresentEveDetail } from '../../common/schema/steps.js';
import type { ObservedKey } from '../lab/model/eve.js';
import { FollowEve } from '../lab/model/eve-follow.js';
import { followedView, INITIAL_FOLLOW, type FollowState } from '../lab/model/follow.js';
import type { PresentLessonDetail } from '../../common/schema/steps.js';
import type { PresenterView } from '../lab/model/presenter.js';
import type { RejoinRecord } from '../session/rejoin.js';
import type { CurveSupport, RoomSessionApi, SessionState } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { reasonOf } from './events.js';
import { listen } from './host-listeners.js';
import { roomStyles } from './room-styles.js';
import { FollowInputs, ViewSteps } from './room-follow.js';
import { observedKeys } from './room-lab.js';
import { isMathView, placeOfView, presenterViewOf, type MathViewId, type TabId } from './room-views.js';
import './curvechat-activity-log.js';
import './curvechat-key-panel.js';
import './curvechat-peer-list.js';
import './curvechat-room-lock.js';
import './curvechat-toy-banner.js';
import './curvechat-views.js';

export { MATH_TAG } from './curvechat-views.js';

/** Lays out a joined room; a view of `state` plus which tab is open and whether this member presents. */
@customElement('curvechat-room')
export class CurvechatRoom extends LitElement {
  static override styles = [sharedStyles, roomStyles];

  /** Session snapshot to draw. */
  @property({ attribute: false }) state!: SessionState;
  /** Browser curve support. */
  @property({ attribute: false }) support?: CurveSupport;
  /** Handed to the math view only. */
  @property({ attribute: false }) session?: RoomSessionApi;
  /** Presenter-mode state of this member (client/lab/model/follow.ts), fed by the app. */
  @property({ attribute: false }) follow: FollowState = INITIAL_FOLLOW;
  /** Large type for a projector is on. */
  @property({ type: Boolean }) large = false;
  /** Set when the app rejoined this room after a reload: a notice says so (with a new key). */
  @property({ attribute: false }) reloaded?: RejoinRecord;

  @state() private tab: TabId = 'chat';
  @state() private mathView: MathViewId | '' = '';
  @state() private presenting = false;
  /** The Lessons tab's lesson and step (published as `present:lesson` while presenting there). */
  @state() private lesson: PresentLessonDetail | undefined;
  /** The reload notice was dismissed. */
  @state() private reloadSeen = false;
  /** The presenter view last applied while following ("id view"), so a student may still look around. */
  private applied = '';
  private keysFor?: SessionState;
  private keys: ObservedKey[] = [];
  /** Positions and demo data the math views report (published while presenting). */
  private viewSteps = new ViewSteps();
  /** The followed presenter's step and demo, for the math views. */
  private followInputs = new FollowInputs();
  /** The latest public state of each attack lab ('mitm', 'attacks'), published while presenting. */
  private labStates = new Map<string, PresentLabDetail>();
  /** Eve's latest progress on this page, for the presenter bar to publish. */
  @state() private eve: PresentEveDetail | null = null;
  /** Eve's latest progress while not presenting (kept without re-rendering the room at every frame). */
  private eveLatest: PresentEveDetail | null = null;
  /** The followed presenter's Eve attack (same object while it does not change). */
  private followEve = new FollowEve();

  constructor() {
    super();
    // The events of the tabs, the presenter bar and the math views.
    listen(this, {
      'tab-change': this.onTab,
      'math-view-change': this.onMathView,
      'present-toggle': this.onPresentToggle,
      'view-step-change': this.onViewStep,
      'view-demo-change': this.onViewDemo,
      'lab-state-change': this.onLabState,
      'lesson-change': this.onLesson,
      'eve-progress': this.onEveProgress,
      'room-lock-request': this.onLockRequest,
    });
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('follow')) this.applyFollowed();
  }

  /** Switches to the followed presenter's view when it changes (or when following starts). */
  private applyFollowed(): void {
    const now = followedView(this.follow);
    this.followInputs.update(now);
    if (!now) {
      this.applied = '';
      return;
    }
    const key = `${now.id} ${now.view}`;
    if (key === this.applied) return;
    this.applied = key;
    const place = placeOfView(now.view);
    if (!place) return;
    this.tab = place.tab;
    if (place.math) this.mathView = place.math;
  }

  /** What I am looking at, for the presenter bar. */
  private get current(): PresenterView {
    const st = this.state;
    const math = this.mathView || (st.myKey ? 'keygen' : 'reals');
    const view = presenterViewOf(this.tab, math, st.myKey?.curve ?? st.curve);
    if (this.tab === 'math') return this.viewSteps.complete(view);
    if (this.tab === 'lessons' && this.lesson) return { ...view, lesson: this.lesson };
    const lab = this.labStates.get(this.tab);
    return lab ? { ...view, lab } : view;
  }

  override render() {
    const st = this.state;
    if (this.keysFor !== st) {
      this.keysFor = st;
      this.keys = observedKeys(st);
    }
    const toy = st.myKey && isToyCurve(st.myKey.curve) ? st.myKey.curve : undefined;
    const secrets = [st.myKey?.privateHex ?? '', ...st.peers.map((p) => p.derived?.zHex ?? '')];
    return html`
      ${
        st.connection === 'reconnecting' || st.connection === 'disconnected'
          ? html`<p class="notice warn banner" role="status">
              Lost the connection to the relay. Reconnecting… Messages you send now wait in this tab and go
              out when it is back; your keys stay here too.
            </p>`
          : nothing
      }
      ${
        this.reloaded && !this.reloadSeen
          ? html`<p class="notice banner reloaded" role="status">
              <span
                >You reloaded the page: you are back in room ${this.reloaded.room} as ${this.reloaded.name}
                with a new key — compare safety numbers again. Messages from before the reload are not kept.
                (Leave the room to stop rejoining it on reload.)</span
              >
              <button class="secondary small" @click=${() => (this.reloadSeen = true)}>OK</button>
            </p>`
          : nothing
      }
      <nav class="jump ${this.large ? 'large' : ''}" aria-label="Jump to">
        <span class="small-text muted jump-label">Jump to</span>
        <button class="secondary small" @click=${this.jumpToChat}>Chat</button>
        <button
          class="small ${st.myKey ? 'secondary' : ''}"
          @click=${() => this.jumpTo('curvechat-key-panel')}
        >
          ${st.myKey ? 'Your keys' : 'Generate keys ↓'}
        </button>
        <button class="secondary small" @click=${() => this.jumpTo('curvechat-peer-list')}>People</button>
      </nav>
      <div class="room ${this.large ? 'large' : ''} ${toy ? 'toy' : ''}">
        ${toy ? html`<curvechat-toy-banner class="toy-banner" .curve=${toy}></curvechat-toy-banner>` : nothing}
        <div class="left">
          <curvechat-room-lock .lock=${st.lock}></curvechat-room-lock>
          <curvechat-key-panel
            .key=${st.myKey}
            .announcement=${st.keyAnnouncement}
            .curve=${st.curve}
            .support=${this.support}
          ></curvechat-key-panel>
          <curvechat-peer-list
            .peers=${st.peers}
            .announcement=${st.keyAnnouncement}
            .myCurve=${st.myKey?.curve}
            .support=${this.support}
          ></curvechat-peer-list>
        </div>
        <div class="right ${this.tab === 'chat' ? 'fill' : ''}">
          <curvechat-presenter-bar
            .presenting=${this.presenting}
            .current=${this.current}
            .follow=${this.follow}
            .large=${this.large}
            .secretsHex=${secrets}
            .eve=${this.eve}
          ></curvechat-presenter-bar>
          <curvechat-views
            .state=${st}
            .session=${this.session}
            .tab=${this.tab}
            .mathView=${this.mathView}
            .followStep=${this.followInputs.step}
            .followDemo=${this.followInputs.demo}
            .followLesson=${followedView(this.follow)?.lesson}
            .keys=${this.keys}
            .envelopes=${this.follow.ciphertexts}
            .anchors=${this.follow.anchors}
            .followLab=${this.followedLab()}
            .followEve=${this.followEve.of(followedView(this.follow))}
          ></curvechat-views>
          <curvechat-activity-log .entries=${st.log}></curvechat-activity-log>
        </div>
      </div>
    `;
  }

  /** Scrolls the element matching `selector` to the top (under the jump bar). */
  private jumpTo(selector: string): void {
    this.renderRoot.querySelector(selector)?.scrollIntoView({ block: 'start' });
  }

  /** Opens the Chat tab and scrolls it to the top (under the jump bar), where it fills the window. */
  private readonly jumpToChat = async () => {
    this.tab = 'chat';
    await this.updateComplete;
    this.jumpTo('curvechat-views');
  };

  private readonly onTab = (e: HTMLElementEventMap['tab-change']) => {
    this.tab = e.detail.tab;
  };

  private readonly onMathView = (e: HTMLElementEventMap['math-view-change']) => {
    if (isMathView(e.detail.view)) this.mathView = e.detail.view;
  };

  private readonly onViewStep = (e: HTMLElementEventMap['view-step-change']) => {
    if (this.viewSteps.step(e.detail)) this.requestUpdate();
  };

  private readonly onViewDemo = (e: HTMLElementEventMap['view-demo-change']) => {
    if (this.viewSteps.demo(e.detail)) this.requestUpdate();
  };

  private readonly onLabState = (e: HTMLElementEventMap['lab-state-change']) => {
    this.labStates.set(e.detail.lab === 'mitm' ? 'mitm' : 'attacks', e.detail);
    this.requestUpdate();
  };

  private lastFollowedLab: { name: string; detail: PresentLabDetail } | undefined;

  /** The followed presenter's lab state (the same object while it does not change). */
  private followedLab(): { name: string; detail: PresentLabDetail } | undefined {
    const now = followedView(this.follow);
    const detail = now?.lab;
    if (!now || !detail) return (this.lastFollowedLab = undefined);
    const prev = this.lastFollowedLab;
    if (prev?.name === now.name && prev.detail === detail) return prev;
    return (this.lastFollowedLab = { name: now.name, detail });
  }

  private readonly onLesson = (e: HTMLElementEventMap['lesson-change']) => {
    this.lesson = { lesson: e.detail.lesson, step: e.detail.step };
  };

  private readonly onEveProgress = (e: HTMLElementEventMap['eve-progress']) => {
    this.eveLatest = e.detail;
    if (this.presenting) this.eve = e.detail;
  };

  private readonly onLockRequest = (e: HTMLElementEventMap['room-lock-request']) => {
    const { locked, reply } = e.detail;
    if (!this.session) return reply('Not connected to a room.');
    this.session.setLocked(locked).then(
      () => reply(null),
      (err: unknown) => reply(reasonOf(err)),
    );
  };

  private readonly onPresentToggle = (e: HTMLElementEventMap['present-toggle']) => {
    this.presenting = e.detail.presenting;
    if (this.presenting) this.eve = this.eveLatest;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-room': CurvechatRoom;
  }
}

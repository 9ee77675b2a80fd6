// The room view: keys and peers on the left; presenter mode and the tabbed views with the activity log on the right.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isToyCurve } from '../../common/wire.js';
import type { PresentEveDetail } from '../../common/schema/steps.js';
import type { ObservedKey } from '../lab/model/eve.js';
import { FollowEve } from '../lab/model/eve-follow.js';
import { followedView, INITIAL_FOLLOW, type FollowState } from '../lab/model/follow.js';
import type { PresenterView } from '../lab/model/presenter.js';
import type { CurveSupport, RoomSessionApi, SessionState } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { listen } from './host-listeners.js';
import { FollowInputs, ViewSteps } from './room-follow.js';
import { observedKeys } from './room-lab.js';
import { isMathView, placeOfView, presenterViewOf, type MathViewId, type TabId } from './room-views.js';
import './curvechat-activity-log.js';
import './curvechat-key-panel.js';
import './curvechat-peer-list.js';
import './curvechat-toy-banner.js';
import './curvechat-views.js';

export { MATH_TAG } from './curvechat-views.js';

/** Lays out a joined room; a view of `state` plus which tab is open and whether this member presents. */
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
      .right.fill > curvechat-views {
        flex: 1 1 auto;
        min-height: 0;
      }
      curvechat-activity-log,
      curvechat-presenter-bar {
        flex: none;
      }
      .banner {
        margin-bottom: 1rem;
      }
      /* Large type for a projector: the views take the whole width, keys and peers follow below. */
      .room.large {
        grid-template-columns: minmax(0, 1fr);
      }
      .room.large .right {
        order: -1;
      }
      /* Not a window-height column: at 22px type it would squeeze the chat under its card (composer hidden). */
      .room.large .right.fill {
        position: static;
        height: auto;
      }
      .room.large .left {
        grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr));
        align-items: start;
      }
      @media (max-width: 960px) {
        .room {
          grid-template-columns: minmax(0, 1fr);
        }
        .right.fill {
          position: static;
          height: auto;
        }
        .right.fill > curvechat-views {
          height: 36rem;
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
  /** Presenter-mode state of this member (client/lab/model/follow.ts), fed by the app. */
  @property({ attribute: false }) follow: FollowState = INITIAL_FOLLOW;
  /** Large type for a projector is on. */
  @property({ type: Boolean }) large = false;

  @state() private tab: TabId = 'chat';
  @state() private mathView: MathViewId | '' = '';
  @state() private presenting = false;
  /** The presenter view last applied while following ("id view"), so a student may still look around. */
  private applied = '';
  private keysFor?: SessionState;
  private keys: ObservedKey[] = [];
  /** Positions and demo data the math views report (published while presenting). */
  private viewSteps = new ViewSteps();
  /** The followed presenter's step and demo, for the math views. */
  private followInputs = new FollowInputs();
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
      'eve-progress': this.onEveProgress,
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
    return this.tab === 'math' ? this.viewSteps.complete(view) : view;
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
      ${toy ? html`<curvechat-toy-banner class="banner" .curve=${toy}></curvechat-toy-banner>` : nothing}
      <div class="room ${this.large ? 'large' : ''}">
        <div class="left">
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
            .keys=${this.keys}
            .envelopes=${this.follow.ciphertexts}
            .followEve=${this.followEve.of(followedView(this.follow))}
          ></curvechat-views>
          <curvechat-activity-log .entries=${st.log}></curvechat-activity-log>
        </div>
      </div>
    `;
  }

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

  private readonly onEveProgress = (e: HTMLElementEventMap['eve-progress']) => {
    this.eveLatest = e.detail;
    if (this.presenting) this.eve = e.detail;
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

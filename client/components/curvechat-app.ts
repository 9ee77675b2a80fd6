// The root component: picks the view (insecure notice, join form or room) and routes UI events to the session.
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CurveSupport, RoomSessionApi, SessionState } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { reasonOf } from './events.js';
import type {
  CurveChangeDetail,
  GenerateKeysDetail,
  JoinRequestDetail,
  SendMessageDetail,
} from './events.js';
import './curvechat-header.js';
import './curvechat-insecure-notice.js';
import './curvechat-join-form.js';
import './curvechat-room.js';
import '../viz/curvechat-math.js';

/** The room a link asks for: `/?room=NAME`, else `/#NAME`. */
export function roomFromLocation(loc: Location = location): string {
  const q = new URLSearchParams(loc.search).get('room');
  if (q) return q;
  return decodeURIComponent(loc.hash.replace(/^#/, ''));
}

const EMPTY_STATE: SessionState = {
  connection: 'disconnected',
  curve: 'P-256',
  peers: [],
  messages: [],
  log: [],
};

/** `<curvechat-app>`: set `session` (and `support`) once WebCrypto is known to exist, or `secure = false`. */
@customElement('curvechat-app')
export class CurvechatApp extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
      }
      main {
        flex: 1;
        width: 100%;
        max-width: 90rem;
        margin: 0 auto;
        padding: 1.25rem;
      }
    `,
  ];

  /** The room session; absent while starting or when WebCrypto is missing. */
  @property({ attribute: false }) session?: RoomSessionApi;
  /** Browser support per curve. */
  @property({ attribute: false }) support?: CurveSupport;
  /** False when `crypto.subtle` is missing: the insecure-context notice replaces the app. */
  @property({ type: Boolean }) secure = true;

  @state() private st: SessionState = EMPTY_STATE;
  @state() private lastName = '';

  private readonly onChange = () => {
    if (this.session) this.st = this.session.state;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('join-request', this.onJoin);
    this.addEventListener('curve-change', this.onCurve);
    this.addEventListener('generate-keys', this.onGenerate);
    this.addEventListener('send-message', this.onSend);
    this.addEventListener('leave-room', this.onLeave);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.session?.removeEventListener('change', this.onChange);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('session')) {
      const old = changed.get('session') as RoomSessionApi | undefined;
      old?.removeEventListener('change', this.onChange);
      this.session?.addEventListener('change', this.onChange);
      this.st = this.session?.state ?? EMPTY_STATE;
    }
  }

  override render() {
    const st = this.st;
    // In a room once the relay has acknowledged the join (`me`); while connecting, the form stays up.
    const joined = st.room !== undefined && st.me !== undefined;
    return html`
      <curvechat-header
        .connection=${st.connection}
        .room=${joined ? st.room : undefined}
        .name=${joined ? st.name : undefined}
      ></curvechat-header>
      <main>
        ${
          !this.secure
            ? html`<curvechat-insecure-notice></curvechat-insecure-notice>`
            : joined
              ? html`<curvechat-room
                  .state=${st}
                  .support=${this.support}
                  .session=${this.session}
                ></curvechat-room>`
              : html`<curvechat-join-form
                  .room=${roomFromLocation()}
                  .name=${this.lastName}
                ></curvechat-join-form>`
        }
      </main>
    `;
  }

  private readonly onJoin = (e: CustomEvent<JoinRequestDetail>) => {
    const { name, room, reply } = e.detail;
    this.lastName = name;
    if (!this.session) return reply('curvechat is still starting up. Try again in a moment.');
    this.session.join(room, name).then(
      () => {
        reply(null);
        const url = new URL(location.href);
        url.hash = '';
        url.searchParams.set('room', room);
        history.replaceState(null, '', url);
        document.title = `${room} · curvechat`;
      },
      (err: unknown) => reply(reasonOf(err)),
    );
  };

  private readonly onCurve = (e: CustomEvent<CurveChangeDetail>) => {
    this.session?.setCurve(e.detail.curve);
  };

  private readonly onGenerate = (e: CustomEvent<GenerateKeysDetail>) => {
    const { reply } = e.detail;
    if (!this.session) return reply('curvechat is still starting up.');
    this.session.generateKeys().then(
      () => reply(null),
      (err: unknown) => reply(reasonOf(err)),
    );
  };

  private readonly onSend = (e: CustomEvent<SendMessageDetail>) => {
    const { text, reply } = e.detail;
    if (!this.session) return reply('curvechat is still starting up.');
    this.session.send(text).then(
      () => reply(null),
      (err: unknown) => reply(reasonOf(err)),
    );
  };

  private readonly onLeave = () => {
    const done = () => {
      document.title = 'curvechat';
    };
    this.session?.leave().then(done, done);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-app': CurvechatApp;
  }
}

// The root component: picks the view (insecure notice, join form or room) and routes UI events to the session.
import { NO_SENDER_KEYS } from '../session/sender-keys-view.js';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CurveSupport, RoomSessionApi, SessionState } from '../session/types.js';
import { tooLargeReason } from '../crypto/file-name.js';
import { flexColumnHost } from '../styles/host.js';
import { sharedStyles } from '../styles/shared.js';
import { reasonOf, replyWhenDone } from './events.js';
import type {
  CurveChangeDetail,
  FollowChangeDetail,
  GenerateKeysDetail,
  JoinRequestDetail,
  OpenLabDetail,
  PresenterStyleChangeDetail,
  PresentStepDetail,
  SendFileDetail,
  SendMessageDetail,
  UseCurveDetail,
} from './events.js';
import { listen } from './host-listeners.js';
import { ReloadRejoin } from './reload-rejoin.js';
import { RoomLab } from './room-lab.js';
import { StartupGate } from './startup-gate.js';
import { UnreadNotify } from './unread-notify.js';
import './curvechat-header.js';
import './curvechat-insecure-notice.js';
import './curvechat-join-form.js';
import './curvechat-lab-page.js';
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
  removedMessages: 0,
  log: [],
  names: {},
  senderKeys: NO_SENDER_KEYS,
};

/** `<curvechat-app>`: set `session` (and `support`) once WebCrypto is known to exist, or `secure = false`. */
@customElement('curvechat-app')
export class CurvechatApp extends LitElement {
  static override styles = [
    sharedStyles,
    flexColumnHost,
    css`
      :host {
        min-height: 100vh;
      }
      main {
        flex: 1;
        width: 100%;
        max-width: 90rem;
        margin: 0 auto;
        padding: 1.25rem;
      }
      .rejoining {
        max-width: 34rem;
        margin: 1rem auto 0;
      }
    `,
  ];

  /** The room session; absent while starting or when WebCrypto is missing. */
  @property({ attribute: false }) session?: RoomSessionApi;
  /** Browser support per curve. */
  @property({ attribute: false }) support?: CurveSupport;
  /** Why start-up could not make the session (a module or the browser failed); a waiting Join then says so. */
  @property({ attribute: false }) startupError?: string;
  /** False when `crypto.subtle` is missing: the insecure-context notice replaces the app. */
  @property({ type: Boolean }) secure = true;

  @state() private st: SessionState = EMPTY_STATE;
  @state() private lastName = '';
  /** The man-in-the-middle lab is open instead of the join form (`/?lab=mitm`). */
  @state() private labOpen = new URLSearchParams(location.search).get('lab') === 'mitm';
  /** Presenter mode, toy ciphertexts for Eve, large type. */
  private readonly lab = new RoomLab(this);
  /** Rejoins the same room after a reload (room, name and curve in sessionStorage; never a key). */
  private readonly rejoin = new ReloadRejoin(this);
  /** A Join pressed while the page still loads waits here for the session. */
  private readonly startup = new StartupGate(this);
  /** Unread count in the tab title and opt-in desktop notifications while the page is hidden. */
  private readonly unread = new UnreadNotify(this);

  private readonly onChange = () => {
    if (!this.session) return;
    this.st = this.session.state;
    this.lab.sync(this.st);
    this.rejoin.sync(this.st);
    this.unread.sync(this.st);
  };

  constructor() {
    super();
    // The UI events the app routes to the session.
    listen(this, {
      'join-request': this.onJoin,
      'curve-change': this.onCurve,
      'generate-keys': this.onGenerate,
      'announce-key': () => this.session?.announceKey(),
      'send-message': this.onSend,
      'send-file': this.onSendFile,
      'cancel-file': (e) => this.session?.cancelFile(e.detail.from, e.detail.fileId),
      'leave-room': this.onLeave,
      'use-curve': this.onUseCurve,
      'verify-peer': (e) => this.session?.setVerified(e.detail.id, e.detail.verified),
      'held-decision': (e) => this.session?.decideHeld(e.detail.id, e.detail.send),
      'open-lab': this.onOpenLab,
      'present-step': this.onPresentStep,
      'follow-change': this.onFollow,
      'presenter-style-change': this.onLarge,
      'notify-change': (e) => void this.unread.setEnabled(e.detail.enabled),
      'sender-keys-change': (e) => this.session?.setSenderKeysOnDemand(e.detail.onDemand),
    });
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
      this.lab.attach(this.session);
      this.lab.sync(this.st);
      if (this.session) this.rejoin.start(this.session, roomFromLocation());
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
        .suffix=${joined ? st.me?.suffix : undefined}
        ?passphrase=${joined && st.passphrase === true}
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
                  .follow=${this.lab.follow}
                  .large=${this.lab.large}
                  .reloaded=${this.rejoin.notice}
                ></curvechat-room>`
              : this.rejoin.rejoining
                ? html`<p class="notice rejoining" role="status">
                    You reloaded the page: rejoining room ${this.rejoin.rejoining.room} as
                    ${this.rejoin.rejoining.name}…
                  </p>`
                : this.labOpen
                  ? html`<curvechat-lab-page></curvechat-lab-page>`
                  : html`${
                        this.rejoin.error
                          ? html`<p class="notice warn rejoining" role="alert">${this.rejoin.error}</p>`
                          : nothing
                      }
                      <curvechat-join-form
                        .room=${roomFromLocation()}
                        .name=${this.lastName || this.rejoin.lastName}
                      ></curvechat-join-form>`
        }
      </main>
    `;
  }

  private readonly onJoin = (e: CustomEvent<JoinRequestDetail>) => {
    const { name, room, passphrase, reply } = e.detail;
    this.lastName = name;
    // Pressed before start-up finished (config.json can take seconds on a slow network): wait for the session.
    this.startup
      .session()
      .then((session) => session.join(room, name, passphrase))
      .then(
        () => {
          reply(null);
          // The room starts at its top (on a phone the join form had been scrolled down to its Join button).
          window.scrollTo(0, 0);
          const url = new URL(location.href);
          url.hash = '';
          url.searchParams.delete('lab');
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
    replyWhenDone(this.session.generateKeys(), reply);
  };

  private readonly onSend = (e: CustomEvent<SendMessageDetail>) => {
    const { text, reply } = e.detail;
    if (!this.session) return reply('curvechat is still starting up.');
    replyWhenDone(this.session.send(text), reply);
  };

  private readonly onSendFile = (e: CustomEvent<SendFileDetail>) => {
    const { file, reply } = e.detail;
    if (!this.session) return reply('curvechat is still starting up.');
    const session = this.session;
    const max = session.state.maxFileBytes;
    // Refused before reading it: a huge file is never loaded into memory.
    if (max !== undefined && file.size > max) return reply(tooLargeReason(file.name, file.size, max));
    const bytes = file.arrayBuffer().then((buf) => new Uint8Array(buf));
    replyWhenDone(
      bytes.then((b) => session.sendFile({ name: file.name, type: file.type, bytes: b })),
      reply,
    );
  };

  private readonly onUseCurve = (e: CustomEvent<UseCurveDetail>) => {
    const { curve, reply } = e.detail;
    if (!this.session) return reply('curvechat is still starting up.');
    this.session.setCurve(curve);
    replyWhenDone(this.session.generateKeys(), reply);
  };

  private readonly onOpenLab = (e: CustomEvent<OpenLabDetail>) => {
    this.labOpen = e.detail.open;
    const url = new URL(location.href);
    if (this.labOpen) url.searchParams.set('lab', 'mitm');
    else url.searchParams.delete('lab');
    history.replaceState(null, '', url);
  };

  private readonly onPresentStep = (e: CustomEvent<PresentStepDetail>) => {
    // Already sanitised and rate-limited by <curvechat-presenter-bar>; a refused step is simply not seen.
    this.session?.publishStep(e.detail.phase, e.detail.detail).catch(() => undefined);
  };

  private readonly onFollow = (e: CustomEvent<FollowChangeDetail>) => {
    this.lab.dispatch({ type: 'follow', id: e.detail.id });
  };

  private readonly onLarge = (e: CustomEvent<PresenterStyleChangeDetail>) => {
    this.lab.setLarge(e.detail.large);
  };

  private readonly onLeave = () => {
    this.rejoin.left();
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

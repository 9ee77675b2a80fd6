// <curvechat-presenter-bar>: "Present to the room", "Follow <name>" and large type for a projector.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PresentEveDetail } from '../../common/schema/steps.js';
import { sharedStyles } from '../styles/shared.js';
import { emit } from '../components/events.js';
import {
  describePresenter,
  followedView,
  INITIAL_FOLLOW,
  presenterList,
  type FollowState,
} from './model/follow.js';
import { sanitizeStep, stepsForChange, StepDetailError, type PresenterView } from './model/presenter.js';
import { StepPublisher } from './model/publisher.js';
import { describeLesson } from '../lessons/model/lessons.js';
import { labStyles } from './styles.js';

/**
 * The presenter controls. While `presenting`, every change of `current` is turned into sanitised
 * `present:view` / `present:step` steps (rate-limited) and dispatched as `present-step` for the app to
 * publish. Students pick a presenter to follow (`follow-change`); `large` asks for the projector style
 * (`presenter-style-change`). Emits `present-toggle` when presenting starts or stops.
 */
@customElement('curvechat-presenter-bar')
export class PresenterBar extends LitElement {
  static override styles = [
    sharedStyles,
    labStyles,
    css`
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em 1.2em;
        align-items: center;
        padding: 0.5em 0.9em;
        background: var(--cc-surface);
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
      }
      .group {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4em;
        align-items: center;
      }
      button[aria-pressed='true'],
      button[aria-pressed='true']:hover:not(:disabled) {
        background: var(--cc-ok);
        border-color: var(--cc-ok);
        /* Filled-button text of the theme: white on the light green, dark ink on the dark theme's light green. */
        color: var(--cc-accent-text);
      }
      .live-dot {
        display: inline-block;
        width: 0.7em;
        height: 0.7em;
        border-radius: 50%;
        background: var(--cc-err);
        margin-right: 0.35em;
      }
      .status {
        flex: 1 1 18em;
      }
    `,
  ];

  /** Whether this member is presenting (the bar flips it and emits `present-toggle`). */
  @property({ type: Boolean }) presenting = false;
  /** What this member is looking at now (from the app); published while presenting. */
  @property({ attribute: false }) current: PresenterView | null = null;
  /** The follower state (client/lab/model/follow.ts), fed with every `peer-step`. */
  @property({ attribute: false }) follow: FollowState = INITIAL_FOLLOW;
  /** Large type for a projector. */
  @property({ type: Boolean }) large = false;
  /** Hex of own private key and every Z: refused in any published step (≥ 8 bytes). */
  @property({ attribute: false }) secretsHex: string[] = [];
  /** Eve's latest attack progress on this page (`eve-progress`), published as `present:eve` while presenting. */
  @property({ attribute: false }) eve: PresentEveDetail | null = null;
  /** Last error while preparing a step (shown, never sent). */
  private error = '';
  private published: PresenterView | null = null;
  private publisher = new StepPublisher((s) => emit(this, 'present-step', s));

  override willUpdate(changed: Map<string, unknown>): void {
    if ((changed.has('current') || changed.has('presenting')) && this.presenting && this.current)
      this.publish();
    // Eve's latest run goes out when it moves, and once when presenting starts (the class sees where Eve is).
    if ((changed.has('eve') || changed.has('presenting')) && this.presenting && this.eve)
      this.publishEve(this.eve);
  }

  private publishEve(detail: PresentEveDetail): void {
    try {
      this.publisher.push(sanitizeStep('present:eve', detail, { secretsHex: this.secretsHex }));
    } catch (e) {
      this.error = e instanceof StepDetailError ? e.message : 'This step could not be published.';
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.publisher.clear();
  }

  private publish(): void {
    const next = this.current;
    if (!next) return;
    try {
      for (const s of stepsForChange(this.published, next)) {
        sanitizeStep(s.phase, s.detail, { secretsHex: this.secretsHex });
        this.publisher.push(s);
      }
      this.published = next;
      this.error = '';
    } catch (e) {
      this.error = e instanceof StepDetailError ? e.message : 'This step could not be published.';
    }
  }

  private togglePresenting(): void {
    this.presenting = !this.presenting;
    if (!this.presenting) {
      this.publisher.clear();
      this.publisher.push({ phase: 'present:stop', detail: {} });
      this.published = null;
    }
    emit(this, 'present-toggle', { presenting: this.presenting });
  }

  private toggleFollow(id: string): void {
    emit(this, 'follow-change', { id: this.follow.following === id ? null : id });
  }

  private toggleLarge(): void {
    this.large = !this.large;
    emit(this, 'presenter-style-change', { large: this.large });
  }

  private statusText(): string {
    const lesson = this.current?.lesson ? describeLesson(this.current.lesson) : null;
    if (this.presenting && lesson) return `You are presenting: ${lesson}.`;
    if (this.presenting)
      return this.current
        ? `You are presenting: ${this.current.title ?? this.current.view} on ${this.current.curve}` +
            (this.current.index !== undefined && this.current.total
              ? `, step ${this.current.index + 1} of ${this.current.total}.`
              : '.')
        : 'You are presenting.';
    const now = followedView(this.follow);
    if (now) return `Following ${describePresenter(now)}`;
    const followed = this.follow.following;
    if (followed !== null) return 'Waiting for the presenter you follow to present again.';
    return presenterList(this.follow).length ? 'Pick a presenter to follow.' : 'Nobody is presenting.';
  }

  override render() {
    const presenters = presenterList(this.follow);
    return html`<div class="bar" role="region" aria-label="Presenter mode">
      <div class="group">
        <button
          class=${this.presenting ? '' : 'secondary'}
          aria-pressed=${String(this.presenting)}
          data-testid="present-toggle"
          @click=${() => this.togglePresenting()}
        >
          ${this.presenting ? html`<span class="live-dot" aria-hidden="true"></span>` : nothing}Present to the
          room
        </button>
        ${presenters.map(
          (p) =>
            html`<button
              class="secondary"
              aria-pressed=${String(this.follow.following === p.id)}
              data-testid="follow"
              @click=${() => this.toggleFollow(p.id)}
            >
              Follow ${p.name}
            </button>`,
        )}
        <button
          class="secondary"
          aria-pressed=${String(this.large)}
          data-testid="large-type"
          @click=${() => this.toggleLarge()}
        >
          Large type
        </button>
      </div>
      <p class="status" aria-live="polite" data-testid="presenter-status">${this.statusText()}</p>
      ${this.error ? html`<p class="field-error" role="alert">${this.error}</p>` : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-presenter-bar': PresenterBar;
  }
}

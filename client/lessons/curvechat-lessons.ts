// <curvechat-lessons>: the Lessons tab — pick a lesson, step through it (text plus a view in a given state), follow a presenter's step.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PresentLessonDetail } from '../../common/schema/steps.js';
import { emit } from '../components/events.js';
import type { TabId } from '../components/room-views.js';
import { sharedStyles } from '../styles/shared.js';
import { freshInputs, lessonViewTemplate, type ViewInputs } from './lesson-view.js';
import { lessonById, lessonStep, LESSONS } from './model/lessons.js';
import { viewInputs } from './model/lesson-views.js';
import type { Lesson } from './model/lesson-types.js';

/** Keys that move a lesson: a presenter's clicker sends PageDown / PageUp. */
const NEXT_KEYS = new Set(['PageDown', 'ArrowRight']);
const PREV_KEYS = new Set(['PageUp', 'ArrowLeft']);

/**
 * The Lessons tab. The presenter picks a lesson and steps through it (buttons, PageDown/PageUp, or the
 * arrow keys on the lesson text); each step shows a short text and opens a view in the lesson's state.
 * Emits `lesson-change` on every move (the room publishes it as `present:lesson` while presenting) and
 * takes a followed presenter's lesson and step through `followLesson`.
 */
@customElement('curvechat-lessons')
export class CurvechatLessons extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .lesson {
        display: grid;
        gap: 0.75rem;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: end;
      }
      label {
        display: grid;
        gap: 0.2rem;
        font-weight: 600;
        flex: 1 1 14rem;
        min-width: 0;
        max-width: 32rem;
      }
      select {
        width: 100%;
        min-width: 0;
        padding: 0.3rem 0.5rem;
      }
      .step {
        background: var(--cc-surface);
        border: 1px solid var(--cc-border);
        border-left: 4px solid var(--cc-accent);
        border-radius: var(--cc-radius);
        padding: 0.75rem 1rem;
        display: grid;
        gap: 0.5rem;
      }
      .step:focus-visible {
        outline: 3px solid var(--cc-focus);
        outline-offset: 2px;
      }
      .step p {
        font-size: 1.1em;
        line-height: 1.5;
        max-width: 60em;
      }
      .nav {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .count {
        color: var(--cc-muted);
        font-weight: 600;
      }
      .view {
        min-width: 0;
      }
    `,
  ];

  /** The followed presenter's lesson and step (applied when it changes). */
  @property({ attribute: false }) followLesson: PresentLessonDetail | undefined;
  @state() private lessonId = LESSONS[0]?.id ?? '';
  @state() private index = 0;
  private inputs: ViewInputs = {};
  private inputsFor = '';
  private appliedFollow = '';

  private get lesson(): Lesson {
    return lessonById(this.lessonId) ?? (LESSONS[0] as Lesson);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const f = this.followLesson;
    if (changed.has('followLesson') && f) {
      const key = `${f.lesson} ${f.step}`;
      const lesson = lessonById(f.lesson);
      if (key !== this.appliedFollow && lesson) {
        this.appliedFollow = key;
        this.lessonId = lesson.id;
        this.index = Math.min(f.step, lesson.steps.length - 1);
      }
    }
    const at = `${this.lesson.id} ${this.index}`;
    if (at !== this.inputsFor) {
      this.inputsFor = at;
      this.inputs = freshInputs(viewInputs(lessonStep(this.lesson, this.index).view));
    }
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('lessonId') || changed.has('index'))
      emit(this, 'lesson-change', { lesson: this.lesson.id, step: this.index });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKey);
  }

  /** Goes to step `i` of the current lesson (clamped). */
  go(i: number): void {
    this.index = Math.min(this.lesson.steps.length - 1, Math.max(0, i));
  }

  private readonly onKey = (e: KeyboardEvent): void => {
    const origin = e.composedPath()[0];
    // Arrow keys belong to the embedded view's player and to form controls; PageDown/PageUp work anywhere.
    const own = origin instanceof HTMLElement && this.renderRoot.contains(origin);
    const arrowsOk = own && !(origin instanceof HTMLSelectElement) && !(origin instanceof HTMLInputElement);
    const arrow = e.key === 'ArrowRight' || e.key === 'ArrowLeft';
    if (arrow && !arrowsOk) return;
    if (NEXT_KEYS.has(e.key)) this.go(this.index + 1);
    else if (PREV_KEYS.has(e.key)) this.go(this.index - 1);
    else return;
    e.preventDefault();
  };

  private onPick(e: Event): void {
    this.lessonId = (e.target as HTMLSelectElement).value;
    this.index = 0;
  }

  private open(tab: TabId): void {
    emit(this, 'tab-change', { tab });
  }

  /** Keeps the embedded views' own position events inside the lesson (they are not the Math tab's). */
  private readonly swallow = (e: Event): void => e.stopPropagation();

  override render() {
    const lesson = this.lesson;
    const total = lesson.steps.length;
    const step = lessonStep(lesson, this.index);
    const n = Math.min(this.index, total - 1);
    return html`<section class="lesson" aria-label="Lesson">
      <div class="head">
        <label
          >Lesson
          <select data-testid="lesson-pick" .value=${lesson.id} @change=${this.onPick}>
            ${LESSONS.map(
              (l, i) =>
                html`<option value=${l.id} ?selected=${l.id === lesson.id}>${i + 1}. ${l.title}</option>`,
            )}
          </select></label
        >
        <div class="nav">
          <button
            class="secondary"
            data-testid="lesson-prev"
            aria-keyshortcuts="PageUp"
            ?disabled=${n === 0}
            @click=${() => this.go(n - 1)}
          >
            Previous
          </button>
          <span class="count" data-testid="lesson-count">Step ${n + 1} of ${total}</span>
          <button
            data-testid="lesson-next"
            aria-keyshortcuts="PageDown"
            ?disabled=${n === total - 1}
            @click=${() => this.go(n + 1)}
          >
            Next
          </button>
        </div>
      </div>
      <div class="step" tabindex="0" data-testid="lesson-step" aria-live="polite">
        <h3>${step.heading}</h3>
        <p data-testid="lesson-text">${step.text}</p>
        ${
          step.open
            ? html`<div>
                <button class="secondary small" @click=${() => this.open(step.open!.tab)}>
                  ${step.open.label}
                </button>
              </div>`
            : nothing
        }
      </div>
      <div
        class="view"
        data-testid="lesson-view"
        data-view=${step.view.kind}
        @view-step-change=${this.swallow}
        @view-demo-change=${this.swallow}
        @math-view-change=${this.swallow}
        @scalar-change=${this.swallow}
        @mitm-change=${this.swallow}
      >
        ${lessonViewTemplate(step.view, this.inputs)}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-lessons': CurvechatLessons;
  }
}

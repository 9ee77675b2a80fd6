// <curvechat-exercises>: the Exercises tab — this student's exercises, checked by the engine, and the class at a glance.
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { MAX_ANSWER_NAME } from '../../common/schema/steps.js';
import { emit } from '../components/events.js';
import { sanitizeStep } from '../lab/model/presenter.js';
import { StepPublisher } from '../lab/model/publisher.js';
import type { RoomSessionApi, SessionState } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { EXERCISE_IDS, generateExercise, type ExerciseId, type ExerciseInstance } from './model/exercises.js';
import { tallyCounts } from './model/tally.js';
import { TallyController } from './tally-controller.js';
import './curvechat-class-glance.js';
import './curvechat-exercise.js';

/** Titles for the glance before an exercise is generated. */
const TITLES: Readonly<Record<ExerciseId, string>> = {
  'double-triple': 'Compute 2P and 3P',
  'add-picture': 'Find P + Q from the picture',
  'shared-point': 'Which point is d_A×Q_B?',
  'find-d': 'Find d from Q',
  'spot-mitm': 'Spot the man in the middle',
};

/**
 * The exercises, generated for this student from their member id (the same numbers until they ask
 * for new ones). Each answer is checked at once by the engine and reported to the room as a
 * `present:answer` (exercise id, right or wrong, and the name only when the box is ticked); the
 * answers of the others are counted in the class at a glance.
 */
@customElement('curvechat-exercises')
export class CurvechatExercises extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .wrap {
        display: grid;
        gap: 1rem;
      }
      .card {
        background: var(--cc-surface);
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        padding: 0.8rem 1rem;
        min-width: 0;
      }
      .opt {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      .opt input {
        width: 1.2rem;
        height: 1.2rem;
      }
    `,
  ];

  /** The room session (peer steps for the tally). */
  @property({ attribute: false }) session: RoomSessionApi | undefined;
  /** The session snapshot (this member's id seeds the exercises; their name, if they opt in). */
  @property({ attribute: false }) state: SessionState | undefined;
  @state() private instances: Partial<Record<ExerciseId, ExerciseInstance>> = {};
  @state() private showName = false;
  private rounds: Partial<Record<ExerciseId, number>> = {};
  private student = '';
  private readonly tally = new TallyController(this);
  private readonly publisher = new StepPublisher((s) => emit(this, 'present-step', s));

  override willUpdate(): void {
    this.tally.attach(this.session);
    const student = this.state?.me?.id ?? 'guest';
    if (student !== this.student) {
      this.student = student;
      this.rounds = {};
      for (const id of EXERCISE_IDS) void this.generate(id);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.publisher.clear();
  }

  private async generate(id: ExerciseId): Promise<void> {
    const student = this.student;
    const ex = await generateExercise(id, student, this.rounds[id] ?? 0);
    if (student === this.student) this.instances = { ...this.instances, [id]: ex };
  }

  private renew(id: ExerciseId): void {
    this.rounds = { ...this.rounds, [id]: (this.rounds[id] ?? 0) + 1 };
    void this.generate(id);
  }

  private readonly onAnswer = (e: HTMLElementEventMap['exercise-answer']): void => {
    e.stopPropagation();
    const name = this.showName ? (this.state?.name ?? '').slice(0, MAX_ANSWER_NAME) : '';
    try {
      const step = sanitizeStep('present:answer', {
        exercise: e.detail.exercise,
        correct: e.detail.correct,
        name: name || undefined,
      });
      this.publisher.push(step);
    } catch {
      // Not publishable (cannot happen for our own ids): the student still sees the verdict.
    }
  };

  override render() {
    const titles = Object.fromEntries(
      EXERCISE_IDS.map((id) => [id, this.instances[id]?.title ?? TITLES[id]]),
    );
    return html`<div class="wrap" @exercise-answer=${this.onAnswer}>
      <div class="card">
        <p>
          Your own exercises: the numbers are yours (another student gets others), and the app checks each
          answer at once with its curve engine. The room learns only whether you got it right.
        </p>
        <label class="opt"
          ><input
            type="checkbox"
            data-testid="share-name"
            .checked=${this.showName}
            @change=${(e: Event) => (this.showName = (e.target as HTMLInputElement).checked)}
          />
          Show my name to the presenter with my answers</label
        >
      </div>
      <div class="card">
        <curvechat-class-glance
          .counts=${tallyCounts(this.tally.tally)}
          .titles=${titles}
        ></curvechat-class-glance>
      </div>
      ${EXERCISE_IDS.map(
        (id) =>
          html`<section class="card" data-testid=${`exercise-${id}`} aria-label=${titles[id] ?? id}>
            <curvechat-exercise .instance=${this.instances[id]}>
              <button type="button" class="secondary" @click=${() => this.renew(id)}>New numbers</button>
            </curvechat-exercise>
          </section>`,
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-exercises': CurvechatExercises;
  }
}

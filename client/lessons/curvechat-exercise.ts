// <curvechat-exercise>: one exercise — its prompt, picture or table, a labelled answer form, and the engine's verdict announced.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { emit } from '../components/events.js';
import { sharedStyles } from '../styles/shared.js';
import type { Answer, ExerciseInstance, Verdict } from './model/exercise-types.js';
import './curvechat-exercise-picture.js';

/**
 * One exercise for this student. "Check" asks the engine (the instance's `check`), shows right or
 * wrong with a hint in a live region, and emits `exercise-answer` (exercise id and right/wrong only).
 */
@customElement('curvechat-exercise')
export class CurvechatExercise extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      form {
        display: grid;
        gap: 0.6rem;
      }
      .prompt {
        line-height: 1.5;
      }
      .fields {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.25rem;
        align-items: end;
      }
      fieldset {
        border: 1px solid var(--cc-border);
        border-radius: 8px;
        padding: 0.4rem 0.7rem 0.6rem;
        margin: 0;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        padding: 0 0.3rem;
      }
      .pair {
        display: flex;
        gap: 0.6rem;
        flex-wrap: wrap;
      }
      label {
        display: inline-flex;
        gap: 0.35rem;
        align-items: center;
      }
      input[type='number'],
      input[type='text'] {
        width: 5.5em;
        min-height: 2.25rem;
        padding: 0.2rem 0.4rem;
        border-radius: 6px;
      }
      .options {
        display: grid;
        gap: 0.35rem;
      }
      .options label {
        font-family: var(--cc-mono);
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: left;
        padding: 0.25rem 0.4rem;
        border-top: 1px solid var(--cc-border);
        vertical-align: top;
      }
      th {
        font-weight: 600;
        font-size: 0.9em;
      }
      tr.group th {
        font-size: 1em;
        padding-top: 0.6rem;
      }
      th[scope='row'] {
        white-space: nowrap;
      }
      td {
        font-family: var(--cc-mono);
        overflow-wrap: anywhere;
      }
      .verdict {
        min-height: 1.5em;
      }
      .notice.ok-text {
        background: var(--cc-ok-soft);
        color: var(--cc-ok);
      }
      .verdict p + p {
        margin-top: 0.3rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `,
  ];

  /** The exercise generated for this student. */
  @property({ attribute: false }) instance: ExerciseInstance | undefined;
  @state() private verdict: Verdict | undefined;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('instance')) this.verdict = undefined;
  }

  private answerOf(form: HTMLFormElement, ex: ExerciseInstance): Answer {
    const data = new FormData(form);
    const get = (name: string) => {
      const v = data.get(name);
      return typeof v === 'string' ? v : '';
    };
    switch (ex.form.kind) {
      case 'points':
        return {
          kind: 'points',
          points: ex.form.names.map((_, i) => ({ x: get(`x${i}`), y: get(`y${i}`) })),
        };
      case 'number':
        return { kind: 'number', value: get('value') };
      case 'choice': {
        const raw = get('choice');
        return { kind: 'choice', index: raw === '' ? -1 : Number(raw) };
      }
    }
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const ex = this.instance;
    if (!ex) return;
    const verdict = ex.check(this.answerOf(e.target as HTMLFormElement, ex));
    this.verdict = verdict;
    // An empty or malformed input is shown its message but is not an answer: the class tally never counts it.
    if (!verdict.unanswered) emit(this, 'exercise-answer', { exercise: ex.id, correct: verdict.correct });
  }

  private fields(ex: ExerciseInstance) {
    const id = ex.id;
    switch (ex.form.kind) {
      case 'points':
        return html`<div class="fields">
          ${ex.form.names.map(
            (name, i) =>
              html`<fieldset>
                <legend>${name}</legend>
                <div class="pair">
                  <label
                    >x
                    <input
                      name=${`x${i}`}
                      type="text"
                      inputmode="numeric"
                      autocomplete="off"
                      aria-label=${`x of ${name}`}
                  /></label>
                  <label
                    >y
                    <input
                      name=${`y${i}`}
                      type="text"
                      inputmode="numeric"
                      autocomplete="off"
                      aria-label=${`y of ${name}`}
                  /></label>
                </div>
              </fieldset>`,
          )}
        </div>`;
      case 'number':
        return html`<label
          >${ex.form.name} =
          <input name="value" type="text" inputmode="numeric" autocomplete="off" data-testid=${`${id}-value`}
        /></label>`;
      case 'choice':
        return html`<fieldset>
          <legend>Your answer</legend>
          <div class="options">
            ${ex.form.options.map(
              (o, i) => html`<label><input type="radio" name="choice" value=${String(i)} /> ${o}</label>`,
            )}
          </div>
        </fieldset>`;
    }
  }

  override render() {
    const ex = this.instance;
    if (!ex) return html`<p class="muted">Preparing the exercise…</p>`;
    const v = this.verdict;
    return html`<form @submit=${this.onSubmit} aria-labelledby=${`${ex.id}-title`}>
      <h3 id=${`${ex.id}-title`}>${ex.title}</h3>
      <p class="prompt" data-testid="exercise-prompt">${ex.prompt}</p>
      ${
        ex.picture
          ? html`<curvechat-exercise-picture
              .curve=${ex.curve}
              .marks=${ex.picture}
            ></curvechat-exercise-picture>`
          : nothing
      }
      ${
        ex.table
          ? html`<table>
              <tbody>
                ${ex.table.map(
                  (r, i) =>
                    html`${
                        r.group !== undefined && r.group !== ex.table?.[i - 1]?.group
                          ? html`<tr class="group">
                              <th colspan="2" scope="colgroup">${r.group}</th>
                            </tr>`
                          : nothing
                      }
                      <tr>
                        <th scope="row">${r.label}</th>
                        <td>${r.cells.join(' ')}</td>
                      </tr>`,
                )}
              </tbody>
            </table>`
          : nothing
      }
      ${this.fields(ex)}
      <div class="actions">
        <button type="submit" data-testid="exercise-check">Check</button><slot></slot>
      </div>
      <div class="verdict" role="status" aria-live="polite" data-testid="exercise-verdict">
        ${
          v
            ? html`<p class="notice ${v.correct ? 'ok-text' : 'err'}" data-correct=${String(v.correct)}>
                  <strong>${v.correct ? '✓ Right.' : '✗ Not quite.'}</strong> ${v.message}
                </p>
                ${v.hint ? html`<p class="notice" data-testid="exercise-hint"><strong>Hint:</strong> ${v.hint}</p>` : nothing}`
            : nothing
        }
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-exercise': CurvechatExercise;
  }
}

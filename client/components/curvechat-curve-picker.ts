// The curve picker: P-256 (default), P-384, P-521 or X25519, each disabled with a reason when unsupported.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { REAL_CURVES, isToyCurve } from '../../common/wire.js';
import type { CurveId, RealCurveId, ToyCurveId } from '../../common/wire.js';
import { INSECURE_LABEL, toyCurveOptions, type ToyCurveOption } from '../lab/model/toy-room.js';
import type { CurveSupport } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { curveNote, subscriptFields } from './format.js';
import { emit } from './events.js';

/**
 * A radio group of the real curves, plus the insecure teaching curves when a toy key-agreement provider is
 * registered (`support` says so); emits `curve-change` when the user picks one.
 */
@customElement('curvechat-curve-picker')
export class CurvechatCurvePicker extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.4rem;
      }
      legend {
        font-weight: 600;
        padding: 0;
        margin-bottom: 0.4rem;
      }
      .options {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(5.75rem, 1fr));
        gap: 0.4rem;
      }
      label.option {
        display: flex;
        align-items: center;
        gap: 0.45rem;
        border: 1px solid var(--cc-border);
        border-radius: 8px;
        padding: 0.4rem 0.55rem;
        cursor: pointer;
        font-weight: 600;
        background: var(--cc-surface);
      }
      label.option.checked {
        border-color: var(--cc-accent);
        background: var(--cc-accent-soft);
      }
      label.option.disabled {
        cursor: not-allowed;
        color: var(--cc-muted);
        background: var(--cc-surface-2);
        font-weight: 400;
      }
      input[type='radio'] {
        flex: none;
        min-height: auto;
        margin: 0;
        accent-color: var(--cc-accent);
        width: 1.05rem;
        height: 1.05rem;
      }
      @media (max-width: 30rem) {
        .options {
          grid-template-columns: repeat(2, 1fr);
        }
      }
      details.toys summary {
        cursor: pointer;
        font-weight: 600;
        font-size: 0.9375rem;
        color: var(--cc-warn);
        border-radius: 4px;
        width: fit-content;
      }
      details.toys[open] summary {
        margin-bottom: 0.4rem;
      }
      .toy-options {
        display: grid;
        gap: 0.3rem;
        margin-top: 0.4rem;
      }
      label.option.toy {
        font-weight: 400;
        font-size: 0.875rem;
        align-items: start;
      }
      label.option.toy input {
        margin-top: 0.15rem;
      }
      .toy-text {
        display: grid;
        gap: 0.1rem;
      }
      .toy-id {
        font-weight: 700;
      }
      .insecure {
        color: var(--cc-warn);
        font-weight: 600;
      }
      .note {
        font-size: 0.875rem;
        color: var(--cc-muted);
      }
      ul {
        margin: 0;
        padding-left: 1.1rem;
      }
    `,
  ];

  /** The selected curve. */
  @property() curve: CurveId = 'P-256';
  /** Which curves this browser supports; undefined while detection runs (all enabled). */
  @property({ attribute: false }) support?: CurveSupport;
  /** Disables the whole group (for example while generating). */
  @property({ type: Boolean }) disabled = false;

  override render() {
    const unsupported = REAL_CURVES.filter((c) => this.support && !this.support[c]);
    const toys = toyCurveOptions().filter((o) => this.support?.[o.id]);
    return html`
      <fieldset ?disabled=${this.disabled}>
        <legend>Curve</legend>
        <div class="options">${REAL_CURVES.map((c) => this.option(c))}</div>
        ${
          toys.length
            ? html`<details class="toys" ?open=${isToyCurve(this.curve)}>
                <summary>Teaching curves (${INSECURE_LABEL})</summary>
                <p class="note">
                  Small enough to check every number by hand, and to break by brute force. Everyone in the
                  room must pick the same one.
                </p>
                <div class="toy-options">${toys.map((c) => this.toyOption(c))}</div>
              </details>`
            : nothing
        }
        <p class="note" id="curve-note">${this.note()}</p>
        ${
          unsupported.length
            ? html`<ul class="note" aria-label="Curves this browser lacks">
                ${unsupported.map(
                  (c) =>
                    html`<li>
                      ${c} is not available: this browser’s WebCrypto does not support it. Try a current
                      Chrome, Firefox or Safari.
                    </li>`,
                )}
              </ul>`
            : nothing
        }
      </fieldset>
    `;
  }

  private option(c: RealCurveId) {
    const off = this.support !== undefined && !this.support[c];
    const checked = this.curve === c;
    return html`<label class="option ${checked ? 'checked' : ''} ${off ? 'disabled' : ''}">
      <input
        type="radio"
        name="curve"
        .value=${c}
        .checked=${checked}
        ?disabled=${off}
        aria-describedby="curve-note"
        @change=${() => this.pick(c)}
      />
      ${c}${off ? html`<span class="visually-hidden"> (not supported by this browser)</span>` : nothing}
    </label>`;
  }

  private toyOption(o: ToyCurveOption) {
    const c: ToyCurveId = o.id;
    const checked = this.curve === c;
    return html`<label class="option toy ${checked ? 'checked' : ''}">
      <input
        type="radio"
        name="curve"
        .value=${c}
        .checked=${checked}
        aria-label=${subscriptFields(o.label)}
        aria-describedby="curve-note"
        @change=${() => this.pick(c)}
      />
      <span class="toy-text">
        <span aria-hidden="true"
          ><span class="toy-id">${c}</span> <span class="mono">${subscriptFields(o.equation)}</span></span
        >
        <span class="muted" aria-hidden="true"
          >${o.n - 1n} possible private keys · <span class="insecure">${INSECURE_LABEL}</span></span
        >
      </span>
    </label>`;
  }

  /** One line on the selected curve; for a toy curve, why it is in the list. */
  private note(): string {
    const toy = isToyCurve(this.curve) ? toyCurveOptions().find((o) => o.id === this.curve) : undefined;
    return toy ? `${toy.id}: ${toy.note} Insecure, for learning only.` : curveNote(this.curve);
  }

  private pick(curve: CurveId): void {
    this.curve = curve;
    emit(this, 'curve-change', { curve });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-curve-picker': CurvechatCurvePicker;
  }
}

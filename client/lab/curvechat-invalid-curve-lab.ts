// <curvechat-invalid-curve-lab>: a victim who skips point validation leaks d mod small orders; the CRT gives d; curvechat refuses.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PresentLabInvalidCurve } from '../../common/schema/steps-labs.js';
import { TOY_CURVES, type ToyCurveId } from '../../common/wire.js';
import { emit } from '../components/events.js';
import { getToyCurve } from '../math/curves.js';
import { sharedStyles } from '../styles/shared.js';
import {
  curvechatRefusal,
  invalidCurveDetail,
  newVictim,
  probeCurveText,
  recover,
  sendNext,
  startAttack,
  stateFromDetail,
  type DemoVictim,
  type InvalidCurveMode,
  type InvalidCurveState,
  type Refusal,
} from './model/invalid-curve.js';
import { pt, refusalList } from './invalid-curve-templates.js';
import { selectField } from './select-field.js';
import { attackLabStyles, labStyles } from './styles.js';

/**
 * The invalid-curve / small-subgroup attack on a toy curve, computed: the probes (points of small order
 * on a curve with the same a, or on the cofactor curve), the victim's answers d·P, the attacker's
 * matching and the CRT, then the same points fed to curvechat's own validation. Emits
 * `lab-state-change` (public values only). `followed` shows a presenter's attack, recomputed here.
 */
@customElement('curvechat-invalid-curve-lab')
export class InvalidCurveLab extends LitElement {
  static override styles = [
    sharedStyles,
    labStyles,
    attackLabStyles,
    css`
      .table-wrap {
        overflow-x: auto;
      }
    `,
  ];

  /** A followed presenter's lab state, and their name. */
  @property({ attribute: false }) followed: { name: string; detail: PresentLabInvalidCurve } | undefined;

  @state() private curve: ToyCurveId = 'toy-17';
  @state() private mode: InvalidCurveMode = 'other-b';
  @state() private lab: InvalidCurveState | null = null;
  @state() private refusals: (Refusal | null)[] = [];
  private victim: DemoVictim | null = null;
  private refusalsFor = '';

  override willUpdate(changed: Map<string, unknown>): void {
    if (this.followed) {
      if (changed.has('followed')) this.lab = stateFromDetail(this.followed.detail);
      this.curve = this.followed.detail.curve;
      this.mode = this.followed.detail.mode;
      return;
    }
    if (changed.has('followed') || !this.lab || changed.has('curve') || changed.has('mode')) this.restart();
  }

  override updated(): void {
    const lab = this.lab;
    const key = lab ? `${lab.curve} ${lab.mode}` : '';
    if (lab && key !== this.refusalsFor) {
      this.refusalsFor = key;
      void Promise.all(lab.probes.map((p) => curvechatRefusal(lab.curve, p))).then((r) => {
        if (this.refusalsFor === key) this.refusals = r;
      });
    }
  }

  private restart(newKey = false): void {
    if (newKey || !this.victim || this.victim.curve !== this.curve) this.victim = newVictim(this.curve);
    const mode = getToyCurve(this.curve).h === 1n ? 'other-b' : this.mode;
    this.mode = mode;
    this.change(startAttack(this.victim, mode));
  }

  private change(next: InvalidCurveState): void {
    this.lab = next;
    emit(this, 'lab-state-change', invalidCurveDetail(next));
  }

  private send(all: boolean): void {
    let lab = this.lab;
    if (!lab || !this.victim) return;
    do lab = sendNext(lab, this.victim);
    while (all && lab.answers.length < lab.probes.length);
    this.change(lab);
  }

  private controls() {
    const locked = !!this.followed;
    const h = getToyCurve(this.curve).h;
    return html`<fieldset>
      <legend>Set-up</legend>
      ${selectField<ToyCurveId>({
        label: 'Victim’s toy curve',
        testid: 'invalid-curve',
        disabled: locked,
        options: TOY_CURVES.map((c) => ({ value: c, text: c, selected: c === this.curve })),
        onChange: (c) => (this.curve = c),
      })}
      <fieldset class="modes">
        <legend>Points sent</legend>
        <label class="check"
          ><input
            type="radio"
            name="mode"
            data-testid="mode-other-b"
            .checked=${this.mode === 'other-b'}
            ?disabled=${locked}
            @change=${() => (this.mode = 'other-b')}
          />On curves with the same a, another b</label
        >
        <label class="check"
          ><input
            type="radio"
            name="mode"
            data-testid="mode-cofactor"
            .checked=${this.mode === 'cofactor'}
            ?disabled=${locked || h === 1n}
            @change=${() => (this.mode = 'cofactor')}
          />Small order on the curve itself (cofactor ${h})</label
        >
      </fieldset>
      <button
        class="secondary"
        ?disabled=${locked}
        data-testid="invalid-new"
        @click=${() => this.restart(true)}
      >
        New victim key
      </button>
    </fieldset>`;
  }

  private table(lab: InvalidCurveState) {
    const c = getToyCurve(lab.curve);
    const { results } = recover(lab);
    return html`<div class="table-wrap">
      <table data-testid="probe-table">
        <caption class="visually-hidden">
          Points sent, the victim's answers and what the attacker learns
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Point P sent</th>
            <th scope="col">Lies on</th>
            <th scope="col">Order of P</th>
            <th scope="col">Victim answers d·P</th>
            <th scope="col">Attacker matches k·P</th>
            <th scope="col">CRT so far</th>
          </tr>
        </thead>
        <tbody>
          ${lab.probes.map((p, i) => {
            const r = results[i];
            return html`<tr data-testid="probe-row">
              <td>${i + 1}</td>
              <td class="mono">${pt(p.point)}</td>
              <td>${probeCurveText(c, p)}${p.b === c.b ? ' (the real curve)' : ''}</td>
              <td>${p.order}</td>
              <td class="mono">${r ? pt(r.answer) : html`<span class="muted">not sent</span>`}</td>
              <td data-testid="probe-residue">
                ${
                  !r
                    ? ''
                    : r.residue === null
                      ? html`<span class="err-text">no k matches: not a real answer</span>`
                      : html`d ≡ ${r.residue} (mod ${p.order})
                          <span class="muted small-text"
                            >(${r.tries} ${r.tries === 1 ? 'try' : 'tries'})</span
                          >`
                }
              </td>
              <td>${r?.combined ? `d ≡ ${r.combined.r} (mod ${r.combined.m})` : ''}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private verdict(lab: InvalidCurveState) {
    const c = getToyCurve(lab.curve);
    const rec = recover(lab);
    if (rec.recovered !== null)
      return html`<p class="callout err" data-testid="invalid-recovered">
          <strong>d = <span data-testid="invalid-d">${rec.recovered}</span> recovered.</strong>
          ${rec.recovered}·G = ${pt(lab.victim)} = Q ✓ — from ${lab.answers.length} answers, without ever
          solving a discrete log on the victim's curve.
        </p>
        <p class="muted" data-testid="invalid-x-only">
          Simplified here: the victim's whole answer d·P is shown. In ECDH an attacker sees only its
          x-coordinate (Z), and P and −P share an x, so each answer leaves d ≡ ±r (mod its order); the
          attacker tries both signs and keeps the combination with d·G = Q — a few more guesses, the same
          attack.
        </p>`;
    const left = lab.probes.length - lab.answers.length;
    return html`<p class="callout" data-testid="invalid-progress">
      Known so far: d mod ${rec.modulus}. d is below n = ${c.n}, so the attacker needs the orders to multiply
      to at least ${c.n}: ${left} more point${left === 1 ? '' : 's'} to send.
    </p>`;
  }

  override render() {
    const lab = this.lab;
    const c = getToyCurve(lab?.curve ?? this.curve);
    return html`<section class="card" aria-labelledby="invalid-h">
      <header class="lab-head">
        <h2 id="invalid-h">Invalid-curve lab</h2>
        <span class="badge">toy curves, computed in this page</span>
      </header>
      <p class="lede">
        The formulas for adding points use a but never b. A victim who does not check that a received point
        lies on its curve computes d·P on whatever curve P really lies on — and if P has small order, d·P is
        one of only a few points. The attacker tries them all to learn d modulo that order, repeats with other
        orders, and combines the answers with the Chinese remainder theorem.
      </p>
      ${
        this.followed
          ? html`<p class="notice" data-testid="invalid-following">
              Following ${this.followed.name}: their victim's public key and answers, with the matching and
              the CRT recomputed here.
            </p>`
          : nothing
      }
      ${this.controls()}
      ${
        lab
          ? html`<p>
                Victim on ${lab.curve} (n = ${c.n}, cofactor ${c.h}) with public key
                <strong class="mono" data-testid="invalid-victim">Q = ${pt(lab.victim)}</strong>; its d is the
                secret.
              </p>
              <div class="row">
                <button
                  data-testid="invalid-send"
                  ?disabled=${!!this.followed || lab.answers.length >= lab.probes.length}
                  @click=${() => this.send(false)}
                >
                  Send the next point
                </button>
                <button
                  class="secondary"
                  ?disabled=${!!this.followed || lab.answers.length >= lab.probes.length}
                  @click=${() => this.send(true)}
                >
                  Send all
                </button>
              </div>
              ${this.table(lab)}
              <div aria-live="polite">${this.verdict(lab)}</div>
              ${refusalList(lab, this.refusals)}`
          : html`<p class="notice err" role="alert">The presenter's lab state could not be used.</p>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-invalid-curve-lab': InvalidCurveLab;
  }
}

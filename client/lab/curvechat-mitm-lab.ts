// <curvechat-mitm-lab>: Alice, Mallory and Bob in one page with real keys; Mallory may swap public keys; safety numbers expose her.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PresentLabMitm } from '../../common/schema/steps-labs.js';
import { ALL_CURVES, isToyCurve, type CurveId } from '../../common/wire.js';
import { clip } from '../components/format.js';
import { sharedStyles } from '../styles/shared.js';
import { emit } from '../components/events.js';
import {
  buildMitmState,
  createParties,
  ROLE_NAMES,
  sendThroughLab,
  type LabParties,
  type LabRole,
  type MitmRun,
  type MitmState,
} from './model/mitm.js';
import { hopItem } from './mitm-templates.js';
import { keyText } from './model/key-text.js';
import { mitmLabDetail } from './model/mitm-follow.js';
import { INSECURE_LABEL } from './model/toy-room.js';
import { selectField } from './select-field.js';
import { labStyles } from './styles.js';
import './curvechat-mitm-followed.js';
import './curvechat-mitm-safety.js';

/**
 * A local simulation (no server): each person has a real key pair on the chosen curve; with
 * "Mallory swaps keys" on, each victim receives Mallory's key instead of the other's. Messages show
 * every hop; the safety numbers are computed from the keys each side actually holds. Emits `mitm-change`,
 * and `lab-state-change` with the public demo state (keys, swap, messages). With `followed` set it shows a
 * presenter's lab instead (<curvechat-mitm-followed>).
 */
@customElement('curvechat-mitm-lab')
export class MitmLab extends LitElement {
  static override styles = [
    sharedStyles,
    labStyles,
    css`
      .people {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(15em, 1fr));
        gap: 0.8em;
      }
      .person {
        border-top: 0.3em solid var(--role);
      }
      .person h3 {
        color: var(--role);
      }
      .held.bad {
        color: var(--cc-err);
        font-weight: 600;
      }
      ol.hops {
        margin: 0;
        padding-left: 1.4em;
        display: grid;
        gap: 0.5em;
      }
      ol.hops li {
        padding-left: 0.3em;
      }
      .said {
        font-weight: 600;
      }
      form.send {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6em 1em;
        align-items: end;
      }
      form.send input[type='text'] {
        min-width: 18em;
      }
    `,
  ];

  /** Curve for the three key pairs (P-256 by default; toy curves are allowed and labelled). */
  @property() curve: CurveId = 'P-256';
  /** Whether Mallory swaps the public keys. */
  @property({ type: Boolean }) swap = true;
  /** A followed presenter's lab state and name: shown instead of this lab while set. */
  @property({ attribute: false }) followed: { name: string; detail: PresentLabMitm } | undefined;

  @state() private lab: MitmState | null = null;
  @state() private runs: MitmRun[] = [];
  @state() private busy = false;
  @state() private error = '';
  @state() private draft = 'Meet me at the station at 6.';
  @state() private rewrite = '';
  private parties: LabParties | null = null;
  private token = 0;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('curve')) {
      this.parties = null;
      void this.rebuild();
    } else if (changed.has('swap')) void this.rebuild();
  }

  /** Generates key pairs if needed, distributes them (swapped or not) and derives every channel. */
  private async rebuild(): Promise<void> {
    const token = ++this.token;
    this.busy = true;
    this.error = '';
    try {
      const parties = this.parties?.curve === this.curve ? this.parties : await createParties(this.curve);
      const lab = await buildMitmState(parties, this.swap);
      if (token !== this.token) return;
      this.parties = parties;
      this.lab = lab;
      this.runs = [];
      emit(this, 'mitm-change', { curve: this.curve, swap: this.swap, equal: lab.comparison.equal });
      emit(this, 'lab-state-change', mitmLabDetail(lab, []));
    } catch (e) {
      if (token === this.token) this.error = e instanceof Error ? e.message : String(e);
    } finally {
      if (token === this.token) this.busy = false;
    }
  }

  private async send(e: Event): Promise<void> {
    e.preventDefault();
    const lab = this.lab;
    const text = this.draft.trim();
    if (!lab || !text) return;
    const run = await sendThroughLab(lab, text, this.rewrite.trim() ? { rewrite: this.rewrite.trim() } : {});
    if (lab !== this.lab) return;
    this.runs = [run, ...this.runs].slice(0, 3);
    emit(this, 'lab-state-change', mitmLabDetail(lab, this.runs));
  }

  private person(role: LabRole, lab: MitmState) {
    const k = lab.parties[role];
    const hex = Array.from(k.publicRaw, (b) => b.toString(16).padStart(2, '0')).join('');
    const held =
      role === 'alice'
        ? { as: "Bob's", hex: lab.aliceHoldsHex }
        : role === 'bob'
          ? { as: "Alice's", hex: lab.bobHoldsHex }
          : null;
    const fake = held !== null && lab.swap;
    return html`<div class=${`card person role-${role}`} data-testid=${`person-${role}`}>
      <h3>${ROLE_NAMES[role]}</h3>
      <p class="small-text muted">Own public key</p>
      <p class="hex" title=${hex}>${clip(keyText(lab.parties.curve, hex), 36)}</p>
      ${
        held
          ? html`<p class="small-text muted">Holds as ${held.as} key</p>
              <p class=${`hex held ${fake ? 'bad' : ''}`}>
                ${clip(keyText(lab.parties.curve, held.hex), 36)}
              </p>
              <p class="small-text">
                ${
                  fake
                    ? html`<span class="err-text">That is Mallory's key.</span> ${ROLE_NAMES[role]} cannot
                        tell.`
                    : html`<span class="ok-text">The real one.</span>`
                }
              </p>`
          : html`<p class="small-text">
              ${
                lab.swap
                  ? "Sits on the network and replaced each victim's key with her own."
                  : 'Sits on the network but passes the keys on unchanged.'
              }
            </p>`
      }
    </div>`;
  }

  override render() {
    const lab = this.lab;
    return html`<section class="card" aria-labelledby="mitm-h">
      <header class="lab-head">
        <h2 id="mitm-h">Man-in-the-middle lab</h2>
        <span class="badge"
          >${
            this.followed
              ? "the presenter's public demo keys; safety numbers computed here"
              : 'runs in this page only: real keys, real ECDH, real AES-GCM, no server'
          }</span
        >
      </header>
      ${
        this.followed
          ? html`<curvechat-mitm-followed
              .name=${this.followed.name}
              .detail=${this.followed.detail}
            ></curvechat-mitm-followed>`
          : this.renderOwn(lab)
      }
    </section>`;
  }

  private renderOwn(lab: MitmState | null) {
    return html`<p class="lede">
        Alice and Bob exchange public keys over a network that Mallory controls. If she swaps the keys, each
        victim agrees a key with <em>her</em>. The chat still works — she decrypts, reads and re-encrypts
        every message. Only comparing safety numbers out of band gives her away.
      </p>
      <fieldset>
        <legend>Set-up</legend>
        ${selectField<CurveId>({
          label: 'Curve',
          testid: 'mitm-curve',
          options: ALL_CURVES.map((c) => ({
            value: c,
            text: `${c}${isToyCurve(c) ? ` (${INSECURE_LABEL})` : ''}`,
            selected: c === this.curve,
          })),
          onChange: (c) => (this.curve = c),
        })}
        <label class="check"
          ><input
            type="checkbox"
            role="switch"
            data-testid="mitm-swap"
            .checked=${this.swap}
            @change=${(e: Event) => (this.swap = (e.target as HTMLInputElement).checked)}
          />Mallory swaps the public keys</label
        >
        <button
          class="secondary"
          ?disabled=${this.busy}
          @click=${() => ((this.parties = null), this.rebuild())}
        >
          New key pairs
        </button>
        <span class="muted" role="status">${this.busy ? 'Generating keys…' : ''}</span>
      </fieldset>
      ${this.error ? html`<p class="notice err" role="alert">${this.error}</p>` : nothing}
      ${
        lab
          ? html`<div class="people">
                ${this.person('alice', lab)}${this.person('mallory', lab)}${this.person('bob', lab)}
              </div>
              <form class="send" @submit=${(e: Event) => this.send(e)}>
                <label class="field"
                  >Alice says
                  <input
                    type="text"
                    data-testid="mitm-text"
                    maxlength="200"
                    .value=${this.draft}
                    @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}
                  />
                </label>
                ${
                  lab.swap
                    ? html`<label class="field"
                        >Mallory replaces it with (optional)
                        <input
                          type="text"
                          maxlength="200"
                          .value=${this.rewrite}
                          @input=${(e: Event) => (this.rewrite = (e.target as HTMLInputElement).value)}
                        />
                      </label>`
                    : nothing
                }
                <button type="submit" data-testid="mitm-send">Send to Bob</button>
              </form>
              <div aria-live="polite">
                ${this.runs.map(
                  (r, i) =>
                    html`<div
                      class=${`callout ${r.malloryReads !== null ? 'err' : 'ok'}`}
                      data-testid="mitm-run"
                    >
                      <p>
                        <strong>${i === 0 ? 'Last message' : 'Earlier'}:</strong>
                        ${r.delivered ? html`Bob reads <q data-testid="bob-reads">${r.bobReads}</q>.` : 'Bob could not read it.'}
                        ${
                          r.malloryReads !== null
                            ? html`Mallory read it too.`
                            : html`Mallory saw only ciphertext.`
                        }
                      </p>
                      <ol class="hops">
                        ${r.hops.map((h) => hopItem(h))}
                      </ol>
                    </div>`,
                )}
              </div>
              <h3>Safety numbers, compared side by side</h3>
              <curvechat-mitm-safety .alice=${lab.aliceSafety} .bob=${lab.bobSafety}></curvechat-mitm-safety>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-mitm-lab': MitmLab;
  }
}

// <curvechat-side-channel-lab>: the power trace of the student's own scalar multiplication, double-and-add against the ladder.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PresentLabSideChannel } from '../../common/schema/steps-labs.js';
import { TOY_CURVES, type ToyCurveId } from '../../common/wire.js';
import { emit } from '../components/events.js';
import { getToyCurve } from '../math/curves.js';
import { bitLength } from '../math/field.js';
import type { TraceMethod } from '../math/side-channel.js';
import type { MyKeyView } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import {
  drawTrace,
  ownRealScalar,
  ownToyScalar,
  sideChannelDetail,
  stripReading,
} from './model/side-channel-lab.js';
import { selectField } from './select-field.js';
import { attackLabStyles, labStyles } from './styles.js';
import './curvechat-power-trace.js';

const METHODS: readonly { id: TraceMethod; label: string }[] = [
  { id: 'double-and-add', label: 'Double-and-add' },
  { id: 'ladder', label: 'Montgomery ladder' },
];

/**
 * A simulated power trace of k·G. On a toy curve the scalar is the student's own toy d (or a demo d
 * they type); for a real key the strip is drawn only after Reveal. Scalars and bits stay in this
 * browser: the lab emits `lab-state-change` with the curve and algorithm only. `followed` (a
 * presenter's state) sets the curve and algorithm; the trace is still this student's own.
 */
@customElement('curvechat-side-channel-lab')
export class SideChannelLab extends LitElement {
  static override styles = [
    sharedStyles,
    labStyles,
    attackLabStyles,
    css`
      input[type='number'] {
        width: 8em;
      }
    `,
  ];

  /** This member's key (its d is read here, in this browser, and never published). */
  @property({ attribute: false }) myKey: MyKeyView | undefined;
  /** A followed presenter's lab state, and their name. */
  @property({ attribute: false }) followed: { name: string; detail: PresentLabSideChannel } | undefined;

  @state() private curve: ToyCurveId = 'toy-263';
  @state() private method: TraceMethod = 'double-and-add';
  @state() private demo = 0n;
  @state() private revealed = false;
  private curveChosen = false;

  override willUpdate(changed: Map<string, unknown>): void {
    if (
      changed.has('myKey') &&
      !this.curveChosen &&
      this.myKey &&
      (TOY_CURVES as readonly string[]).includes(this.myKey.curve)
    )
      this.curve = this.myKey.curve as ToyCurveId;
    if (
      changed.has('myKey') &&
      this.myKey?.privateHex !== (changed.get('myKey') as MyKeyView | undefined)?.privateHex
    )
      this.revealed = false;
    if (this.followed) {
      this.curve = this.followed.detail.curve;
      this.method = this.followed.detail.method;
    }
    const n = getToyCurve(this.curve).n;
    if (this.demo < 1n || this.demo >= n) this.demo = n > 13n ? 13n : n - 1n;
  }

  override updated(changed: Map<string, unknown>): void {
    if (!this.followed && (changed.has('curve') || changed.has('method')))
      emit(this, 'lab-state-change', sideChannelDetail(this.curve, this.method));
  }

  private get toyScalar(): { value: bigint; own: boolean } {
    const own = ownToyScalar(this.myKey, this.curve);
    return own !== null ? { value: own, own: true } : { value: this.demo, own: false };
  }

  private controls() {
    const locked = !!this.followed;
    return html`<fieldset>
      <legend>Set-up</legend>
      ${selectField<ToyCurveId>({
        label: 'Toy curve',
        testid: 'side-curve',
        disabled: locked,
        options: TOY_CURVES.map((c) => ({ value: c, text: c, selected: c === this.curve })),
        onChange: (c) => ((this.curve = c), (this.curveChosen = true)),
      })}
      <fieldset class="methods">
        <legend>Algorithm</legend>
        ${METHODS.map(
          (m) =>
            html`<label class="check"
              ><input
                type="radio"
                name="method"
                data-testid=${`side-${m.id}`}
                .checked=${this.method === m.id}
                ?disabled=${locked}
                @change=${() => (this.method = m.id)}
              />${m.label}</label
            >`,
        )}
      </fieldset>
      ${
        this.toyScalar.own
          ? nothing
          : html`<label class="field"
              >Demo d (1 to ${getToyCurve(this.curve).n - 1n})
              <input
                type="number"
                data-testid="side-demo-d"
                min="1"
                max=${String(getToyCurve(this.curve).n - 1n)}
                .value=${String(this.demo)}
                @change=${(e: Event) => this.setDemo((e.target as HTMLInputElement).value)}
              />
            </label>`
      }
    </fieldset>`;
  }

  private setDemo(v: string): void {
    const n = getToyCurve(this.curve).n;
    const d = /^\d{1,7}$/.test(v) ? BigInt(v) : 0n;
    this.demo = d >= 1n && d < n ? d : this.demo;
    this.requestUpdate();
  }

  private toySection() {
    const { value, own } = this.toyScalar;
    const width = bitLength(getToyCurve(this.curve).n);
    const t = drawTrace(this.method, value, width);
    const who = own ? `your private key d = ${value}` : `the demo d = ${value}`;
    return html`<section aria-labelledby="side-toy-h">
      <h3 id="side-toy-h">The trace of d·G on ${this.curve}, for ${who}</h3>
      <p class="small-text muted">
        ${width} rows, one per bit of n, most significant first. Short blocks are doublings, tall wide blocks
        additions: an addition costs more power and time.
      </p>
      <curvechat-power-trace
        data-testid="toy-trace"
        .trace=${t}
        showMarks
        label=${`Power trace of ${this.method === 'ladder' ? 'the Montgomery ladder' : 'double-and-add'} for ${who}`}
      ></curvechat-power-trace>
      ${
        t.decoded !== null
          ? html`<p class="callout err" data-testid="side-verdict">
              The attacker reads d = <strong data-testid="side-decoded">${t.decoded}</strong>
              ${t.decoded === value ? '— exactly the key. Double-and-add leaks every bit.' : ''}
            </p>`
          : html`<p class="callout ok" data-testid="side-verdict">
              Every step is the same addition and doubling: the trace is identical for every d of ${width}
              bits, so it reveals none of them.
            </p>`
      }
    </section>`;
  }

  private realSection() {
    const src = ownRealScalar(this.myKey);
    if (!src)
      return html`<p class="muted small-text">
        Generate a key on a real curve (P-256, P-384, P-521 or X25519) to see the strip of your real key.
      </p>`;
    return html`<section aria-labelledby="side-real-h">
      <h3 id="side-real-h">Your real ${this.myKey?.curve} key as a strip (${src.width} rows)</h3>
      <p class="small-text">
        The strip is computed from your private key in this browser and never leaves it; it is not shared with
        the room, even when you present.
      </p>
      <button
        class="secondary"
        aria-pressed=${String(this.revealed)}
        data-testid="side-reveal"
        @click=${() => (this.revealed = !this.revealed)}
      >
        ${this.revealed ? 'Hide my key’s strip' : 'Reveal my key’s strip'}
      </button>
      ${
        this.revealed
          ? METHODS.map((m) => {
              const t = drawTrace(m.id, src.value, src.width);
              return html`<h4>${m.label}</h4>
                <curvechat-power-trace
                  strip
                  data-testid=${`real-${m.id}`}
                  .trace=${{ ...t, reading: stripReading(t, src.width) }}
                  label=${`${m.label} strip of your real key`}
                ></curvechat-power-trace>`;
            })
          : html`<p class="muted" data-testid="side-hidden">Hidden until you press Reveal.</p>`
      }
    </section>`;
  }

  override render() {
    return html`<section class="card" aria-labelledby="side-h">
      <header class="lab-head">
        <h2 id="side-h">Side-channel lab</h2>
        <span class="badge">simulated power trace</span>
      </header>
      <p class="lede">
        Code that computes d·G draws power and takes time. If it does different work for a 0 bit and a 1 bit,
        someone with an oscilloscope can read the key off the trace. Compare double-and-add with the
        Montgomery ladder, which does the same work for every bit.
      </p>
      ${
        this.followed
          ? html`<p class="notice" data-testid="side-following">
              Following ${this.followed.name}: same curve and algorithm. The trace is drawn from
              <strong>your own</strong> d; ${this.followed.name}'s key never leaves their browser.
            </p>`
          : nothing
      }
      ${this.controls()} ${this.toySection()} ${this.realSection()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-side-channel-lab': SideChannelLab;
  }
}

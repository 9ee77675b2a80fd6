// <curvechat-attacks>: the Attacks tab — the invalid-curve lab and the side-channel lab as two sub-tabs.
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PresentLabDetail } from '../../common/schema/steps-labs.js';
import { emit } from '../components/events.js';
import type { MyKeyView } from '../session/types.js';
import { sharedStyles } from '../styles/shared.js';
import { labStyles } from './styles.js';
import './curvechat-invalid-curve-lab.js';
import './curvechat-side-channel-lab.js';

/** The two labs of the Attacks tab. */
export type AttackLabId = 'invalid-curve' | 'side-channel';

const LABS: readonly { id: AttackLabId; label: string }[] = [
  { id: 'invalid-curve', label: 'Invalid curve' },
  { id: 'side-channel', label: 'Side channel' },
];

/**
 * Both attack labs behind ARIA sub-tabs (arrow keys move between them). `followed` is the followed
 * presenter's `present:lab` state: it opens that lab and hands it the state.
 */
@customElement('curvechat-attacks')
export class CurvechatAttacks extends LitElement {
  static override styles = [
    sharedStyles,
    labStyles,
    css`
      [role='tablist'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4em;
        margin-bottom: 0.8em;
      }
      [hidden] {
        display: none !important;
      }
    `,
  ];

  /** This member's key, for the side-channel lab (read in this browser only). */
  @property({ attribute: false }) myKey: MyKeyView | undefined;
  /** The followed presenter's lab state and name (undefined when not following a lab). */
  @property({ attribute: false }) followed: { name: string; detail: PresentLabDetail } | undefined;

  @state() private lab: AttackLabId = 'invalid-curve';
  /** Each lab's latest public state: only the open lab's goes up to the presenter. */
  private latest = new Map<string, PresentLabDetail>();

  /** Keeps a lab's state; lets it through only from the open lab. */
  private readonly onLabState = (e: HTMLElementEventMap['lab-state-change']): void => {
    this.latest.set(e.detail.lab, e.detail);
    if (e.detail.lab !== this.lab) e.stopPropagation();
  };

  private open(lab: AttackLabId): void {
    if (lab === this.lab) return;
    this.lab = lab;
    const st = this.latest.get(lab);
    if (st) emit(this, 'lab-state-change', st);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    const d = this.followed?.detail;
    if (changed.has('followed') && d && d.lab !== 'mitm') this.lab = d.lab;
  }

  private onKey(e: KeyboardEvent): void {
    const i = LABS.findIndex((l) => l.id === this.lab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: LABS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    this.open((LABS[(to + LABS.length) % LABS.length] ?? LABS[0]!).id);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>(`#attack-tab-${this.lab}`)?.focus(),
    );
  }

  override render() {
    const f = this.followed;
    const invalid = f?.detail.lab === 'invalid-curve' ? { name: f.name, detail: f.detail } : undefined;
    const side = f?.detail.lab === 'side-channel' ? { name: f.name, detail: f.detail } : undefined;
    return html`<div role="tablist" aria-label="Attack labs" @keydown=${this.onKey}>
        ${LABS.map(
          (l) =>
            html`<button
              role="tab"
              class=${l.id === this.lab ? '' : 'secondary'}
              id=${`attack-tab-${l.id}`}
              aria-controls=${`attack-${l.id}`}
              aria-selected=${String(l.id === this.lab)}
              tabindex=${l.id === this.lab ? 0 : -1}
              data-testid=${`attack-tab-${l.id}`}
              @click=${() => this.open(l.id)}
            >
              ${l.label}
            </button>`,
        )}
      </div>
      <curvechat-invalid-curve-lab
        id="attack-invalid-curve"
        role="tabpanel"
        aria-labelledby="attack-tab-invalid-curve"
        ?hidden=${this.lab !== 'invalid-curve'}
        @lab-state-change=${this.onLabState}
        .followed=${invalid}
      ></curvechat-invalid-curve-lab>
      <curvechat-side-channel-lab
        id="attack-side-channel"
        role="tabpanel"
        aria-labelledby="attack-tab-side-channel"
        ?hidden=${this.lab !== 'side-channel'}
        @lab-state-change=${this.onLabState}
        .myKey=${this.myKey}
        .followed=${side}
      ></curvechat-side-channel-lab>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-attacks': CurvechatAttacks;
  }
}

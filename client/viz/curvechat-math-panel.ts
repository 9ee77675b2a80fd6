// <curvechat-math-panel>: the Math area of a room — sub-tabs for the reals, a toy curve, the member's key and the exchange.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { isToyCurve, type ToyCurveId } from '../../common/wire.js';
import { emit } from '../components/events.js';
import type { MathViewId } from '../components/room-views.js';
import type { RoomSessionApi, SessionState } from '../session/types.js';
import { vizStyles } from './styles.js';
import type { FollowStep, ViewDemo } from './view-step.js';
import './curvechat-curve-grid.js';
import './curvechat-curve-reals.js';
import './curvechat-exchange-view.js';
import './curvechat-keygen-steps.js';
import './curvechat-ratchet-view.js';

const VIEWS: readonly { id: MathViewId; label: string }[] = [
  { id: 'reals', label: 'Curve over the reals' },
  { id: 'grid', label: 'Toy curve over F_p' },
  { id: 'keygen', label: 'Your key, step by step' },
  { id: 'exchange', label: 'The exchange' },
  { id: 'ratchet', label: 'Double Ratchet' },
];

/**
 * The math views in sub-tabs (ARIA tabs: arrow keys, Home/End). Takes the
 * room's SessionState so "Your key" and "The exchange" show the member's real
 * key and peers; works without one (demo values). Views stay mounted while
 * hidden so their position is kept.
 */
@customElement('curvechat-math-panel')
export class MathPanel extends LitElement {
  /** The room session's state snapshot. */
  @property({ attribute: false }) state: SessionState | undefined;
  /** The session itself (the Ratchet view reads its pairs' public facts and plays "Compromise now" through it). */
  @property({ attribute: false }) session: RoomSessionApi | undefined;
  /** Which sub-tab is open. */
  @property() view: MathViewId | '' = '';
  /**
   * A presenter's step (presenter mode), handed to every view; each applies it only when `view`
   * names it. The views' `view-step-change` / `view-demo-change` events are composed and pass through.
   */
  @property({ attribute: false }) followStep: FollowStep | undefined;
  /** A presenter's demo curve and points, handed to the reals view and the demo grid. */
  @property({ attribute: false }) followDemo: ViewDemo | undefined;

  static override styles = [
    vizStyles,
    css`
      [role='tablist'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3em;
        margin-bottom: 0.8em;
        border-bottom: 2px solid var(--cc-border, #c8c8c8);
      }
      [role='tab'] {
        border: 2px solid transparent;
        border-bottom: none;
        border-radius: 0.4em 0.4em 0 0;
        background: none;
        padding: 0.45em 0.9em;
        font-weight: 600;
        color: var(--cc-muted, #4d5a6a);
      }
      [role='tab'][aria-selected='true'] {
        border-color: var(--cc-border, #c8c8c8);
        background: var(--cc-surface, #fff);
        color: var(--cc-text, #1a1a1a);
        margin-bottom: -2px;
        border-bottom: 2px solid var(--cc-surface, #fff);
      }
      .toy-note {
        margin: 0 0 0.6em;
      }
    `,
  ];

  private get current(): MathViewId {
    if (this.view) return this.view;
    return this.state?.myKey ? 'keygen' : 'reals';
  }

  private select(id: MathViewId, focus = false): void {
    this.view = id;
    emit(this, 'math-view-change', { view: id });
    if (focus)
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${id}`)?.focus());
  }

  private onTabKey(e: KeyboardEvent): void {
    const i = VIEWS.findIndex((v) => v.id === this.current);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: VIEWS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    this.select(VIEWS[(next + VIEWS.length) % VIEWS.length]!.id, true);
  }

  override render() {
    const cur = this.current;
    const key = this.state?.myKey;
    const toy: ToyCurveId = key && isToyCurve(key.curve) ? key.curve : 'toy-17';
    return html`
      <div role="tablist" aria-label="Math views" @keydown=${this.onTabKey}>
        ${VIEWS.map(
          (v) =>
            html`<button
              role="tab"
              id="tab-${v.id}"
              aria-selected=${v.id === cur ? 'true' : 'false'}
              aria-controls="view-${v.id}"
              tabindex=${v.id === cur ? '0' : '-1'}
              @click=${() => this.select(v.id)}
            >
              ${v.label}
            </button>`,
        )}
      </div>
      <section role="tabpanel" id="view-reals" aria-labelledby="tab-reals" ?hidden=${cur !== 'reals'}>
        <curvechat-curve-reals
          .followStep=${this.followStep}
          .followDemo=${this.followDemo}
        ></curvechat-curve-reals>
      </section>
      <section role="tabpanel" id="view-grid" aria-labelledby="tab-grid" ?hidden=${cur !== 'grid'}>
        <p class="toy-note warn">
          Toy curves are tiny on purpose, so every number can be checked by hand. They are completely
          insecure.
        </p>
        <curvechat-curve-grid
          share
          .curve=${toy}
          .followStep=${this.followStep}
          .followDemo=${this.followDemo}
        ></curvechat-curve-grid>
      </section>
      <section role="tabpanel" id="view-keygen" aria-labelledby="tab-keygen" ?hidden=${cur !== 'keygen'}>
        <curvechat-keygen-steps .myKey=${key} .followStep=${this.followStep}></curvechat-keygen-steps>
      </section>
      <section
        role="tabpanel"
        id="view-exchange"
        aria-labelledby="tab-exchange"
        ?hidden=${cur !== 'exchange'}
      >
        <curvechat-exchange-view
          .state=${this.state}
          .followStep=${this.followStep}
        ></curvechat-exchange-view>
      </section>
      <section role="tabpanel" id="view-ratchet" aria-labelledby="tab-ratchet" ?hidden=${cur !== 'ratchet'}>
        <curvechat-ratchet-view
          .state=${this.state}
          .session=${this.session}
          .followStep=${this.followStep}
        ></curvechat-ratchet-view>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-math-panel': MathPanel;
  }
}

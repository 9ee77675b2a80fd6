// <curvechat-eve-attack-view>: the live step counter, progress bar and result of one discrete-log attack.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { toHex } from '../crypto/hex.js';
import { formatDuration } from '../math/dlog.js';
import { sharedStyles } from '../styles/shared.js';
import type { DlogAttack } from './model/eve.js';
import { estimateRealCurve } from './model/eve-estimate.js';
import { labStyles } from './styles.js';

/** Formats a toy point as "(x, y)" or O. */
export function fmtToyPoint(p: { infinity: boolean; x?: bigint; y?: bigint }): string {
  return p.infinity ? 'O (the point at infinity)' : `(${p.x}, ${p.y})`;
}
const pt = fmtToyPoint;

/** Shows an attack's progress (steps, phase, current point) and, once found, d with its check and timing. */
@customElement('curvechat-eve-attack-view')
export class EveAttackView extends LitElement {
  static override styles = [
    sharedStyles,
    labStyles,
    css`
      .progress {
        display: grid;
        gap: 0.5em;
      }
    `,
  ];

  /** The attack (mutated in place by its driver; bump `tick` to redraw). */
  @property({ attribute: false }) attack: DlogAttack | null = null;
  /** Redraw counter. */
  @property({ type: Number }) tick = 0;
  /** Steps per second used for the P-256 extrapolation (0 until the attack is done). */
  @property({ type: Number }) rate = 0;

  override render() {
    const a = this.attack;
    if (!a) return nothing;
    const p = a.progress;
    const steps = p?.steps ?? 0;
    const max = p?.maxSteps ?? 1;
    const phase =
      p?.phase === 'baby'
        ? 'Baby steps: storing j·G in a table'
        : p?.phase === 'giant'
          ? 'Giant steps: Q − i·m·G, looking it up in the table'
          : 'Trying k·G for k = 1, 2, 3, … until it equals Q';
    const count = `${steps.toLocaleString('en-US')} ${steps === 1 ? 'step' : 'steps'}`;
    const d = a.d;
    const est = a.status === 'done' && d !== null && this.rate > 0 ? estimateRealCurve(this.rate) : null;
    return html`<div class="progress">
      <p class="big-number" data-testid="eve-steps">${count}</p>
      <progress
        max=${max}
        .value=${steps}
        aria-label="Steps done out of the most the attack can need"
      ></progress>
      <p class="muted">
        ${steps.toLocaleString('en-US')} of at most ${max.toLocaleString('en-US')} ·
        ${p?.done ? 'finished' : a.status === 'paused' ? 'paused' : a.status === 'cancelled' ? 'cancelled' : phase}
        ${p && !p.done ? html` · current point ${pt(p.current)}` : nothing}
      </p>
      ${
        d !== null && a.verified
          ? html`<div class="callout err" data-testid="eve-found">
              <p>
                <strong
                  >Found: ${a.target.name}'s private key is d = <span data-testid="eve-d">${d}</span>.</strong
                >
                Check: ${d}·G = ${pt(a.target.Q)}, exactly ${a.target.name}'s public key.
                (${toHex(a.target.pubRaw)} on the wire.)
              </p>
            </div>`
          : nothing
      }
      ${
        est
          ? html`<p class="lede" data-testid="eve-time">
              It took ${formatDuration(a.computeMs / 1000)} of computing for
              ${a.steps.toLocaleString('en-US')} steps.
              ${this.rate === a.rate ? '' : 'That is too short to time well, so Eve also timed a longer run on toy-65521.'}
              ${est.sentence}
            </p>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-eve-attack-view': EveAttackView;
  }
}

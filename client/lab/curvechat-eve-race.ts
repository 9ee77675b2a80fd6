// <curvechat-eve-race>: brute force, baby-step giant-step and Pollard's rho side by side on one toy key, with P-256 estimates.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { getToyCurve } from '../math/curves.js';
import type { DlogMethod } from '../math/dlog.js';
import { sharedStyles } from '../styles/shared.js';
import type { DlogAttack } from './model/eve.js';
import { RACE_RATE, raceEstimate } from './model/eve-estimate.js';
import { RACE_METHODS, type EveRun } from './model/eve-run.js';
import { labStyles } from './styles.js';

/** The methods' names and how their work grows with the group order n. */
export const METHOD_TEXT: Readonly<Record<DlogMethod, { name: string; grows: string }>> = {
  'brute-force': { name: 'Brute force', grows: 'tries G, 2G, 3G, …: up to n operations, n/2 on average' },
  bsgs: { name: 'Baby-step giant-step', grows: 'two tables of √n points: at most 2√n operations' },
  rho: {
    name: "Pollard's rho",
    grows:
      'a random walk that repeats after about 1.25·√n operations (noticing it costs a few more); tiny memory',
  },
};

const count = (x: number): string => x.toLocaleString('en-US');
const pow2 = (x: number): string => `2^${x.toFixed(x < 20 ? 1 : 0)}`;

/**
 * The race: the three attacks on the same public key, each with its count of group operations (every
 * attack gets the same number of operations per tick, so the counts compare), the d each found, and
 * the same counts scaled to P-256 — estimates from this toy curve's numbers, at a stated rate.
 */
@customElement('curvechat-eve-race')
export class EveRace extends LitElement {
  static override styles = [
    sharedStyles,
    labStyles,
    css`
      .lanes {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(12rem, 100%), 1fr));
        gap: 0.8em;
      }
      .lane {
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        padding: 0.6em 0.8em;
        display: grid;
        gap: 0.35em;
        align-content: start;
      }
      .lane h4 {
        margin: 0;
      }
      .lane p {
        margin: 0;
      }
      progress {
        width: 100%;
      }
    `,
  ];

  /** The race (mutated in place by the panel; bump `tick` to redraw). */
  @property({ attribute: false }) run: EveRun | null = null;
  /** Redraw counter. */
  @property({ type: Number }) tick = 0;

  private lane(a: DlogAttack) {
    const t = METHOD_TEXT[a.method];
    // One scale for all three bars: the group order n, brute force's worst case.
    const n = Number(getToyCurve(a.target.curve).n);
    const est = raceEstimate(a.target.curve, a.method, a.steps);
    const done = a.status === 'done';
    const status = done
      ? a.d !== null && a.verified
        ? html`<span class="ok-text">Found d = <span data-testid="eve-race-d">${a.d}</span></span>`
        : html`<span class="err-text">No d found</span>`
      : a.status === 'paused'
        ? 'paused'
        : a.status === 'cancelled'
          ? 'cancelled'
          : 'running…';
    return html`<section
      class="lane"
      data-testid="eve-race-lane"
      data-method=${a.method}
      aria-label=${t.name}
    >
      <h4>${t.name}</h4>
      <p class="big-number" data-testid="eve-race-ops">${count(a.steps)} operations</p>
      <progress
        max=${n}
        .value=${Math.min(n, a.steps)}
        aria-label=${`${t.name}: operations out of n = ${count(n)}`}
      ></progress>
      <p>${status}</p>
      <p class="muted">${t.grows}.</p>
      ${
        done && a.d !== null
          ? html`<p data-testid="eve-race-estimate">
              On P-256: ${count(a.steps)} = ${est.factor.toFixed(est.factor < 10 ? 2 : 0)}·${est.growth} here,
              so about ${pow2(est.log2Scaled)} operations there (typical: ${pow2(est.log2Typical)}) —
              ${est.time} at ${count(RACE_RATE)} per second.
            </p>`
          : nothing
      }
    </section>`;
  }

  override render() {
    const run = this.run;
    if (!run || run.mode !== 'race') return nothing;
    const lanes = RACE_METHODS.map((m) => run.attack(m)).filter((a): a is DlogAttack => a !== undefined);
    const ds = new Set(lanes.map((a) => a.d).filter((d) => d !== null));
    return html`<h3>Eve's race on ${run.target.name}'s key (${run.target.curve})</h3>
      <p class="muted">
        Each attack gets the same number of group operations (point additions or doublings) per tick, so the
        counts compare; every bar is out of the same n, the number of multiples of G. The P-256 lines are
        estimates scaled from this toy curve's numbers, not measurements: brute force's count as a fraction of
        n, the others' as a multiple of √n, with P-256's n ≈ 2^256.
      </p>
      <div class="lanes">${lanes.map((a) => this.lane(a))}</div>
      ${
        run.over && ds.size === 1
          ? html`<p class="callout ok" data-testid="eve-race-agree">
              All three found the same d = ${[...ds][0]}. Only the work differs: on a curve this small brute
              force can even win; on P-256 it would need about 2^255 operations, the other two about 2^128.
            </p>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'curvechat-eve-race': EveRace;
  }
}

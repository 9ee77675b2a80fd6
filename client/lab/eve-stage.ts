// What Eve's panel shows of a run: the race lanes, or one attack's counter, its walk on the grid and BSGS's tables.
import { css, html, nothing, type TemplateResult } from 'lit';
import { isToyCurve, type CurveId } from '../../common/wire.js';
import type { EveHarvest } from './model/eve.js';
import { INSECURE_LABEL } from './model/toy-room.js';
import type { EveRun } from './model/eve-run.js';
import './curvechat-eve-attack-view.js';
import './curvechat-eve-bsgs.js';
import './curvechat-eve-results.js';
import './curvechat-eve-race.js';
import './curvechat-eve-walk.js';

/** The stage's grid (the panel's styles): the walk beside BSGS's tables, one column when narrow. */
export const eveStageStyles = css`
  .stage {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(22rem, 100%), 1fr));
    gap: 1em;
    align-items: start;
  }
`;

/** The run's pictures: race lanes (race) or the counter; the walk on the grid; BSGS's two tables. */
export function eveStage(run: EveRun, o: { tick: number; rate: number; slow: boolean }): TemplateResult {
  const a = run.primary;
  const p = a.progress;
  const found = a.d !== null && a.verified;
  return html`${
      run.mode === 'race'
        ? html`<curvechat-eve-race .run=${run} .tick=${o.tick}></curvechat-eve-race>`
        : html`<curvechat-eve-attack-view
            .attack=${a}
            .tick=${o.tick}
            .rate=${o.rate}
          ></curvechat-eve-attack-view>`
    }
    <div class="stage">
      <div>
        <h3>${run.mode === 'race' ? "Brute force's walk" : 'The walk'} on the grid</h3>
        <curvechat-eve-walk
          data-testid="eve-walk"
          .curve=${run.target.curve}
          .Q=${run.target.Q}
          .method=${a.method}
          .steps=${a.steps}
          .current=${p?.current ?? null}
          .trail=${[...a.trail]}
          ?found=${found}
        ></curvechat-eve-walk>
      </div>
      ${
        run.attack('bsgs')
          ? html`<div>
              <h3>Baby-step giant-step's tables</h3>
              <curvechat-eve-bsgs
                .curve=${run.target.curve}
                .Q=${run.target.Q}
                .steps=${run.attack('bsgs')?.steps ?? 0}
                ?announce=${o.slow}
              ></curvechat-eve-bsgs>
            </div>`
          : nothing
      }
    </div>`;
}

/** While following a presenter's attack: says that this browser reruns it and no private value was sent. */
export function eveFollowingNote(run: EveRun, presenter: string): TemplateResult {
  return html`<p class="notice" data-testid="eve-following">
    Following ${presenter || 'the presenter'}: your browser reruns the same attack on ${run.target.name}'s
    public key up to the presenter's step count and finds d itself. No private value was sent.
  </p>`;
}

/** What Eve read with the keys she found, or, while a new attack runs, a note that it comes back after. */
export function eveReadSoFar(
  running: boolean,
  harvest: EveHarvest | null,
  brokenNames: readonly string[],
): TemplateResult {
  return running
    ? html`<p class="notice" data-testid="eve-results-hidden">
        What Eve read with the keys she found before comes back when this attack ends.
      </p>`
    : html`<curvechat-eve-results .harvest=${harvest} .brokenNames=${brokenNames}></curvechat-eve-results>`;
}

/** The panel's heading (with the insecure badge on a toy curve) and what Eve sees. */
export function eveHeader(curve: CurveId): TemplateResult {
  return html`<header class="lab-head">
      <h2 id="eve-h"><span class="role-tag">Eve</span>'s panel: what an eavesdropper can do</h2>
      ${isToyCurve(curve) ? html`<span class="badge warn">${curve} — ${INSECURE_LABEL}</span>` : nothing}
    </header>
    <p class="lede">
      Eve sees everything that crosses the relay: every public key Q = d·G and every ciphertext. She never
      sees a private key d. To read the chat she must find d from Q — the discrete logarithm.
    </p>`;
}

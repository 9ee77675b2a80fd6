// What Eve's panel shows of a run: the race lanes, or one attack's counter, its walk on the grid and BSGS's tables.
import { html, nothing, type TemplateResult } from 'lit';
import type { EveRun } from './model/eve-run.js';
import './curvechat-eve-attack-view.js';
import './curvechat-eve-bsgs.js';
import './curvechat-eve-race.js';
import './curvechat-eve-walk.js';

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

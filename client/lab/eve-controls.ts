// The Eve panel's attack controls: target, method, slow motion, and start / pause / cancel.
import { html, type TemplateResult } from 'lit';
import type { DlogMethod } from '../math/dlog.js';
import { fmtToyPoint as pt } from './curvechat-eve-attack-view.js';
import type { DlogAttack, EveTarget } from './model/eve.js';
import { selectField } from './select-field.js';

/** What the controls show and whom they tell. */
export interface EveControls {
  targets: EveTarget[];
  target: EveTarget | undefined;
  method: DlogMethod;
  slow: boolean;
  /** An attack runs or is paused: the choices are locked. */
  running: boolean;
  status: DlogAttack['status'] | undefined;
  /** An attack was started before ("Attack again"). */
  started: boolean;
  on: {
    target(id: string): void;
    method(m: DlogMethod): void;
    slow(on: boolean): void;
    start(): void;
    pause(): void;
    cancel(): void;
  };
}

/** The attack fieldset. */
export function eveControls(c: EveControls): TemplateResult {
  const checked = (e: Event): boolean => (e.target as HTMLInputElement).checked;
  return html`<fieldset>
    <legend>Attack</legend>
    ${selectField({
      label: 'Target',
      testid: 'eve-target',
      disabled: c.running,
      options: c.targets.map((t) => ({
        value: t.id,
        text: `${t.name} — Q = ${pt(t.Q)}`,
        selected: t.id === c.target?.id,
      })),
      onChange: (id) => c.on.target(id),
    })}
    <label class="check"
      ><input
        type="checkbox"
        data-testid="eve-bsgs"
        .checked=${c.method === 'bsgs'}
        ?disabled=${c.running}
        @change=${(e: Event) => c.on.method(checked(e) ? 'bsgs' : 'brute-force')}
      />Baby-step giant-step (√n instead of n)</label
    >
    <label class="check"
      ><input
        type="checkbox"
        .checked=${c.slow}
        ?disabled=${c.running}
        @change=${(e: Event) => c.on.slow(checked(e))}
      />Slow motion (one step at a time)</label
    >
    <div class="row">
      <button
        data-testid="eve-start"
        ?disabled=${c.running || !c.targets.length}
        @click=${() => c.on.start()}
      >
        ${c.started ? 'Attack again' : 'Start the attack'}
      </button>
      <button class="secondary" ?disabled=${!c.running} @click=${() => c.on.pause()}>
        ${c.status === 'paused' ? 'Resume' : 'Pause'}
      </button>
      <button class="secondary" ?disabled=${!c.running} @click=${() => c.on.cancel()}>Cancel</button>
    </div>
  </fieldset>`;
}

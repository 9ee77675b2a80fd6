// The Eve panel's attack controls: target, method, slow motion, and start / pause / cancel.
import { html, type TemplateResult } from 'lit';
import { fmtToyPoint as pt } from './curvechat-eve-attack-view.js';
import type { DlogAttack, EveTarget } from './model/eve.js';
import type { EveMode } from './model/eve-run.js';
import { selectField } from './select-field.js';

/** What the controls show and whom they tell. */
export interface EveControls {
  targets: EveTarget[];
  target: EveTarget | undefined;
  mode: EveMode;
  slow: boolean;
  /** An attack runs or is paused: the choices are locked. */
  running: boolean;
  status: DlogAttack['status'] | undefined;
  /** An attack was started before ("Attack again"). */
  started: boolean;
  on: {
    target(id: string): void;
    mode(m: EveMode): void;
    slow(on: boolean): void;
    start(): void;
    pause(): void;
    /** One group operation (while paused). */
    step(): void;
    cancel(): void;
  };
}

const MODES: readonly { mode: EveMode; text: string }[] = [
  { mode: 'brute-force', text: 'Brute force (G, 2G, 3G, …)' },
  { mode: 'bsgs', text: 'Baby-step giant-step (two tables of √n)' },
  { mode: 'rho', text: "Pollard's rho (a random walk, √n)" },
  { mode: 'race', text: 'Race all three on the same key' },
];

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
    <fieldset class="modes">
      <legend>Method</legend>
      ${MODES.map(
        (m) =>
          html`<label class="check"
            ><input
              type="radio"
              name="eve-mode"
              value=${m.mode}
              data-testid=${m.mode === 'bsgs' ? 'eve-bsgs' : `eve-mode-${m.mode}`}
              .checked=${c.mode === m.mode}
              ?disabled=${c.running}
              @change=${() => c.on.mode(m.mode)}
            />${m.text}</label
          >`,
      )}
    </fieldset>
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
      <button
        class="secondary"
        data-testid="eve-one-step"
        ?disabled=${(c.running && c.status !== 'paused') || !c.targets.length}
        @click=${() => c.on.step()}
      >
        One step
      </button>
      <button class="secondary" ?disabled=${!c.running} @click=${() => c.on.cancel()}>Cancel</button>
    </div>
  </fieldset>`;
}

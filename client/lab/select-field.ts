// The lab's labelled drop-down (Eve's target, the MITM lab's curve): one template for both.
import { html, type TemplateResult } from 'lit';

/** One choice of a {@link selectField}. */
export interface SelectOption<T extends string> {
  value: T;
  text: string;
  selected: boolean;
}

/** A `<label class="field">` around a `<select>` with a test id; `onChange` gets the chosen value. */
export function selectField<T extends string>(opts: {
  label: string;
  testid: string;
  disabled?: boolean;
  options: readonly SelectOption<T>[];
  onChange: (value: T) => void;
}): TemplateResult {
  // The value is one of `options` (this template rendered them), so it has type T.
  const change = (e: Event) => opts.onChange((e.target as HTMLSelectElement).value as T);
  return html`<label class="field"
    >${opts.label}
    <select data-testid=${opts.testid} ?disabled=${opts.disabled ?? false} @change=${change}>
      ${opts.options.map((o) => html`<option value=${o.value} ?selected=${o.selected}>${o.text}</option>`)}
    </select>
  </label>`;
}

// How a member's name is drawn everywhere: as isolated text (bidi controls shown by name) plus its id suffix, if any.
import { html, nothing, type TemplateResult } from 'lit';
import { bidiPieces, type TextPiece } from './format.js';

/** One piece of text: as text, or a bidi control shown by name (it is not obeyed). Styled by `.bidi` (sharedStyles). */
export const textPiece = (p: TextPiece): string | TemplateResult =>
  'text' in p
    ? p.text
    : html`<span class="bidi" title=${`${p.code} (a direction control, shown, not obeyed)`}
        >⟨${p.control}⟩</span
      >`;

/**
 * A name as the member chose it, isolated in a `<bdi>`, followed by its member-id suffix ("#3f2a") when it looks
 * like another member's name or is suspicious on its own (client/session/look-alike.ts). The suffix is its own
 * text, so screen readers read "Alice, #3f2a" and copy-paste keeps it.
 */
export function nameLabel(name: string, suffix?: string): TemplateResult {
  return html`<bdi class="name">${bidiPieces(name).map(textPiece)}</bdi>${
      suffix
        ? html` <span
            class="id-suffix"
            data-testid="id-suffix"
            title="Start of this member’s id: their name looks like another"
            >${suffix}</span
          >`
        : nothing
    }`;
}

/** The name of member `id` from the session's table of names (fallback: `name`, as the message recorded it). */
export function memberLabel(
  names: Readonly<Record<string, { name: string; suffix?: string }>>,
  id: string,
  name: string,
): TemplateResult {
  const known = names[id];
  return nameLabel(known?.name ?? name, known?.suffix);
}

/** The same as plain text, for attributes (aria-label, title): "Alice #3f2a". */
export function memberText(
  names: Readonly<Record<string, { name: string; suffix?: string }>>,
  id: string,
  name: string,
): string {
  const known = names[id];
  return known?.suffix ? `${known.name} ${known.suffix}` : (known?.name ?? name);
}

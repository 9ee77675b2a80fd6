// Display helpers shared by the views: clipped text, byte counts, times, curve labels (hex grouping: viz/model/format.ts).
import type { CurveId } from '../../common/wire.js';
import { isToyCurve } from '../../common/wire.js';

/** The first `n` characters of `text`, with an ellipsis when it was longer (the full text goes in a title). */
export function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

/** Number of bytes in a hex string. */
export function hexBytes(hex: string): number {
  return Math.ceil(hex.replace(/\s+/g, '').length / 2);
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const timeWithSeconds = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A Date for `ts`, or undefined when `ts` is no representable time (Intl and toISOString throw on those). */
function validDate(ts: number): Date | undefined {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Short local time (hours and minutes); '--:--' for a value that is no time (never throws). */
export function formatTime(ts: number): string {
  const d = validDate(ts);
  return d ? timeFormat.format(d) : '--:--';
}

/** Local time with seconds, for the activity log; '--:--:--' for a value that is no time (never throws). */
export function formatTimeSeconds(ts: number): string {
  const d = validDate(ts);
  return d ? timeWithSeconds.format(d) : '--:--:--';
}

/** ISO timestamp for `<time datetime>`; '' for a value that is no time (never throws). */
export function isoTime(ts: number): string {
  return validDate(ts)?.toISOString() ?? '';
}

/** The chat's note in place of `n` older messages removed to bound memory. */
export function removedNote(n: number): string {
  return n === 1
    ? '1 older message was removed to save memory.'
    : `${n} older messages were removed to save memory.`;
}

/** What each real curve is, in one short line. */
const CURVE_NOTES: Partial<Record<CurveId, string>> = {
  'P-256': 'NIST prime curve, 256-bit field. The common default.',
  'P-384': 'NIST prime curve, 384-bit field.',
  'P-521': 'NIST prime curve, 521-bit field.',
  X25519: 'Curve25519 in Montgomery form; the key is a single coordinate u.',
};

/** A one-line description of a curve. */
export function curveNote(curve: CurveId): string {
  if (isToyCurve(curve)) return 'Tiny teaching curve: insecure, for learning only.';
  return CURVE_NOTES[curve] ?? '';
}

/** A curve's display name. */
export function curveLabel(curve: CurveId): string {
  return isToyCurve(curve) ? `${curve} (toy, insecure)` : curve;
}

const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';

/** Writes `F_97` as `F₉₇` so field names read like the textbook. */
export function subscriptFields(text: string): string {
  return text.replace(/F_(\d+)/g, (_, n: string) => `F${[...n].map((d) => SUBSCRIPT[Number(d)]).join('')}`);
}

/** The Unicode bidirectional controls, each with the short name shown in its place (UAX #9). */
export const BIDI_CONTROLS: ReadonlyMap<string, string> = new Map([
  ['\u061c', 'ALM'],
  ['\u200e', 'LRM'],
  ['\u200f', 'RLM'],
  ['\u202a', 'LRE'],
  ['\u202b', 'RLE'],
  ['\u202c', 'PDF'],
  ['\u202d', 'LRO'],
  ['\u202e', 'RLO'],
  ['\u2066', 'LRI'],
  ['\u2067', 'RLI'],
  ['\u2068', 'FSI'],
  ['\u2069', 'PDI'],
]);
const BIDI_RE = new RegExp(`([${[...BIDI_CONTROLS.keys()].join('')}])`, 'u');

/** One piece of a text to render: plain text, or a bidi control shown by name instead of obeyed. */
export type TextPiece = { text: string } | { control: string; code: string };

/**
 * `text` split so that every bidi control becomes a visible piece: "pay \u202Eevil\u202C to Bob" must not render
 * as "pay live to Bob" (docs/security.md "Look-alike text"). Texts without controls come back as one piece.
 */
export function bidiPieces(text: string): TextPiece[] {
  if (!BIDI_RE.test(text)) return [{ text }];
  return text
    .split(BIDI_RE)
    .filter((part) => part !== '')
    .map((part) => {
      const name = BIDI_CONTROLS.get(part);
      return name
        ? { control: name, code: `U+${part.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` }
        : { text: part };
    });
}

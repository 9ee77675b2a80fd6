// What a received file may be called and shown as: a sanitised download name, and which types show inline.

/** Longest sanitised file name, in code points (the extension is kept when the name is shortened). */
export const MAX_SHOWN_NAME = 120;

/** Media types shown inline as an image (from a blob: URL); everything else is offered as a download. */
export const INLINE_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

// C0/C1 controls, DEL, bidi marks/overrides/isolates, zero-width and BOM characters, and path separators.
// eslint-disable-next-line no-control-regex -- replacing control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff/\\]/gu;

/**
 * A name safe to show and to download under: NFC, no path separators, control or bidi characters (each becomes
 * "_"), no leading dots or spaces, at most MAX_SHOWN_NAME code points (keeping a short extension), never empty.
 */
export function sanitizeFileName(name: string): string {
  let s = name.normalize('NFC').replace(UNSAFE, '_').trim();
  s = s.replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');
  const points = [...s];
  if (points.length > MAX_SHOWN_NAME) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 ? [...s.slice(dot)] : [];
    const keep = ext.length > 0 && ext.length <= 12 ? ext : [];
    s = points.slice(0, MAX_SHOWN_NAME - keep.length - 1).join('') + '…' + keep.join('');
  }
  return s === '' ? 'file' : s;
}

/** True for the image types shown inline (png, jpeg, gif, webp); compared in lower case without parameters. */
export function isInlineImage(mime: string): boolean {
  return INLINE_IMAGE_TYPES.includes(mime.split(';')[0]!.trim().toLowerCase());
}

/** A plain media type to hand to the browser: lower case, parameters dropped, `application/octet-stream` if odd. */
export function safeMediaType(mime: string): string {
  const t = mime.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/.test(t)
    ? t
    : 'application/octet-stream';
}

/** Bytes as a short human size: "812 B", "45.0 KB", "3.1 MB" (decimal units, like the limit). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1000 * 1000) return `${(n / 1000).toFixed(1)} KB`;
  return `${(n / 1000 / 1000).toFixed(1)} MB`;
}

/** The plain refusal of a file over the limit (the same sentence in the composer and the session). */
export function tooLargeReason(name: string, size: number, max: number): string {
  return `${sanitizeFileName(name)} is ${formatBytes(size)}; files up to ${formatBytes(max)} can be sent.`;
}

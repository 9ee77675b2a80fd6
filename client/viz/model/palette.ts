// Colour-blind-safe palette (Okabe–Ito) shared by every canvas view and the pixel tests.

/** An sRGB colour as 0–255 channels. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** Parses `#rrggbb` into channels. */
export function hexToRgb(hex: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return { r: parseInt(m[1], 16), g: parseInt(m[2], 16), b: parseInt(m[3], 16) };
}

/** Largest per-channel difference between two colours. */
export function colourDistance(a: Rgb, b: Rgb): number {
  return Math.max(Math.abs(a.r - b.r), Math.abs(a.g - b.g), Math.abs(a.b - b.b));
}

/**
 * Roles of the drawing, each with an Okabe–Ito colour. Every role is also
 * drawn with a distinct shape or label, so colour is never the only cue.
 */
export const PALETTE = {
  background: '#ffffff',
  axis: '#4d4d4d',
  gridLine: '#e6e6e6',
  text: '#1a1a1a',
  /** The curve over the reals: solid blue line. */
  curve: '#0072b2',
  /** Points of a toy curve that are not highlighted: small grey dots. */
  point: '#8c8c8c',
  /** The generator G and the point being built: vermillion, ringed. */
  highlight: '#d55e00',
  /** Orbit points already visited: orange, numbered. */
  orbit: '#e69f00',
  /** Chord/tangent lines and wrap-around segments: bluish green, dashed. */
  line: '#009e73',
  /** The third intersection (before reflection): reddish purple, square. */
  third: '#cc79a7',
  /** First operand P: sky blue, diamond. */
  p: '#56b4e9',
  /** Second operand Q: orange, triangle. */
  q: '#e69f00',
  /** Checks that passed / failed (always with ✓ / ✗ text as well). */
  ok: '#009e73',
  bad: '#d55e00',
} as const;

/** A role of the palette. */
export type PaletteRole = keyof typeof PALETTE;

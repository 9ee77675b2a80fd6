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
 * Roles of the drawing on a light background, each with an Okabe–Ito colour. Every role is also
 * drawn with a distinct shape or label, so colour is never the only cue.
 */
export const LIGHT_PALETTE = {
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
export type PaletteRole = keyof typeof LIGHT_PALETTE;

/**
 * The same roles on the dark theme's surface (--cc-surface): no white glare on a projector, light
 * text and axes, and the Okabe–Ito hues kept (the blue lightened so the curve keeps 3:1 contrast).
 */
export const DARK_PALETTE: Readonly<Record<PaletteRole, string>> = {
  ...LIGHT_PALETTE,
  background: '#18202a',
  axis: '#a7b3c2',
  gridLine: '#2b3746',
  text: '#e8edf3',
  curve: '#3d9ee6',
  point: '#8c99a8',
};

/** True when the page asks for the dark colour scheme (always false outside a browser). */
export function prefersDark(): boolean {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/**
 * The palette in effect: each role reads {@link LIGHT_PALETTE} or {@link DARK_PALETTE} by the colour
 * scheme when it is drawn. Outside a browser (the pixel tests' side) it is always the light palette,
 * which is what the test pages draw with.
 */
export const PALETTE: Readonly<Record<PaletteRole, string>> = Object.freeze(
  Object.defineProperties(
    {},
    Object.fromEntries(
      (Object.keys(LIGHT_PALETTE) as PaletteRole[]).map((k) => [
        k,
        { enumerable: true, get: () => (prefersDark() ? DARK_PALETTE : LIGHT_PALETTE)[k] },
      ]),
    ),
  ) as Record<PaletteRole, string>,
);

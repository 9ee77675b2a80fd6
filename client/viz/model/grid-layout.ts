// Pure layout of a toy curve's F_p × F_p grid on a canvas, and wrap-around lines mod p (no DOM).
import type { Rect, ScreenPoint } from './viewport.js';

/** Where the p×p grid sits on the canvas: cell (x, y) has its centre at `cellCentre`. */
export interface GridLayout {
  p: number;
  /** Plot area in CSS pixels (square). */
  rect: Rect;
  /** Size of one cell in CSS pixels (may be < 1 for large p). */
  cell: number;
}

/**
 * Fits a square p×p grid into a `width`×`height` canvas, leaving `margin`
 * CSS pixels on the left and bottom for axis labels and `pad` elsewhere.
 */
export function gridLayout(p: number, width: number, height: number, margin = 40, pad = 12): GridLayout {
  const side = Math.max(1, Math.min(width - margin - pad, height - margin - pad));
  const cell = side / p;
  const left = margin + Math.max(0, (width - margin - pad - side) / 2);
  return { p, cell, rect: { left, top: pad, width: side, height: side } };
}

/** Centre in CSS pixels of the cell of point (x, y), 0 ≤ x, y < p; y grows upwards. */
export function cellCentre(g: GridLayout, x: number, y: number): ScreenPoint {
  return {
    sx: g.rect.left + (x + 0.5) * g.cell,
    sy: g.rect.top + (g.p - 1 - y + 0.5) * g.cell,
  };
}

/** The grid cell under CSS pixel (sx, sy), or undefined outside the grid. */
export function cellAt(g: GridLayout, sx: number, sy: number): { x: number; y: number } | undefined {
  const x = Math.floor((sx - g.rect.left) / g.cell);
  const y = g.p - 1 - Math.floor((sy - g.rect.top) / g.cell);
  if (x < 0 || y < 0 || x >= g.p || y >= g.p) return undefined;
  return { x, y };
}

/** A segment in grid coordinates (cell units; integer = cell centre). */
export interface GridSegment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The representative of `v` mod p in (−p/2, p/2], so the drawn slope is as gentle as possible. */
export function centredResidue(v: bigint, p: bigint): bigint {
  let r = ((v % p) + p) % p;
  if (r > p / 2n) r -= p;
  return r;
}

/**
 * The line y ≡ y0 + λ(x − x0) (mod p) drawn over the whole grid as straight
 * pieces of slope `lambda`, cut where it leaves the window [−½, p−½) in y and
 * continued on the other side (the wrap-around mod p). `lambda` is the centred
 * residue of the slope; a vertical line (λ = ∞) is passed as `undefined`.
 */
export function wrappedLine(p: number, x0: number, y0: number, lambda: number | undefined): GridSegment[] {
  const lo = -0.5;
  const hi = p - 0.5;
  if (lambda === undefined) return [{ x1: x0, y1: lo, x2: x0, y2: hi }];
  const wrap = (y: number): number => {
    const r = (((y - lo) % p) + p) % p;
    return r + lo;
  };
  if (lambda === 0) return [{ x1: lo, y1: wrap(y0), x2: hi, y2: wrap(y0) }];
  const out: GridSegment[] = [];
  let x = lo;
  let y = wrap(y0 + lambda * (lo - x0));
  let guard = 0;
  while (x < hi - 1e-9 && guard++ < 4 * p + 8) {
    // Distance in x until y hits the top (λ > 0) or bottom (λ < 0) edge.
    const dyEdge = lambda > 0 ? hi - y : lo - y;
    const dx = Math.min(dyEdge / lambda, hi - x);
    const x2 = x + dx;
    const y2 = y + lambda * dx;
    if (dx > 1e-9) out.push({ x1: x, y1: y, x2, y2 });
    x = x2;
    y = lambda > 0 ? (y2 >= hi - 1e-9 ? lo : y2) : y2 <= lo + 1e-9 ? hi : y2;
  }
  return out;
}

/** Converts a grid-coordinate segment to CSS pixels. */
export function segmentToScreen(g: GridLayout, s: GridSegment): { a: ScreenPoint; b: ScreenPoint } {
  return { a: cellCentre(g, s.x1, s.y1), b: cellCentre(g, s.x2, s.y2) };
}

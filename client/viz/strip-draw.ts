// Draws the operation pattern strip: double-and-add's D / D+A per bit above the ladder's uniform steps.
import { label, segment, type Surface } from './canvas.js';
import type { KeygenRow } from './model/keygen-model.js';
import { PALETTE } from './model/palette.js';

/** Geometry of the strip (CSS px), shared with tests. */
export interface StripLayout {
  left: number;
  colWidth: number;
  laneTop: [number, number];
  laneHeight: number;
}

/** Lays out `count` columns after a label area of about 11 characters. */
export function stripLayout(width: number, height: number, count: number, font: number): StripLayout {
  const left = Math.round(font * 9.5);
  const laneHeight = (height - font * 1.6) / 2;
  return {
    left,
    colWidth: (width - left - 8) / Math.max(1, count),
    laneTop: [font * 0.3, font * 0.3 + laneHeight + font * 0.8],
    laneHeight,
  };
}

/** Draws both lanes and a marker at row `current`. `daFromBits` marks a lane derived from bits, not recorded. */
export function drawStrip(
  s: Surface,
  rows: readonly KeygenRow[],
  current: number,
  daFromBits: boolean,
): void {
  const { ctx } = s;
  const L = stripLayout(s.width, s.height, rows.length, s.font);
  const unit = L.laneHeight * 0.42;
  const lanes: [string, (r: KeygenRow) => boolean][] = [
    [daFromBits ? 'double-and-add (if used)' : 'double-and-add', (r) => r.bit === 1],
    ['Montgomery ladder', () => true],
  ];
  lanes.forEach(([name, adds], lane) => {
    const base = L.laneTop[lane]! + L.laneHeight;
    label(ctx, name, 4, base - L.laneHeight / 2, Math.max(11, s.font * 0.8), { bold: true });
    segment(ctx, L.left, base + 0.5, L.left + L.colWidth * rows.length, base + 0.5, PALETTE.axis, 1);
    rows.forEach((r, i) => {
      const x = L.left + i * L.colWidth;
      const w = Math.max(1, L.colWidth - (L.colWidth > 3 ? 1 : 0));
      ctx.fillStyle = PALETTE.curve;
      ctx.fillRect(x, base - unit, w, unit);
      if (adds(r)) {
        ctx.fillStyle = PALETTE.orbit;
        ctx.fillRect(x, base - 2 * unit - 1, w, unit);
      }
    });
  });
  if (current >= 0 && current < rows.length) {
    const x = L.left + (current + 0.5) * L.colWidth;
    segment(ctx, x, 0, x, s.height, PALETTE.text, 2);
  }
}

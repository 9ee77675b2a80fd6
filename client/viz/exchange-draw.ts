// Draws both sides of a toy exchange on the F_p grid: the two public keys and, once reached, each side's S.
import type { ToyCurveId } from '../../common/wire.js';
import { prepare } from './canvas.js';
import { drawGrid } from './grid-draw.js';
import type { ToyExchange } from './model/exchange-model.js';
import { gridLayout } from './model/grid-layout.js';
import { allPoints, orbitInfo } from './model/grid-steps.js';
import { PALETTE } from './model/palette.js';

/**
 * Draws side A on `canvases[0]` and side B on `canvases[1]` (square, `width`
 * CSS px): both Q marks from step 1 (only the own one before), and S from step
 * 3 + side. Draws nothing on toy-65521 (too large a grid).
 */
export function drawExchange(
  canvases: ArrayLike<HTMLCanvasElement>,
  ex: ToyExchange,
  width: number,
  font: number,
  index: number,
): void {
  const id = ex.curve.id as ToyCurveId;
  const points = allPoints(ex.curve);
  const orbit = orbitInfo(ex.curve);
  [ex.a, ex.b].forEach((side, i) => {
    const canvas = canvases[i];
    if (!canvas || id === 'toy-65521') return;
    const w = width;
    const s = prepare(canvas, w, w, font);
    const layout = gridLayout(Number(ex.curve.p), w, w, Math.round(font * 2.6), Math.round(font * 1.5));
    const showS = index >= 3 + i;
    drawGrid(s, {
      curve: ex.curve,
      points,
      orbit,
      layout,
      marks: [ex.a, ex.b]
        .map((m, j) => ({
          P: m.Q,
          text: `Q_${j === 0 ? 'A' : 'B'}${i === j ? ' (mine)' : ''}`,
          colour: j === 0 ? PALETTE.p : PALETTE.q,
          shape: j === 0 ? ('diamond' as const) : ('triangle' as const),
        }))
        .filter((_, j) => j === i || index >= 1),
      current: showS && !side.S.infinity ? { P: side.S, k: 0n, name: 'S' } : undefined,
    });
  });
}

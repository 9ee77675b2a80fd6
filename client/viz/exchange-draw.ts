// Draws both sides of a toy exchange on the F_p grid: the two public keys, each side's walk d × Q step by step, and S.
import type { ToyCurveId } from '../../common/wire.js';
import type { WeierstrassCurve } from '../math/curves.js';
import { prepare } from './canvas.js';
import { drawGrid } from './grid-draw.js';
import type { ToyExchange } from './model/exchange-model.js';
import { sideDone, walkAt, type ExchangePlan } from './model/exchange-stages.js';
import { fmtMultiple } from './model/format.js';
import { gridLayout } from './model/grid-layout.js';
import { allPoints, orbitInfo } from './model/grid-steps.js';
import { PALETTE } from './model/palette.js';

/** The names of the two sides' bases: side A multiplies Q_B, side B multiplies Q_A. */
export const WALK_BASE = ['Q_B', 'Q_A'] as const;

/** A square grid surface of `width` CSS px for `curve`, laid out like the other grids. */
function surface(canvas: HTMLCanvasElement, curve: WeierstrassCurve, width: number, font: number) {
  const s = prepare(canvas, width, width, font);
  const layout = gridLayout(Number(curve.p), width, width, Math.round(font * 2.6), Math.round(font * 1.5));
  return { s, layout };
}

/**
 * Draws side A on `canvases[0]` and side B on `canvases[1]` (square, `width` CSS px): both Q marks
 * from step 1 (only the own one before); while a side walks, its R and the step's line (`t` is the
 * tween's progress); S once its walk ended. Draws nothing on toy-65521 (too large a grid).
 */
export function drawExchange(
  canvases: ArrayLike<HTMLCanvasElement>,
  ex: ToyExchange,
  width: number,
  font: number,
  plan: ExchangePlan,
  index: number,
  t = 1,
): void {
  const id = ex.curve.id as ToyCurveId;
  if (id === 'toy-65521') return;
  const points = allPoints(ex.curve);
  const orbit = orbitInfo(ex.curve);
  const walking = walkAt(plan, index);
  [ex.a, ex.b].forEach((side, i) => {
    const canvas = canvases[i];
    if (!canvas) return;
    const { s, layout } = surface(canvas, ex.curve, width, font);
    const mine = walking?.side === i ? walking.step : undefined;
    const done = sideDone(plan, index, i as 0 | 1);
    const current =
      done && !side.S.infinity
        ? { P: side.S, k: 0n, name: 'S' }
        : mine
          ? { P: mine.R, k: 0n, name: `R = ${fmtMultiple(mine.multiple, WALK_BASE[i])}` }
          : undefined;
    drawGrid(s, {
      curve: ex.curve,
      points,
      orbit,
      layout,
      marks: [ex.a, ex.b]
        .map((m, j) => ({
          P: m.Q,
          // Short labels (the heading says whose side it is), so a large-type label is not cut at the edge.
          text: `Q_${j === 0 ? 'A' : 'B'}`,
          colour: j === 0 ? PALETTE.p : PALETTE.q,
          shape: j === 0 ? ('diamond' as const) : ('triangle' as const),
        }))
        .filter((_, j) => j === i || index >= 1),
      current,
      ...(mine?.op ? { op: mine.op, t } : {}),
    });
  });
}

/** Draws the cofactor picture: every point of the curve, the subgroup ⟨G⟩ numbered and enlarged, on one canvas. */
export function drawCofactor(
  canvas: HTMLCanvasElement,
  curve: WeierstrassCurve,
  width: number,
  font: number,
): void {
  const { s, layout } = surface(canvas, curve, width, font);
  drawGrid(s, { curve, points: allPoints(curve), orbit: orbitInfo(curve), layout });
}

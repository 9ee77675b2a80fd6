// Draws y² = x³ + ax + b over the reals with axes, and the chord-and-tangent construction up to a phase.
import { sampleCurve, type RealAddResult, type RealCurve, type RealPoint } from '../math/reals.js';
import { arrowHead, label, lineScale, marker, segment, type Shape, type Surface } from './canvas.js';
import { PALETTE } from './model/palette.js';
import { phaseRank, type RealsPhase } from './model/reals-steps.js';
import { ticks, toScreen, type Viewport } from './model/viewport.js';

/** What one frame of the reals view shows. */
export interface RealsScene {
  curve: RealCurve;
  view: Viewport;
  P?: RealPoint;
  Q?: RealPoint;
  /** The engine's addition, drawn up to `phase` (with `t` ∈ [0,1] animating the newest part). */
  add?: RealAddResult;
  phase: RealsPhase;
  t: number;
  resultName: string;
  /** A singular curve's bad point and its name, drawn instead of P and Q. */
  singular?: { at: RealPoint; text: string };
}

/** Radius of a point's marker on `s`. */
function markerRadius(s: Surface): number {
  return Math.max(7, s.font * 0.5);
}

function axes(s: Surface, v: Viewport, marked: readonly RealPoint[]): void {
  const { ctx } = s;
  const size = Math.max(11, s.font * 0.8);
  const r = v.rect;
  // An axis number a marked point would cover is left out (its grid line still shows the value).
  const reach = markerRadius(s) + size;
  const spots = marked.map((p) => toScreen(v, p.x, p.y));
  const clear = (x: number, y: number) => spots.every((p) => Math.hypot(p.sx - x, p.sy - y) > reach);
  const xs = ticks(v.xMin, v.xMax, 8).filter(Number.isInteger);
  const ys = ticks(v.yMin, v.yMax, 8).filter(Number.isInteger);
  for (const x of xs) {
    const a = toScreen(v, x, 0);
    segment(ctx, a.sx, r.top, a.sx, r.top + r.height, PALETTE.gridLine, 1);
  }
  for (const y of ys) {
    const a = toScreen(v, 0, y);
    segment(ctx, r.left, a.sy, r.left + r.width, a.sy, PALETTE.gridLine, 1);
  }
  const o = toScreen(v, 0, 0);
  segment(ctx, r.left, o.sy, r.left + r.width, o.sy, PALETTE.axis, 1.5);
  segment(ctx, o.sx, r.top, o.sx, r.top + r.height, PALETTE.axis, 1.5);
  // A number at the very edge would be cut in half ("3" for "−3"), so it is left out.
  const inside = (sx: number) => sx > r.left + size && sx < r.left + r.width - size;
  for (const x of xs) {
    if (x !== 0 && inside(toScreen(v, x, 0).sx) && clear(toScreen(v, x, 0).sx, o.sy + size * 0.9))
      label(ctx, String(x).replace('-', '−'), toScreen(v, x, 0).sx, o.sy + size * 0.9, size, {
        align: 'center',
        colour: PALETTE.axis,
      });
  }
  for (const y of ys) {
    if (y !== 0 && clear(o.sx - 6 - size * 0.5, toScreen(v, 0, y).sy))
      label(ctx, String(y).replace('-', '−'), o.sx - 6, toScreen(v, 0, y).sy, size, {
        align: 'right',
        colour: PALETTE.axis,
      });
  }
  label(ctx, 'x', r.left + r.width - 4, o.sy - size, size, { align: 'right', bold: true });
  label(ctx, 'y', o.sx + 8, r.top + size, size, { bold: true });
}

function curvePath(s: Surface, curve: RealCurve, v: Viewport): void {
  const { ctx } = s;
  ctx.lineWidth = 3 * lineScale(ctx);
  ctx.strokeStyle = PALETTE.curve;
  for (const comp of sampleCurve(curve, { xMax: v.xMax + 0.5, samples: 600 })) {
    ctx.beginPath();
    comp.points.forEach((p, i) => {
      const c = toScreen(v, p.x, p.y);
      if (i === 0) ctx.moveTo(c.sx, c.sy);
      else ctx.lineTo(c.sx, c.sy);
    });
    if (comp.closed) ctx.closePath();
    if (comp.points.length === 1) {
      const c = toScreen(v, comp.points[0]!.x, comp.points[0]!.y);
      marker(ctx, c.sx, c.sy, 3, PALETTE.curve);
    } else ctx.stroke();
  }
}

function point(
  s: Surface,
  v: Viewport,
  P: RealPoint,
  colour: string,
  shape: Shape,
  text: string,
  dx = 1,
): void {
  const c = toScreen(v, P.x, P.y);
  const r = markerRadius(s);
  marker(s.ctx, c.sx, c.sy, r, colour, shape, PALETTE.text);
  label(s.ctx, text, c.sx + dx * (r + 6), c.sy - r - 4, s.font * 1.1, {
    bold: true,
    align: dx > 0 ? 'left' : 'right',
  });
}

/** Draws one frame. */
export function drawReals(s: Surface, scene: RealsScene): void {
  const { ctx } = s;
  const { view: v, add, P, Q } = scene;
  const r = v.rect;
  ctx.save();
  ctx.beginPath();
  ctx.rect(r.left, r.top, r.width, r.height);
  ctx.clip();
  const rank = phaseRank(scene.phase);
  const marked = [P, Q, scene.singular?.at, rank >= phaseRank('third') ? add?.third : undefined];
  if (rank >= phaseRank('reflect')) marked.push(add?.result);
  axes(
    s,
    v,
    marked.filter((p): p is RealPoint => !!p),
  );
  curvePath(s, scene.curve, v);
  const anim = (phase: RealsPhase) => (phaseRank(phase) === rank ? scene.t : 1);
  if (add?.line && P && rank >= phaseRank('line')) {
    const f = anim('line');
    const span = (v.xMax - v.xMin) * f;
    if (add.line.kind === 'vertical') {
      const a = toScreen(v, add.line.x, v.yMin);
      const b = toScreen(v, add.line.x, v.yMax);
      segment(ctx, a.sx, a.sy, b.sx, b.sy, PALETTE.line, 3, [10, 6]);
    } else {
      const { slope, intercept } = add.line;
      const x1 = Math.max(v.xMin, P.x - span);
      const x2 = Math.min(v.xMax, P.x + span);
      const a = toScreen(v, x1, slope * x1 + intercept);
      const b = toScreen(v, x2, slope * x2 + intercept);
      segment(ctx, a.sx, a.sy, b.sx, b.sy, PALETTE.line, 3, [10, 6]);
    }
  }
  const third = add?.third;
  const res = add?.result;
  if (third && rank >= phaseRank('third') && anim('third') > 0.3) {
    point(s, v, third, PALETTE.third, 'square', `−(${scene.resultName})`, third.x < 0 ? -1 : 1);
  }
  if (third && res && rank >= phaseRank('reflect')) {
    const f = anim('reflect');
    const a = toScreen(v, third.x, third.y);
    const b = toScreen(v, res.x, third.y + (res.y - third.y) * f);
    segment(ctx, a.sx, a.sy, b.sx, b.sy, PALETTE.third, 2.5, [4, 5]);
    if (f > 0.3) arrowHead(ctx, a.sx, a.sy, b.sx, b.sy, PALETTE.third, Math.max(10, s.font * 0.7));
    if (f >= 0.95) point(s, v, res, PALETTE.highlight, 'circle', scene.resultName, res.x < 0 ? -1 : 1);
  }
  if (scene.singular) point(s, v, scene.singular.at, PALETTE.third, 'square', scene.singular.text);
  if (P) point(s, v, P, PALETTE.p, 'diamond', add?.kind === 'double' ? 'P = Q' : 'P', -1);
  if (Q && add?.kind !== 'double') point(s, v, Q, PALETTE.q, 'triangle', 'Q');
  ctx.restore();
}

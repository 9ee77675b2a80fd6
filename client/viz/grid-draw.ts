// Draws a toy curve's points on the F_p grid, G's orbit, the current point and one animated operation.
import type { WeierstrassCurve } from '../math/curves.js';
import { signedMod } from '../math/field.js';
import type { AffinePoint, Point } from '../math/weierstrass.js';
import { label, lineScale, marker, segment, arrowHead, type Surface } from './canvas.js';
import { fmtMultiple } from './model/format.js';
import { cellCentre, wrappedLine, type GridLayout, type GridSegment } from './model/grid-layout.js';
import type { GridOp, OrbitInfo } from './model/grid-steps.js';
import { pointKey } from './model/grid-steps.js';
import { PALETTE } from './model/palette.js';
import { ticks } from './model/viewport.js';

/** An extra labelled point (e.g. a public key or the shared point in the exchange view). */
export interface GridMark {
  P: Point;
  text: string;
  colour: string;
  shape: 'diamond' | 'triangle' | 'square' | 'circle';
}

/** Everything one frame of the grid shows. */
export interface GridScene {
  curve: WeierstrassCurve;
  points: readonly AffinePoint[];
  orbit: OrbitInfo;
  layout: GridLayout;
  /** Highlighted point R (drawn like G) and its multiple, if any. */
  current?: { P: Point; k: bigint; name?: string };
  /** Multiples of G visited so far (thin ring). */
  visited?: readonly bigint[];
  /** Operation being animated, with progress t in [0, 1]. */
  op?: GridOp;
  t?: number;
  /** Label of the operation's result, e.g. "2G". */
  resultText?: string;
  thirdText?: string;
  marks?: readonly GridMark[];
}

/**
 * Radius (CSS px) of an ordinary point dot for this cell size: at least 2.5 px where cells allow it (toy-97's
 * dots were 2 px wide, invisible on a projector), down to 1 px only on the dense grids whose cells are tiny.
 */
export function dotRadius(cell: number): number {
  return cell >= 4 ? Math.max(2.5, Math.min(cell * 0.3, 6)) : Math.max(1, cell * 0.3);
}

/** Radius of a highlighted point (G, R): large enough for a pixel test and a projector. */
export function highlightRadius(cell: number): number {
  return Math.max(5, Math.min(cell * 0.36, 11));
}

function axes(s: Surface, g: GridLayout): void {
  const { ctx } = s;
  const size = Math.max(11, s.font * 0.8);
  const r = g.rect;
  if (g.cell >= 10) {
    for (let i = 0; i < g.p; i++) {
      const a = cellCentre(g, i, 0);
      const b = cellCentre(g, 0, i);
      segment(ctx, a.sx, r.top, a.sx, r.top + r.height, PALETTE.gridLine, 1);
      segment(ctx, r.left, b.sy, r.left + r.width, b.sy, PALETTE.gridLine, 1);
    }
  }
  ctx.strokeStyle = PALETTE.axis;
  ctx.lineWidth = 1.5 * lineScale(ctx);
  ctx.strokeRect(r.left, r.top, r.width, r.height);
  const every = g.cell >= size * 1.8 ? 1 : 0;
  const marks = every ? [...Array(g.p).keys()] : ticks(0, g.p - 1, 6).filter((t) => Number.isInteger(t));
  for (const t of marks) {
    const bx = cellCentre(g, t, 0).sx;
    const ly = cellCentre(g, 0, t).sy;
    label(ctx, String(t), bx, r.top + r.height + size * 0.9, size, { align: 'center', colour: PALETTE.axis });
    label(ctx, String(t), r.left - size * 0.5, ly, size, { align: 'right', colour: PALETTE.axis });
  }
  label(ctx, 'x', r.left + r.width, r.top + r.height + size * 2, size, { align: 'right', bold: true });
  label(ctx, 'y', r.left - size * 3.2, r.top + size * 0.3, size, { align: 'left', bold: true });
}

/** Segments of the operation's line, thinned to the pieces through its points when it wraps a lot. */
export function opSegments(curve: WeierstrassCurve, op: GridOp): GridSegment[] {
  const p = Number(curve.p);
  const { P, Q, detail } = op;
  if (P.infinity) return [];
  const lam = detail.slope === null ? undefined : Number(signedMod(detail.slope, curve.p));
  const segs = wrappedLine(p, Number(P.x), Number(P.y), lam);
  if (segs.length <= 24) return segs;
  const pts = [P, Q, detail.third].filter((X): X is AffinePoint => !X.infinity);
  return segs.filter((sg) =>
    pts.some((X) => {
      const x = Number(X.x);
      const y = Number(X.y);
      if (x < Math.min(sg.x1, sg.x2) - 1e-9 || x > Math.max(sg.x1, sg.x2) + 1e-9) return false;
      const u = sg.x2 === sg.x1 ? 0 : (x - sg.x1) / (sg.x2 - sg.x1);
      return Math.abs(sg.y1 + u * (sg.y2 - sg.y1) - y) < 1e-6;
    }),
  );
}

function drawOpLine(s: Surface, scene: GridScene, op: GridOp, t: number): void {
  const { ctx } = s;
  const g = scene.layout;
  const segs = opSegments(scene.curve, op);
  const lineT = Math.min(1, t / 0.55);
  const total = segs.reduce((a, sg) => a + Math.hypot(sg.x2 - sg.x1, sg.y2 - sg.y1), 0);
  let budget = total * lineT;
  const w = Math.max(1.5, Math.min(3, g.cell * 0.12));
  for (const sg of segs) {
    if (budget <= 0) break;
    const len = Math.hypot(sg.x2 - sg.x1, sg.y2 - sg.y1);
    const f = Math.min(1, budget / len);
    budget -= len;
    const a = cellCentre(g, sg.x1, sg.y1);
    const b = cellCentre(g, sg.x1 + (sg.x2 - sg.x1) * f, sg.y1 + (sg.y2 - sg.y1) * f);
    segment(ctx, a.sx, a.sy, b.sx, b.sy, PALETTE.line, w, [8, 5]);
  }
}

function drawOpMarks(s: Surface, scene: GridScene, op: GridOp, t: number): void {
  const { ctx } = s;
  const g = scene.layout;
  const third = op.detail.third;
  const res = op.detail.result;
  if (t >= 0.55 && !third.infinity) {
    const c = cellCentre(g, Number(third.x), Number(third.y));
    marker(ctx, c.sx, c.sy, highlightRadius(g.cell) * 0.85, PALETTE.third, 'square', PALETTE.text);
    if (scene.thirdText)
      label(ctx, scene.thirdText, c.sx + highlightRadius(g.cell) + 4, c.sy, s.font, { bold: true });
    if (t >= 0.62 && !res.infinity) {
      const r = cellCentre(g, Number(res.x), Number(res.y));
      const f = Math.min(1, (t - 0.62) / 0.3);
      const ey = c.sy + (r.sy - c.sy) * f;
      segment(ctx, c.sx, c.sy, r.sx, ey, PALETTE.third, 2.5, [3, 4]);
      if (f > 0.2) arrowHead(ctx, c.sx, c.sy, r.sx, ey, PALETTE.third, Math.max(8, s.font * 0.6));
    }
  }
}

/** The static background of the grid: grid lines, frame and axis labels (depends only on the layout and surface). */
export function drawGridAxes(s: Surface, scene: Pick<GridScene, 'layout'>): void {
  axes(s, scene.layout);
}

/** Radius of an ordinary dot on `s` (on a projector, lineScale > 1, the dots grow too, without filling their cell). */
function dotSize(s: Surface, g: GridLayout): number {
  return Math.min(dotRadius(g.cell) * lineScale(s.ctx), Math.max(dotRadius(g.cell), g.cell * 0.7));
}

/** The static points of the grid: every point of the curve, G's orbit and its numbers (the same for every step). */
export function drawGridPoints(s: Surface, scene: Pick<GridScene, 'layout' | 'points' | 'orbit'>): void {
  const { ctx } = s;
  const g = scene.layout;
  const dot = dotSize(s, g);
  const wholeOrbit = scene.orbit.points.length === scene.points.length + 1;
  for (const P of scene.points) {
    const c = cellCentre(g, Number(P.x), Number(P.y));
    const inOrbit = scene.orbit.index.has(pointKey(P));
    const colour = inOrbit ? PALETTE.orbit : PALETTE.point;
    if (dot < 1.6 && (wholeOrbit || !inOrbit)) {
      ctx.fillStyle = colour;
      ctx.fillRect(c.sx - dot, c.sy - dot, dot * 2, dot * 2);
    } else
      marker(
        ctx,
        c.sx,
        c.sy,
        inOrbit && !wholeOrbit ? Math.max(dot * 1.3, highlightRadius(g.cell) * 0.8) : dot,
        colour,
      );
  }
  const numberSize = Math.max(10, Math.min(s.font * 0.8, g.cell * 0.5));
  if (g.cell >= 14 || scene.orbit.index.size <= 30) {
    for (const [key, k] of scene.orbit.index) {
      const [x, y] = key.split(',').map(Number) as [number, number];
      const c = cellCentre(g, x, y);
      label(ctx, String(k), c.sx + dot + 2, c.sy - dot - numberSize * 0.45, numberSize, {
        colour: PALETTE.text,
      });
    }
  }
}

/** The line of the step's operation (drawn between the axes and the points). */
export function drawGridOpLine(s: Surface, scene: GridScene): void {
  if (scene.op) drawOpLine(s, scene, scene.op, scene.t ?? 1);
}

/**
 * A bold label `dx` beside point `c` and `dy` below it (negative: above): on its right, or on its left in the
 * grid's right quarter so that a point near the edge does not have its name cut off by the canvas.
 */
function sideLabel(
  s: Surface,
  g: GridLayout,
  text: string,
  c: { sx: number; sy: number },
  dx: number,
  dy: number,
  size: number,
): void {
  const left = c.sx > g.rect.left + g.rect.width * 0.75;
  label(s.ctx, text, left ? c.sx - dx : c.sx + dx, c.sy + dy, size, {
    bold: true,
    align: left ? 'right' : 'left',
  });
}

/** What changes from step to step, drawn over the points: visited rings, the operation's marks, the marks, G and R. */
export function drawGridOverlay(s: Surface, scene: GridScene): void {
  const { ctx } = s;
  const g = scene.layout;
  const t = scene.t ?? 1;
  const hr = Math.min(
    highlightRadius(g.cell) * lineScale(ctx),
    Math.max(highlightRadius(g.cell), g.cell * 0.7),
  );
  for (const k of scene.visited ?? []) {
    const P = scene.orbit.points[Number(k) - 1];
    if (!P || P.infinity) continue;
    const c = cellCentre(g, Number(P.x), Number(P.y));
    ctx.beginPath();
    ctx.arc(c.sx, c.sy, hr + 1, 0, Math.PI * 2);
    ctx.strokeStyle = PALETTE.highlight;
    ctx.lineWidth = 1.5 * lineScale(ctx);
    ctx.stroke();
  }
  if (scene.op) drawOpMarks(s, scene, scene.op, t);
  for (const m of scene.marks ?? []) {
    if (m.P.infinity) continue;
    const c = cellCentre(g, Number(m.P.x), Number(m.P.y));
    marker(ctx, c.sx, c.sy, hr, m.colour, m.shape, PALETTE.text);
    // Marks are labelled above their point and R / S below, so a mark next to R never hides its name.
    sideLabel(s, g, m.text, c, hr + 4, -(hr + 4), s.font);
  }
  const G = scene.orbit.points[0];
  if (G && !G.infinity) {
    const c = cellCentre(g, Number(G.x), Number(G.y));
    marker(ctx, c.sx, c.sy, hr, PALETTE.highlight, 'circle', PALETTE.text);
    label(ctx, 'G', c.sx - hr - 3, c.sy - hr, s.font * 1.1, { bold: true, align: 'right' });
  }
  const showResult = !scene.op || t >= 0.92;
  const cur = scene.op && !showResult ? { P: scene.op.P, k: -1n } : scene.current;
  if (cur && !cur.P.infinity) {
    const c = cellCentre(g, Number(cur.P.x), Number(cur.P.y));
    marker(ctx, c.sx, c.sy, hr, PALETTE.highlight, 'circle', PALETTE.text);
    ctx.beginPath();
    ctx.arc(c.sx, c.sy, hr + 4, 0, Math.PI * 2);
    ctx.strokeStyle = PALETTE.text;
    ctx.lineWidth = 2 * lineScale(ctx);
    ctx.stroke();
    const name = scene.current?.name ?? 'R';
    const text = cur.k > 0n ? `${name} = ${fmtMultiple(cur.k)}` : name;
    sideLabel(s, g, text, c, hr + 6, hr + s.font * 0.5, s.font * 1.05);
  }
}

/**
 * Draws one frame of the grid scene onto a prepared surface, everything afresh: axes, the operation's
 * line, the points, then the overlay. GridLayers (grid-layers.ts) draws the same frame from cached layers.
 */
export function drawGrid(s: Surface, scene: GridScene): void {
  drawGridAxes(s, scene);
  drawGridOpLine(s, scene);
  drawGridPoints(s, scene);
  drawGridOverlay(s, scene);
}

// Canvas helpers shared by the views: DPR-aware sizing, crisp text, marker shapes.
import { PALETTE } from './model/palette.js';

/** A 2D context whose unit is one CSS pixel, with the canvas size in CSS pixels. */
export interface Surface {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
  /** Base font size in CSS pixels (follows the host's font size, so large type scales the labels). */
  font: number;
  /** Projector scale of lines and labels (`--cc-presenter-scale`, 1 outside presenter mode). */
  scale: number;
  /** Device pixels per CSS pixel of the bitmap. */
  dpr: number;
}

const lineScales = new WeakMap<CanvasRenderingContext2D, number>();

/**
 * The projector scale in effect on `el`: the `--cc-presenter-scale` custom property set by large-type
 * presenter mode (client/lab/presenter-style.ts; inherited through shadow roots), clamped to 1–3.
 */
export function presenterScaleOf(el: Element): number {
  const v = parseFloat(getComputedStyle(el).getPropertyValue('--cc-presenter-scale'));
  return Number.isFinite(v) ? Math.min(3, Math.max(1, v)) : 1;
}

/** How much thicker lines drawn on `ctx` should be (the scale of the last {@link prepare}). */
export function lineScale(ctx: CanvasRenderingContext2D): number {
  return lineScales.get(ctx) ?? 1;
}

/**
 * Sizes the bitmap of `canvas` to `width`×`height` CSS pixels at the device
 * pixel ratio (its CSS is `width: 100%; height: auto`, so no inline style is
 * needed), clears it and returns a context scaled to CSS pixels. In presenter
 * mode the label size and line widths are multiplied by `--cc-presenter-scale`.
 */
export function prepare(canvas: HTMLCanvasElement, width: number, height: number, font = 16): Surface {
  const dpr = Math.max(1, globalThis.devicePixelRatio || 1);
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = PALETTE.background;
  ctx.fillRect(0, 0, width, height);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  const scale = presenterScaleOf(canvas);
  lineScales.set(ctx, scale);
  return { ctx, width, height, font: font * scale, scale, dpr };
}

/**
 * Sizes `canvas` (a detached layer, never shown) to the bitmap of `like` and returns a surface with the
 * same CSS-pixel transform, font and projector scale: filled with the background when `opaque`, else
 * transparent. What is drawn on it is later copied 1:1 with {@link blit}.
 */
export function layerSurface(canvas: HTMLCanvasElement, like: Surface, opaque: boolean): Surface {
  const w = like.ctx.canvas.width;
  const h = like.ctx.canvas.height;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.setTransform(like.dpr, 0, 0, like.dpr, 0, 0);
  if (opaque) {
    ctx.fillStyle = PALETTE.background;
    ctx.fillRect(0, 0, like.width, like.height);
  }
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  lineScales.set(ctx, like.scale);
  return { ...like, ctx };
}

/** Copies a layer made by {@link layerSurface} onto `s`, device pixel for device pixel. */
export function blit(s: Surface, layer: HTMLCanvasElement): void {
  const { ctx } = s;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(layer, 0, 0);
  ctx.restore();
}

/** The font size (CSS px) in effect on `el`, for canvas labels. */
export function fontSizeOf(el: Element, fallback = 16): number {
  const px = parseFloat(getComputedStyle(el).fontSize);
  return Number.isFinite(px) && px > 0 ? px : fallback;
}

/** Marker shapes, so points differ by shape as well as colour. */
export type Shape = 'circle' | 'diamond' | 'square' | 'triangle';

/** Draws a filled marker of radius `r` centred on (x, y), with an optional outline. */
export function marker(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  r: number,
  fill: string,
  shape: Shape = 'circle',
  outline?: string,
): void {
  ctx.beginPath();
  switch (shape) {
    case 'circle':
      ctx.arc(x, y, r, 0, Math.PI * 2);
      break;
    case 'diamond':
      ctx.moveTo(x, y - r * 1.25);
      ctx.lineTo(x + r * 1.25, y);
      ctx.lineTo(x, y + r * 1.25);
      ctx.lineTo(x - r * 1.25, y);
      ctx.closePath();
      break;
    case 'square':
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
      break;
    case 'triangle':
      ctx.moveTo(x, y - r * 1.35);
      ctx.lineTo(x + r * 1.2, y + r * 0.85);
      ctx.lineTo(x - r * 1.2, y + r * 0.85);
      ctx.closePath();
      break;
  }
  ctx.fillStyle = fill;
  ctx.fill();
  if (outline) {
    ctx.lineWidth = Math.max(1.5 * lineScale(ctx), r / 4);
    ctx.strokeStyle = outline;
    ctx.stroke();
  }
}

/** Draws text with a white halo so it stays readable over lines and dots. */
export function label(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  size: number,
  opts: { colour?: string; align?: CanvasTextAlign; baseline?: CanvasTextBaseline; bold?: boolean } = {},
): void {
  ctx.font = `${opts.bold ? '700 ' : ''}${size}px system-ui, -apple-system, 'Segoe UI', sans-serif`;
  ctx.textAlign = opts.align ?? 'left';
  ctx.textBaseline = opts.baseline ?? 'middle';
  ctx.lineWidth = Math.max(3, size / 4);
  ctx.strokeStyle = PALETTE.background;
  ctx.strokeText(text, x, y);
  ctx.fillStyle = opts.colour ?? PALETTE.text;
  ctx.fillText(text, x, y);
}

/** Strokes a straight segment, dashed when `dash` is given. */
export function segment(
  ctx: CanvasRenderingContext2D,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  colour: string,
  width: number,
  dash: number[] = [],
): void {
  ctx.beginPath();
  ctx.setLineDash(dash);
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.strokeStyle = colour;
  ctx.lineWidth = width * lineScale(ctx);
  ctx.stroke();
  ctx.setLineDash([]);
}

/** Draws an arrowhead at (x2, y2) pointing away from (x1, y1). */
export function arrowHead(
  ctx: CanvasRenderingContext2D,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  colour: string,
  size: number,
): void {
  const a = Math.atan2(y2 - y1, x2 - x1);
  ctx.beginPath();
  ctx.moveTo(x2, y2);
  ctx.lineTo(x2 - size * Math.cos(a - 0.45), y2 - size * Math.sin(a - 0.45));
  ctx.lineTo(x2 - size * Math.cos(a + 0.45), y2 - size * Math.sin(a + 0.45));
  ctx.closePath();
  ctx.fillStyle = colour;
  ctx.fill();
}

/** True when the user asks for reduced motion. */
export function prefersReducedMotion(): boolean {
  return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/**
 * Runs `frame(t)` with t going 0→1 over `ms` milliseconds (ease-in-out), or
 * once with t = 1 when `animate` is false. Returns a cancel function.
 */
export function tween(ms: number, animate: boolean, frame: (t: number) => void): () => void {
  if (!animate || ms <= 0) {
    frame(1);
    return () => undefined;
  }
  let raf = 0;
  const start = performance.now();
  const tick = (now: number): void => {
    const u = Math.min(1, (now - start) / ms);
    frame(u < 0.5 ? 2 * u * u : 1 - (-2 * u + 2) ** 2 / 2);
    if (u < 1) raf = requestAnimationFrame(tick);
  };
  raf = requestAnimationFrame(tick);
  return () => cancelAnimationFrame(raf);
}

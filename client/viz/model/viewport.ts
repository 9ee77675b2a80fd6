// Pure mapping between math coordinates and CSS pixels of a canvas (no DOM).

/** A rectangle in CSS pixels. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A window onto the plane: the math box [xMin,xMax]×[yMin,yMax] drawn into `rect`. */
export interface Viewport {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  rect: Rect;
}

/** A point in CSS pixels (y grows downwards). */
export interface ScreenPoint {
  sx: number;
  sy: number;
}

/** Maps a math point to CSS pixels (y up in math, down on screen). */
export function toScreen(v: Viewport, x: number, y: number): ScreenPoint {
  const { rect } = v;
  return {
    sx: rect.left + ((x - v.xMin) / (v.xMax - v.xMin)) * rect.width,
    sy: rect.top + ((v.yMax - y) / (v.yMax - v.yMin)) * rect.height,
  };
}

/** Maps CSS pixels back to a math point. */
export function toWorld(v: Viewport, sx: number, sy: number): { x: number; y: number } {
  const { rect } = v;
  return {
    x: v.xMin + ((sx - rect.left) / rect.width) * (v.xMax - v.xMin),
    y: v.yMax - ((sy - rect.top) / rect.height) * (v.yMax - v.yMin),
  };
}

/**
 * A viewport of `rect` centred on the math box, with equal scale on both axes
 * (so circles stay round and slopes look true), growing the shorter side.
 */
export function fitEqualScale(
  box: { xMin: number; xMax: number; yMin: number; yMax: number },
  rect: Rect,
): Viewport {
  const w = box.xMax - box.xMin;
  const h = box.yMax - box.yMin;
  const scale = Math.min(rect.width / w, rect.height / h);
  const cx = (box.xMin + box.xMax) / 2;
  const cy = (box.yMin + box.yMax) / 2;
  const hw = rect.width / scale / 2;
  const hh = rect.height / scale / 2;
  return { xMin: cx - hw, xMax: cx + hw, yMin: cy - hh, yMax: cy + hh, rect };
}

/** Nice tick positions (1, 2 or 5 × 10^k apart) covering [min, max], about `target` of them. */
export function ticks(min: number, max: number, target = 8): number[] {
  if (!(max > min)) return [];
  const raw = (max - min) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    out.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  }
  return out;
}

// Cached static layers of the toy-curve grid: axes and every curve point drawn once into detached canvases, copied on each step.
import { blit, layerSurface, type Surface } from './canvas.js';
import {
  drawGridAxes,
  drawGridOpLine,
  drawGridOverlay,
  drawGridPoints,
  type GridScene,
} from './grid-draw.js';
import { PALETTE } from './model/palette.js';

/** Makes the detached canvas of one layer (never attached to the page). */
export type LayerCanvasFactory = () => HTMLCanvasElement;

/**
 * What the static layers depend on: the curve and its points, the bitmap size and device pixel ratio,
 * the font and projector scale (type size, large type), the grid layout and every palette colour
 * (light or dark scheme). Any change redraws them.
 */
export function gridLayerKey(s: Surface, scene: GridScene): string {
  const { rect, cell } = scene.layout;
  return [
    scene.curve.id,
    `${s.ctx.canvas.width}x${s.ctx.canvas.height}`,
    `${s.width}x${s.height}@${s.dpr}`,
    s.font,
    s.scale,
    `${rect.left},${rect.top},${rect.width},${rect.height},${cell}`,
    Object.values(PALETTE).join(','),
  ].join('|');
}

/**
 * The grid drawn from two cached layers: under (background, grid lines, frame and axis labels) and
 * points (every curve point and G's orbit numbers, transparent elsewhere). A step copies both and draws
 * only what changes: the operation's line between them (as {@link drawGrid} does, so the picture is the
 * same) and the overlay on top. On toy-65521 the points layer holds 65 926 points; copying it costs one
 * bitmap copy instead of drawing them all again.
 */
export class GridLayers {
  /** How many times the static layers were drawn (for tests: once per curve, size, scale and scheme). */
  renders = 0;
  private key = '';
  private points: GridScene['points'] | undefined;
  private orbit: GridScene['orbit'] | undefined;
  private under: HTMLCanvasElement | undefined;
  private over: HTMLCanvasElement | undefined;

  /** `create` makes a detached canvas (a new `<canvas>` by default). */
  constructor(private readonly create: LayerCanvasFactory = () => document.createElement('canvas')) {}

  /** Draws `scene` on the prepared surface `s`, redrawing the static layers first when what they show changed. */
  draw(s: Surface, scene: GridScene): void {
    const { under, over } = this.layers(s, scene);
    blit(s, under);
    drawGridOpLine(s, scene);
    blit(s, over);
    drawGridOverlay(s, scene);
  }

  /** Forgets the layers (their memory goes with them); the next draw makes them again. */
  clear(): void {
    this.key = '';
    this.points = undefined;
    this.orbit = undefined;
    this.under = undefined;
    this.over = undefined;
  }

  private layers(s: Surface, scene: GridScene): { under: HTMLCanvasElement; over: HTMLCanvasElement } {
    const key = gridLayerKey(s, scene);
    const fresh = key === this.key && scene.points === this.points && scene.orbit === this.orbit;
    if (fresh && this.under && this.over) return { under: this.under, over: this.over };
    const under = this.under ?? this.create();
    const over = this.over ?? this.create();
    drawGridAxes(layerSurface(under, s, true), scene);
    drawGridPoints(layerSurface(over, s, false), scene);
    this.under = under;
    this.over = over;
    this.key = key;
    this.points = scene.points;
    this.orbit = scene.orbit;
    this.renders++;
    return { under, over };
  }
}

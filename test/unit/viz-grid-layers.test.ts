// Unit tests of the toy grid's cached layers (in Node, on recording fake canvases): drawn once, copied on every step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Surface } from '../../client/viz/canvas.js';
import { GridLayers } from '../../client/viz/grid-layers.js';
import type { GridScene } from '../../client/viz/grid-draw.js';
import { curveData } from '../../client/viz/model/grid-data.js';
import { gridLayout } from '../../client/viz/model/grid-layout.js';
import { scalarSteps } from '../../client/viz/model/grid-steps.js';

/** A canvas whose 2D context records every method called on it (by name) and accepts any property. */
function fakeCanvas(log: string[], name: string): HTMLCanvasElement {
  const canvas: Record<string, unknown> = { width: 0, height: 0 };
  const target: Record<string | symbol, unknown> = { canvas };
  const ctx = new Proxy(target, {
    get: (t, k) => (k in t ? t[k] : (..._args: unknown[]) => void log.push(`${name}.${String(k)}`)),
    set: (t, k, v) => {
      t[k] = v;
      return true;
    },
  });
  canvas.getContext = () => ctx;
  return canvas as unknown as HTMLCanvasElement;
}

/** A prepared surface on a fake canvas of `width` CSS px at `dpr`. */
function surface(log: string[], width: number, dpr = 1, font = 16, scale = 1): Surface {
  const canvas = fakeCanvas(log, 'main');
  canvas.width = width * dpr;
  canvas.height = Math.round(width * 0.97) * dpr;
  const ctx = canvas.getContext('2d')!;
  return { ctx, width, height: Math.round(width * 0.97), font: font * scale, scale, dpr };
}

/** The scene of step `i` of d×G on toy curve `id`, for a surface. */
function scene(id: 'toy-61' | 'toy-65521', s: Surface, i: number): GridScene {
  const { curve, points, orbit } = curveData(id);
  const steps = scalarSteps(curve, 1000n % curve.n, orbit);
  const step = steps[i % steps.length]!;
  const layout = gridLayout(
    Number(curve.p),
    s.width,
    s.height,
    Math.round(s.font * 3),
    Math.round(s.font * 0.8),
  );
  return {
    curve,
    points,
    orbit,
    layout,
    current: step.current.infinity ? undefined : { P: step.current, k: step.multiple },
    visited: step.visited,
    op: step.op,
    t: 1,
  };
}

test('GridLayers: the static layers of toy-65521 are drawn once for 40 steps; each step copies them', () => {
  const log: string[] = [];
  let made = 0;
  const layers = new GridLayers(() => fakeCanvas(log, made++ === 0 ? 'under' : 'points'));
  const s = surface(log, 800);
  for (let i = 0; i < 40; i++) layers.draw(s, scene('toy-65521', s, i));
  assert.equal(layers.renders, 1);
  assert.equal(made, 2, 'two detached canvases, made once');
  const points = curveData('toy-65521').points.length;
  assert.equal(
    log.filter((c) => c === 'points.fillRect').length,
    points,
    `${points} points drawn once, not 40 times`,
  );
  assert.equal(log.filter((c) => c === 'main.drawImage').length, 80, 'two copies a step');
  assert.equal(log.filter((c) => c === 'main.fillRect').length, 0, 'no point drawn on the page canvas');
});

test('GridLayers: a new curve, size, device pixel ratio, type size, projector scale or colour scheme redraws them', () => {
  const log: string[] = [];
  const layers = new GridLayers(() => fakeCanvas(log, 'layer'));
  const draw = (s: Surface, id: 'toy-61' | 'toy-65521' = 'toy-61'): void => {
    layers.draw(s, scene(id, s, 3));
    layers.draw(s, scene(id, s, 4));
  };
  const base = surface(log, 600);
  draw(base);
  assert.equal(layers.renders, 1);
  draw(base);
  assert.equal(layers.renders, 1, 'same key: kept');
  draw(base, 'toy-65521');
  assert.equal(layers.renders, 2, 'curve');
  draw(surface(log, 500), 'toy-65521');
  assert.equal(layers.renders, 3, 'width (resize)');
  draw(surface(log, 500, 2), 'toy-65521');
  assert.equal(layers.renders, 4, 'device pixel ratio');
  draw(surface(log, 500, 2, 22), 'toy-65521');
  assert.equal(layers.renders, 5, 'type size');
  draw(surface(log, 500, 2, 22, 1.5), 'toy-65521');
  assert.equal(layers.renders, 6, 'large type (projector scale)');
  const dark = surface(log, 500, 2, 22, 1.5);
  const matchMedia = globalThis.matchMedia;
  globalThis.matchMedia = ((q: string) => ({ matches: q.includes('dark') })) as typeof globalThis.matchMedia;
  try {
    draw(dark, 'toy-65521');
    assert.equal(layers.renders, 7, 'dark colour scheme');
  } finally {
    globalThis.matchMedia = matchMedia;
  }
  draw(dark, 'toy-65521');
  assert.equal(layers.renders, 8, 'back to light');
  layers.clear();
  draw(dark, 'toy-65521');
  assert.equal(layers.renders, 9, 'cleared (the view left the page)');
});

test('GridLayers keeps the picture of drawGrid: axes under the operation line, points over it, the overlay on top', () => {
  const log: string[] = [];
  let made = 0;
  const layers = new GridLayers(() => fakeCanvas(log, made++ === 0 ? 'under' : 'points'));
  const s = surface(log, 600);
  const sc = scene('toy-61', s, 3);
  assert.ok(sc.op, 'step 3 of d = 1000 is an operation');
  layers.draw(s, sc);
  const order = log.filter((c) => c === 'main.drawImage' || c === 'main.setLineDash' || c === 'main.arc');
  const firstCopy = order.indexOf('main.drawImage');
  const secondCopy = order.indexOf('main.drawImage', firstCopy + 1);
  const dashed = order.indexOf('main.setLineDash');
  assert.ok(firstCopy < dashed && dashed < secondCopy, `line between the layers: ${order.join(' ')}`);
  assert.ok(order.lastIndexOf('main.arc') > secondCopy, 'rings and markers over the points');
});

// Unit tests of the pure canvas layout: viewport mapping, grid cells, wrap-around lines, palette.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitEqualScale, ticks, toScreen, toWorld } from '../../client/viz/model/viewport.js';
import {
  cellAt,
  cellCentre,
  centredResidue,
  gridLayout,
  wrappedLine,
} from '../../client/viz/model/grid-layout.js';
import { colourDistance, hexToRgb, PALETTE } from '../../client/viz/model/palette.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

test('toScreen/toWorld are inverse and flip y', () => {
  const v = { xMin: -2, xMax: 2, yMin: -1, yMax: 1, rect: { left: 10, top: 20, width: 400, height: 200 } };
  const o = toScreen(v, 0, 0);
  close(o.sx, 210);
  close(o.sy, 120);
  const top = toScreen(v, -2, 1);
  close(top.sx, 10);
  close(top.sy, 20);
  const w = toWorld(v, 333, 44);
  const back = toScreen(v, w.x, w.y);
  close(back.sx, 333);
  close(back.sy, 44);
});

test('fitEqualScale keeps one unit the same length on both axes and contains the box', () => {
  const v = fitEqualScale(
    { xMin: -3, xMax: 3, yMin: -4, yMax: 4 },
    { left: 0, top: 0, width: 800, height: 400 },
  );
  const sx = 800 / (v.xMax - v.xMin);
  const sy = 400 / (v.yMax - v.yMin);
  close(sx, sy);
  assert.ok(v.xMin <= -3 && v.xMax >= 3 && v.yMin <= -4 && v.yMax >= 4);
});

test('ticks are round numbers covering the range', () => {
  assert.deepEqual(ticks(-3, 3, 6), [-3, -2, -1, 0, 1, 2, 3]);
  assert.deepEqual(ticks(0, 100, 5), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(ticks(1, 1), []);
});

test('grid cells: centres and hit-testing agree, y grows upwards', () => {
  const g = gridLayout(17, 600, 500, 40, 10);
  assert.equal(g.rect.width, g.rect.height);
  close(g.cell * 17, g.rect.width);
  const c00 = cellCentre(g, 0, 0);
  const c016 = cellCentre(g, 0, 16);
  assert.ok(c00.sy > c016.sy, 'y=0 is at the bottom');
  for (const [x, y] of [
    [5, 1],
    [6, 3],
    [16, 16],
    [0, 0],
  ]) {
    const c = cellCentre(g, x, y);
    assert.deepEqual(cellAt(g, c.sx, c.sy), { x, y });
  }
  assert.equal(cellAt(g, 0, 0), undefined);
});

test('centredResidue picks the gentlest slope', () => {
  assert.equal(centredResidue(16n, 17n), -1n);
  assert.equal(centredResidue(8n, 17n), 8n);
  assert.equal(centredResidue(9n, 17n), -8n);
  assert.equal(centredResidue(-20n, 17n), -3n);
});

test('wrappedLine passes through every lattice point of y ≡ y0 + λ(x − x0) mod p', () => {
  const p = 17;
  for (const lambda of [3, -5, 0, 8, -1]) {
    const x0 = 5;
    const y0 = 1;
    const segs = wrappedLine(p, x0, y0, lambda);
    for (let x = 0; x < p; x++) {
      const y = (((y0 + lambda * (x - x0)) % p) + p) % p;
      const hit = segs.some((s) => {
        if (x < Math.min(s.x1, s.x2) - 1e-9 || x > Math.max(s.x1, s.x2) + 1e-9) return false;
        const t = s.x2 === s.x1 ? 0 : (x - s.x1) / (s.x2 - s.x1);
        return Math.abs(s.y1 + t * (s.y2 - s.y1) - y) < 1e-6;
      });
      assert.ok(hit, `λ=${lambda}: (${x},${y}) on the drawn line`);
    }
    for (const s of segs) {
      for (const v of [s.y1, s.y2, s.x1, s.x2]) assert.ok(v >= -0.5 - 1e-9 && v <= p - 0.5 + 1e-9);
    }
    // Covers the full width once.
    const width = segs.reduce((acc, s) => acc + Math.abs(s.x2 - s.x1), 0);
    close(width, p, 1e-6);
  }
  assert.deepEqual(wrappedLine(17, 4, 2, undefined), [{ x1: 4, y1: -0.5, x2: 4, y2: 16.5 }]);
});

test('palette colours parse and the roles the pixel tests tell apart are far apart', () => {
  const roles = ['background', 'curve', 'highlight', 'orbit', 'point', 'line'] as const;
  for (const a of roles) {
    for (const b of roles) {
      if (a !== b) assert.ok(colourDistance(hexToRgb(PALETTE[a]), hexToRgb(PALETTE[b])) > 60, `${a} vs ${b}`);
    }
  }
});

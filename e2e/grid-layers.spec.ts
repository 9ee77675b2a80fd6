// The toy grid's cached layers in real Chromium: drawn once for many steps, redrawn on resize, colour scheme and type size,
// and the dark scheme still draws its own background, points and G.
import { expect, type Locator, type Page } from '@playwright/test';
import { basePoint } from '../client/math/weierstrass.js';
import { curveData } from '../client/viz/model/grid-data.js';
import { cellCentre, type GridLayout } from '../client/viz/model/grid-layout.js';
import {
  colourDistance,
  DARK_PALETTE,
  hexToRgb,
  LIGHT_PALETTE,
  type PaletteRole,
} from '../client/viz/model/palette.js';
import { test } from './helpers.js';
import { canvasPixel, mount, openHarness } from './math-helpers.js';

const TAG = 'curvechat-curve-grid';
const near = (c: { r: number; g: number; b: number }, hex: string, tol = 40) =>
  colourDistance(c, hexToRgb(hex)) <= tol;

/** Frames drawn and static-layer renders of the grid. */
function counters(grid: Locator): Promise<{ frames: number; staticRenders: number; layout: GridLayout }> {
  return grid.evaluate((el) => {
    const g = el as unknown as { frames: number; staticRenders: number; layout: GridLayout };
    return { frames: g.frames, staticRenders: g.staticRenders, layout: g.layout };
  });
}

/** A spot between cells with no point (nor orbit number) nearby on toy-61: only the background is drawn there. */
function emptySpot(): { x: number; y: number } {
  const taken = new Set(curveData('toy-61').points.map((P) => `${P.x},${P.y}`));
  for (let x = 6; x < 55; x++)
    for (let y = 3; y < 55; y++) {
      let free = true;
      for (let dx = -5; dx <= 2 && free; dx++)
        for (let dy = -2; dy <= 3 && free; dy++) if (taken.has(`${x + dx},${y + dy}`)) free = false;
      if (free) return { x: x + 0.5, y: y + 0.5 };
    }
  throw new Error('no empty spot on toy-61');
}

/** Checks the background, an orbit point and G against `palette` on the first step (no R, no line). */
async function expectColours(
  page: Page,
  palette: Readonly<Record<PaletteRole, string>>,
  layout: GridLayout,
): Promise<void> {
  const { curve, points } = curveData('toy-61');
  const G = basePoint(curve);
  if (G.infinity) throw new Error('G is O');
  const spot = emptySpot();
  const bg = cellCentre(layout, spot.x, spot.y);
  expect(near(await canvasPixel(page, TAG, bg.sx, bg.sy), palette.background, 8)).toBe(true);
  const g = cellCentre(layout, Number(G.x), Number(G.y));
  expect(near(await canvasPixel(page, TAG, g.sx, g.sy), palette.highlight)).toBe(true);
  const P = points.find((Q) => Q.x !== G.x && Q.x > 10n && Q.y > 10n)!;
  const p = cellCentre(layout, Number(P.x), Number(P.y));
  expect(near(await canvasPixel(page, TAG, p.sx, p.sy), palette.orbit)).toBe(true);
}

test('the grid draws its static layers once for every step, and again only on resize, scheme or type size', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openHarness(page);
  await mount(page, TAG, { curve: 'toy-61', d: 45n });
  const grid = page.locator(TAG);
  await expect.poll(async () => (await counters(grid)).frames).toBeGreaterThan(0);
  const player = grid.locator('curvechat-step-player');
  const steps = Number((await player.locator('.pos').textContent())!.split('/')[1]);
  const forward = player.getByRole('button', { name: 'Step forward' });
  for (let i = 1; i < steps; i++) await forward.click();
  await expect(player.locator('.pos')).toHaveText(`${steps} / ${steps}`);
  const stepped = await counters(grid);
  expect(stepped.frames, 'a frame for every step, tween frames too').toBeGreaterThanOrEqual(steps);
  expect(stepped.staticRenders, `static layers drawn once for ${stepped.frames} frames`).toBe(1);

  await player.getByRole('button', { name: 'First step' }).click();
  await expectColours(page, LIGHT_PALETTE, stepped.layout);

  // Each change draws the layers again: the dark scheme (in the dark palette), a narrower window, larger type.
  const renders = async () => (await counters(grid)).staticRenders;
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(renders).toBe(2);
  await expectColours(page, DARK_PALETTE, (await counters(grid)).layout);
  await page.setViewportSize({ width: 1000, height: 900 });
  await expect.poll(renders).toBe(3);
  await expectColours(page, DARK_PALETTE, (await counters(grid)).layout);
  await grid.evaluate((el) => {
    (el as HTMLElement).style.fontSize = '24px';
    (el as unknown as { requestUpdate(): void }).requestUpdate();
  });
  // Larger type changes the labels, and the controls above the canvas take more room: one or two renders.
  await expect.poll(renders).toBeGreaterThan(3);
  const settled = await renders();
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(renders).toBeGreaterThan(settled);

  // More steps: only the overlay is drawn.
  const now = await renders();
  for (let i = 0; i < 3; i++) await forward.click();
  await expect(player.locator('.pos')).toHaveText(`4 / ${steps}`);
  expect(await renders()).toBe(now);
  await player.getByRole('button', { name: 'First step' }).click();
  await expectColours(page, LIGHT_PALETTE, (await counters(grid)).layout);
});

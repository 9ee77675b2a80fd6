// The math views in real Chromium under a strict CSP: pixels drawn where the engine says, keyboard, reduced motion, the WebCrypto check.
import { expect } from '@playwright/test';
import { TOY_17 } from '../client/math/curves.js';
import { yForX } from '../client/math/reals.js';
import { basePoint, multiply } from '../client/math/weierstrass.js';
import { cellCentre, type GridLayout } from '../client/viz/model/grid-layout.js';
import { colourDistance, hexToRgb, PALETTE } from '../client/viz/model/palette.js';
import { toScreen, type Viewport } from '../client/viz/model/viewport.js';
import {
  generateKeys,
  joinRoom,
  safetyNumber,
  sendMessage,
  test,
  uniqueRoom,
  type Member,
} from './helpers.js';
import { canvasPixel, mount, openHarness, webcryptoKeyView } from './math-helpers.js';

const near = (c: { r: number; g: number; b: number }, hex: string, tol = 40) =>
  colourDistance(c, hexToRgb(hex)) <= tol;

test.beforeEach(async ({ page }, info) => {
  if (!info.titlePath.includes('in the room (real relay)')) await openHarness(page);
});

test('curvechat-curve-grid on toy-17: G and 2G are drawn in the highlight colour where the view model puts them', async ({
  page,
}) => {
  await mount(page, 'curvechat-curve-grid', { curve: 'toy-17', d: 2n });
  const grid = page.locator('curvechat-curve-grid');
  // d = 2: steps are start, R = G, double → 2G, done. Step to the doubling with the keyboard.
  await grid.locator('curvechat-step-player button[aria-label="Last step"]').click();
  await expect(grid.locator('curvechat-step-player .caption')).toContainText('2G = (6, 3)');
  const layout = (await grid.evaluate(
    (el) => (el as unknown as { layout: GridLayout }).layout,
  )) as GridLayout;
  expect(layout.p).toBe(17);
  const G = basePoint(TOY_17);
  const G2 = multiply(TOY_17, 2n, G);
  const G3 = multiply(TOY_17, 3n, G);
  if (G2.infinity || G3.infinity) throw new Error('unexpected O');
  expect([G2.x, G2.y]).toEqual([6n, 3n]);
  for (const P of [G, G2]) {
    const c = cellCentre(layout, Number(P.x), Number(P.y));
    const px = await canvasPixel(page, 'curvechat-curve-grid', c.sx, c.sy);
    expect(near(px, PALETTE.highlight), `highlight at (${P.x}, ${P.y}): ${JSON.stringify(px)}`).toBe(true);
  }
  const c3 = cellCentre(layout, Number(G3.x), Number(G3.y));
  expect(near(await canvasPixel(page, 'curvechat-curve-grid', c3.sx, c3.sy), PALETTE.orbit)).toBe(true);
  // (0, 0) is not a point of y² = x³ + 2x + 2 over F_17: no highlight, no point there.
  const empty = cellCentre(layout, 0, 0);
  const bg = await canvasPixel(page, 'curvechat-curve-grid', empty.sx, empty.sy);
  expect(near(bg, PALETTE.highlight)).toBe(false);
  expect(near(bg, PALETTE.orbit)).toBe(false);
});

test('curvechat-curve-grid cofactor curve explains that G reaches 5 of 100 points; its table lists the orbit', async ({
  page,
}) => {
  await mount(page, 'curvechat-curve-grid', { curve: 'toy-97-cofactor' });
  const grid = page.locator('curvechat-curve-grid');
  await expect(grid.locator('.explain')).toContainText('100 points');
  await expect(grid.locator('.explain')).toContainText('covers only 5 of them');
  await grid.locator('details summary').click();
  await expect(grid.locator('tbody tr')).toHaveCount(5);
  await expect(grid.locator('tbody tr').last()).toContainText('O');
});

test('curvechat-curve-reals draws the curve where y² = x³ + ax + b says, and a click picks a point on it', async ({
  page,
}) => {
  await mount(page, 'curvechat-curve-reals');
  const el = page.locator('curvechat-curve-reals');
  await expect(el.locator('canvas')).toBeVisible();
  const view = (await el.evaluate((e) => (e as unknown as { viewport: Viewport }).viewport)) as Viewport;
  const curve = { a: -1, b: 1 };
  for (const x of [2, -1.2, 0.5]) {
    for (const y of yForX(curve, x)) {
      const c = toScreen(view, x, y);
      const px = await canvasPixel(page, 'curvechat-curve-reals', c.sx, c.sy);
      expect(near(px, PALETTE.curve, 60), `curve at (${x}, ${y.toFixed(3)}): ${JSON.stringify(px)}`).toBe(
        true,
      );
    }
  }
  const off = toScreen(view, 2.5, 0.5);
  expect(near(await canvasPixel(page, 'curvechat-curve-reals', off.sx, off.sy), PALETTE.curve, 60)).toBe(
    false,
  );
  // Click close to the curve at x = 1.5 (upper half): P snaps onto the curve.
  const [y15] = yForX(curve, 1.5);
  const target = toScreen(view, 1.5, y15! + 0.05);
  await el.locator('canvas').click({ position: { x: target.sx, y: target.sy } });
  const note = el.locator('p.pick-note');
  await expect(note).toContainText('P = (');
  const [, xs, ys] = /^P = \(([−\d.]+), ([−\d.]+)\)/.exec(((await note.textContent()) ?? '').trim()) ?? [];
  const px = Number(xs!.replace('−', '-'));
  const py = Number(ys!.replace('−', '-'));
  expect(Math.abs(px - 1.5)).toBeLessThan(0.1);
  expect(Math.abs(py * py - (px ** 3 - px + 1))).toBeLessThan(0.01);
});

test('curvechat-curve-reals on a singular curve draws it, marks the self-crossing and offers no steps', async ({
  page,
}) => {
  await mount(page, 'curvechat-curve-reals', { a: -3, b: 2 });
  const el = page.locator('curvechat-curve-reals');
  await expect(el.getByRole('alert')).toContainText('self-crossing at (1, 0)');
  await expect(el.locator('curvechat-step-player')).toHaveCount(0);
  await expect(el.locator('p.pick-note')).toContainText('No points to add on this curve');
  await expect(el.locator('canvas')).toHaveAttribute('aria-label', /self-crossing at \(1, 0\)/);
  const view = (await el.evaluate((e) => (e as unknown as { viewport: Viewport }).viewport)) as Viewport;
  // The curve is drawn (not a blank canvas): on the loop at x = −1 and on the branch at x = 2.
  for (const x of [-1, 2]) {
    const c = toScreen(view, x, yForX({ a: -3, b: 2 }, x)[0]!);
    expect(near(await canvasPixel(page, 'curvechat-curve-reals', c.sx, c.sy), PALETTE.curve, 60)).toBe(true);
  }
  // Back to a good curve: the player returns.
  await el.evaluate((e) => ((e as unknown as { b: number }).b = 1));
  await expect(el.locator('curvechat-step-player')).toHaveCount(1);
  await expect(el.getByRole('alert')).toHaveCount(0);
});

test('curvechat-curve-reals steps P + Q to (1, −1) with the keyboard and announces each step', async ({
  page,
}) => {
  await mount(page, 'curvechat-curve-reals');
  const el = page.locator('curvechat-curve-reals');
  await el.locator('curvechat-step-player button[aria-label="Step forward"]').focus();
  const caption = el.locator('curvechat-step-player [role="status"]');
  await expect(caption).toContainText('Add P = (−1, 1) and Q = (0, 1)');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(caption).toContainText('P + Q = (1, −1)');
  await page.keyboard.press('Home');
  await expect(caption).toContainText('Add P = (−1, 1)');
});

test('reduced motion: autoplay is off, stepping still works', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await mount(page, 'curvechat-curve-grid', { curve: 'toy-17' });
  const player = page.locator('curvechat-curve-grid curvechat-step-player');
  await expect(player.locator('button.play')).toBeDisabled();
  await expect(player).toContainText('reduced motion');
  await player.locator('button[aria-label="Step forward"]').click();
  await expect(player.locator('[role="status"]')).toContainText('R = O + G = G = (5, 1)');
});

for (const curve of ['P-256', 'X25519'] as const) {
  test(`curvechat-keygen-steps: a WebCrypto ${curve} key passes the engine check (Q = d×G byte for byte)`, async ({
    page,
  }) => {
    const key = await webcryptoKeyView(page, curve);
    await mount(page, 'curvechat-keygen-steps', { myKey: key });
    const el = page.locator('curvechat-keygen-steps');
    const check = el.locator('.check');
    await expect(check).toHaveAttribute('data-ok', 'true');
    await expect(check).toContainText('Check passed');
    await expect(check).toContainText('✓');
    if (curve === 'X25519') {
      // Clamping reads as one sentence per rule, never as a run-on of bits.
      await expect(el.locator('ul.clamping li')).toHaveCount(3);
      await expect(el.locator('ul.clamping li').first()).toContainText(/^Bits 0, 1 and 2 cleared \(were/);
      await expect(el.locator('ul.clamping')).not.toContainText('cleared:');
    }
    await el.getByRole('button', { name: /Show my key's bits/ }).click();
    const rows = curve === 'P-256' ? 256 : 255;
    await expect(el.locator('curvechat-step-player').first()).toContainText(`1 / ${rows + 1}`);
    await el.getByLabel('Jump to bit').fill('100');
    await el.getByRole('button', { name: 'Go' }).click();
    await expect(el.locator('tr.current td').first()).toHaveText('100');
    await page.keyboard.press('Tab');
    await el.locator('curvechat-step-player button[aria-label="Step forward"]').first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(el.locator('tr.current td').first()).toHaveText('99');
    await expect(el.getByLabel('Playback speed').first().locator('option')).toHaveText([
      '0.5×',
      '1×',
      '2×',
      '4×',
      '16×',
      '64×',
    ]);
    if (curve === 'P-256') {
      // "Next addition" skips the doublings: it lands on a D+A row below the current one, or says none is left.
      const next = el.getByTestId('next-addition');
      if (await next.isEnabled()) {
        await next.click();
        await expect(el.locator('tr.current')).toContainText('D+A');
        expect(Number(await el.locator('tr.current td').first().textContent())).toBeLessThan(99);
      } else await expect(next).toHaveText('No more additions');
    } else await expect(el.getByTestId('next-addition')).toHaveCount(0);
  });
}

test('curvechat-keygen-steps: a public key that is not d×G shows a red failure with the reason, never a check', async ({
  page,
}) => {
  const a = await webcryptoKeyView(page, 'P-256');
  const b = await webcryptoKeyView(page, 'P-256');
  await mount(page, 'curvechat-keygen-steps', { myKey: { ...a, pubHex: b.pubHex } });
  const check = page.locator('curvechat-keygen-steps .check');
  await expect(check).toHaveAttribute('data-ok', 'false');
  await expect(check).toContainText('Check FAILED');
  await expect(check).not.toContainText('✓');
});

test.describe('in the room (real relay)', () => {
  test('P-256 key: the Math tab shows the engine check passing (Q = d×G equals the WebCrypto public key)', async ({
    openMembers,
  }) => {
    const [alice] = (await openMembers('Alice')) as [Member];
    await joinRoom(alice.page, 'Alice', uniqueRoom('math'));
    await generateKeys(alice.page, 'P-256');
    await alice.page.getByRole('tab', { name: 'Math' }).click();
    const panel = alice.page.locator('curvechat-math');
    await panel.getByRole('tab', { name: 'Your key, step by step' }).click();
    const check = panel.locator('curvechat-keygen-steps .check');
    await expect(check).toHaveAttribute('data-ok', 'true');
    await expect(check).toContainText('Check passed');
  });

  test('two members: the engine agrees with WebCrypto on Z, HKDF rechecks match, AES-GCM boxes fill when a message is sent', async ({
    openRoom,
  }) => {
    const { members } = await openRoom('math-x', 'Alice', 'Bob');
    const [alice, bob] = members as [Member, Member];
    await generateKeys(alice.page, 'P-256');
    await generateKeys(bob.page, 'P-256');
    await safetyNumber(alice.page, 'Bob');
    await alice.page.getByRole('tab', { name: 'Math' }).click();
    const view = alice.page.locator('curvechat-math curvechat-exchange-view');
    await alice.page.locator('curvechat-math').getByRole('tab', { name: 'The exchange' }).click();
    await expect(view.locator('[data-ok]')).toHaveAttribute('data-ok', 'true');
    await expect(view.getByText('Engine: x of d_A × Q_B')).toBeVisible();
    await expect(view.getByText('✓ matches')).toHaveCount(3);
    await expect(view.getByText('Send a message: its IV')).toBeVisible();
    await alice.page.getByRole('tab', { name: 'Chat' }).click();
    await sendMessage(alice.page, 'hello over ECDH');
    await alice.page.getByRole('tab', { name: 'Math' }).click();
    await alice.page.locator('curvechat-math').getByRole('tab', { name: 'The exchange' }).click();
    await expect(view.getByText('IV (12 random bytes)')).toBeVisible();
    await expect(view.getByText('✓ matches')).toHaveCount(4);
  });

  test('X25519: the exchange recomputes Z as the u-coordinate, and says u', async ({ openRoom }) => {
    const { members } = await openRoom('math-u', 'Alice', 'Bob');
    const [alice, bob] = members as [Member, Member];
    await generateKeys(alice.page, 'X25519');
    await generateKeys(bob.page, 'X25519');
    await safetyNumber(alice.page, 'Bob');
    await alice.page.getByRole('tab', { name: 'Math' }).click();
    await alice.page.locator('curvechat-math').getByRole('tab', { name: 'The exchange' }).click();
    const view = alice.page.locator('curvechat-math curvechat-exchange-view');
    await expect(view.locator('[data-ok]')).toHaveAttribute('data-ok', 'true');
    await expect(view.getByText('Engine: u of d_A × Q_B')).toBeVisible();
    await expect(view.getByText('Engine: x of')).toHaveCount(0);
  });
});

// End to end: step-level presenter mode — a follower lands on the presenter's step; a real key's steps carry no bits.
import { expect, type Locator, type Page } from '@playwright/test';
import { generateKeys, test, type Member } from './helpers.js';

/** The `present:step` details a page sent, parsed from its captured Socket.IO frames. */
function sentSteps(m: Member): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const f of m.traffic.frames) {
    if (!f.includes('"present:step"')) continue;
    const start = f.indexOf('[');
    try {
      const [event, payload] = JSON.parse(f.slice(start)) as [string, { phase?: string; detail?: unknown }];
      if (event === 'step' && payload.phase === 'present:step')
        out.push(payload.detail as Record<string, unknown>);
    } catch {
      // not a Socket.IO event frame
    }
  }
  return out;
}

/** The math sub-view `id` (reals, grid, keygen, exchange) of `page`. */
function mathView(page: Page, id: string): Locator {
  return page.locator('curvechat-math').locator(`#view-${id}`);
}

/** Presses a player's "Step forward" `n` times. */
async function stepForward(view: Locator, n: number): Promise<void> {
  const button = view.locator('curvechat-step-player').first().getByRole('button', { name: 'Step forward' });
  for (let i = 0; i < n; i++) await button.click();
}

test.describe('presenter mode, step by step', () => {
  test('Bob follows Alice to her step on the toy grid (same curve and d), and on her real key without its bits', async ({
    openRoom,
  }) => {
    const { members } = await openRoom('steps', 'Alice', 'Bob');
    const [alice, bob] = members as [Member, Member];
    await alice.page.getByTestId('present-toggle').click();
    await bob.page.getByRole('button', { name: 'Follow Alice' }).click();

    // The toy grid: Alice picks toy-61 and d = 11, then steps forward three times.
    await alice.page.getByRole('tab', { name: 'Math' }).click();
    await alice.page.locator('curvechat-math').getByRole('tab', { name: 'Toy curve over F_p' }).click();
    const aliceGrid = mathView(alice.page, 'grid');
    await aliceGrid.getByRole('combobox').first().selectOption('toy-61');
    const dInput = aliceGrid.getByRole('spinbutton');
    await dInput.fill('11');
    await dInput.press('Tab');
    await stepForward(aliceGrid, 3);
    const alicePos = aliceGrid.locator('curvechat-step-player .pos');
    await expect(alicePos).toHaveText(/^4 \/ \d+$/);
    const expected = (await alicePos.textContent())!.trim();

    const bobGrid = mathView(bob.page, 'grid');
    await expect(bobGrid).toBeVisible();
    await expect(bobGrid.locator('curvechat-step-player .pos')).toHaveText(expected);
    await expect(bobGrid.getByRole('spinbutton')).toHaveValue('11');
    await expect(bobGrid.getByRole('combobox').first()).toHaveValue('toy-61');
    await expect(bob.page.getByTestId('presenter-status')).toContainText(
      `step 4 of ${expected.split(' / ')[1]}`,
    );
    // A demo scalar's steps may be captioned.
    expect(sentSteps(alice).some((d) => d.view === 'curve-grid' && typeof d.label === 'string')).toBe(true);

    // Large type: the follower's grid on a projector (lines, dots and labels scaled by --cc-presenter-scale).
    const canvas = bobGrid.locator('canvas');
    const box = async () => (await canvas.boundingBox())!.width;
    const normal = await box();
    await bob.page.getByTestId('large-type').click();
    await expect.poll(box).toBeGreaterThan(normal);
    const scale = await canvas.evaluate((c) => getComputedStyle(c).getPropertyValue('--cc-presenter-scale'));
    expect(Number(scale)).toBeGreaterThan(1);
    await bob.page.setViewportSize({ width: 1600, height: 1000 });
    await bob.page.evaluate(() => window.scrollTo(0, 0));
    await bob.page.screenshot({ path: test.info().outputPath('presenter-status-large.png') });
    await bobGrid.locator('curvechat-curve-grid').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await bob.page.screenshot({ path: test.info().outputPath('presenter-grid-large.png') });
    await bob.page.getByTestId('large-type').click();

    // The reals: Alice's curve and points, and her step.
    await alice.page.locator('curvechat-math').getByRole('tab', { name: 'Curve over the reals' }).click();
    const aliceReals = mathView(alice.page, 'reals');
    await aliceReals.getByRole('button', { name: /Two pieces/ }).click();
    await stepForward(aliceReals, 2);
    const realsPos = (await aliceReals.locator('curvechat-step-player .pos').textContent())!.trim();
    expect(realsPos).toMatch(/^3 \/ \d+$/);
    const bobReals = mathView(bob.page, 'reals');
    await expect(bobReals.locator('curvechat-step-player .pos')).toHaveText(realsPos);
    await expect(bobReals.locator('h3')).toHaveText(await aliceReals.locator('h3').innerText());

    // A real key: both have a P-256 key and show their rows; Alice steps, Bob's position follows.
    await generateKeys(alice.page, 'P-256');
    await generateKeys(bob.page, 'P-256');
    await alice.page.locator('curvechat-math').getByRole('tab', { name: 'Your key, step by step' }).click();
    const bobKeygen = mathView(bob.page, 'keygen');
    await expect(bobKeygen).toBeVisible();
    for (const m of members)
      await mathView(m.page, 'keygen')
        .getByRole('button', { name: /Show my key's bits/ })
        .click();
    const aliceKeygen = mathView(alice.page, 'keygen');
    await stepForward(aliceKeygen, 3);
    await expect(aliceKeygen.locator('curvechat-step-player .pos').first()).toHaveText(/^4 \/ \d+$/);
    await expect(bobKeygen.locator('curvechat-step-player .pos').first()).toHaveText(/^4 \/ \d+$/);

    // What Alice sent for her key: the position only — never a label, bit, op or point.
    const keygen = sentSteps(alice).filter((d) => d.view === 'keygen');
    expect(keygen.length).toBeGreaterThan(0);
    expect(keygen.some((d) => d.index === 3)).toBe(true);
    for (const d of keygen) expect(Object.keys(d).sort()).toEqual(['curve', 'index', 'total', 'view']);
    for (const f of alice.traffic.frames.filter((x) => x.includes('"present:step"')))
      if (f.includes('"keygen"')) expect(f).not.toMatch(/"(label|bit|op|point|bitIndex)"/);
  });
});

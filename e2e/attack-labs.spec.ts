// End to end: the Attacks tab — d recovered and refused by curvechat, the traces, keyboard, axe light and dark, 390 px.
import { expect, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import { generateKeys, generateToyKey, test, type Member } from './helpers.js';

/** How far the page scrolls sideways (0 when it fits). */
const extraWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('invalid-curve lab: both attacks recover the victim’s d; curvechat refuses every point with its reason', async ({
  openRoom,
}) => {
  const { members } = await openRoom('attacks', 'Ann');
  const page = (members[0] as Member).page;
  await page.getByRole('tab', { name: 'Attacks' }).click();
  const lab = page.locator('curvechat-invalid-curve-lab');
  for (const [curve, mode, code] of [
    ['toy-97-b7', 'mode-other-b', 'not-on-curve'],
    ['toy-97-cofactor', 'mode-cofactor', 'subgroup'],
  ] as const) {
    await lab.getByTestId('invalid-curve').selectOption(curve);
    await lab.getByTestId(mode).check();
    await expect(lab.getByTestId('invalid-progress')).toContainText('Known so far: d mod 1.');
    const rows = lab.getByTestId('probe-row');
    const n = await rows.count();
    for (let i = 0; i < n; i++) await lab.getByTestId('invalid-send').click();
    await expect(lab.getByTestId('probe-residue')).toHaveCount(n);
    await expect(lab.getByTestId('probe-residue').first()).toContainText('d ≡');
    await expect(lab.getByTestId('invalid-recovered')).toContainText('= Q ✓');
    await expect(lab.getByTestId('invalid-x-only')).toContainText('d ≡ ±r');
    const refusals = lab.getByTestId('refusal');
    await expect(refusals).toHaveCount(n);
    for (let i = 0; i < n; i++) await expect(refusals.nth(i)).toContainText(`refused (${code}`);
  }
});

test('side-channel lab: double-and-add spells the toy d, the ladder does not; the real strip only after Reveal', async ({
  openRoom,
}) => {
  const { members } = await openRoom('side', 'Ann');
  const page = (members[0] as Member).page;
  await generateToyKey(page, 'toy-61');
  const priv = page.getByTestId('private-key');
  await priv.getByRole('button', { name: 'Reveal' }).click();
  const d = BigInt(`0x${(await priv.locator('#priv-value').textContent())!.replace(/\s/g, '')}`);
  await page.getByRole('tab', { name: 'Attacks' }).click();
  // Keyboard: the sub-tabs move with the arrow keys.
  await page.getByTestId('attack-tab-invalid-curve').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('attack-tab-side-channel')).toBeFocused();
  await expect(page.getByTestId('attack-tab-side-channel')).toHaveAttribute('aria-selected', 'true');
  const lab = page.locator('curvechat-side-channel-lab');
  await expect(lab.getByTestId('side-curve')).toHaveValue('toy-61');
  await expect(lab.getByTestId('side-decoded')).toHaveText(String(d));
  await expect(lab.getByTestId('toy-trace').getByTestId('trace-reading')).toContainText(`= ${d}.`);
  // Reduced motion: the redrawn trace does not animate.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await lab.getByTestId('side-ladder').check();
  await expect(lab.getByTestId('toy-trace').getByTestId('trace-reading')).toContainText(
    'none of their values',
  );
  const block = lab.getByTestId('toy-trace').locator('rect.op').first();
  expect(await block.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
  await expect(lab.getByTestId('side-decoded')).toHaveCount(0);

  await generateKeys(page, 'P-256');
  await expect(lab.getByTestId('side-hidden')).toBeVisible();
  await expect(lab.getByTestId('real-double-and-add')).toHaveCount(0);
  await lab.getByTestId('side-reveal').click();
  await expect(lab.getByTestId('real-double-and-add').getByTestId('trace-reading')).toContainText(
    '256 doublings',
  );
  await expect(lab.getByTestId('real-ladder').getByTestId('trace-reading')).toContainText(
    '256 identical steps',
  );
});

for (const dark of [false, true])
  test(`axe: the Attacks tab and the MITM lab are clean (${dark ? 'dark' : 'light'})`, async ({
    openRoom,
  }) => {
    const { members } = await openRoom('axe-attacks', 'Ann');
    const page = (members[0] as Member).page;
    if (dark) await page.emulateMedia({ colorScheme: 'dark' });
    await generateKeys(page);
    await page.getByRole('tab', { name: 'Attacks' }).click();
    const inv = page.locator('curvechat-invalid-curve-lab');
    await inv.getByRole('button', { name: 'Send all' }).click();
    await expect(inv.getByTestId('invalid-recovered')).toBeVisible();
    await expect(inv.getByTestId('refusal').first()).toContainText('refused');
    await expectNoViolations(page, 'the invalid-curve lab');
    await page.getByTestId('attack-tab-side-channel').click();
    await page.getByTestId('side-reveal').click();
    await expectNoViolations(page, 'the side-channel lab');
    await page.getByRole('tab', { name: 'Man in the middle' }).click();
    await page.getByTestId('mitm-send').click();
    await expect(page.getByTestId('bob-reads')).toBeVisible();
    await expectNoViolations(page, 'the MITM lab');
  });

test('no horizontal overflow at 390 px: the Attacks tab, both labs, the MITM lab and the join screen’s lab', async ({
  openRoom,
  openMembers,
}) => {
  const { members } = await openRoom('phone-attacks', 'Ann');
  const page = (members[0] as Member).page;
  await generateKeys(page, 'P-521');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('tab', { name: 'Attacks' }).click();
  await page.locator('curvechat-invalid-curve-lab').getByRole('button', { name: 'Send all' }).click();
  expect(await extraWidth(page), 'invalid-curve lab').toBe(0);
  await page.getByTestId('attack-tab-side-channel').click();
  await page.getByTestId('side-reveal').click();
  expect(await extraWidth(page), 'side-channel lab').toBe(0);
  await page.getByRole('tab', { name: 'Man in the middle' }).click();
  await page.getByTestId('mitm-curve').selectOption('P-521');
  await page.getByTestId('mitm-send').click();
  await expect(page.getByTestId('bob-reads')).toBeVisible();
  expect(await extraWidth(page), 'MITM lab').toBe(0);

  const [fresh] = (await openMembers('Joiner')) as [Member];
  await fresh.page.setViewportSize({ width: 390, height: 844 });
  await fresh.page.goto('/');
  await fresh.page.getByTestId('open-mitm-lab').click();
  await expect(fresh.page.locator('curvechat-mitm-lab')).toBeVisible();
  await fresh.page.getByTestId('mitm-send').click();
  await expect(fresh.page.getByTestId('bob-reads')).toBeVisible();
  expect(await extraWidth(fresh.page), "join screen's lab").toBe(0);
});

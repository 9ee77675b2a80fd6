// The exchange's new views (walks, commutativity table, cofactor, Z = x, curve mismatch): axe clean light and dark, and no sideways scroll at 390 px.
import { expect, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import {
  generateKeys,
  generateToyKey,
  joinRoom,
  test,
  TOY_CHANNEL,
  uniqueRoom,
  type Member,
} from './helpers.js';

/** How far `page` scrolls sideways (0 when it fits). */
async function sideways(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Opens the Math tab's exchange view of `page` and returns it. */
async function openExchange(page: Page) {
  await page.getByRole('tab', { name: 'Math', exact: true }).click();
  await page.locator('curvechat-math').getByRole('tab', { name: 'The exchange' }).click();
  return page.locator('curvechat-math curvechat-exchange-view');
}

for (const dark of [false, true]) {
  test(`exchange walk, table, cofactor and Z = x on toy-97-cofactor (${dark ? 'dark' : 'light'})`, async ({
    openMembers,
  }) => {
    const room = uniqueRoom('fm-a11y');
    const members = (await openMembers('Alice', 'Bob')) as [Member, Member];
    for (const m of members) {
      if (dark) await m.page.emulateMedia({ colorScheme: 'dark' });
      await joinRoom(m.page, m.name, room);
      await generateToyKey(m.page, 'toy-97-cofactor');
    }
    const page = members[0].page;
    await expect(page.getByTestId('channel')).toHaveText(TOY_CHANNEL);
    const view = await openExchange(page);
    // In the first walk: the canvas says where R is, in words.
    await view.locator('curvechat-step-player').getByRole('button', { name: 'Step forward' }).click();
    await view.locator('curvechat-step-player').getByRole('button', { name: 'Step forward' }).click();
    await view.locator('curvechat-step-player').getByRole('button', { name: 'Step forward' }).click();
    await expect(view.locator('.pair canvas').first()).toHaveAttribute('aria-label', /walking: R = /);
    await expectNoViolations(page, `the exchange walk (${dark ? 'dark' : 'light'})`);
    await view.getByRole('button', { name: 'Last step' }).click();
    // The table is a real table with headers; the room's pair is marked in words too.
    const table = view.getByRole('table', { name: /x of \(d_A·d_B\)×G/ });
    await expect(table).toBeVisible();
    await expect(table.getByRole('columnheader')).toHaveCount(5);
    await expect(table.getByText("(this exchange's pair)")).toHaveCount(1);
    await expect(view.getByText(/In all 16 cells both orders give the same point/)).toBeVisible();
    const cofactor = view.getByTestId('cofactor');
    await expect(cofactor).toContainText('h = #E / n = 100 / 5 = 20');
    await expect(cofactor.getByRole('img')).toHaveAttribute('aria-label', /the 5 points of the subgroup ⟨G⟩/);
    await expect(view.getByTestId('x-only')).toContainText('has the same x');
    await expectNoViolations(page, `the exchange's result, table and cofactor (${dark ? 'dark' : 'light'})`);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => sideways(page), 'the exchange at 390 px').toBe(0);
    await page.locator('curvechat-math').getByRole('tab', { name: 'Your key, step by step' }).click();
    await expect.poll(() => sideways(page), 'the key view at 390 px').toBe(0);
  });
}

test('a curve mismatch is explained in words, not with a toy demo; axe clean light and dark, fits 390 px', async ({
  openRoom,
}) => {
  const { members } = await openRoom('fm-mismatch', 'Alice', 'Bob');
  const [alice, bob] = members as [Member, Member];
  await generateToyKey(alice.page, 'toy-17');
  await generateKeys(bob.page, 'P-256');
  const view = await openExchange(alice.page);
  const note = view.getByTestId('curve-mismatch');
  await expect(note).toContainText('Your key is on toy-17');
  await expect(note).toContainText("Bob's is on P-256");
  await expect(note).toContainText('no shared secret');
  await expect(view.getByText('a demo between two toy keys')).toHaveCount(0);
  await expect(view.locator('canvas')).toHaveCount(0);
  for (const colorScheme of ['light', 'dark'] as const) {
    await alice.page.emulateMedia({ colorScheme });
    await expectNoViolations(alice.page, `the curve mismatch (${colorScheme})`);
  }
  await alice.page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => sideways(alice.page), 'the mismatch at 390 px').toBe(0);
});

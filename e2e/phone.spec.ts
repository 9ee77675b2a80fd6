// On a 390×844 phone nothing scrolls sideways: the join screen and its lab, every room tab and every Math sub-tab.
import { expect, type Page } from '@playwright/test';
import { generateToyKey, test, type Member } from './helpers.js';

/** How far the page scrolls sideways (0 when it fits), and the widest elements when it does not. */
async function overflow(page: Page): Promise<{ extra: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits: string[] = [];
    const walk = (root: Document | ShadowRoot, path: string) => {
      for (const el of root.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > width + 1 && r.width > 0)
          culprits.push(`${path} ${el.tagName.toLowerCase()}.${el.className}`);
        if (el.shadowRoot) walk(el.shadowRoot, `${path}>${el.tagName.toLowerCase()}`);
      }
    };
    walk(document, '');
    return { extra: document.documentElement.scrollWidth - width, culprits: culprits.slice(0, 8) };
  });
}

test('no horizontal overflow at 390 px: join screen, its lab, every tab and Math sub-tab', async ({
  openRoom,
}) => {
  const { members } = await openRoom('phone', 'Alice', 'Bob');
  const [alice, bob] = members as [Member, Member];
  await generateToyKey(alice.page, 'toy-17');
  await generateToyKey(bob.page, 'toy-17');
  const page = alice.page;
  await page.setViewportSize({ width: 390, height: 844 });
  const fits = async (where: string) =>
    expect(await overflow(page), where).toEqual({ extra: 0, culprits: [] });

  await fits('room, Chat tab');
  for (const tab of ['Math', 'Eve', 'Man in the middle']) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    await fits(`${tab} tab`);
  }
  await page.getByRole('tab', { name: 'Math', exact: true }).click();
  const math = page.locator('curvechat-math');
  for (const sub of [
    'Curve over the reals',
    'Toy curve over F_p',
    'Your key, step by step',
    'The exchange',
  ]) {
    await math.getByRole('tab', { name: sub }).click();
    await fits(`Math: ${sub}`);
  }

  // The join screen and the lab it opens, in a fresh tab.
  const fresh = await alice.context.newPage();
  await fresh.setViewportSize({ width: 390, height: 844 });
  await fresh.goto('/');
  expect(await overflow(fresh), 'join screen').toEqual({ extra: 0, culprits: [] });
  await fresh.getByTestId('open-mitm-lab').click();
  await expect(fresh.locator('curvechat-mitm-lab')).toBeVisible();
  expect(await overflow(fresh), "join screen's lab").toEqual({ extra: 0, culprits: [] });
  await fresh.close();
});

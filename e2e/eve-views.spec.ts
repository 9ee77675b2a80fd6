// Eve's new views in the app: axe clean in light and dark (walk, BSGS tables, race), stepping by keyboard, and no overflow at 390 px.
import { expect, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import { generateToyKey, peerCard, test, TOY_CHANNEL, type Member } from './helpers.js';

/**
 * How far the page scrolls sideways (0 when it fits), and the elements sticking out of the viewport; what is
 * inside a box that scrolls or clips sideways on purpose (a wide table's scroller) is that box's business.
 */
async function overflow(page: Page): Promise<{ extra: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits: string[] = [];
    const walk = (root: Document | ShadowRoot, path: string) => {
      const scrollers = [...root.querySelectorAll('*')].filter((el) =>
        ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX),
      );
      for (const el of root.querySelectorAll('*')) {
        if (scrollers.some((s) => s !== el && s.contains(el))) continue;
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

/** Alice and Bob on `curve` (default toy-263) with a secure channel; Alice on the Eve tab. */
async function eveRoom(
  openRoom: (p: string, ...n: string[]) => Promise<{ members: Member[] }>,
  curve = 'toy-263',
) {
  const { members } = await openRoom('eve-views', 'Alice', 'Bob');
  const [alice, bob] = members as [Member, Member];
  for (const m of members) await generateToyKey(m.page, curve);
  await expect(peerCard(alice.page, 'Bob').getByTestId('channel')).toHaveText(TOY_CHANNEL);
  await alice.page.getByRole('tab', { name: 'Eve' }).click();
  return { alice, bob, panel: alice.page.locator('curvechat-eve-panel') };
}

for (const scheme of ['light', 'dark'] as const)
  test(`Eve's walk, BSGS tables and race are axe clean (${scheme})`, async ({ openRoom }) => {
    test.setTimeout(120_000);
    const { alice, panel } = await eveRoom(openRoom);
    await alice.page.emulateMedia({ colorScheme: scheme });
    await panel.getByTestId('eve-bsgs').check();
    await panel.getByTestId('eve-start').click();
    await expect(panel.getByTestId('eve-bsgs-match')).toBeVisible();
    await expect(panel.locator('curvechat-eve-bsgs tr.match')).toHaveCount(2);
    await expectNoViolations(alice.page, `Eve BSGS (${scheme})`);
    await panel.getByTestId('eve-mode-race').check();
    await panel.getByTestId('eve-start').click();
    await expect(panel.getByTestId('eve-race-agree')).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByTestId('eve-race-estimate')).toHaveCount(3);
    await expect(panel.getByTestId('eve-race-estimate').first()).toContainText('On P-256');
    await expectNoViolations(alice.page, `Eve race (${scheme})`);
  });

test('slow motion draws the walk and "One step" moves it by one operation from the keyboard', async ({
  openRoom,
}) => {
  // toy-65521: Bob's d is in the thousands, so the walk is still going when it is paused.
  const { alice, panel } = await eveRoom(openRoom, 'toy-65521');
  await panel.getByRole('checkbox', { name: /Slow motion/ }).check();
  await panel.getByTestId('eve-start').click();
  const walk = panel.getByTestId('eve-walk-text');
  await expect(walk).toContainText(/^Step \d+: \d+G = \(/);
  await panel.getByRole('button', { name: 'Pause' }).click();
  const at = Number(/^Step (\d+)/.exec((await walk.textContent()) ?? '')?.[1]);
  const one = panel.getByTestId('eve-one-step');
  await one.focus();
  await alice.page.keyboard.press('Enter');
  await expect(walk).toContainText(`Step ${at + 1}: ${at + 1}G = (`);
  await alice.page.keyboard.press('Enter');
  await expect(walk).toContainText(`Step ${at + 2}: ${at + 2}G = (`);
  await expect(panel.locator('curvechat-eve-walk canvas')).toHaveAttribute('aria-label', /Step \d+: \d+G/);
});

test('no horizontal overflow at 390 px on the Eve tab, in the race', async ({ openRoom }) => {
  test.setTimeout(90_000);
  const { alice, panel } = await eveRoom(openRoom);
  await alice.page.setViewportSize({ width: 390, height: 844 });
  await panel.getByTestId('eve-mode-race').check();
  await panel.getByTestId('eve-start').click();
  await expect(panel.getByTestId('eve-race-agree')).toBeVisible({ timeout: 30_000 });
  expect(await overflow(alice.page)).toEqual({ extra: 0, culprits: [] });
  await panel.getByTestId('eve-bsgs').check();
  await panel.getByTestId('eve-start').click();
  await expect(panel.getByTestId('eve-bsgs-match')).toBeVisible();
  expect(await overflow(alice.page)).toEqual({ extra: 0, culprits: [] });
});

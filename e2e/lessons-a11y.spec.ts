// Accessibility of the Lessons and Exercises tabs: axe clean in light and dark, no horizontal overflow at 390 px.
import { expect, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import { joinRoom, test, uniqueRoom } from './helpers.js';

/** How far the page is wider than the window, and what sticks out (through shadow roots). */
async function overflow(page: Page): Promise<{ extra: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > width + 1) culprits.push(`${el.tagName.toLowerCase()}.${el.className}`);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return { extra: document.documentElement.scrollWidth - width, culprits: culprits.slice(0, 8) };
  });
}

/** Answers the find-d exercise wrongly, so a verdict and a hint are on screen. */
async function showVerdict(page: Page): Promise<void> {
  const fd = page.getByTestId('exercise-find-d');
  await fd.getByTestId('find-d-value').fill('1');
  await fd.getByTestId('exercise-check').click();
  await expect(fd.getByTestId('exercise-verdict')).not.toBeEmpty();
}

test.describe('lessons and exercises: accessibility', () => {
  for (const dark of [false, true])
    test(`axe finds nothing on every lesson view and the exercises (${dark ? 'dark' : 'light'})`, async ({
      page,
    }) => {
      // Four lesson views and the exercises, each scanned by axe: slow on a shared machine.
      test.setTimeout(150_000);
      if (dark) await page.emulateMedia({ colorScheme: 'dark' });
      await joinRoom(page, 'Ann', uniqueRoom('lessons-a11y'));
      await page.getByRole('tab', { name: 'Lessons' }).click();
      // One step of each kind of view: reals, grid, exchange, the lab.
      for (const lesson of ['curve-addition', 'orbit', 'exchange', 'mitm']) {
        await page.getByTestId('lesson-pick').selectOption(lesson);
        await expect(page.getByTestId('lesson-count')).toHaveText(/^Step 1 of/);
        await expectNoViolations(page, `the lesson ${lesson} (${dark ? 'dark' : 'light'})`);
      }
      await page.getByRole('tab', { name: 'Exercises' }).click();
      await expect(page.getByTestId('exercise-spot-mitm').locator('td')).toHaveCount(6);
      await showVerdict(page);
      await expectNoViolations(page, `the exercises (${dark ? 'dark' : 'light'})`);
    });

  test('no horizontal overflow at 390 px on the Lessons tab (every step) and the Exercises tab', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await joinRoom(page, 'Ann', uniqueRoom('lessons-phone'));
    await page.getByRole('tab', { name: 'Lessons' }).click();
    const pick = page.getByTestId('lesson-pick');
    const lessons = await pick
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(lessons.length).toBeGreaterThanOrEqual(6);
    for (const lesson of lessons) {
      await pick.selectOption(lesson);
      const total = Number(/of (\d+)/.exec(await page.getByTestId('lesson-count').innerText())![1]);
      for (let i = 0; i < total; i++) {
        await expect(page.getByTestId('lesson-count')).toHaveText(`Step ${i + 1} of ${total}`);
        const o = await overflow(page);
        expect(o.extra, `${lesson} step ${i + 1}: ${o.culprits.join(', ')}`).toBeLessThanOrEqual(0);
        if (i < total - 1) await page.getByTestId('lesson-next').click();
      }
    }
    await page.getByRole('tab', { name: 'Exercises' }).click();
    await expect(page.getByTestId('exercise-spot-mitm').locator('td')).toHaveCount(6);
    await showVerdict(page);
    const o = await overflow(page);
    expect(o.extra, o.culprits.join(', ')).toBeLessThanOrEqual(0);
  });
});

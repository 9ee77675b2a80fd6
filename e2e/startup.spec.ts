// End to end: a Join pressed while the page is still starting waits for start-up, and a failed start-up says why.
import { expect } from '@playwright/test';
import { test, uniqueRoom } from './helpers.js';

test.describe('start-up', () => {
  test('a Join pressed before the session exists waits for it and joins (config.json held back)', async ({
    page,
  }) => {
    // Hold the instance settings until the Join has been pressed: start-up cannot finish before the click.
    let release!: () => void;
    const clicked = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/config.json', async (route) => {
      await clicked;
      await route.continue();
    });
    const room = uniqueRoom('early');
    await page.goto(`/?room=${room}`);
    await page.getByLabel('Name', { exact: true }).fill('Ada');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    // Still starting: the form waits ("Joining…") instead of refusing.
    await expect(page.getByRole('button', { name: 'Joining…' })).toBeDisabled();
    await expect(page.getByRole('alert').filter({ hasText: 'Could not join' })).toHaveCount(0);
    release();
    await expect(page.getByTestId('room-name')).toHaveText(room);
    await expect(page.getByText('still starting up')).toHaveCount(0);
  });

  test('when a part of the app fails to load, a waiting Join says that curvechat could not start', async ({
    page,
  }) => {
    await page.route('**/assets/room-session-*.js', (route) => route.abort());
    await page.goto('/?room=lab');
    await page.getByLabel('Name', { exact: true }).fill('Ada');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Could not join:' })).toContainText(
      'curvechat could not start',
    );
    await expect(page.getByRole('button', { name: 'Join', exact: true })).toBeEnabled();
    await expect(page.getByTestId('room-name')).toHaveCount(0);
  });

  test('on a 390 px phone, the room opens at its top, not where the join form was scrolled to', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const room = uniqueRoom('phone-join');
    await page.goto(`/?room=${room}`);
    await page.getByLabel('Name', { exact: true }).fill('Ada');
    const join = page.getByRole('button', { name: 'Join', exact: true });
    await join.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0); // the form is taller than the phone
    await join.click();
    await expect(page.getByTestId('room-name')).toHaveText(room);
    await expect(page.getByRole('navigation', { name: 'Jump to' })).toBeInViewport();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
  });
});

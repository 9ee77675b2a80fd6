// End to end: a duplicated tab (same sessionStorage resume) gets its own member id; the app loads without console noise.
import { expect, test, type Page } from '@playwright/test';
import { generateKeys, joinRoom, peerCard, safetyNumber, uniqueRoom } from './helpers.js';

const RESUME_KEY = 'curvechat.resume';

/** The member id of the page's session (not shown as text in the UI). */
function memberId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const app = document.querySelector('curvechat-app') as
      (Element & { session?: { state: { me?: { id: string } } } }) | null;
    return app?.session?.state.me?.id;
  });
}

/** Console warnings and errors, and uncaught page errors, of `page`. */
function consoleProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

test('loading the app logs no console warnings or errors', async ({ page }) => {
  const problems = consoleProblems(page);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(problems).toEqual([]);
});

test('a duplicated tab (copied sessionStorage) gets its own member id and both tabs derive a channel', async ({
  browser,
}) => {
  const context = await browser.newContext();
  try {
    const room = uniqueRoom('dup');
    const first = await context.newPage();
    const problems = consoleProblems(first);
    await joinRoom(first, 'Ada', room);
    const resume = await first.evaluate((key) => sessionStorage.getItem(key), RESUME_KEY);
    expect(resume).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const firstId = await memberId(first);
    expect(firstId).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // "Duplicate tab": a second page of the same context starts with a copy of the first one's
    // sessionStorage (set before any app script runs), so it finds the same resume.
    const second = await context.newPage();
    await second.addInitScript(
      ([key, value]) => {
        if (sessionStorage.getItem(key) === null) sessionStorage.setItem(key, value);
      },
      [RESUME_KEY, resume!] as const,
    );
    await joinRoom(second, 'Bea', room);
    const secondId = await memberId(second);
    expect(secondId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(secondId).not.toBe(firstId);
    const secondResume = await second.evaluate((key) => sessionStorage.getItem(key), RESUME_KEY);
    expect(secondResume).not.toBe(resume);
    expect(await first.evaluate((key) => sessionStorage.getItem(key), RESUME_KEY)).toBe(resume);

    // Each tab sees the other as a peer, and they derive the same secret.
    await expect(peerCard(first, 'Bea')).toBeVisible();
    await expect(peerCard(second, 'Ada')).toBeVisible();
    await generateKeys(first);
    await generateKeys(second);
    expect(await safetyNumber(first, 'Bea')).toEqual(await safetyNumber(second, 'Ada'));
    expect(await memberId(first)).toBe(firstId);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

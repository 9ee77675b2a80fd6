// On a 390×844 phone: nothing scrolls sideways on any tab or sub-tab (join screen and its lab too), the chat comes
// before the key panel, and a math view's step text is on screen together with its canvas.
import { expect, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import { generateToyKey, sendMessage, test, type Member } from './helpers.js';

/** How far the page scrolls sideways (0 when it fits), and the widest elements when it does not. */
async function overflow(page: Page): Promise<{ extra: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const culprits: string[] = [];
    const walk = (root: ParentNode, path: string) => {
      for (const el of Array.from(root.children)) {
        const r = el.getBoundingClientRect();
        if (r.right > width + 1 && r.width > 0)
          culprits.push(`${path} ${el.tagName.toLowerCase()}.${el.className}`);
        // A box that fits and scrolls sideways on its own (a wide table) may hold wider content.
        const ox = getComputedStyle(el).overflowX;
        if (ox !== 'visible' && r.right <= width + 1) continue;
        if (el.shadowRoot) walk(el.shadowRoot, `${path}>${el.tagName.toLowerCase()}`);
        walk(el, path);
      }
    };
    walk(document, '');
    return { extra: document.documentElement.scrollWidth - width, culprits: culprits.slice(0, 8) };
  });
}

/** Names of the tabs on screen now, in page order. */
async function visibleTabs(page: Page): Promise<string[]> {
  const names: string[] = [];
  for (const tab of await page.getByRole('tab').all())
    if (await tab.isVisible()) names.push(((await tab.textContent()) ?? '').trim());
  return names;
}

/**
 * Opens every tab reachable from here, sub-tabs included (a tab's sub-tabs are the tabs its click shows), and
 * runs `check` on each; returns the paths visited ("Math › The exchange"). New tabs are found, not listed.
 */
async function everyTab(page: Page, check: (where: string) => Promise<void>): Promise<string[]> {
  const seen = new Set<string>();
  const visited: string[] = [];
  const open = (name: string) => page.getByRole('tab', { name, exact: true }).first().click();
  const walk = async (path: string[], above: string[]): Promise<void> => {
    for (const name of path) await open(name);
    const here = (await visibleTabs(page)).filter((t) => !above.includes(t));
    for (const name of here) {
      if (seen.has(name)) continue;
      seen.add(name);
      for (const n of path) await open(n);
      await open(name);
      const where = [...path, name].join(' › ');
      visited.push(where);
      await check(where);
      const shown = await visibleTabs(page);
      if (shown.some((t) => !above.includes(t) && !here.includes(t)))
        await walk([...path, name], [...above, ...here]);
    }
  };
  await walk([], []);
  return visited;
}

/** The first canvas on screen inside `curvechat-math`, scrolled to just under the jump bar; then where it and its step text are. */
async function canvasAndStepText(page: Page) {
  return page.evaluate(async () => {
    const all: Element[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    const shown = (el: Element) => el.getBoundingClientRect().height > 0;
    const canvas = all.find(
      (el) => el instanceof HTMLCanvasElement && shown(el) && el.closest('.strip') === null,
    );
    if (!canvas) return undefined;
    window.scrollBy(0, canvas.getBoundingClientRect().top - 70);
    const player = (canvas.getRootNode() as ShadowRoot).querySelector('curvechat-step-player');
    const dock = () => player?.shadowRoot?.querySelector('.dock');
    const caption = player?.shadowRoot?.querySelector('.caption');
    // The dock follows an IntersectionObserver, which reports on a later frame (later still on a loaded machine):
    // wait, frame by frame and at most two seconds' worth, until the caption is on screen or the dock is shown.
    const settled = () => {
      const d = dock();
      return (d && shown(d)) || (caption && caption.getBoundingClientRect().bottom <= window.innerHeight);
    };
    for (let frame = 0; frame < 120 && !settled(); frame++)
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    const d = dock();
    const text = d && shown(d) ? d : caption;
    const box = (el: Element | null | undefined) => {
      const r = el?.getBoundingClientRect();
      return r ? { top: Math.round(r.top), bottom: Math.round(r.bottom) } : undefined;
    };
    return {
      height: window.innerHeight,
      canvas: box(canvas),
      text: box(text),
      words: text?.textContent ?? '',
    };
  });
}

test('390 px: no sideways scrolling on any tab or sub-tab; the chat before the keys; step text with its canvas', async ({
  openRoom,
}) => {
  const { members } = await openRoom('phone', 'Alice', 'Bob');
  const [alice, bob] = members as [Member, Member];
  const page = alice.page;
  await page.setViewportSize({ width: 390, height: 844 });
  // Without a key the chat cannot send: the jump bar leads to the key panel first.
  const jump = page.getByRole('navigation', { name: 'Jump to' });
  await jump.getByRole('button', { name: 'Generate keys ↓' }).click();
  await expect(page.getByRole('heading', { name: 'Your keys', exact: true })).toBeInViewport();
  await generateToyKey(alice.page, 'toy-17');
  await generateToyKey(bob.page, 'toy-17');
  await sendMessage(bob.page, 'hello from Bob');
  const fits = async (where: string) =>
    expect(await overflow(page), where).toEqual({ extra: 0, culprits: [] });

  // The chat comes first: its messages start on the first screen, above the key panel.
  await page.evaluate(() => window.scrollTo(0, 0));
  await fits('room, Chat tab');
  const messages = page.getByRole('log', { name: 'Messages' });
  await expect(messages.getByText('hello from Bob')).toBeVisible();
  const chatTop = (await messages.boundingBox())!.y;
  expect(chatTop).toBeLessThan(844 - 100);
  expect(chatTop).toBeLessThan((await page.locator('curvechat-key-panel').boundingBox())!.y);
  // The sticky jump bar reaches the keys and comes back to the chat.
  await jump.getByRole('button', { name: 'Your keys', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Your keys', exact: true })).toBeInViewport();
  await jump.getByRole('button', { name: 'Chat', exact: true }).click();
  await expect(page.getByLabel('Message', { exact: true })).toBeInViewport();

  const visited = await everyTab(page, async (where) => {
    await fits(where);
    if (!where.startsWith('Math ›')) return;
    // A math view with a canvas: its step text is on screen with it (docked at the bottom if need be).
    const seen = await canvasAndStepText(page);
    if (!seen) return;
    const { height, canvas, text, words } = seen;
    expect(canvas!.top, `${where}: canvas on screen`).toBeGreaterThanOrEqual(0);
    expect(canvas!.bottom, `${where}: canvas on screen`).toBeLessThanOrEqual(height);
    expect(text, `${where}: step text`).toBeDefined();
    expect(words.trim().length, `${where}: step text`).toBeGreaterThan(10);
    expect(text!.top, `${where}: step text below the canvas`).toBeGreaterThanOrEqual(canvas!.bottom);
    expect(text!.bottom, `${where}: step text on screen`).toBeLessThanOrEqual(height);
  });
  for (const tab of ['Chat', 'Math', 'Eve', 'Man in the middle'])
    expect(
      visited.some((v) => v.startsWith(tab)),
      visited.join('; '),
    ).toBe(true);
  for (const sub of [
    'Curve over the reals',
    'Toy curve over F_p',
    'Your key, step by step',
    'The exchange',
    'Double Ratchet',
  ])
    expect(visited).toContain(`Math › ${sub}`);

  // The join screen and the lab it opens, in a fresh tab, with every tab the lab has.
  const fresh = await alice.context.newPage();
  await fresh.setViewportSize({ width: 390, height: 844 });
  await fresh.goto('/');
  expect(await overflow(fresh), 'join screen').toEqual({ extra: 0, culprits: [] });
  await fresh.getByTestId('open-mitm-lab').click();
  await expect(fresh.locator('curvechat-mitm-lab')).toBeVisible();
  expect(await overflow(fresh), "join screen's lab").toEqual({ extra: 0, culprits: [] });
  await everyTab(fresh, async (where) => {
    expect(await overflow(fresh), `join screen's lab › ${where}`).toEqual({ extra: 0, culprits: [] });
  });
  await fresh.close();
});

for (const dark of [false, true])
  test(`axe clean at 390 px (${dark ? 'dark' : 'light'}): jump bar, reload notice, docked step text`, async ({
    openRoom,
  }) => {
    const { members } = await openRoom('phone-axe', 'Alice', 'Bob');
    const [alice, bob] = members as [Member, Member];
    const page = alice.page;
    await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
    await page.setViewportSize({ width: 390, height: 844 });
    await generateToyKey(bob.page, 'toy-17');
    await page.reload();
    await expect(page.locator('curvechat-room .reloaded')).toBeVisible();
    await generateToyKey(page, 'toy-17');
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(page.getByRole('navigation', { name: 'Jump to' })).toBeVisible();
    await expectNoViolations(page, 'room at 390 px with the reload notice');
    await page.getByRole('tab', { name: 'Math', exact: true }).click();
    await page.locator('curvechat-math').getByRole('tab', { name: 'Toy curve over F_p' }).click();
    const seen = await canvasAndStepText(page);
    expect(seen?.canvas).toBeDefined();
    await expect(page.getByTestId('step-dock')).toBeVisible();
    await page.getByTestId('step-dock').getByRole('button', { name: 'Next step' }).click();
    await expect(page.getByTestId('step-dock')).toContainText('2 /');
    await expectNoViolations(page, 'a docked step text at 390 px');
  });

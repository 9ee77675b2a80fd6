// End to end: the key panel's labels stay on one line (1400×900, 1280×720 in Large type, a 390×844 phone), and a toy
// key with d = 1 or d = n − 1 says Q = G or Q = −G. The toy scalar is fixed through the page's getRandomValues (test
// only): toy-97-cofactor has n = 5, so randomScalar draws one byte and keeps it as d when it is in [1, 4].
import { expect, type Locator, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import { generateToyKey, joinRoom, test, uniqueRoom } from './helpers.js';

/** The page's crypto.getRandomValues, except that the next 1-byte draw returns `window.ccNextByte` once set. */
function fixNextByte(): void {
  const real = crypto.getRandomValues.bind(crypto);
  const w = window as unknown as { ccNextByte?: number };
  const fixed = (a: ArrayBufferView<ArrayBuffer>): ArrayBufferView<ArrayBuffer> => {
    if (w.ccNextByte !== undefined && a instanceof Uint8Array && a.length === 1) {
      a[0] = w.ccNextByte;
      delete w.ccNextByte;
      return a;
    }
    return real(a);
  };
  crypto.getRandomValues = fixed as typeof crypto.getRandomValues;
}

/** Generates a toy-97-cofactor key whose d is `d` (1 to 4). */
async function toyKeyWithD(page: Page, d: number): Promise<void> {
  await page.evaluate((b) => ((window as unknown as { ccNextByte?: number }).ccNextByte = b), d);
  await generateToyKey(page, 'toy-97-cofactor');
  const priv = page.getByTestId('private-key');
  const reveal = priv.getByRole('button', { name: 'Reveal' });
  if (await reveal.isVisible()) await reveal.click();
  await expect(priv.locator('#priv-value')).toHaveText(`0${d}`);
}

/** How many lines the text of `el` takes (distinct tops of its text's line boxes). */
function lines(el: Locator): Promise<number> {
  return el.evaluate((node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  });
}

/** Every label of the public key (its title and the coordinate label) is on one line, and nothing spills sideways. */
async function labelsFit(page: Page, where: string): Promise<void> {
  const pub = page.getByTestId('public-key');
  const labels = [pub.locator('.key-label'), pub.locator('.coord b')];
  for (const label of labels) expect(await lines(label), `${where}: ${await label.textContent()}`).toBe(1);
  const spill = await pub.evaluate((n) => n.scrollWidth - n.clientWidth);
  expect(spill, `${where}: the public key block overflows`).toBeLessThanOrEqual(0);
}

test.describe('key panel', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(fixNextByte);
  });

  test('d = 1 says Q = G and d = n − 1 says Q = −G, from the real key; other keys say nothing', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await joinRoom(page, 'Alice', uniqueRoom('keypanel'));
    const note = page.getByTestId('special-key');

    await toyKeyWithD(page, 1);
    await expect(page.getByTestId('toy-point')).toContainText('(3, 6)');
    await expect(note).toHaveText(
      'd = 1, so Q = 1×G = G (3, 6): your public key is the base point itself, and anyone who sees it knows d.',
    );
    await expectNoViolations(page, 'the key panel with d = 1');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectNoViolations(page, 'the same, dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await toyKeyWithD(page, 4);
    await expect(page.getByTestId('toy-point')).toContainText('(3, 91)');
    await expect(note).toHaveText(
      'd = n − 1 = 4, so Q = −G (3, 91): G mirrored in the x-axis, and anyone who sees it knows d.',
    );

    await toyKeyWithD(page, 2);
    await expect(note).toHaveCount(0);
  });

  test('the public key labels stay on one line at 1400×900, 1280×720 in Large type and 390×844', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await joinRoom(page, 'Alice', uniqueRoom('keylabels'));
    await toyKeyWithD(page, 3);
    await labelsFit(page, '1400×900');
    await page.setViewportSize({ width: 390, height: 844 });
    await labelsFit(page, '390×844');
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('present-toggle').click();
    await page.getByTestId('large-type').click();
    await expect(page.getByTestId('large-type')).toHaveAttribute('aria-pressed', 'true');
    await labelsFit(page, '1280×720, Large type');
  });
});

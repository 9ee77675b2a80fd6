// The lab in real Chromium under a strict CSP: the MITM lab's safety numbers, and Eve breaking a toy-17 room.
import { expect, test } from '@playwright/test';
import { mount, mountEveScenario, openLabHarness } from './lab-helpers.js';

test('MITM lab: with Mallory the chat works but the safety numbers differ; without her they match', async ({
  page,
}) => {
  const { violations } = await openLabHarness(page);
  await mount(page, 'curvechat-mitm-lab', { curve: 'P-256', swap: true });
  const lab = page.locator('curvechat-mitm-lab');
  const verdict = lab.getByTestId('safety-verdict');
  await expect(verdict).toHaveAttribute('data-equal', 'false');
  await expect(verdict).toContainText('differ');
  const alice = lab.getByTestId('safety-alice').locator('li');
  const bob = lab.getByTestId('safety-bob').locator('li');
  await expect(alice).toHaveCount(12);
  const a1 = (await alice.allInnerTexts()).map((t) => t.replace(/\D/g, ''));
  const b1 = (await bob.allInnerTexts()).map((t) => t.replace(/\D/g, ''));
  expect(a1.every((g) => /^\d{5}$/.test(g))).toBe(true);
  expect(a1).not.toEqual(b1);
  await expect(lab.getByTestId('person-alice')).toContainText("That is Mallory's key");

  await lab.getByTestId('mitm-text').fill('The password is swordfish');
  await lab.getByTestId('mitm-send').click();
  const run = lab.getByTestId('mitm-run').first();
  await expect(run.getByTestId('bob-reads')).toHaveText('The password is swordfish');
  await expect(run).toContainText('Mallory read it too');
  await expect(run.locator('li')).toHaveCount(4);

  await lab.getByTestId('mitm-swap').uncheck();
  await expect(verdict).toHaveAttribute('data-equal', 'true');
  await expect(verdict).toContainText('match');
  const a2 = await alice.allInnerTexts();
  expect(a2).toEqual(await bob.allInnerTexts());
  await lab.getByTestId('mitm-send').click();
  await expect(lab.getByTestId('mitm-run').first()).toContainText('Mallory saw only ciphertext');

  // A toy curve goes through the same pipeline.
  await lab.getByTestId('mitm-swap').check();
  await lab.getByTestId('mitm-curve').selectOption('toy-263');
  await expect(lab.getByTestId('person-bob')).toContainText("That is Mallory's key");
  await expect(verdict).toHaveAttribute('data-equal', 'false');
  expect(violations).toEqual([]);
});

test("Eve's panel: recovers d and the plaintexts on toy-17, by brute force and by BSGS", async ({ page }) => {
  const { violations } = await openLabHarness(page);
  await mountEveScenario(
    page,
    'toy-17',
    ['Alice', 'Bob', 'Carol'],
    [
      { from: 0, to: 1, text: 'Meet at the library at 6' },
      { from: 1, to: 2, text: 'Carol, did you finish?' },
    ],
    ['7', '11', '4'],
  );
  const eve = page.locator('curvechat-eve-panel');
  await expect(eve.getByTestId('eve-target')).toContainText('Alice');
  await eve.getByTestId('eve-start').click();
  await expect(eve.getByTestId('eve-d')).toHaveText('7');
  await expect(eve.getByTestId('eve-steps')).toHaveText('7 steps');
  await expect(eve.getByTestId('eve-found')).toContainText('7·G = (0, 6)');
  const plain = eve.locator('curvechat-eve-results').getByTestId('eve-plaintext');
  await expect(plain).toHaveText(['Meet at the library at 6']);
  await expect(eve.locator('curvechat-eve-results')).toContainText(
    "Cannot read: Eve has not broken Bob's or Carol's key",
  );
  await expect(eve.getByTestId('eve-time')).toContainText('2^128 steps');
  await expect(eve.getByTestId('eve-live')).toContainText('d = 7');
  await expect(eve.locator('curvechat-eve-results')).toContainText("With Alice's private key Eve computes");

  // Break Carol with baby-step giant-step: now Bob → Carol is readable too.
  await eve.getByTestId('eve-target').selectOption({ index: 2 });
  await eve.getByTestId('eve-bsgs').check();
  await eve.getByTestId('eve-start').click();
  await expect(eve.getByTestId('eve-d')).toHaveText('4');
  await expect(plain).toHaveText(['Meet at the library at 6', 'Carol, did you finish?']);
  await expect(eve.locator('curvechat-eve-results')).toContainText(
    "With Alice's and Carol's private keys Eve computes every shared secret Z those keys take part in",
  );

  // A new attack (slow motion, paused at once) hides the old "2 of 2 read" until it ends.
  await eve.getByTestId('eve-target').selectOption({ index: 1 });
  await eve.getByLabel('Slow motion (one step at a time)').check();
  await eve.getByTestId('eve-start').click();
  await eve.getByRole('button', { name: 'Pause' }).click();
  await expect(eve.getByTestId('eve-results-hidden')).toBeVisible();
  await expect(eve.locator('curvechat-eve-results')).toHaveCount(0);
  await eve.getByRole('button', { name: 'Cancel' }).click();
  await expect(plain).toHaveText(['Meet at the library at 6', 'Carol, did you finish?']);
  expect(violations).toEqual([]);
});

test("Eve's panel on P-256 explains why she cannot start, from a measured rate", async ({ page }) => {
  await openLabHarness(page);
  await mount(page, 'curvechat-eve-panel', { curve: 'P-256' });
  const eve = page.locator('curvechat-eve-panel');
  await expect(eve.getByTestId('eve-real')).toContainText('cannot even start');
  await expect(eve.getByTestId('eve-estimate')).toContainText(/2\^128 steps: .* years/);
  await expect(eve.getByTestId('eve-start')).toHaveCount(0);
});

// A toy-curve exchange between two browsers: both members' exchange views land on
// the same shared point, the one the engine computes from Alice's real d and Bob's Q.
import { expect, type Page } from '@playwright/test';
import { toySharedPoint } from '../client/math/toy.js';
import { generateToyKey, peerCard, test, TOY_CHANNEL, type Member } from './helpers.js';

/** The hex shown in one of the key panel's boxes, without the grouping spaces. */
async function hexIn(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, '');
}

async function openExchange(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Math' }).click();
  await page.locator('curvechat-math').getByRole('tab', { name: 'The exchange' }).click();
}

test('toy-17 exchange: Alice and Bob land on the same point, the one d_A × Q_B gives', async ({
  openRoom,
}) => {
  const { members } = await openRoom('toy-x', 'Alice', 'Bob');
  const [alice, bob] = members as [Member, Member];
  await generateToyKey(alice.page, 'toy-17');
  await generateToyKey(bob.page, 'toy-17');
  await expect(peerCard(alice.page, 'Bob').getByTestId('channel')).toHaveText(TOY_CHANNEL);
  await expect(peerCard(bob.page, 'Alice').getByTestId('channel')).toHaveText(TOY_CHANNEL);

  // Alice's real private scalar (revealed on her screen) and Bob's real public point (on his).
  await alice.page.getByTestId('private-key').getByRole('button', { name: 'Reveal' }).click();
  const dA = BigInt(`0x${await hexIn(alice.page, '[data-testid="private-key"] #priv-value')}`);
  // A toy key is shown as the point (x, y) in decimal, its hex beside it.
  const shown = (await bob.page.getByTestId('toy-point').textContent()) ?? '';
  const [, xs, ys] = /\((\d+), (\d+)\)/.exec(shown) ?? [];
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  expect(shown.replace(/\s+/g, ' ')).toContain(`hex ${hex(Number(xs))} ${hex(Number(ys))}`);
  const qB = Uint8Array.from([4, Number(xs), Number(ys)]);
  const S = toySharedPoint('toy-17', dA, qB);
  if (S.infinity) throw new Error('a toy-17 shared point is never O for valid keys');
  const landing = `Both land on (${S.x}, ${S.y})`;

  for (const m of [alice, bob]) {
    await openExchange(m.page);
    // The view opens at step 1; the comparison is its last step.
    const view = m.page.locator('curvechat-math curvechat-exchange-view');
    await expect(view.locator('curvechat-step-player .pos')).toHaveText(/^1 \/ /);
    await view.getByRole('button', { name: 'Last step' }).click();
    const status = m.page
      .locator('curvechat-math curvechat-exchange-view p[role="status"]')
      .filter({ hasText: 'Both land on' });
    await expect(status).toContainText(landing);
    await expect(status).toContainText('✓ matches');
  }
});

// The chat stays on the newest message through a long conversation, unless the reader scrolled up: then a button counts what is new.
import { expect, type Page } from '@playwright/test';
import { bubble, generateKeys, safetyNumber, sendMessage, test, type Member } from './helpers.js';

/** Pixels between the bottom of Alice's message list and what she sees (0 when she is at the newest). */
function belowView(page: Page): Promise<number> {
  return page
    .getByRole('log', { name: 'Messages' })
    .evaluate((list) => Math.round(list.scrollHeight - list.scrollTop - list.clientHeight));
}

test('pinned to the newest message through 30 messages; scrolled up, a "new messages" button jumps down', async ({
  openRoom,
}) => {
  const { members } = await openRoom('scroll', 'Alice', 'Bob');
  const [alice, bob] = members as [Member, Member];
  await generateKeys(alice.page);
  await generateKeys(bob.page);
  await safetyNumber(alice.page, 'Bob');
  await safetyNumber(bob.page, 'Alice');

  // Thirty messages, both ways: after each one, Alice sees the newest (her own and Bob's).
  for (let i = 1; i <= 30; i++) {
    const [from, text] = i % 2 ? [bob, `from Bob ${i}`] : [alice, `from Alice ${i}`];
    await sendMessage(from.page, text);
    await expect(bubble(alice.page, text)).toBeVisible();
    await expect.poll(() => belowView(alice.page), `after message ${i}`).toBeLessThan(2);
  }
  await expect(alice.page.getByTestId('jump-new')).toHaveCount(0);

  // Alice scrolls up to read: Bob's next messages do not move her, a button counts them.
  const list = alice.page.getByRole('log', { name: 'Messages' });
  await list.evaluate((el) => (el.scrollTop = 0));
  for (const text of ['one more', 'and another']) await sendMessage(bob.page, text);
  const jump = alice.page.getByTestId('jump-new');
  await expect(jump).toHaveText('2 new messages ↓');
  expect(await list.evaluate((el) => el.scrollTop)).toBe(0);
  await jump.click();
  await expect.poll(() => belowView(alice.page)).toBeLessThan(2);
  await expect(jump).toHaveCount(0);

  // Scrolled up again, her own message brings her down.
  await list.evaluate((el) => (el.scrollTop = 0));
  await sendMessage(alice.page, 'my own');
  await expect.poll(() => belowView(alice.page)).toBeLessThan(2);
});

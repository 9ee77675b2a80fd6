// The conversation is the main thing on the Chat tab: at 1400×900, at 1280×720 in Large type and on a 390×844 phone
// the message log holds whole bubbles, the newest among them, with the composer on screen; own bubbles carry no
// "unverified" badge (each recipient's delivery line says whether its channel was verified).
import { expect, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import { bubble, generateToyKey, peerCard, sendMessage, test, TOY_CHANNEL, type Member } from './helpers.js';

/** What of the message log is on screen (below the sticky jump bar when it shows): its height, whole bubbles, the newest. */
async function onScreen(
  page: Page,
): Promise<{ height: number; whole: number; newest: boolean; viewport: number }> {
  const bar = await page.getByRole('navigation', { name: 'Jump to', includeHidden: true }).boundingBox();
  const below = bar && bar.height > 0 ? Math.max(0, bar.y + bar.height) : 0;
  return page.getByRole('log', { name: 'Messages' }).evaluate((log, barBottom) => {
    const box = log.getBoundingClientRect();
    const top = Math.max(box.top, barBottom);
    const bottom = Math.min(box.bottom, window.innerHeight);
    const inside = (r: DOMRect) => r.top >= top - 1 && r.bottom <= bottom + 1;
    const bubbles = [...log.querySelectorAll('curvechat-message')].map((b) => b.getBoundingClientRect());
    const last = bubbles[bubbles.length - 1];
    return {
      height: Math.max(0, Math.round(bottom - top)),
      whole: bubbles.filter(inside).length,
      newest: last !== undefined && inside(last),
      viewport: window.innerHeight,
    };
  }, below);
}

/** The message box and the Send button are wholly on screen. */
async function composerOnScreen(page: Page): Promise<void> {
  await expect(page.getByLabel('Message', { exact: true })).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeInViewport({ ratio: 1 });
}

const LINES: readonly (readonly [number, string])[] = [
  [0, 'Hi both, can you see this?'],
  [1, 'Yes! Loud and clear.'],
  [2, 'Same here. Is this really encrypted?'],
  [0, 'Every message is encrypted separately for each of you.'],
  [1, 'So the relay only sees ciphertext?'],
  [0, 'Right: open "What crossed the wire" on any bubble.'],
  [2, 'I see an IV, a tag and a key fingerprint.'],
  [1, 'Let us compare safety numbers next.'],
  [0, 'Good idea, I will read mine out.'],
  [2, 'This is a toy curve, so Eve can break it, right?'],
  [0, 'Yes, toy-263 is tiny: look at the Eve tab.'],
  [1, 'Great, see you in the Math tab.'],
];

test('three members, twelve messages: the log holds the conversation at 1400×900, in Large type at 1280×720 and on a phone', async ({
  openRoom,
}) => {
  test.setTimeout(120_000);
  const { members } = await openRoom('layout', 'Alice', 'Bob', 'Carol');
  const [alice, bob, carol] = members as [Member, Member, Member];
  const page = alice.page;
  await page.setViewportSize({ width: 1400, height: 900 });
  for (const m of members) await generateToyKey(m.page, 'toy-263');
  for (const m of members)
    for (const other of members.filter((o) => o !== m))
      await expect(peerCard(m.page, other.name).getByTestId('channel')).toHaveText(TOY_CHANNEL);
  for (const [who, text] of LINES) {
    await sendMessage(members[who]!.page, text);
    await expect(bubble(page, text)).toHaveCount(1);
  }

  // 1400×900: at least three whole bubbles on screen, the newest among them, and the composer.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(() => onScreen(page), 'newest bubble on screen').toMatchObject({ newest: true });
  const wide = await onScreen(page);
  expect(wide.whole, JSON.stringify(wide)).toBeGreaterThanOrEqual(3);
  await composerOnScreen(page);

  // Own bubbles carry no verified badge; received ones still say whether their channel was verified.
  await expect(page.locator('curvechat-message[outgoing]')).toHaveCount(5);
  await expect(page.locator('curvechat-message[outgoing]').getByTestId('verified-badge')).toHaveCount(0);
  await expect(page.locator('curvechat-message:not([outgoing])').getByTestId('verified-badge')).toHaveText(
    Array<RegExp>(7).fill(/^unverified/),
  );
  // Once Bob is marked verified, Alice's next message says so on Bob's delivery line only.
  await peerCard(page, 'Bob').getByRole('button', { name: 'Mark as verified' }).click();
  await sendMessage(page, 'Bob is verified now');
  const mine = bubble(page, 'Bob is verified now');
  await expect(mine.getByTestId('delivery')).toHaveCount(2);
  await expect(mine.getByTestId('delivery').filter({ hasText: 'Bob' })).toContainText('Bob (verified');
  await expect(mine.getByTestId('delivery').filter({ hasText: 'Carol' })).not.toContainText('verified');
  await expect(mine.getByTestId('verified-badge')).toHaveCount(0);
  await expect(bubble(bob.page, 'Bob is verified now').getByTestId('verified-badge')).toHaveText(
    /unverified/,
  );

  // The switches under the composer open by keyboard, and the chat stays axe clean with them open.
  const options = page.getByTestId('chat-options');
  await expect(page.getByRole('checkbox', { name: 'Desktop notifications' })).toBeHidden();
  await options.focus();
  await page.keyboard.press('Enter');
  await expect(options).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('checkbox', { name: 'Sender keys in small rooms too' })).toBeVisible();
  await expectNoViolations(page, 'the chat with its switches shown, light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoViolations(page, 'the chat with its switches shown, dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('Enter');
  await expect(options).toHaveAttribute('aria-expanded', 'false');

  // 1280×720, presenting in Large type: the newest bubble is on the first screen; "Jump to: Chat" gives the log at
  // least 30% of the window with the composer below it, and a new message from Bob comes into view.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('present-toggle').click();
  await page.getByTestId('large-type').click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect
    .poll(async () => (await onScreen(page)).newest, 'Large type: newest on the first screen')
    .toBe(true);
  await page
    .getByRole('navigation', { name: 'Jump to' })
    .getByRole('button', { name: 'Chat', exact: true })
    .click();
  await expect
    .poll(async () => (await onScreen(page)).newest, 'Large type: newest after the jump')
    .toBe(true);
  const large = await onScreen(page);
  expect(large.height, JSON.stringify(large)).toBeGreaterThanOrEqual(0.3 * large.viewport);
  expect(large.whole, JSON.stringify(large)).toBeGreaterThanOrEqual(1);
  await composerOnScreen(page);
  await sendMessage(bob.page, 'A new message for the projector');
  await expect(bubble(page, 'A new message for the projector')).toBeInViewport({ ratio: 1 });
  await page.getByTestId('large-type').click();
  await page.getByTestId('present-toggle').click();

  // 390×844: after "Jump to: Chat" the newest bubble and the composer are both on screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await sendMessage(carol.page, 'And one on the phone');
  await page
    .getByRole('navigation', { name: 'Jump to' })
    .getByRole('button', { name: 'Chat', exact: true })
    .click();
  await expect.poll(() => onScreen(page), 'phone: newest on screen').toMatchObject({ newest: true });
  await expect(bubble(page, 'And one on the phone')).toBeInViewport({ ratio: 1 });
  await composerOnScreen(page);
});

// End to end: a scripted member changes its key after Alice verified it (loud warning, verified badge drops, a pending
// message is held until Alice decides), and members whose names look like Alice's are told apart by id suffixes.
import { expect, type Page } from '@playwright/test';
import { joinHostile, type Hostile } from '../test/helpers/hostile.js';
import { expectNoViolations } from './a11y-helpers.js';
import { bubble, generateKeys, peerCard, sendMessage, test } from './helpers.js';

const port = Number(process.env.E2E_PORT ?? 3987);

/** Hostile members of the running test, closed after it. */
let hostiles: Hostile[] = [];

/** axe on the page in the light and the dark scheme. */
async function axeBothSchemes(page: Page, where: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectNoViolations(page, `${where} (${colorScheme})`);
  }
}

test.describe('key changes and look-alike names', () => {
  test.afterEach(() => {
    for (const h of hostiles) h.close();
    hostiles = [];
  });

  test('a verified member changes its key: loud warning, badge drops, a pending message waits for Alice', async ({
    openRoom,
  }) => {
    const { room, members } = await openRoom('key-change', 'Alice');
    const page = members[0]!.page;
    await generateKeys(page);
    const h = await joinHostile(`http://localhost:${port}`, room, 'Mallory');
    hostiles.push(h);
    const alice = h.idOf('Alice')!;
    await h.channelWith(alice);
    const card = peerCard(page, 'Mallory');
    await expect(card.getByTestId('channel')).toHaveText('secure channel');
    await expect(card.getByTestId('peer-verified')).toHaveText('unverified');
    await axeBothSchemes(page, 'an unverified peer card');

    // Alice compares the numbers (out of band) and marks Mallory verified.
    await card.getByRole('button', { name: 'Mark as verified' }).click();
    await expect(card.getByTestId('peer-verified')).toHaveText('✓ verified');
    await expect(card.getByTestId('verified-note')).toContainText('You marked Mallory verified');
    await h.send(alice, 'before', { type: 'text', text: 'over the verified channel', ts: Date.now() });
    await expect(bubble(page, 'over the verified channel').getByTestId('verified-badge')).toContainText(
      'verified',
    );
    await expect(bubble(page, 'over the verified channel').getByTestId('verified-badge')).toHaveAttribute(
      'data-verified',
      'true',
    );
    // Mallory never sends a receipt: Alice's message stays pending.
    await sendMessage(page, 'still waiting for a receipt');
    await h.messagesArrived(1);
    const pending = bubble(page, 'still waiting for a receipt');
    await expect(pending.getByTestId('delivery')).toHaveAttribute('data-state', 'sent');

    await h.rekey();
    const warning = card.getByTestId('key-changed');
    await expect(warning).toContainText('Mallory’s key changed — compare safety numbers again.');
    await expect(card.getByRole('alert')).toHaveCount(1);
    await expect(page.getByTestId('key-change-line')).toContainText(
      "Mallory's key changed — compare safety numbers again.",
    );
    await expect(page.getByTestId('key-change-line')).toContainText(
      '1 message still waiting for Mallory is held',
    );
    await expect(card.getByTestId('peer-verified')).toHaveText('unverified');
    await expect(card.getByTestId('channel')).toHaveText('secure channel');
    await expect(pending.getByTestId('delivery')).toHaveAttribute('data-state', 'held');
    await expect(pending.getByTestId('delivery')).toContainText(
      "Mallory's key changed after you verified it",
    );
    // A message after the change goes to the new key and says the channel is unverified; the held one did not go.
    await h.send(alice, 'after', { type: 'text', text: 'over the new key', ts: Date.now() });
    await expect(bubble(page, 'over the new key').getByTestId('verified-badge')).toHaveAttribute(
      'data-verified',
      'false',
    );
    await sendMessage(page, 'written after the change');
    await h.messagesArrived(2);
    expect(h.messagesIn).toHaveLength(2);
    await expect(pending.getByTestId('delivery')).toHaveAttribute('data-state', 'held');
    await axeBothSchemes(page, 'the key-change warning with held messages');

    // Alice decides: send the held message to the new key.
    await card.getByRole('button', { name: 'Send to the new key' }).click();
    await h.messagesArrived(3);
    await expect(pending.getByTestId('delivery')).toHaveAttribute('data-state', 'sent');
    await expect(card.getByTestId('held')).toHaveCount(0);
    // Verifying the new key dismisses the warning.
    await card.getByRole('button', { name: 'Mark as verified' }).click();
    await expect(card.getByTestId('key-changed')).toHaveCount(0);
    await expect(card.getByTestId('peer-verified')).toHaveText('✓ verified');
    await axeBothSchemes(page, 'a verified peer card');
  });

  test('names that look like Alice’s get distinct id suffixes on cards, in the chat and in the header', async ({
    openRoom,
  }) => {
    const { room, members } = await openRoom('look-alike', 'Alice');
    const page = members[0]!.page;
    await generateKeys(page);
    const zw = await joinHostile(`http://localhost:${port}`, room, 'Ali\u200bce');
    hostiles.push(zw);
    const cyr = await joinHostile(`http://localhost:${port}`, room, '\u0410lice');
    hostiles.push(cyr);
    const alice = zw.idOf('Alice')!;
    await zw.channelWith(alice);
    await cyr.channelWith(alice);
    await zw.send(alice, 'zw', { type: 'text', text: 'from the zero-width one', ts: Date.now() });
    await cyr.send(alice, 'cy', { type: 'text', text: 'from the Cyrillic one', ts: Date.now() });
    await sendMessage(page, 'from the real Alice');

    const cards = page.locator('curvechat-peer');
    await expect(cards).toHaveCount(2);
    const suffixes = await cards.getByTestId('id-suffix').allTextContents();
    expect(suffixes).toHaveLength(2);
    for (const s of suffixes) expect(s).toMatch(/^#[0-9a-f]{4,}$/);
    const mine = await page.getByTestId('my-name').getByTestId('id-suffix').textContent();
    expect(new Set([...suffixes, mine]).size).toBe(3);
    await expect(cards.getByTestId('look-alike').first()).toContainText('looks like another member’s name');

    // The chat shows the same suffixes next to each author, and Alice's own.
    const author = (text: string) => bubble(page, text).getByTestId('author').getByTestId('id-suffix');
    const zwSuffix = await author('from the zero-width one').textContent();
    const cySuffix = await author('from the Cyrillic one').textContent();
    await expect(author('from the real Alice')).toHaveText(mine!);
    expect(new Set([zwSuffix, cySuffix, mine]).size).toBe(3);
    expect(suffixes.sort()).toEqual([zwSuffix!, cySuffix!].sort());
    // The card's accessible name carries the suffix too.
    await expect(page.getByRole('article', { name: `\u0410lice ${cySuffix}`, exact: true })).toHaveCount(1);
    await expect(
      page.getByRole('article', { name: `Message from \u0410lice ${cySuffix}`, exact: true }),
    ).toHaveCount(1);
    await axeBothSchemes(page, 'look-alike names');
  });
});

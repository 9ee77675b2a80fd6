// End to end in real Chromium against the real relay: toy-curve rooms, Eve in the room, the MITM lab, presenter mode.
import { expect, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import { bubble, generateToyKey, peerCard, sendMessage, test, TOY_CHANNEL, type Member } from './helpers.js';

/** Saves a screenshot of the current state (from the top of the page) in the test's output folder. */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage });
}

test.describe('room lab', () => {
  test('two members switch to toy-17 in one click and chat; a third plays Eve and reads their message', async ({
    openRoom,
  }) => {
    const { members } = await openRoom('toy', 'Alice', 'Bob', 'Carol');
    const [alice, bob, carol] = members as [Member, Member, Member];

    // Alice picks toy-17 from the labelled teaching curves; Bob is on P-256 and sees the mismatch.
    await generateToyKey(alice.page, 'toy-17');
    await expect(alice.page.getByTestId('toy-banner')).toContainText('toy-17 — insecure — teaching only');
    await bob.page.getByRole('button', { name: 'Generate keys', exact: true }).click();
    const aliceCard = peerCard(bob.page, 'Alice');
    await expect(aliceCard.getByTestId('channel')).toHaveText('curve mismatch');
    await expect(bob.page.getByTestId('toy-banner')).toHaveCount(0);
    await shot(bob.page, 'bob-mismatch');

    // A toy key in a P-256 conversation is a downgrade: the one click only asks, and says what is lost.
    const useToy = aliceCard.getByRole('button', { name: 'Use toy-17 like Alice' });
    await useToy.click();
    const downgrade = aliceCard.getByTestId('downgrade');
    await expect(downgrade).toContainText('Switch to toy-17? It is insecure.');
    await expect(downgrade).toContainText('read every message');
    await expect(aliceCard.getByTestId('downgrade-cancel')).toBeFocused();
    await shot(bob.page, 'bob-downgrade');
    await expectNoViolations(bob.page, 'the downgrade confirmation');
    await aliceCard.getByRole('button', { name: 'Keep P-256' }).click();
    await expect(downgrade).toHaveCount(0);
    await expect(bob.page.getByTestId('public-key')).toContainText('P-256');
    // Asked again and confirmed: Bob uses toy-17 like Alice; the channel comes up and the banner appears.
    await useToy.click();
    await expect(bob.page.getByTestId('public-key')).toContainText('P-256');
    await aliceCard.getByRole('button', { name: 'Switch to toy-17 (insecure)' }).click();
    await expect(bob.page.getByTestId('public-key')).toContainText('toy-17');
    await expect(aliceCard.getByTestId('channel')).toHaveText(TOY_CHANNEL);
    await expect(peerCard(alice.page, 'Bob').getByTestId('channel')).toHaveText(TOY_CHANNEL);
    // The card says what a toy channel gives and what it does not: the real count of keys to try, and who can.
    await expect(aliceCard.getByTestId('toy-channel')).toContainText('It works');
    await expect(aliceCard.getByTestId('toy-channel')).toContainText(
      'toy-17 has only 18 possible private keys',
    );
    await expect(
      bob.page.getByText('Working channel with 1 of 2, on toy-17: a toy curve anyone can break.'),
    ).toBeVisible();
    await expect(bob.page.getByTestId('toy-banner')).toContainText('insecure — teaching only');
    await expect(aliceCard.getByTestId('use-curve')).toHaveCount(0);

    // They chat over the toy channel (Carol has no key, so nothing is encrypted for her).
    const secret = 'Meet at the library at 6';
    await sendMessage(alice.page, secret);
    await expect(bubble(bob.page, secret)).toHaveCount(1);
    await expect(
      bubble(alice.page, secret).locator('[data-testid="delivery"][data-state="delivered"]'),
    ).toHaveCount(1);
    await sendMessage(bob.page, 'See you there');
    await expect(bubble(alice.page, 'See you there')).toHaveCount(1);
    await bob.page.setViewportSize({ width: 1280, height: 1000 });
    await shot(bob.page, 'room-toy', false);
    await expect(bubble(carol.page, secret)).toHaveCount(0);

    // Carol opens Eve: the room's toy curve, both public keys, and the two ciphertexts the senders shared.
    await carol.page.getByRole('tab', { name: 'Eve' }).click();
    const eve = carol.page.locator('curvechat-eve-panel');
    await expect(eve).toBeVisible();
    await expect(eve.getByText('toy-17 — insecure — teaching only')).toBeVisible();
    const target = eve.getByTestId('eve-target');
    await expect(target.locator('option')).toHaveCount(2);
    await expect(eve.locator('curvechat-eve-results')).toHaveCount(1);
    const aliceValue = await target.locator('option', { hasText: 'Alice' }).getAttribute('value');
    await target.selectOption(aliceValue!);
    await eve.getByTestId('eve-start').click();
    await expect(eve.getByTestId('eve-d')).toHaveText(/^\d+$/);
    const plain = eve.locator('curvechat-eve-results').getByTestId('eve-plaintext');
    await expect(plain).toHaveText([secret, 'See you there']);
    await expect(eve.getByTestId('eve-time')).toContainText('2^128 steps');
    await shot(carol.page, 'room-eve');

    // Eve's attack survives a look at the chat.
    await carol.page.getByRole('tab', { name: 'Chat' }).click();
    await carol.page.getByRole('tab', { name: 'Eve' }).click();
    await expect(plain).toHaveText([secret, 'See you there']);
  });

  test('the man-in-the-middle lab opens from the join screen, without joining', async ({ page }) => {
    await page.goto('/');
    await shot(page, 'join');
    await page.getByRole('button', { name: 'Try the man-in-the-middle lab' }).click();
    const lab = page.locator('curvechat-mitm-lab');
    const verdict = lab.getByTestId('safety-verdict');
    await expect(verdict).toHaveAttribute('data-equal', 'false');
    await expect(verdict).toContainText('differ');
    const alice = (await lab.getByTestId('safety-alice').locator('li').allInnerTexts()).join(' ');
    const bob = (await lab.getByTestId('safety-bob').locator('li').allInnerTexts()).join(' ');
    expect(alice).not.toEqual(bob);
    await expect(page.getByTestId('connection')).toHaveCount(0);
    expect(new URL(page.url()).searchParams.get('lab')).toBe('mitm');
    await shot(page, 'join-mitm');

    await page.getByTestId('lab-back').click();
    await expect(page.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
    expect(new URL(page.url()).searchParams.get('lab')).toBeNull();
  });

  test('presenter mode: Alice presents the Math tab, Bob follows and his view switches', async ({
    openRoom,
  }) => {
    const { members } = await openRoom('class', 'Alice', 'Bob');
    const [alice, bob] = members as [Member, Member];

    await alice.page.getByTestId('present-toggle').click();
    await expect(alice.page.getByTestId('present-toggle')).toHaveAttribute('aria-pressed', 'true');
    const follow = bob.page.getByRole('button', { name: 'Follow Alice' });
    await follow.click();
    await expect(follow).toHaveAttribute('aria-pressed', 'true');
    await expect(bob.page.getByTestId('presenter-status')).toContainText('Following Alice: Chat');

    await alice.page.getByRole('tab', { name: 'Math' }).click();
    await expect(bob.page.getByRole('tab', { name: 'Math' })).toHaveAttribute('aria-selected', 'true');
    await expect(bob.page.getByTestId('presenter-status')).toContainText('Math');

    // A math sub-view follows too.
    await alice.page.locator('curvechat-math').getByRole('tab', { name: 'Toy curve over F_p' }).click();
    const bobMath = bob.page.locator('curvechat-math');
    await expect(bobMath.getByRole('tab', { name: 'Toy curve over F_p' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(bobMath.locator('curvechat-curve-grid')).toBeVisible();
    await shot(bob.page, 'room-follow');

    // Bob may look around; the next change of Alice's view brings him along again.
    await bob.page.getByRole('tab', { name: 'Chat' }).click();
    await alice.page.getByRole('tab', { name: 'Eve' }).click();
    await expect(bob.page.getByRole('tab', { name: 'Eve' })).toHaveAttribute('aria-selected', 'true');

    // Large type for the projector.
    await alice.page.getByTestId('large-type').click();
    await expect(alice.page.locator('curvechat-app')).toHaveClass(/presenter/);
    await expect(alice.page.locator('html')).toHaveClass(/cc-presenter/);
    expect(await alice.page.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('22px');
    await alice.page.getByRole('tab', { name: 'Math' }).click();
    await shot(alice.page, 'room-present-large');

    // Alice stops: Bob keeps following and is told he waits.
    await alice.page.getByTestId('present-toggle').click();
    await expect(bob.page.getByTestId('presenter-status')).toContainText('Waiting for the presenter');
  });
});

// Accessibility in real Chromium against the real relay: axe (WCAG 2.1 A/AA, through open shadow roots) on
// every screen, light and dark, and a keyboard-only journey with a visible focus indicator at every stop.
import { expect, type Page } from '@playwright/test';
import { expectNoViolations, expectVisibleFocus, tabTo } from './a11y-helpers.js';
import {
  generateKeys,
  generateToyKey,
  joinRoom,
  sendMessage,
  test,
  TOY_CHANNEL,
  uniqueRoom,
  type Member,
  type OpenMembers,
} from './helpers.js';

/** Saves a screenshot in the test's output folder (to be looked at by a person). */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage });
}

/** Alice and Bob in a fresh room with keys (P-256, or toy curve `toy`) and a secure channel. */
async function twoMembers(openMembers: OpenMembers, toy?: string, dark = false): Promise<[Member, Member]> {
  const room = uniqueRoom('a11y');
  const [alice, bob] = (await openMembers('Alice', 'Bob')) as [Member, Member];
  for (const m of [alice, bob]) {
    if (dark) await m.page.emulateMedia({ colorScheme: 'dark' });
    await joinRoom(m.page, m.name, room);
    if (toy) await generateToyKey(m.page, toy);
    else await generateKeys(m.page);
  }
  await expect(alice.page.getByTestId('channel')).toHaveText(toy ? TOY_CHANNEL : 'secure channel');
  return [alice, bob];
}

/** The first math sub-tab, "Curve over the reals". */
const realsTab = (page: Page) =>
  page.locator('curvechat-math').getByRole('tab', { name: 'Curve over the reals', exact: true });

const MATH_TABS = ['Curve over the reals', 'Toy curve over F_p', 'Your key, step by step', 'The exchange'];

test.describe('accessibility (axe, WCAG 2.1 A/AA)', () => {
  test('the join screen', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
    await expectNoViolations(page, 'the join screen');
  });

  test('the insecure-context notice', async ({ page, baseURL }) => {
    // As in chat.spec.ts: http://classroom.test is not a secure context; requests go to the real relay.
    await page.route('http://classroom.test/**', async (route) => {
      const url = new URL(route.request().url());
      const response = await route.fetch({ url: `${baseURL}${url.pathname}${url.search}` });
      await route.fulfill({ response });
    });
    await page.goto('http://classroom.test/?room=lab');
    await expect(page.getByRole('heading', { name: 'This page cannot encrypt here' })).toBeVisible();
    await expectNoViolations(page, 'the insecure-context notice');
  });

  for (const dark of [false, true]) {
    test(`the room (${dark ? 'dark' : 'light'}): two members, keys, a message and what crossed the wire`, async ({
      openMembers,
    }) => {
      const members = await twoMembers(openMembers, undefined, dark);
      const [alice, bob] = members as [Member, Member];
      await sendMessage(alice.page, 'hello from Alice');
      const received = bob.page.locator('curvechat-message').filter({ hasText: 'hello from Alice' });
      await received.getByText('What crossed the wire').click();
      await expect(received.getByTestId('wire-fingerprint')).toBeVisible();
      if (dark) await shot(bob.page, 'room-dark');
      await expectNoViolations(bob.page, `the room (${dark ? 'dark' : 'light'})`);
      await expectNoViolations(alice.page, `the sender's room (${dark ? 'dark' : 'light'})`);
    });
  }

  for (const dark of [false, true]) {
    test(`each Math sub-tab (${dark ? 'dark' : 'light'}), the key with its bits shown`, async ({
      openMembers,
    }) => {
      const members = await twoMembers(openMembers, undefined, dark);
      const page = members[0]!.page;
      await page.getByRole('tab', { name: 'Math' }).click();
      const math = page.locator('curvechat-math');
      for (const name of MATH_TABS) {
        await math.getByRole('tab', { name }).click();
        if (name.startsWith('Your key')) {
          await math.getByRole('button', { name: "Show my key's bits (private!)" }).click();
          await expect(math.getByRole('button', { name: 'Hide the bits' })).toBeVisible();
        }
        await shot(page, `math-${dark ? 'dark' : 'light'}-${MATH_TABS.indexOf(name)}`);
        await expectNoViolations(page, `Math: ${name} (${dark ? 'dark' : 'light'})`);
      }
    });
  }

  for (const scheme of ['light', 'dark'] as const) {
    test(`the Eve tab on a toy curve (${scheme})`, async ({ openMembers }) => {
      const members = await twoMembers(openMembers, 'toy-17', scheme === 'dark');
      const [alice, bob] = members as [Member, Member];
      await sendMessage(alice.page, 'Meet at the library');
      await expect(
        bob.page.locator('curvechat-message').filter({ hasText: 'Meet at the library' }),
      ).toHaveCount(1);
      await bob.page.getByRole('tab', { name: 'Eve' }).click();
      const eve = bob.page.locator('curvechat-eve-panel');
      await expect(eve).toBeVisible();
      await expectNoViolations(bob.page, 'the Eve tab (before the attack)');
      await eve.getByTestId('eve-start').click();
      await expect(eve.getByTestId('eve-d')).toHaveText(/^\d+$/);
      await shot(bob.page, `eve-${scheme}`);
      await expectNoViolations(bob.page, 'the Eve tab (after the attack)');
    });

    test(`the Man-in-the-middle tab and the presenter bar in Large type (${scheme})`, async ({
      openMembers,
    }) => {
      const members = await twoMembers(openMembers, undefined, scheme === 'dark');
      const page = members[0]!.page;
      await page.getByRole('tab', { name: 'Man in the middle' }).click();
      await expect(page.locator('curvechat-mitm-lab').getByTestId('safety-verdict')).toBeVisible();
      await expectNoViolations(page, 'the Man-in-the-middle tab');

      await page.getByTestId('present-toggle').click();
      await page.getByTestId('large-type').click();
      await expect(page.locator('html')).toHaveClass(/cc-presenter/);
      await page.getByRole('tab', { name: 'Chat' }).click();
      await shot(page, `presenter-large-${scheme}`);
      await expectNoViolations(page, 'the presenter bar in Large type');
    });
  }
});

test.describe('keyboard only', () => {
  test('join, generate keys, send, open Math and step the player: Tab/Enter/Space/arrows, focus always visible', async ({
    openMembers,
  }) => {
    const room = uniqueRoom('kbd');
    const [bob, alice] = (await openMembers('Bob', 'Alice')) as [Member, Member];
    await joinRoom(bob.page, 'Bob', room);
    await generateKeys(bob.page);
    const page = alice.page;
    const kb = page.keyboard;
    // Alice's page is driven by page.keyboard only (Bob, the other member, is set up with the helpers).
    await page.goto(`/?room=${encodeURIComponent(room)}`);

    // Join: Tab to Name, type, Tab to Join, Enter.
    await tabTo(page, 'the Name field', (f) => f.tag === 'input' && f.id === 'name');
    await kb.type('Alice');
    await tabTo(page, 'the Join button', (f) => f.tag === 'button' && f.label === 'Join');
    await kb.press('Enter');
    await expect(page.getByTestId('connection')).toHaveText('Connected');

    // Generate keys with Space.
    await tabTo(page, 'Generate keys', (f) => f.tag === 'button' && f.label === 'Generate keys');
    await kb.press('Space');
    await expect(page.getByTestId('public-key')).toBeVisible();
    await expect(page.getByTestId('channel')).toHaveText('secure channel');

    // Send a message: Tab to the Message box, type, Enter.
    await tabTo(page, 'the Message box', (f) => f.tag === 'textarea' && f.id === 'message');
    await kb.type('typed without a mouse');
    await kb.press('Enter');
    await expect(
      bob.page.locator('curvechat-message').filter({ hasText: 'typed without a mouse' }),
    ).toHaveCount(1);

    // Open the Math tab: Shift+Tab back to the Chat tab, ArrowRight selects Math (ARIA tabs).
    await tabTo(page, 'the Chat tab', (f) => f.role === 'tab' && f.label === 'Chat', { back: true });
    await kb.press('ArrowRight');
    await expectVisibleFocus(page, 'the Math tab');
    await expect(page.getByRole('tab', { name: 'Math' })).toHaveAttribute('aria-selected', 'true');

    // Into the math sub-tabs (it opens on the member's key), Home selects the first: the reals.
    const sub = ['Curve over the reals', 'Toy curve over F_p', 'Your key, step by step', 'The exchange'];
    await tabTo(page, 'the selected math sub-tab', (f) => f.role === 'tab' && sub.includes(f.label));
    await kb.press('Home');
    await expect(realsTab(page)).toHaveAttribute('aria-selected', 'true');
    await expectVisibleFocus(page, 'the first math sub-tab');
    const reals = page.locator('curvechat-math curvechat-curve-reals');
    const pos = reals.locator('curvechat-step-player .pos');
    await expect(pos).toHaveText(/^1 \/ \d+$/);
    await tabTo(page, 'the reals canvas', (f) => f.tag === 'canvas' && f.role === 'img');
    await kb.press('ArrowRight');
    await expect(pos).toHaveText(/^2 \/ \d+$/);
    await kb.press('ArrowRight');
    await expect(pos).toHaveText(/^3 \/ \d+$/);
    await kb.press('ArrowLeft');
    await expect(pos).toHaveText(/^2 \/ \d+$/);
    await expectVisibleFocus(page, 'the canvas after stepping');

    // The player's own buttons: Tab to "Step forward" and press Space.
    await tabTo(page, 'Step forward', (f) => f.tag === 'button' && f.label === 'Step forward');
    await kb.press('Space');
    await expect(pos).toHaveText(/^3 \/ \d+$/);
  });
});

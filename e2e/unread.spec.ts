// End to end: the unread count in the tab title while the page is hidden, and opt-in desktop notifications.
import { expect, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import {
  bubble,
  generateKeys,
  joinRoom,
  openChatOptions,
  sendMessage,
  test,
  uniqueRoom,
  type Member,
} from './helpers.js';

/** Before any page script: a controllable visibility and a recording wrapper around window.Notification. */
function instrument(): void {
  let hidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible'),
  });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
  const w = window as unknown as {
    __hide: (h: boolean) => void;
    __notes: { title: string; body: string | undefined }[];
  };
  w.__hide = (h) => {
    hidden = h;
  };
  w.__notes = [];
  const Real = window.Notification;
  class Recording extends Real {
    constructor(title: string, options?: NotificationOptions) {
      w.__notes.push({ title, body: options?.body });
      super(title, options);
    }
  }
  window.Notification = Recording;
}

/** Hide or show the page the way the browser does: flip the state, then dispatch visibilitychange. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    (window as unknown as { __hide: (h: boolean) => void }).__hide(h);
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/** The notifications the page has created so far. */
function notes(page: Page): Promise<{ title: string; body: string | undefined }[]> {
  return page.evaluate(() => (window as unknown as { __notes: { title: string; body: string }[] }).__notes);
}

/** Alice and Bob in a fresh room with keys; Bob's page is instrumented. */
async function pair(
  openMembers: (...names: string[]) => Promise<Member[]>,
  grant: boolean,
): Promise<{ room: string; alice: Member; bob: Member }> {
  const [alice, bob] = (await openMembers('Alice', 'Bob')) as [Member, Member];
  await bob.context.addInitScript(instrument);
  if (grant) await bob.context.grantPermissions(['notifications']);
  const room = uniqueRoom('unread');
  await joinRoom(alice.page, 'Alice', room);
  await joinRoom(bob.page, 'Bob', room);
  await generateKeys(alice.page);
  await generateKeys(bob.page);
  return { room, alice, bob };
}

test.describe('unread messages', () => {
  test('the title counts real messages while hidden and clears when visible; no notification by default', async ({
    openMembers,
  }) => {
    const { room, alice, bob } = await pair(openMembers, true);
    const base = `${room} · curvechat`;
    await expect(bob.page).toHaveTitle(base);
    await openChatOptions(bob.page);
    await expect(bob.page.getByRole('checkbox', { name: 'Desktop notifications' })).not.toBeChecked();

    // Visible: a message is read at once, the title stays.
    await sendMessage(alice.page, 'while visible');
    await expect(bubble(bob.page, 'while visible')).toBeVisible();
    await expect(bob.page).toHaveTitle(base);

    await setHidden(bob.page, true);
    for (const text of ['one', 'two', 'three']) await sendMessage(alice.page, text);
    await expect(bubble(bob.page, 'three')).toBeVisible();
    await expect(bob.page).toHaveTitle(`(3) ${base}`);
    // Bob's own message (sent from the hidden tab) is not unread.
    await sendMessage(bob.page, 'mine');
    await expect(bubble(alice.page, 'mine')).toBeVisible();
    await sendMessage(alice.page, 'four');
    await expect(bubble(bob.page, 'four')).toBeVisible();
    await expect(bob.page).toHaveTitle(`(4) ${base}`);
    // Notifications are off by default: none, although the permission is granted.
    expect(await notes(bob.page)).toEqual([]);

    await setHidden(bob.page, false);
    await expect(bob.page).toHaveTitle(base);
    // The sender's own tab never counted anything.
    await expect(alice.page).toHaveTitle(base);
  });

  test('notifications when turned on: one per message while hidden, none while visible, none once off', async ({
    openMembers,
  }) => {
    const { alice, bob } = await pair(openMembers, true);
    const toggle = bob.page.getByRole('checkbox', { name: 'Desktop notifications' });
    // Keyboard operable: show the chat's switches, focus this one and press Space.
    await openChatOptions(bob.page);
    await toggle.focus();
    await bob.page.keyboard.press('Space');
    await expect(toggle).toBeChecked();
    expect(await bob.page.evaluate(() => localStorage.getItem('curvechat.notifications'))).toBe('on');

    await sendMessage(alice.page, 'seen at once');
    await expect(bubble(bob.page, 'seen at once')).toBeVisible();
    expect(await notes(bob.page), 'none while the tab is visible').toEqual([]);

    await setHidden(bob.page, true);
    await sendMessage(alice.page, 'the launch code is 1234');
    await sendMessage(alice.page, 'second secret');
    await expect(bubble(bob.page, 'second secret')).toBeVisible();
    const shown = await notes(bob.page);
    expect(shown).toEqual([
      { title: 'Alice', body: 'New message' },
      { title: 'Alice', body: 'New message' },
    ]);
    expect(JSON.stringify(shown)).not.toContain('launch code');

    await setHidden(bob.page, false);
    await toggle.uncheck();
    await expect(toggle).not.toBeChecked();
    expect(await bob.page.evaluate(() => localStorage.getItem('curvechat.notifications'))).toBeNull();
    await setHidden(bob.page, true);
    await sendMessage(alice.page, 'after off');
    await expect(bubble(bob.page, 'after off')).toBeVisible();
    expect(await notes(bob.page), 'none once turned off').toHaveLength(2);
    await expect(bob.page).toHaveTitle(/^\(1\) /);
  });

  test('refused by the browser: the switch stays off and says why', async ({ openMembers }) => {
    const { bob } = await pair(openMembers, false);
    await bob.context.clearPermissions();
    await bob.page.evaluate(() => {
      // Chromium without a user to answer the prompt: make the refusal explicit.
      Notification.requestPermission = () => Promise.resolve('denied');
    });
    const toggle = bob.page.getByRole('checkbox', { name: 'Desktop notifications' });
    await openChatOptions(bob.page);
    await toggle.click();
    await expect(bob.page.getByText('Blocked by the browser')).toBeVisible();
    await expect(toggle).not.toBeChecked();
    expect(await bob.page.evaluate(() => localStorage.getItem('curvechat.notifications'))).toBeNull();
    await expectNoViolations(bob.page, 'the switch with its "blocked" note');
  });

  for (const dark of [false, true]) {
    test(`the switch is axe clean (${dark ? 'dark' : 'light'}), off and on`, async ({ openMembers }) => {
      const [bob] = await openMembers('Bob');
      await bob!.context.grantPermissions(['notifications']);
      if (dark) await bob!.page.emulateMedia({ colorScheme: 'dark' });
      await joinRoom(bob!.page, 'Bob', uniqueRoom('unread-a11y'));
      await expectNoViolations(bob!.page, `the chat, notifications off (${dark ? 'dark' : 'light'})`);
      const toggle = bob!.page.getByRole('checkbox', { name: 'Desktop notifications' });
      await openChatOptions(bob!.page);
      await toggle.check();
      await expectNoViolations(bob!.page, `the chat, notifications on (${dark ? 'dark' : 'light'})`);
      // Remembered in this browser: after a reload (which rejoins the room) the switch is still on.
      await bob!.page.reload();
      await expect(bob!.page.getByTestId('room-name')).toBeVisible();
      await openChatOptions(bob!.page);
      await expect(toggle).toBeChecked();
    });
  }
});

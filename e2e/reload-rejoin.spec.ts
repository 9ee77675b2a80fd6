// A reload puts the member back in the same room under the same name with a new key, and says so; Leave opts out.
import { expect } from '@playwright/test';
import { generateKeys, safetyNumber, sendMessage, bubble, test, type Member } from './helpers.js';

test('a reload rejoins the same room as the same name with a new key; leaving first shows the join form', async ({
  openRoom,
}) => {
  const { room, members } = await openRoom('reload', 'Alice', 'Bob');
  const [alice, bob] = members as [Member, Member];
  await generateKeys(alice.page, 'P-384');
  await generateKeys(bob.page, 'P-384');
  const before = await safetyNumber(bob.page, 'Alice');
  const pub = alice.page.getByTestId('public-key');
  const oldPub = await pub.textContent();

  await alice.page.reload();
  const notice = alice.page.locator('curvechat-room .reloaded');
  await expect(notice).toContainText(
    `You reloaded the page: you are back in room ${room} as Alice with a new key — compare safety numbers again.`,
  );
  await expect(alice.page.getByTestId('room-name')).toHaveText(room);
  await expect(alice.page.getByTestId('connection')).toHaveText('Connected');
  await expect(pub).toContainText('P-384'); // the same curve
  await expect(pub).not.toHaveText(oldPub!);
  // Bob has a channel with the new key: a different safety number, and messages both ways.
  await expect.poll(async () => (await safetyNumber(bob.page, 'Alice')).join(' ')).not.toBe(before.join(' '));
  expect(await safetyNumber(alice.page, 'Bob')).toEqual(await safetyNumber(bob.page, 'Alice'));
  await sendMessage(bob.page, 'welcome back');
  await expect(bubble(alice.page, 'welcome back')).toBeVisible();

  // What the tab stores: room, name and curve — no key.
  const stored = await alice.page.evaluate(() => sessionStorage.getItem('curvechat.rejoin'));
  expect(JSON.parse(stored!)).toEqual({ room, name: 'Alice', curve: 'P-384' });
  const everything = await alice.page.evaluate(() => JSON.stringify({ ...sessionStorage }));
  const state = await alice.page.evaluate(() => {
    const app = document.querySelector('curvechat-app') as
      (Element & { session?: { state: { myKey?: { privateHex: string } } } }) | null;
    return app?.session?.state.myKey?.privateHex ?? '';
  });
  expect(state).toMatch(/^[0-9a-f]+$/);
  expect(everything).not.toContain(state);

  // The notice can be dismissed.
  await notice.getByRole('button', { name: 'OK' }).click();
  await expect(notice).toHaveCount(0);

  // Leaving on purpose clears it: the next reload shows the join form (the name still filled in).
  await alice.page.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(alice.page.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  expect(await alice.page.evaluate(() => sessionStorage.getItem('curvechat.rejoin'))).toBeNull();
  await alice.page.reload();
  await expect(alice.page.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  await expect(alice.page.getByTestId('room-name')).toHaveCount(0);
});

test('a reload that cannot rejoin explains why and shows the join form with the name', async ({
  openRoom,
}) => {
  const { room, members } = await openRoom('reload-bad', 'Alice'); // joined: the tab remembers the room
  const [alice] = members as [Member];
  // The relay is out of reach (every transport refused): the rejoin fails.
  await alice.page.route('**/socket.io/**', (route) => route.abort());
  await alice.page.routeWebSocket(/socket\.io/, (ws) => ws.close());
  await alice.page.reload();
  await expect(alice.page.getByRole('alert')).toContainText(
    `Could not rejoin room ${room} as Alice after the reload`,
    { timeout: 25_000 },
  );
  await expect(alice.page.getByLabel('Name', { exact: true })).toHaveValue('Alice');
});

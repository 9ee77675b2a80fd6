// The room lock in the browser on a multi-node deployment (issue 10): a locked room refuses a third member on
// another node, with the message; a reload of a member gets back in; an unlock lets the third member join.
import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import { joinRoom, uniqueRoom, type Member } from './helpers.js';
import {
  joinedSockets,
  newMemberAt,
  startTopology,
  stopTopology,
  type Topology,
} from './multinode-helpers.js';

test.describe.configure({ mode: 'serial' });

let topo: Topology | undefined;
const members: Member[] = [];

test.beforeAll(async () => {
  test.setTimeout(60_000);
  topo = await startTopology();
});

test.afterAll(async () => {
  await Promise.all(members.map((m) => m.context.close().catch(() => undefined)));
  await stopTopology(topo);
});

/** A new member in its own browser context whose new connections go to node `i` first. */
async function memberOnNode(browser: Parameters<typeof newMemberAt>[0], name: string, i: number) {
  const t = topo!;
  const node = t.nodes[i]!;
  await t.proxy.order([node.port, ...t.nodes.filter((n) => n !== node).map((n) => n.port)]);
  const m = await newMemberAt(browser, name, t.proxy.url);
  members.push(m);
  return m;
}

const lockState = (page: Page) => page.getByTestId('room-lock-state');

test('a locked room refuses a third member on another node, with the message', async ({ browser }) => {
  test.setTimeout(90_000);
  const t = topo!;
  const room = uniqueRoom('lock');
  const alice = await memberOnNode(browser, 'Alice', 0);
  await joinRoom(alice.page, 'Alice', room);
  await expect.poll(() => joinedSockets(t.nodes[0]!)).toBe(1);
  const bob = await memberOnNode(browser, 'Bob', 1);
  await joinRoom(bob.page, 'Bob', room);
  await expect.poll(() => joinedSockets(t.nodes[1]!)).toBe(1);
  await expect(lockState(alice.page)).toContainText('Open — anyone with the room name can join.');

  // Alice locks with the keyboard.
  const toggle = alice.page.getByRole('button', { name: 'Lock room' });
  await toggle.focus();
  await alice.page.keyboard.press('Enter');
  await expect(lockState(alice.page)).toContainText('Locked by you — new people cannot join.');
  await expect(lockState(bob.page)).toContainText('Locked by Alice — new people cannot join.');
  await expect(bob.page.getByRole('button', { name: 'Unlock room' })).toBeEnabled();
  await expectNoViolations(bob.page, 'a locked room (light)');
  await bob.page.emulateMedia({ colorScheme: 'dark' });
  await expectNoViolations(bob.page, 'a locked room (dark)');
  await bob.page.emulateMedia({ colorScheme: 'light' });

  // Carol, on a third node, is refused with the message.
  const carol = await memberOnNode(browser, 'Carol', 2);
  await carol.page.goto(`/?room=${encodeURIComponent(room)}`);
  await carol.page.getByLabel('Name', { exact: true }).fill('Carol');
  await carol.page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(carol.page.getByRole('alert')).toHaveText(
    'Could not join: This room is locked. Ask a member to unlock it.',
  );
  await expect(carol.page.getByTestId('room-name')).toHaveCount(0);
  await expectNoViolations(carol.page, 'the refused join form');

  // Bob reloads (same member id): he gets back in, and still sees the lock.
  await bob.page.reload();
  await expect(bob.page.getByTestId('room-name')).toHaveText(room);
  await expect(bob.page.getByTestId('connection')).toHaveText('Connected');
  await expect(lockState(bob.page)).toContainText('Locked by Alice');

  // Bob unlocks; everyone sees it; Carol's next try gets in.
  await bob.page.getByRole('button', { name: 'Unlock room' }).click();
  await expect(lockState(alice.page)).toContainText('Open — anyone with the room name can join.');
  await expect(lockState(bob.page)).toContainText('Open');
  await carol.page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(carol.page.getByTestId('room-name')).toHaveText(room);
  await expect(lockState(carol.page)).toContainText('Open');
});

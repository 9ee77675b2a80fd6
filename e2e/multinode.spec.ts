// Browser-level faults on a multi-node deployment (issue 4). Three members in three Chromium contexts
// reach three built relays on one Redis through a proxy process; one relay is killed with SIGKILL
// while everyone is sending, then Redis is stopped mid-conversation and restarted. After each fault,
// every message is shown exactly once at every member and every sender sees it delivered to everyone.
// Topology and how to rerun it by hand: docs/deploy.md, "Multi-node test topology".
import { expect, test } from '@playwright/test';
import { bubble, generateKeys, joinRoom, sendMessage, uniqueRoom, type Member } from './helpers.js';
import {
  deliveryBadge,
  expectDelivered,
  expectEachShownOnce,
  joinedSockets,
  newMemberAt,
  peerIdentities,
  placement,
  redisDown,
  redisUp,
  startTopology,
  stopChild,
  stopTopology,
  waitFor,
  type Topology,
} from './multinode-helpers.js';

test.describe.configure({ mode: 'serial' });

const NAMES = ['Alice', 'Bob', 'Carol'] as const;
/** Messages each member sends while a fault happens. */
const N = 5;
/** Pause between two messages of one member while a fault happens. */
const GAP_MS = 250;
/** Bound on recovery: reconnect, re-join, re-announce and the resends it triggers. */
const RECOVERY_MS = 45_000;

const room = uniqueRoom('multinode');
let topo: Topology | undefined;
let members: Member[] = [];
/** Every text sent so far, by author. */
const sent = new Map<string, string[]>(NAMES.map((n) => [n, []]));
/** What each member showed about the others (member id, safety number) before any fault. */
const identitiesBefore: Record<string, Awaited<ReturnType<typeof peerIdentities>>> = {};

const others = (m: Member): string[] => members.filter((o) => o !== m).map((o) => o.name);
const allSent = (): string[] => [...sent.values()].flat();

/** Each member sends `count` numbered messages with small gaps, all at once; `onSent` sees progress. */
function everyoneSends(
  label: string,
  count: number,
  onSent: (name: string, k: number) => void = () => undefined,
): Promise<void> {
  return Promise.all(
    members.map(async (m) => {
      for (let k = 1; k <= count; k++) {
        const text = `${m.name} ${label} #${k}`;
        await sendMessage(m.page, text);
        sent.get(m.name)!.push(text);
        onSent(m.name, k);
        if (k < count) await m.page.waitForTimeout(GAP_MS);
      }
    }),
  ).then(() => undefined);
}

/** Every sender sees each of its messages delivered to every other member; nothing pending or failed. */
async function expectAllDelivered(timeout: number): Promise<void> {
  for (const m of members) await expectDelivered(m.page, sent.get(m.name)!, others(m), timeout);
}

test.beforeAll(async () => {
  test.setTimeout(60_000);
  topo = await startTopology();
});

test.afterAll(async () => {
  await Promise.all(members.map((m) => m.context.close().catch(() => undefined)));
  members = [];
  await stopTopology(topo);
});

// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (!topo || testInfo.status === testInfo.expectedStatus) return;
  for (const n of topo.nodes) await testInfo.attach(`${n.name}.log`, { body: n.output() });
  await testInfo.attach('proxy.log', { body: topo.proxy.output() });
});

test('three members land on three relay nodes through the proxy, agree on keys and chat', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const t = topo!;
  // Pin each member to its own node: the proxy tries that node first for new connections.
  for (const [i, name] of NAMES.entries()) {
    const node = t.nodes[i]!;
    await t.proxy.order([node.port, ...t.nodes.filter((n) => n !== node).map((n) => n.port)]);
    const m = await newMemberAt(browser, name, t.proxy.url);
    members.push(m);
    await joinRoom(m.page, name, room);
    await expect.poll(() => joinedSockets(node)).toBe(1);
  }
  expect(await placement(t.nodes)).toEqual({ n1: 1, n2: 1, n3: 1 });
  // From now on a new connection goes to the first node that accepts, in order n1, n2, n3.
  await t.proxy.order(t.nodes.map((n) => n.port));

  for (const m of members) await generateKeys(m.page);
  for (const m of members) identitiesBefore[m.name] = await peerIdentities(m.page, others(m));
  const [alice, bob, carol] = NAMES.map((n) => identitiesBefore[n]!);
  expect(alice!.Bob!.safety).toBe(bob!.Alice!.safety);
  expect(alice!.Carol!.safety).toBe(carol!.Alice!.safety);
  expect(bob!.Carol!.safety).toBe(carol!.Bob!.safety);
  expect(alice!.Bob!.id).toBe(carol!.Bob!.id);
  expect(bob!.Carol!.id).toBe(alice!.Carol!.id);
  expect(carol!.Alice!.id).toBe(bob!.Alice!.id);

  // Messages cross nodes in every direction.
  await everyoneSends('hello', 1);
  await expectAllDelivered(15_000);
  for (const m of members) await expectEachShownOnce(m.page, m.name, allSent());
});

test('kill -9 of a relay while everyone sends: each message shown exactly once everywhere, all delivered, same members', async () => {
  test.setTimeout(90_000);
  const t = topo!;
  const victim = t.nodes[2]!; // Carol's node
  const carol = members[2]!;
  const progress = new Map<string, number>(NAMES.map((n) => [n, 0]));
  const sending = everyoneSends('during the kill', N, (name, k) => progress.set(name, k));
  // Kill once everyone has sent two, so messages are in flight both ways while the node dies.
  await Promise.race([
    sending,
    waitFor('two messages from everyone', () => [...progress.values()].every((k) => k >= 2), 30_000),
  ]);
  const atKill = [...progress.values()];
  await stopChild(victim.child, 'SIGKILL');
  expect(victim.child.signalCode).toBe('SIGKILL');
  expect(Math.min(...atKill), 'messages were still being sent when the node died').toBeLessThan(N);
  await sending;

  // Carol's tab lost its node, moved to a surviving one through the proxy and re-joined as the same member.
  const carolLog = carol.page.getByRole('log');
  await expect(carolLog.getByText('Connection to the relay lost')).not.toHaveCount(0);
  await expect(carol.page.getByTestId('connection')).toHaveText('Connected', { timeout: RECOVERY_MS });
  await expect(carolLog.getByText(`Reconnected: rejoined room ${room} as the same member`)).not.toHaveCount(
    0,
  );
  await expect.poll(() => placement(t.nodes), { timeout: RECOVERY_MS }).toEqual({ n1: 2, n2: 1 });

  await expectAllDelivered(RECOVERY_MS);
  for (const m of members) await expectEachShownOnce(m.page, m.name, allSent());
  for (const m of members) {
    await expect(m.page.locator('curvechat-peer')).toHaveCount(2);
    expect(await peerIdentities(m.page, others(m)), `${m.name}: same member ids and safety numbers`).toEqual(
      identitiesBefore[m.name],
    );
  }
});

test('Redis stopped mid-conversation: cross-node messages wait, same-node ones go; after restart all arrive once', async () => {
  test.setTimeout(90_000);
  const t = topo!;
  const alive = t.nodes.filter((n) => n.child.signalCode === null);
  const [alice, bob, carol] = members as [Member, Member, Member];
  // Alice and Carol now share n1; Bob is alone on n2.
  const retries = bob.page.getByRole('log').getByText('No receipt yet; sending again');
  const retriesBefore = await retries.count();
  await redisDown(t, alive);
  await everyoneSends('while Redis is down', 2);
  const outage = allSent().filter((x) => x.includes(' while Redis is down #'));
  expect(outage).toHaveLength(2 * members.length);
  const by = (m: Member): string[] => outage.filter((x) => x.startsWith(`${m.name} `));

  // Same node: Alice and Carol still reach each other.
  for (const [from, to] of [
    [alice, carol],
    [carol, alice],
  ] as const)
    for (const text of by(from)) {
      await expect(deliveryBadge(from.page, text, to.name)).toHaveAttribute('data-state', 'delivered');
      await expect(bubble(to.page, text)).toHaveCount(1);
    }
  // Across nodes: accepted by the relay ("sent") but not delivered, and not shown at the other end.
  const expectCrossNodePending = async (): Promise<void> => {
    for (const m of members)
      for (const text of by(m))
        for (const to of m === bob ? [alice, carol] : [bob]) {
          await expect(deliveryBadge(m.page, text, to.name)).toHaveAttribute(
            'data-state',
            /^(sending|sent)$/,
          );
          await expect(bubble(to.page, text)).toHaveCount(0);
        }
  };
  await expectCrossNodePending();
  // Bob's retry timer fires during the outage; the copies it sends are lost too, and nothing breaks.
  await expect.poll(() => retries.count(), { timeout: 15_000 }).toBeGreaterThan(retriesBefore);
  await expectCrossNodePending();
  for (const m of members) await expect(m.page.getByTestId('connection')).toHaveText('Connected');

  await redisUp(t);
  await expectAllDelivered(RECOVERY_MS);
  for (const m of members) await expectEachShownOnce(m.page, m.name, allSent());
  for (const m of members)
    expect(await peerIdentities(m.page, others(m)), `${m.name}: same member ids and safety numbers`).toEqual(
      identitiesBefore[m.name],
    );
  for (const n of alive) expect(n.output()).not.toContain('unhandled rejection');
  for (const m of members) expect(m.traffic.dialogs).toEqual([]);
});

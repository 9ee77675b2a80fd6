// Helpers for the browser fault test (multinode.spec.ts): three built relays on one Redis behind a proxy
// process, reusing the integration harness (test/integration/cluster.ts), plus readers for what each
// browser shows (bubbles, delivery badges, peer ids and safety numbers).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import {
  OwnedRedis,
  ProxyProcess,
  ROOT,
  TcpBalancer,
  freePort,
  killAll,
  startNode,
  status,
  waitFor,
  type Node,
} from '../test/integration/cluster.js';
import { bubble, capture, peerCard, safetyNumber, type Member } from './helpers.js';

export { stopChild, waitFor, type Node } from '../test/integration/cluster.js';

/** Redis, the gate in front of it, three relay nodes and the proxy the browsers talk to. */
export interface Topology {
  /** The harness's own redis-server (undefined when REDIS_URL points at an external one). */
  redis: OwnedRedis | undefined;
  /** A TCP gate between the nodes and Redis, closed to stage an outage (works with an external Redis too). */
  gate: TcpBalancer;
  nodes: Node[];
  proxy: ProxyProcess;
}

/**
 * Start redis-server on a free port (or use REDIS_URL, which must be on 127.0.0.1), a gate in front of
 * it, three relays from `npm run build` and the proxy process. Call stopTopology() in afterAll.
 */
export async function startTopology(): Promise<Topology> {
  for (const built of ['dist/server/server/index.js', 'dist/client/index.html'])
    if (!existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run npm run build first`);
  let redis: OwnedRedis | undefined;
  let redisPort: number;
  const external = process.env.REDIS_URL;
  if (external) {
    const u = new URL(external);
    if (!['127.0.0.1', 'localhost'].includes(u.hostname))
      throw new Error('the multi-node e2e test needs REDIS_URL on 127.0.0.1 (it gates it to stage outages)');
    redisPort = Number(u.port || 6379);
  } else {
    redis = new OwnedRedis(await freePort());
    await redis.start();
    redisPort = redis.port;
  }
  const gate = new TcpBalancer([redisPort]);
  await gate.listen();
  try {
    const env = {
      REDIS_URL: `redis://127.0.0.1:${gate.port}`,
      STATIC_DIR: path.join(ROOT, 'dist/client'),
      REDIS_REQUESTS_TIMEOUT_MS: '1500',
      DRAIN_TIMEOUT_MS: '3000',
    };
    const nodes = await Promise.all(
      ['n1', 'n2', 'n3'].map((name) => startNode(name, env, 'readyz', { built: true })),
    );
    const proxy = new ProxyProcess(nodes.map((n) => n.port));
    await proxy.start();
    return { redis, gate, nodes, proxy };
  } catch (err) {
    await stopTopology({ gate });
    throw err;
  }
}

/** Kill every child process the harness started (relays, redis-server, proxy) and close the gate. */
export async function stopTopology(t: Partial<Topology> | undefined): Promise<void> {
  await t?.proxy?.stop().catch(() => undefined);
  await killAll();
  await t?.gate?.close().catch(() => undefined);
}

/** Redis goes away for every node: the gate closes (dropping their connections) and redis-server is killed. */
export async function redisDown(t: Topology, nodes: Node[]): Promise<void> {
  await t.gate.close();
  await t.redis?.stop();
  await waitFor('/readyz 503 on every node', async () =>
    (await Promise.all(nodes.map((n) => status(`${n.url}/readyz`)))).every((c) => c === 503),
  );
}

/** Redis comes back on the same port and the gate reopens. */
export async function redisUp(t: Topology): Promise<void> {
  await t.redis?.start();
  await t.gate.listen(t.gate.port);
}

/** `curvechat_joined_sockets` of a node: sockets joined to a room there (read from its /metrics). */
export async function joinedSockets(node: Node): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
  const line = text.split('\n').find((l) => l.startsWith('curvechat_joined_sockets '));
  return line ? Number(line.split(' ')[1]) : NaN;
}

/** Joined sockets per node, e.g. `{ n1: 1, n2: 1, n3: 1 }` (only nodes that are still running). */
export async function placement(nodes: Node[]): Promise<Record<string, number>> {
  const alive = nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
  const counts = await Promise.all(alive.map((n) => joinedSockets(n)));
  return Object.fromEntries(alive.map((n, i) => [n.name, counts[i]]));
}

/** A member in its own browser context whose relative URLs go to `baseURL` (the proxy). */
export async function newMemberAt(browser: Browser, name: string, baseURL: string): Promise<Member> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const traffic = capture(page);
  return { name, context, page, traffic };
}

/** How many times each bubble text appears in `page`'s chat. */
export async function bubbleCounts(page: Page): Promise<Map<string, number>> {
  const texts = await page.locator('curvechat-message [data-testid="text"]').allTextContents();
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Asserts `page` shows exactly the texts in `expected`, each exactly once (nothing lost, nothing twice). */
export async function expectEachShownOnce(page: Page, who: string, expected: string[]): Promise<void> {
  const counts = await bubbleCounts(page);
  const wrong = expected.filter((t) => counts.get(t) !== 1).map((t) => `${t} ×${counts.get(t) ?? 0}`);
  const extra = [...counts.keys()].filter((t) => !expected.includes(t));
  expect(wrong, `${who}: messages not shown exactly once`).toEqual([]);
  expect(extra, `${who}: unexpected messages`).toEqual([]);
}

/** The delivery badge of `text` for recipient `to` in the sender's page. */
export function deliveryBadge(page: Page, text: string, to: string) {
  return bubble(page, text)
    .getByTestId('delivery')
    .filter({ hasText: `${to}:` });
}

/**
 * The delivery state each outgoing bubble of `page` shows, per recipient: `{ text: { name: state } }`
 * (read in one pass, so polling it over many messages stays cheap). A bubble without a badge for a
 * recipient in `to` reads 'missing'; badges for anyone else are listed under their text.
 */
export async function deliveryStates(
  page: Page,
  to: string[],
): Promise<Record<string, Record<string, string>>> {
  const rows = await page.locator('curvechat-message[outgoing]').evaluateAll((hosts) =>
    hosts.map((host) => {
      const root = host.shadowRoot ?? host;
      const text = root.querySelector('[data-testid="text"]')?.textContent ?? '';
      const badges = [...root.querySelectorAll('[data-testid="delivery"]')].map((li) => ({
        text: li.textContent ?? '',
        state: li.getAttribute('data-state') ?? '',
      }));
      return { text, badges };
    }),
  );
  const out: Record<string, Record<string, string>> = {};
  for (const { text, badges } of rows) {
    const states: Record<string, string> = {};
    for (const name of to) states[name] = badges.find((b) => b.text.includes(`${name}:`))?.state ?? 'missing';
    for (const b of badges)
      if (!to.some((name) => b.text.includes(`${name}:`))) states[b.text.trim()] = b.state;
    out[text] = states;
  }
  return out;
}

/** Waits until `page` shows each of `texts` as its own message, delivered to every name in `to`, and nothing else pending. */
export async function expectDelivered(
  page: Page,
  texts: string[],
  to: string[],
  timeout: number,
): Promise<void> {
  const expected = Object.fromEntries(
    texts.map((t) => [t, Object.fromEntries(to.map((name) => [name, 'delivered']))]),
  );
  await expect
    .poll(() => deliveryStates(page, to), { timeout, message: 'delivery states' })
    .toEqual(expected);
}

/** What `page` shows about the other members: for each peer name, its member id and safety number. */
export async function peerIdentities(
  page: Page,
  peers: string[],
): Promise<Record<string, { id: string | null; safety: string }>> {
  const out: Record<string, { id: string | null; safety: string }> = {};
  for (const name of peers) {
    const safety = (await safetyNumber(page, name)).join(' ');
    const id = await peerCard(page, name).locator('article').getAttribute('data-peer-id');
    out[name] = { id, safety };
  }
  return out;
}

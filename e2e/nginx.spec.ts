// deploy/nginx.conf for real (issue 10): Debian's nginx with that very file (only upstreams, ports and
// certificate paths substituted) terminates TLS in front of two relays under BASE_PATH /chat/ and a real
// redis-server. Two Chromium members chat through it, one relay is killed with SIGKILL, and the chat goes on
// through nginx after reconnection; a forged X-Forwarded-For does not change the address the relays count.
import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { io as connectClient, type Socket } from 'socket.io-client';
import {
  capture,
  generateKeys,
  safetyNumber,
  sendMessage,
  bubble,
  uniqueRoom,
  type Member,
} from './helpers.js';
import {
  BASE_PATH,
  MAX_PER_ADDRESS,
  joinedSockets,
  startNginxTopology,
  stopNginxTopology,
  type NginxTopology,
} from './nginx-helpers.js';
import { stopChild } from '../test/integration/harness-process.js';

test.describe.configure({ mode: 'serial' });

const room = uniqueRoom('nginx');
let topo: NginxTopology | undefined;
const members: Member[] = [];
const RECOVERY_MS = 45_000;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  topo = await startNginxTopology();
});

test.afterAll(async () => {
  await Promise.all(members.map((m) => m.context.close().catch(() => undefined)));
  await stopNginxTopology(topo);
});

// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (!topo || testInfo.status === testInfo.expectedStatus) return;
  for (const r of topo.relays) await testInfo.attach(`${r.name}.log`, { body: r.output() });
  await testInfo.attach('nginx.log', { body: topo.output() });
});

/** A member in its own context on nginx's HTTPS origin (self-signed: certificate errors ignored). */
async function memberAt(browser: Browser, name: string, origin: string): Promise<Member> {
  const context = await browser.newContext({ baseURL: origin, ignoreHTTPSErrors: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  return { name, context, page, traffic: capture(page) };
}

/** Opens the prefixed invite link and joins `room` as the member. */
async function joinUnderPrefix(m: Member): Promise<void> {
  await m.page.goto(`${BASE_PATH}?room=${encodeURIComponent(room)}`);
  await expect(m.page.getByLabel('Room', { exact: true })).toHaveValue(room);
  await m.page.getByLabel('Name', { exact: true }).fill(m.name);
  await m.page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(m.page.getByTestId('room-name')).toHaveText(room);
  await expect(m.page.getByTestId('connection')).toHaveText('Connected');
}

/** Status and Location of a GET through nginx, without following redirects. */
async function head(api: APIRequestContext, path: string): Promise<[number, string | undefined]> {
  const res = await api.get(path, { maxRedirects: 0 });
  return [res.status(), res.headers().location];
}

test('nginx serves the app, assets and probes under /chat/ only, and fences /chat/metrics', async ({
  playwright,
}) => {
  const t = topo!;
  const api = await playwright.request.newContext({ baseURL: t.origin, ignoreHTTPSErrors: true });
  expect(await head(api, '/chat/healthz')).toEqual([200, undefined]);
  expect(await (await api.get('/chat/readyz')).json()).toEqual({ status: 'ready' });
  expect(await head(api, '/')).toEqual([302, `${t.origin}/chat/`]);
  expect(await head(api, '/chat')).toEqual([301, '/chat/']);
  for (const outside of ['/healthz', '/readyz', '/metrics', '/socket.io/', '/index.html', '/favicon.svg'])
    expect((await api.get(outside, { maxRedirects: 0 })).status(), outside).toBe(404);
  // Metrics through nginx only from private networks (loopback is not one of them).
  expect((await api.get('/chat/metrics')).status()).toBe(403);
  const page = await api.get('/chat/');
  expect(page.status()).toBe(200);
  expect(page.headers()['strict-transport-security']).toMatch(/max-age=/); // TLS_PROXY=1 behind nginx
  const html = await page.text();
  const refs = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
  expect(refs.length).toBeGreaterThan(2);
  for (const ref of refs) expect((await api.get(`/chat/${ref}`)).status(), ref).toBe(200);
  await api.dispose();
});

test('two members chat through nginx under /chat/: keys, messages both ways, prefixed invite link', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const t = topo!;
  for (const name of ['Alice', 'Bob']) {
    const m = await memberAt(browser, name, t.origin);
    members.push(m);
    const sockets: string[] = [];
    m.page.on('websocket', (ws) => sockets.push(ws.url()));
    await joinUnderPrefix(m);
    expect(sockets[0]).toMatch(new RegExp(`^wss://127\\.0\\.0\\.1:${t.httpsPort}/chat/socket\\.io/\\?`));
  }
  const [alice, bob] = members as [Member, Member];
  await generateKeys(alice.page);
  await generateKeys(bob.page);
  expect(await safetyNumber(alice.page, 'Bob')).toEqual(await safetyNumber(bob.page, 'Alice'));
  await sendMessage(alice.page, 'Hello Bob, through nginx');
  await expect(bubble(bob.page, 'Hello Bob, through nginx')).toHaveCount(1);
  await sendMessage(bob.page, 'Hello Alice, under /chat/');
  await expect(bubble(alice.page, 'Hello Alice, under /chat/')).toHaveCount(1);

  // The invite link keeps the prefix.
  await alice.page.getByRole('button', { name: 'Copy invite link' }).click();
  await expect(alice.page.getByText('Link copied.')).toBeVisible();
  const link = await alice.page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(`${t.origin}/chat/?room=${encodeURIComponent(room)}`);
  for (const m of members) expect(m.traffic.frames.join('\n')).not.toContain('through nginx');
});

test('SIGKILL of a relay: the member on it reconnects through nginx and the chat goes on both ways', async () => {
  test.setTimeout(90_000);
  const t = topo!;
  const counts = await Promise.all(t.relays.map((r) => joinedSockets(r)));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
  const victim = t.relays[counts.findIndex((n) => n > 0)]!;
  const survivor = t.relays.find((r) => r !== victim)!;
  await stopChild(victim.child, 'SIGKILL');
  expect(victim.child.signalCode).toBe('SIGKILL');

  // The members whose relay died (one, or both when nginx put them together) lost it, came back through
  // nginx and re-joined as the same members.
  const onVictim = counts[t.relays.indexOf(victim)]!;
  const lost = (m: Member) => m.page.getByRole('log').getByText('Connection to the relay lost');
  await expect
    .poll(async () => (await lost(members[0]!).count()) + (await lost(members[1]!).count()))
    .toBe(onVictim);
  for (const m of members) {
    await expect(m.page.getByTestId('connection')).toHaveText('Connected', { timeout: RECOVERY_MS });
    if ((await lost(m).count()) === 0) continue;
    await expect(
      m.page.getByRole('log').getByText(`Reconnected: rejoined room ${room} as the same member`),
    ).not.toHaveCount(0, { timeout: RECOVERY_MS });
  }
  await expect.poll(() => joinedSockets(survivor), { timeout: RECOVERY_MS }).toBe(2);
  const [alice, bob] = members as [Member, Member];
  await sendMessage(alice.page, 'Still here after the kill?');
  await expect(bubble(bob.page, 'Still here after the kill?')).toHaveCount(1, { timeout: RECOVERY_MS });
  await sendMessage(bob.page, 'Yes, through the other relay.');
  await expect(bubble(alice.page, 'Yes, through the other relay.')).toHaveCount(1, { timeout: RECOVERY_MS });
  // Same keys on both sides: the channel survived the move.
  expect(await safetyNumber(alice.page, 'Bob')).toEqual(await safetyNumber(bob.page, 'Alice'));
  for (const m of members) expect(m.traffic.dialogs).toEqual([]);
});

test('TRUST_PROXY=1: the relay counts the address nginx saw, not a forged X-Forwarded-For entry', async () => {
  const t = topo!;
  const survivor = t.relays.find((r) => r.child.exitCode === null && r.child.signalCode === null)!;
  const opened: Socket[] = [];
  // Node-only ws option: another client on the loopback network, as nginx sees it.
  const fromAnotherAddress = { localAddress: '127.0.0.3' };
  /** A Socket.IO connection through nginx from source address 127.0.0.3 claiming to be `forged`; true when it connects. */
  const tryFrom = async (forged: string): Promise<boolean> => {
    const socket = connectClient(t.origin, {
      ...fromAnotherAddress,
      path: `${BASE_PATH}socket.io`,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      rejectUnauthorized: false,
      extraHeaders: { 'X-Forwarded-For': forged },
    });
    opened.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
    });
  };
  try {
    // Each claims another address; all are 127.0.0.3 to the relay, so exactly the cap connects.
    const results: boolean[] = [];
    for (let i = 1; i <= MAX_PER_ADDRESS + 1; i++) results.push(await tryFrom(`203.0.113.${i}`));
    expect(results).toEqual([...Array<boolean>(MAX_PER_ADDRESS).fill(true), false]);
    // The members (127.0.0.1 as nginx saw them) are not affected, and the log names 127.0.0.3 only.
    for (const m of members) await expect(m.page.getByTestId('connection')).toHaveText('Connected');
    await expect.poll(() => survivor.output()).toContain('"address":"127.0.0.3"');
    expect(survivor.output()).not.toContain('203.0.113.');
  } finally {
    for (const s of opened) s.close();
  }
});

// End to end: the instance's file size limit (MAX_FILE_BYTES, served at <BASE_PATH>config.json; docs/protocol.md
// Extensions, "Instance settings"). Relays of their own with a small limit, at / and under BASE_PATH; and the
// suite's relay with config.json broken, where the client falls back to 25 MB and says so in the activity log.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import { generateKeys, joinRoom, safetyNumber, test, uniqueRoom, type Member } from './helpers.js';
import { newMemberAt } from './multinode-helpers.js';
import { ROOT, killAll, startNode, type Node } from '../test/integration/cluster.js';

test.describe.configure({ mode: 'serial' });

/** The limit of the relays this spec starts: 100 kB. */
const LIMIT = '100000';
let plain: Node | undefined;
let prefixed: Node | undefined;
const opened: Member[] = [];

test.beforeAll(async () => {
  for (const built of ['dist/server/server/index.js', 'dist/client/index.html'])
    if (!existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run npm run build first`);
  const env = { MAX_FILE_BYTES: LIMIT, STATIC_DIR: path.join(ROOT, 'dist/client'), LOG_LEVEL: 'warn' };
  plain = await startNode('limit', env, 'healthz', { built: true });
  prefixed = await startNode('limit-prefixed', { ...env, BASE_PATH: '/chat/' }, 'healthz', {
    built: true,
    basePath: '/chat/',
  });
});

test.afterEach(async () => {
  for (const m of opened.splice(0)) await m.context.close();
});

test.afterAll(async () => {
  await killAll();
});

/** `joinRoom` with a URL relative to the context's baseURL (`./?room=`), so it works under BASE_PATH too. */
async function joinHere(page: Page, name: string, room: string): Promise<void> {
  await page.goto(`./?room=${encodeURIComponent(room)}`);
  await expect(page.getByLabel('Room', { exact: true })).toHaveValue(room);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByTestId('connection')).toHaveText('Connected');
}

/** Alice and Bob at `baseURL`, joined to one fresh room, keys made, a channel both ways. */
async function pairAt(browser: Browser, baseURL: string): Promise<[Member, Member]> {
  const room = uniqueRoom('limit');
  const pair = [
    await newMemberAt(browser, 'Alice', baseURL),
    await newMemberAt(browser, 'Bob', baseURL),
  ] as const;
  opened.push(...pair);
  for (const m of pair) await joinHere(m.page, m.name, room);
  for (const m of pair) await generateKeys(m.page);
  await safetyNumber(pair[0].page, 'Bob');
  await safetyNumber(pair[1].page, 'Alice');
  return [pair[0], pair[1]];
}

/** Attach a file of `size` zero bytes through the composer's hidden file input. */
async function attach(page: Page, name: string, size: number): Promise<void> {
  await page
    .getByTestId('file-input')
    .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.alloc(size) });
}

test('MAX_FILE_BYTES=100000: the composer names 100.0 KB, a file above it is refused, one at it is sent', async ({
  browser,
}) => {
  const [alice, bob] = await pairAt(browser, `${plain!.url}/`);
  await expect(alice.page.getByText('Files up to 100.0 KB: Attach')).toBeVisible();
  await attach(alice.page, 'too-big.bin', 100_001);
  await expect(alice.page.getByTestId('file-error')).toHaveText(
    'File not sent: too-big.bin is 100.0 KB; files up to 100.0 KB can be sent.',
  );
  await expect(alice.page.getByTestId('file-name')).toHaveCount(0);
  // Barrier: a file of exactly the limit arrives, and the refused one never did.
  await attach(alice.page, 'just-fits.bin', 100_000);
  const arrived = bob.page.locator('curvechat-message').filter({ hasText: 'just-fits.bin' });
  await expect(arrived.getByTestId('file-download')).toBeVisible();
  await expect(bob.page.getByTestId('file-name')).toHaveCount(1);
  await expect(
    bob.page.locator('curvechat-activity-log li').getByText("Could not read this relay's settings"),
  ).toHaveCount(0);
});

test('under BASE_PATH=/chat/ the client reads /chat/config.json (a relative URL) and applies it', async ({
  browser,
}) => {
  const [alice] = await pairAt(browser, `${prefixed!.url}/chat/`);
  expect(new URL(alice.page.url()).pathname).toBe('/chat/');
  await expect(alice.page.getByText('Files up to 100.0 KB: Attach')).toBeVisible();
  await attach(alice.page, 'too-big.bin', 250_000);
  await expect(alice.page.getByTestId('file-error')).toHaveText(
    'File not sent: too-big.bin is 250.0 KB; files up to 100.0 KB can be sent.',
  );
});

test('config.json broken: the client uses 25 MB and says why in the activity log', async ({
  openMembers,
}) => {
  const [alice] = await openMembers('Alice');
  await alice!.page.route('**/config.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"maxFileBytes":"lots"}' }),
  );
  await joinRoom(alice!.page, 'Alice', uniqueRoom('limit-fallback'));
  await expect(
    alice!.page
      .locator('curvechat-activity-log li')
      .getByText(
        "Could not read this relay's settings (config.json: not valid settings); using the defaults: files up to 25.0 MB.",
      ),
  ).toHaveCount(1);
});

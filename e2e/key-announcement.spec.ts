// End to end (issue 8 item 4), Alice's real Chromium tab on a relay with a small per-member budget: junk from scripted
// members gets no receipt, so her new key still reaches Carol; and while the relay refuses her `key` (a second socket
// of her own member id spends the budget), the tab shows it pending with its retry count, no card says "secure
// channel", and once the relay allows it the key goes through.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { io as connectClient, type Socket } from 'socket.io-client';
import { joinHostile, type Hostile } from '../test/helpers/hostile.js';
import { ROOT, freePort, status, stopChild, track, waitFor } from '../test/integration/harness-process.js';
import { expectNoViolations } from './a11y-helpers.js';
import { bundleOnce, serveHarness } from './harness.js';
import { generateKeys, hexToBase64url, peerCard, sendMessage, test, uniqueRoom } from './helpers.js';

/**
 * A built relay of its own whose per-member budget is small (RATE_MEMBER_*, docs/deploy.md) and per-socket budget
 * large, so one socket of a member can spend what all its sockets share. Port E2E_AUX_PORT, else a free one.
 */
async function lowMemberBudgetRelay(): Promise<{ url: string; child: ChildProcess }> {
  const port = Number(process.env.E2E_AUX_PORT ?? 0) || (await freePort());
  const child = spawn(process.execPath, ['dist/server/server/index.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      STATIC_DIR: path.join(ROOT, 'dist/client'),
      RATE_EVENTS_PER_SECOND: '1000',
      RATE_BURST: '1000',
      RATE_MEMBER_EVENTS_PER_SECOND: '1',
      RATE_MEMBER_BURST: '20',
    },
    stdio: 'ignore',
  });
  track(child);
  const url = `http://localhost:${port}`;
  await waitFor('the low-budget relay', async () => (await status(`${url}/healthz`)) === 200, 20_000);
  return { url, child };
}

/** The key panel and the peer list alone, bundled once each, served under the strict CSP (no relay behind them). */
const panelBundle = bundleOnce({
  entry: 'client/components/curvechat-key-panel.ts',
  fileName: 'panel.js',
  prefix: 'key-panel-harness-',
});
const listBundle = bundleOnce({
  entry: 'client/components/curvechat-peer-list.ts',
  fileName: 'list.js',
  prefix: 'peer-list-harness-',
});
const HARNESS = 'http://localhost:39874';
const harnessPage = (script: string): string =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>key announcement</title>' +
  `<script type="module" src="/${script}"></script></head><body><main id="root"></main></body></html>`;

let relay: { url: string; child: ChildProcess } | undefined;
let twin: Socket | undefined;
/** Scripted members of the running test, closed after it. */
const scripted: Hostile[] = [];

/** Joins Alice's real tab to `room` on the low-budget relay, with keys, and a scripted Carol with a channel to her. */
async function aliceAndCarol(page: Page, room: string): Promise<{ carol: Hostile; aliceId: string }> {
  const url = relay!.url;
  await page.goto(`${url}/?room=${room}`);
  await page.getByLabel('Name', { exact: true }).fill('Alice');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await generateKeys(page);
  const c = await joinHostile(url, room, 'Carol');
  scripted.push(c);
  const aliceId = c.idOf('Alice')!;
  await c.channelWith(aliceId);
  await expect(peerCard(page, 'Carol').getByTestId('channel')).toHaveText('secure channel');
  return { carol: c, aliceId };
}

/** The public key the page shows (04 ‖ X ‖ Y), base64url as on the wire. */
async function shownPub(page: Page): Promise<string> {
  const hex = await page.getByTestId('public-key').locator('.hex').allTextContents();
  return hexToBase64url(`04${hex.join('')}`);
}

test.describe('announcing your key', () => {
  test.beforeAll(async () => {
    relay = await lowMemberBudgetRelay();
  });
  test.afterAll(async () => {
    if (relay) await stopChild(relay.child);
  });
  test.afterEach(() => {
    for (const h of scripted.splice(0)) h.close();
    twin?.close();
  });

  test('messages that do not open get no receipt, so junk cannot cost our key announcement', async ({
    openMembers,
  }) => {
    const room = uniqueRoom('junk-key');
    const [alice] = await openMembers('Alice');
    const page = alice!.page;
    const { carol, aliceId } = await aliceAndCarol(page, room);
    // Two members send 15 messages each that Alice cannot open: 30 receipts would spend her member budget (20).
    for (const name of ['Mallory', 'Trudy']) {
      const h = await joinHostile(relay!.url, room, name);
      scripted.push(h);
      for (let i = 0; i < 15; i++) {
        const body = { iv: randomBytes(12).toString('base64url'), ct: randomBytes(40).toString('base64url') };
        h.socket.emit('dm', { id: `${name}-${i}`, kind: 'msg', parts: [{ to: aliceId, body }] });
      }
    }
    const junk = page
      .locator('curvechat-activity-log li')
      .getByText(/Could not decrypt a message from (Mallory|Trudy)/);
    await expect(junk).toHaveCount(30);
    await expect(junk.first()).toContainText('No receipt was sent.');

    await generateKeys(page);
    await expect.poll(() => carol.keyOf(aliceId), { timeout: 15_000 }).toBe(await shownPub(page));
    await expect(page.getByTestId('key-announcement')).toHaveCount(0);
    // Barrier: Alice's message reaches each of them after any receipt she sent them before.
    await sendMessage(page, 'after the junk');
    for (const h of scripted.slice(1)) {
      await h.messagesArrived(1);
      expect(h.receipts).toEqual([]);
    }
  });

  test('a key the relay refuses is shown as pending with its retry, never as a secure channel, until it goes through', async ({
    openMembers,
  }) => {
    const url = relay!.url;
    const room = uniqueRoom('key-pending');
    const [alice] = await openMembers('Alice');
    const page = alice!.page;
    const { carol, aliceId } = await aliceAndCarol(page, room);
    const card = peerCard(page, 'Carol');
    const oldPub = carol.keyOf(aliceId);

    // A second socket of Alice's member id (her tab's resume) spends the budget all her sockets share.
    const resume = await page.evaluate(() => sessionStorage.getItem('curvechat.resume'));
    twin = connectClient(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    const joined = await twin.timeout(5000).emitWithAck('join', { room, name: 'Alice', resume });
    expect(joined.ok).toBe(true);
    const burn = setInterval(() => twin?.emit('who', {}), 5);
    try {
      await expect
        .poll(async () => (await twin!.timeout(5000).emitWithAck('who', {})).error?.code)
        .toBe('rate-limited');
      await page.getByRole('button', { name: 'Generate keys', exact: true }).click();
      const pending = page.getByTestId('key-announcement');
      await expect(pending).toContainText('Announcing your key… (retry 2 of 7)');
      await expect(pending).toContainText('Too many requests');
      await expect(card.getByTestId('channel')).toHaveText('announcing your key…');
      await expect(card.getByTestId('key-pending')).toContainText(
        'Carol does not have your current public key yet',
      );
      await expect(page.getByText('Keys derived with 1 of 1; they get your public key')).toBeVisible();
      expect(carol.keyOf(aliceId)).toBe(oldPub);
      await expectNoViolations(page, 'a pending key announcement');
    } finally {
      clearInterval(burn);
    }
    twin.close();

    // The budget refills: the next retry goes through, and Carol gets the key the page shows.
    await expect(page.getByTestId('key-announcement')).toHaveCount(0, { timeout: 20_000 });
    await expect(card.getByTestId('channel')).toHaveText('secure channel');
    await expect(card.getByTestId('key-pending')).toHaveCount(0);
    await expect.poll(() => carol.keyOf(aliceId)).toBe(await shownPub(page));
  });

  test('when every try failed: the reason as an alert, Try again asks for a new announcement, the card says so', async ({
    page,
  }) => {
    const failed = {
      state: 'failed',
      refusals: 8,
      maxTries: 8,
      reason: 'Too many requests in a short time; wait a moment and try again.',
    };
    await serveHarness(page, { origin: HARNESS, dir: await panelBundle(), page: harnessPage('panel.js') });
    await page.goto(`${HARNESS}/`);
    await page.waitForFunction(() => customElements.get('curvechat-key-panel') !== undefined);
    await page.evaluate((announcement) => {
      const el = document.createElement('curvechat-key-panel');
      const hex = '04' + 'ab'.repeat(64);
      el.key = {
        ...{ curve: 'P-256', pub: 'x', pubHex: hex, bits: 256, privateHex: 'cd'.repeat(32), createdAt: 0 },
        coords: { x: 'ab'.repeat(32), y: 'ab'.repeat(32) },
      };
      el.announcement = announcement as typeof el.announcement;
      el.addEventListener('announce-key', () => document.body.setAttribute('data-asked', 'yes'));
      document.querySelector('#root')!.append(el);
    }, failed);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Your public key could not be announced: Too many requests');
    await expect(alert).toContainText('they cannot read what you send');
    await expectNoViolations(page, 'a failed key announcement');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(page.locator('body')).toHaveAttribute('data-asked', 'yes');

    await serveHarness(page, { origin: HARNESS, dir: await listBundle(), page: harnessPage('list.js') });
    await page.goto(`${HARNESS}/`);
    await page.waitForFunction(() => customElements.get('curvechat-peer-list') !== undefined);
    await page.evaluate((announcement) => {
      const el = document.createElement('curvechat-peer-list');
      const derived = { zHex: '01', saltHex: '02', info: 'i', keyFingerprint: '03', safetyNumber: ['12345'] };
      el.peers = [{ id: 'c', name: 'Carol', label: 'Carol', verified: false, channel: 'ready', derived }];
      el.myCurve = 'P-256';
      el.announcement = announcement as typeof el.announcement;
      document.querySelector('#root')!.append(el);
    }, failed);
    await expect(page.getByTestId('channel')).toHaveText('your key not announced');
    await expect(page.getByTestId('key-pending')).toContainText(
      'Carol does not have your current public key yet: announcing it failed. Press Try again',
    );
    await expect(page.getByText('secure channel', { exact: true })).toHaveCount(0);
  });
});

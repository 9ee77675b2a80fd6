// End to end: a scripted hostile member (Node, real channel key) against Alice's real Chromium tab: odd but authentic
// times render as bubbles with text and an arrival-time marker, and a flood is refused with one activity line.
import { randomBytes } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { io as connectClient } from 'socket.io-client';
import { joinHostile, type Hostile } from '../test/helpers/hostile.js';
import { expectNoViolations } from './a11y-helpers.js';
import { bundleOnce, serveHarness } from './harness.js';
import { bubble, generateKeys, peerCard, test, type OpenRoom } from './helpers.js';

const port = Number(process.env.E2E_PORT ?? 3987);

/** The chat view alone, bundled once, served under the strict CSP (no relay behind it). */
const chatBundle = bundleOnce({
  entry: 'client/components/curvechat-chat.ts',
  fileName: 'chat.js',
  prefix: 'chat-harness-',
});
const HARNESS = 'http://localhost:39873';
const PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>chat view</title>' +
  '<script type="module" src="/chat.js"></script></head><body><main id="root"></main></body></html>';

/** Alice (a real tab, with keys) and Mallory (scripted) in a fresh room, with a channel both ways. */
async function aliceAndMallory(
  openRoom: OpenRoom,
  prefix: string,
): Promise<{ page: Page; h: Hostile; alice: string }> {
  const { room, members } = await openRoom(prefix, 'Alice');
  const page = members[0]!.page;
  await generateKeys(page);
  const h = await joinHostile(`http://localhost:${port}`, room, 'Mallory');
  hostile = h;
  const alice = h.idOf('Alice');
  if (!alice) throw new Error('Alice is not in the room');
  await h.channelWith(alice);
  await expect(peerCard(page, 'Mallory').getByTestId('channel')).toHaveText('secure channel');
  return { page, h, alice };
}

/** The hostile member of the running test, closed after it. */
let hostile: Hostile | undefined;

test.describe('a hostile member', () => {
  test.afterEach(() => hostile?.close());

  test('odd but authentic times show as the arrival time with a marker, never a blank bubble', async ({
    openRoom,
  }) => {
    const { page, h, alice } = await aliceAndMallory(openRoom, 'odd-ts');
    const huge = `huge ${'h'.repeat(40_000)}`;
    await h.send(alice, 'far', { type: 'text', text: 'from the far future', ts: 1e300 });
    await h.send(alice, 'neg', { type: 'text', text: 'before 1970', ts: -1 });
    await h.send(alice, 'nan', '{"type":"text","text":"nan time","ts":"NaN"}');
    await h.send(alice, 'huge', { type: 'text', text: huge, ts: Date.now() });
    await h.send(alice, 'last', { type: 'text', text: 'an ordinary message', ts: Date.now() });
    // One peer's messages are opened in order: once the last is shown, every earlier one was handled.
    await expect(bubble(page, 'an ordinary message')).toBeVisible();

    const year = String(new Date().getUTCFullYear());
    for (const text of ['from the far future', 'before 1970']) {
      const b = bubble(page, text);
      await expect(b).toBeVisible();
      await expect(b.getByTestId('time-marker')).toContainText('arrival time');
      await expect(b.getByTestId('arrival-time')).toHaveAttribute('datetime', new RegExp(`^${year}-`));
      await expect(b.getByTestId('arrival-time')).toHaveText(/\d\d:\d\d/);
    }
    await expect(bubble(page, 'an ordinary message').getByTestId('time-marker')).toHaveCount(0);
    await expect(bubble(page, huge)).toBeVisible();
    await expect(bubble(page, 'nan time')).toHaveCount(0);
    await expect(page.locator('curvechat-activity-log li').getByText('no valid timestamp')).toHaveCount(1);
    // Every bubble has its text: none is blank.
    const texts = page.locator('curvechat-message').getByTestId('text');
    await expect(texts).toHaveCount(4);
    for (const t of await texts.allTextContents()) expect(t.length).toBeGreaterThan(0);
  });

  test('bidi controls in a message are shown by name, so the text cannot be reordered', async ({
    openRoom,
  }) => {
    const { page, h, alice } = await aliceAndMallory(openRoom, 'bidi');
    await h.send(alice, 'bidi', { type: 'text', text: 'pay \u202Eevil\u202C to Bob', ts: Date.now() });
    const text = page.locator('curvechat-message').getByTestId('text').filter({ hasText: 'to Bob' });
    await expect(text).toHaveCount(1);
    await expect(text).toHaveText('pay ⟨RLO⟩evil⟨PDF⟩ to Bob');
    expect(await text.evaluate((el) => /[\u202a-\u202e\u2066-\u2069]/.test(el.textContent ?? ''))).toBe(
      false,
    );
  });

  test('a member who announces a copy of our public key is flagged on its card', async ({ openRoom }) => {
    const { room, members } = await openRoom('same-key', 'Alice');
    const page = members[0]!.page;
    await generateKeys(page);
    // Mallory joins and announces Alice's own public key, taken from the join ack.
    const mallory = connectClient(`http://localhost:${port}`, { transports: ['websocket'], forceNew: true });
    try {
      const joined = await mallory.timeout(5000).emitWithAck('join', {
        room,
        name: 'Mallory',
        resume: randomBytes(32).toString('base64url'),
      });
      const aliceKey = joined.peers.find((p: { name: string }) => p.name === 'Alice').key;
      expect((await mallory.timeout(5000).emitWithAck('key', aliceKey)).ok).toBe(true);
      const warning = peerCard(page, 'Mallory').getByTestId('same-key');
      await expect(warning).toContainText('Mallory announced the same public key as you.');
      await expect(warning).toContainText('at most one of them can read');
      await expectNoViolations(page, 'the same-key warning');
    } finally {
      mallory.close();
    }
  });

  test('a flood from one member is refused with one activity line and never shown in full', async ({
    openRoom,
  }) => {
    const { page, h, alice } = await aliceAndMallory(openRoom, 'flood');
    // 50 messages at once: within the relay's burst, far beyond the client's 20.
    for (let i = 0; i < 50; i++)
      await h.send(alice, `f${i}`, { type: 'text', text: `spam ${i}`, ts: Date.now() });
    // Barrier: the relay acks the step after handling every dm before it; Mallory leaving then reaches Alice
    // after all of them.
    await h.step('flood-done');
    h.close();
    const log = page.locator('curvechat-activity-log li');
    await expect(log.getByText('Mallory left the room')).toHaveCount(1);
    await expect(log.getByText(/Mallory is sending more than 5 messages a second/)).toHaveCount(1);
    await expect(bubble(page, 'spam 19')).toBeVisible(); // the 20th: within the burst
    const shown = await page.locator('curvechat-message').count();
    expect(shown).toBeGreaterThanOrEqual(20);
    expect(shown).toBeLessThan(50);
  });

  test('the chat view: a note for removed messages, and a bubble with text even for a time that is no date', async ({
    page,
  }) => {
    await serveHarness(page, { origin: HARNESS, dir: await chatBundle(), page: PAGE });
    await page.goto(`${HARNESS}/`);
    await page.waitForFunction(() => customElements.get('curvechat-chat') !== undefined);
    await page.evaluate(() => {
      const el = document.createElement('curvechat-chat');
      const m = (id: string, ts: number) => ({
        ...{ id, from: 'M', fromName: 'Mallory', text: `text ${id}`, ts, outgoing: false },
        ...{ wire: [], delivery: {} },
      });
      // A time the session would never pass unmarked: the view alone must still not throw on it.
      el.messages = [m('a', 1e300), m('b', Date.now())];
      el.removedMessages = 500;
      document.querySelector('#root')!.append(el);
    });
    const note = page.getByRole('note');
    await expect(note).toHaveText('500 older messages were removed to save memory.');
    await expect(page.locator('curvechat-message').getByTestId('text')).toHaveText(['text a', 'text b']);
    await expect(page.locator('curvechat-message').first().locator('time')).toHaveText('--:--');
  });
});

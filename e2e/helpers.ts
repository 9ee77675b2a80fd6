// Helpers for the chat end-to-end tests: join, generate keys, read peers and messages, capture the wire.
import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from '@playwright/test';

/** A fresh room name per test so runs never share a room. */
export function uniqueRoom(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Everything one page sent to or received from the relay, as text. */
export interface Traffic {
  frames: string[];
  dialogs: string[];
}

/**
 * Records every Socket.IO WebSocket frame (sent and received) and long-polling body of a page, and every
 * dialog it opens (a dialog would mean injected HTML ran). Call before the page navigates.
 */
export function capture(page: Page): Traffic {
  const t: Traffic = { frames: [], dialogs: [] };
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => t.frames.push(String(f.payload)));
    ws.on('framereceived', (f) => t.frames.push(String(f.payload)));
  });
  page.on('request', (req) => {
    if (req.url().includes('/socket.io/')) {
      const body = req.postData();
      if (body) t.frames.push(body);
    }
  });
  page.on('response', async (res) => {
    if (res.url().includes('/socket.io/')) t.frames.push(await res.text().catch(() => ''));
  });
  page.on('dialog', (d) => {
    t.dialogs.push(d.message());
    void d.dismiss();
  });
  return t;
}

/** A member: its own browser context and page. */
export interface Member {
  name: string;
  context: BrowserContext;
  page: Page;
  traffic: Traffic;
}

/** Opens a new browser context for `name` and starts capturing its traffic. */
export async function newMember(browser: Browser, name: string): Promise<Member> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const traffic = capture(page);
  return { name, context, page, traffic };
}

/** Opens one member per name, in order; each gets its own browser context. */
export type OpenMembers = (...names: string[]) => Promise<Member[]>;

/** Opens one member per name and joins them, in order, to a fresh room named after `prefix`. */
export type OpenRoom = (prefix: string, ...names: string[]) => Promise<{ room: string; members: Member[] }>;

/**
 * Playwright's `test` with an `openMembers` fixture whose members' contexts are all closed after the test, and
 * `openRoom` (members already joined to a fresh room).
 */
export const test = base.extend<{ openMembers: OpenMembers; openRoom: OpenRoom }>({
  openMembers: async ({ browser }, use) => {
    const opened: Member[] = [];
    await use(async (...names) => {
      const members: Member[] = [];
      for (const name of names) {
        const m = await newMember(browser, name);
        opened.push(m);
        members.push(m);
      }
      return members;
    });
    await Promise.all(opened.map((m) => m.context.close()));
  },
  openRoom: async ({ openMembers }, use) => {
    await use(async (prefix, ...names) => {
      const room = uniqueRoom(prefix);
      const members = await openMembers(...names);
      for (const m of members) await joinRoom(m.page, m.name, room);
      return { room, members };
    });
  },
});

/** Opens the invite link for `room` and joins it as `name`. */
export async function joinRoom(page: Page, name: string, room: string): Promise<void> {
  await page.goto(`/?room=${encodeURIComponent(room)}`);
  await expect(page.getByLabel('Room', { exact: true })).toHaveValue(room);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByTestId('room-name')).toHaveText(room);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
}

/** Picks `curve` (when given) and presses Generate keys; waits until the public key is shown. */
export async function generateKeys(page: Page, curve?: string): Promise<void> {
  if (curve) await page.getByRole('radio', { name: curve, exact: true }).check();
  const pub = page.getByTestId('public-key');
  const before = (await pub.count()) > 0 ? await pub.textContent() : null;
  await page.getByRole('button', { name: 'Generate keys', exact: true }).click();
  await expect(pub).toBeVisible();
  if (before !== null) await expect(pub).not.toHaveText(before);
  if (curve) await expect(pub).toContainText(curve);
}

/** Opens the teaching curves and generates a key pair on toy curve `id` (radio named by the lab's label). */
export async function generateToyKey(page: Page, id: string): Promise<void> {
  const radio = page.getByRole('radio', { name: new RegExp(`^${id}: `) });
  // The teaching curves fold open on a click; a second click (a second toy key) would fold them shut again.
  if (!(await radio.isVisible())) await page.getByText('Teaching curves', { exact: false }).click();
  await radio.check();
  await page.getByRole('button', { name: 'Generate keys', exact: true }).click();
  await expect(page.getByTestId('public-key')).toContainText(id);
}

/** A ready channel's badge on a toy curve (peer-notices.ts): it works, but it is no secure channel. */
export const TOY_CHANNEL = '⚠ works — toy curve, anyone can break it';

/** The card of peer `name` in `page`'s peer list. */
export function peerCard(page: Page, name: string): Locator {
  return page.locator('curvechat-peer').filter({
    has: page.getByTestId('peer-name').getByText(name, { exact: true }),
  });
}

/** Waits until `page` has a secure channel with `peer`, then reads the 12 safety-number groups. */
export async function safetyNumber(page: Page, peer: string): Promise<string[]> {
  const card = peerCard(page, peer);
  await expect(card.getByTestId('channel')).toHaveText('secure channel');
  const groups = card.getByTestId('safety-number').locator('li');
  await expect(groups).toHaveCount(12);
  return (await groups.allTextContents()).map((g) => g.trim());
}

/** Types `text` into the Message box and presses Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

/** Shows the chat's switches (desktop notifications, sender keys), folded under the composer by default. */
export async function openChatOptions(page: Page): Promise<void> {
  const button = page.getByTestId('chat-options');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
}

/** The bubble whose text is exactly `text`. */
export function bubble(page: Page, text: string): Locator {
  return page.locator('curvechat-message').filter({
    has: page.getByTestId('text').getByText(text, { exact: true }),
  });
}

/**
 * `first` and `second` take turns sending `texts` (`first` sends the 1st, 3rd, …): each text reaches the other as
 * exactly one bubble, the sender's own bubble turns "delivered", and its receipt was authenticated (no "unauthenticated
 * receipt" marker: on v2 it came back through the Double Ratchet).
 */
export async function chatInTurns(first: Member, second: Member, texts: readonly string[]): Promise<void> {
  for (const [i, text] of texts.entries()) {
    const [sender, receiver] = i % 2 === 0 ? [first, second] : [second, first];
    await sendMessage(sender.page, text);
    await expect(bubble(receiver.page, text)).toHaveCount(1);
    const own = bubble(sender.page, text);
    await expect(own.locator('[data-testid="delivery"][data-state="delivered"]')).toHaveCount(1);
    await expect(own.getByTestId('receipt-unauthenticated')).toHaveCount(0);
  }
}

/** Hex shown in the UI (grouped with spaces) as base64url, the way it travels on the wire. */
export function hexToBase64url(hex: string): string {
  return Buffer.from(hex.replace(/\s+/g, ''), 'hex').toString('base64url');
}

/** Opens the Eve tab on `page`, breaks member `name`'s toy key there and waits for d; returns Eve's panel. */
export async function breakKeyInEve(page: Page, name: string): Promise<Locator> {
  await page.getByRole('tab', { name: 'Eve' }).click();
  const panel = page.locator('curvechat-eve-panel');
  const target = panel.getByTestId('eve-target');
  await target.selectOption((await target.locator('option', { hasText: name }).getAttribute('value'))!);
  await panel.getByTestId('eve-start').click();
  await expect(panel.getByTestId('eve-d')).toHaveText(/^\d+$/);
  return panel;
}

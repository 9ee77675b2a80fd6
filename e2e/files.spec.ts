// End to end: encrypted files and images between two browsers through the real relay (docs/protocol.md Extensions,
// "Encrypted files"): exact bytes arrive, nothing readable crosses the wire, a reconnect resumes, the limit holds.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page, type WebSocketRoute } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import { generateKeys, joinRoom, safetyNumber, test, uniqueRoom, type Member } from './helpers.js';

const MB3 = 3 * 1024 * 1024;

/** The file bubble of `name` in `page`. */
function fileBubble(page: Page, name: string): Locator {
  return page
    .locator('curvechat-message')
    .filter({ has: page.getByTestId('file-name').getByText(name, { exact: true }) });
}

/** Two members with keys and a secure channel both ways. */
async function pair(openRoom: (p: string, ...n: string[]) => Promise<{ members: Member[] }>) {
  const { members } = await openRoom('files', 'Alice', 'Bob');
  const [alice, bob] = members as [Member, Member];
  await generateKeys(alice.page);
  await generateKeys(bob.page);
  await safetyNumber(alice.page, 'Bob');
  await safetyNumber(bob.page, 'Alice');
  return { alice, bob };
}

/** Attach a file through the composer's 📎 (its hidden file input). */
async function attach(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType, buffer });
}

/** Download the file of `bubble` in `page` and return its bytes. */
async function download(page: Page, bubble: Locator): Promise<Buffer> {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    bubble.getByTestId('file-download').click(),
  ]);
  return readFile((await dl.path())!);
}

/** Paste a freshly drawn 64×48 PNG into the message box (a real ClipboardEvent carrying a File). */
async function pasteImage(page: Page): Promise<void> {
  await page.getByLabel('Message', { exact: true }).focus();
  await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [64, 48];
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#c0392b';
    g.fillRect(0, 0, 64, 48);
    g.fillStyle = '#f1c40f';
    g.fillRect(16, 12, 32, 24);
    const blob = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), 'image/png'));
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'image.png', { type: 'image/png' }));
    let target: Element | null | undefined = document.activeElement;
    while (target?.shadowRoot?.activeElement) target = target.shadowRoot.activeElement;
    target!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, composed: true }));
  });
}

/** Drop a text file on the chat's message list (real dragover and drop events carrying a File). */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const list = page.getByRole('log', { name: 'Messages' });
  await list.evaluate(
    (el, [n, t]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t!], n!, { type: 'text/plain' }));
      for (const type of ['dragover', 'drop'])
        el.dispatchEvent(
          new DragEvent(type, { dataTransfer: dt, bubbles: true, composed: true, cancelable: true }),
        );
    },
    [name, text],
  );
}

test.describe('encrypted files', () => {
  test('a 3 MB binary file and a pasted image reach Bob intact; no plaintext chunk or file name crosses the wire', async ({
    openRoom,
  }) => {
    const { alice, bob } = await pair(openRoom);
    const data = randomBytes(MB3);
    const name = 'quarterly-pelican-report.bin';
    await attach(alice.page, name, 'application/octet-stream', data);

    const received = fileBubble(bob.page, name);
    await expect(received.getByTestId('file-progress')).toBeVisible();
    await expect(received.getByTestId('file-download')).toBeVisible({ timeout: 30_000 });
    expect((await download(bob.page, received)).equals(data)).toBe(true);
    // Alice sees Bob's confirmation (his ack after the SHA-256 matched).
    await expect(fileBubble(alice.page, name).getByTestId('file-recipient')).toContainText(
      'received, hash checked',
    );

    // The wire view shows the real chunk layout: 69 chunks (3 MiB / 45 KiB, rounded up), one body size, the wrap.
    const sent = fileBubble(alice.page, name);
    await sent.getByText('What crossed the wire').click();
    await expect(sent.getByTestId('file-chunk-count')).toHaveText('69');
    await expect(sent.getByTestId('file-wrap')).toContainText('For Bob');
    await expect(sent.getByTestId('file-ivs').locator('tbody tr')).toHaveCount(4);

    // An image pasted into the message box shows inline for Bob from a blob: URL.
    await pasteImage(alice.page);
    const img = fileBubble(bob.page, 'image.png').getByTestId('file-image');
    await expect(img).toBeVisible({ timeout: 15_000 });
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    expect(await img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(64);

    // Nothing readable on the wire: no file name, no plaintext slice in any encoding, only one chunk body size.
    const frames = [...alice.traffic.frames, ...bob.traffic.frames];
    const slices = [1000, MB3 / 2, MB3 - 100].map((at) => data.subarray(at, at + 48));
    for (const f of frames) {
      expect(f).not.toContain(name);
      expect(f).not.toContain('image.png');
      for (const s of slices)
        for (const enc of ['base64url', 'base64', 'hex'] as const) expect(f).not.toContain(s.toString(enc));
    }
    const chunkFrames = frames.filter((f) => f.includes('"file-chunk"') && f.startsWith('42["dm"'));
    expect(chunkFrames.length).toBeGreaterThanOrEqual(70);
    const sizes = new Set(
      chunkFrames.map((f) =>
        Buffer.byteLength(JSON.stringify((JSON.parse(f.slice(2)) as [string, { body: unknown }])[1].body)),
      ),
    );
    expect([...sizes]).toHaveLength(1);
  });

  test('a reconnect mid-transfer resumes the remaining chunks, and the bytes still match', async ({
    openMembers,
  }) => {
    const [alice, bob] = (await openMembers('Alice', 'Bob')) as [Member, Member];
    // Bob's WebSocket goes through a route we can cut, like a network drop; the client reconnects by itself.
    const routes: WebSocketRoute[] = [];
    await bob.context.routeWebSocket(/\/socket\.io\//, (ws) => {
      ws.connectToServer();
      routes.push(ws);
    });
    const room = uniqueRoom('resume');
    await joinRoom(alice.page, 'Alice', room);
    await joinRoom(bob.page, 'Bob', room);
    await generateKeys(alice.page);
    await generateKeys(bob.page);
    await safetyNumber(alice.page, 'Bob');
    await safetyNumber(bob.page, 'Alice');
    const data = randomBytes(MB3);
    const name = 'resume-me.bin';
    await attach(alice.page, name, 'application/octet-stream', data);
    const progress = fileBubble(bob.page, name).getByTestId('file-progress');
    const held = () => progress.evaluate((p: HTMLProgressElement) => p.value);
    await expect.poll(held, { timeout: 20_000 }).toBeGreaterThan(8);
    const before = routes.length;
    await routes
      .at(-1)!
      .close({ code: 1006, reason: 'dropped by the test' })
      .catch(() => undefined);
    // The session reconnects with the same member id (a new WebSocket) and the transfer goes on from where it was.
    await expect.poll(() => routes.length, { timeout: 20_000 }).toBeGreaterThan(before);
    expect(await held()).toBeLessThan(69);
    await expect(bob.page.getByTestId('connection')).toHaveText('Connected', { timeout: 30_000 });
    const received = fileBubble(bob.page, name);
    await expect(received.getByTestId('file-download')).toBeVisible({ timeout: 60_000 });
    expect((await download(bob.page, received)).equals(data)).toBe(true);
  });

  test('a file over the limit is refused with a plain message, and nothing is sent', async ({ openRoom }) => {
    const { alice, bob } = await pair(openRoom);
    await attach(alice.page, 'too-big.bin', 'application/octet-stream', Buffer.alloc(25_000_001));
    await expect(alice.page.getByTestId('file-error')).toHaveText(
      'File not sent: too-big.bin is 25.0 MB; files up to 25.0 MB can be sent.',
    );
    await expect(alice.page.getByTestId('file-name')).toHaveCount(0);
    // Barrier: a small file sent after it arrives, and the refused one never did.
    await attach(alice.page, 'small.txt', 'text/plain', Buffer.from('hello'));
    await expect(fileBubble(bob.page, 'small.txt').getByTestId('file-download')).toBeVisible();
    await expect(bob.page.getByTestId('file-name')).toHaveCount(1);
  });

  test('a dropped file and the file bubbles are accessible in light and dark, and either side can cancel', async ({
    openRoom,
  }) => {
    const { alice, bob } = await pair(openRoom);
    await dropFile(alice.page, 'notes.txt', 'plain notes');
    await pasteImage(alice.page);
    await expect(fileBubble(bob.page, 'notes.txt').getByTestId('file-download')).toBeVisible();
    await expect(fileBubble(bob.page, 'image.png').getByTestId('file-image')).toBeVisible();
    for (const scheme of ['light', 'dark'] as const) {
      await bob.page.emulateMedia({ colorScheme: scheme });
      await alice.page.emulateMedia({ colorScheme: scheme });
      await expectNoViolations(bob.page, `file bubbles (${scheme}, receiver)`);
      await expectNoViolations(alice.page, `file bubbles (${scheme}, sender)`);
    }
    // Bob cancels a large transfer: both sides say so.
    await attach(alice.page, 'big.bin', 'application/octet-stream', randomBytes(MB3));
    const incoming = fileBubble(bob.page, 'big.bin');
    await incoming.getByTestId('file-cancel').click();
    await expect(incoming.getByTestId('file-stopped')).toContainText('You cancelled it');
    await expect(fileBubble(alice.page, 'big.bin').getByTestId('file-recipient')).toContainText('cancelled');
    await expectNoViolations(bob.page, 'a cancelled file bubble');
  });
});

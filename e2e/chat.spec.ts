// End to end: three browsers chat over ECDH-derived AES-GCM through the real relay, and the UI stays honest.
import { expect } from '@playwright/test';
import {
  bubble,
  generateKeys,
  hexToBase64url,
  joinRoom,
  peerCard,
  safetyNumber,
  sendMessage,
  test,
  uniqueRoom,
  type Member,
} from './helpers.js';

/** In the page: request the image `x` and resolve once it has loaded or failed. */
function failedImage(): Promise<void> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve();
    img.onerror = () => resolve();
    img.src = 'x';
  });
}

test.describe('chat room', () => {
  test('Alice, Bob and Carol agree on safety numbers, chat both ways, and no plaintext crosses the wire', async ({
    openRoom,
  }) => {
    let { members } = await openRoom('trio', 'Alice', 'Bob', 'Carol');
    const [alice, bob, carol] = members as [Member, Member, Member];
    for (const m of members) await generateKeys(m.page);

    // Every pair sees the same 60 digits; different pairs see different numbers.
    const numbers = new Map<string, string>();
    for (const a of members) {
      for (const b of members) {
        if (a === b) continue;
        const groups = await safetyNumber(a.page, b.name);
        for (const g of groups) expect(g).toMatch(/^\d{5}$/);
        numbers.set(`${a.name}>${b.name}`, groups.join(' '));
      }
    }
    expect(numbers.get('Alice>Bob')).toBe(numbers.get('Bob>Alice'));
    expect(numbers.get('Alice>Carol')).toBe(numbers.get('Carol>Alice'));
    expect(numbers.get('Bob>Carol')).toBe(numbers.get('Carol>Bob'));
    expect(
      new Set([numbers.get('Alice>Bob'), numbers.get('Alice>Carol'), numbers.get('Bob>Carol')]).size,
    ).toBe(3);

    // Three v2 members use sender keys (docs/protocol.md "v2: how the browser client uses sender keys"): once each
    // holds the others' chains, a message is one signed broadcast.
    for (const m of members)
      await expect(m.page.getByTestId('sender-keys-line')).toContainText(
        'Sender keys in use: 2 of 2 v2 peers by broadcast',
      );

    // Messages to all three, in every direction; each shows its author on the receiving side.
    const texts: Record<string, string> = {
      Alice: 'Hello from Alice: the secret word is pelican',
      Bob: 'Bob here, reading you loud and clear',
      Carol: 'Carol says hi to both of you',
    };
    for (const sender of members) {
      const text = texts[sender.name]!;
      await sendMessage(sender.page, text);
      for (const receiver of members) {
        const b = bubble(receiver.page, text);
        await expect(b).toHaveCount(1);
        await expect(b.getByTestId('author')).toHaveText(
          receiver === sender ? `${sender.name} (you)` : sender.name,
        );
      }
      // A receipt from each of the two peers marks the message delivered to both.
      const own = bubble(sender.page, text);
      await expect(own.locator('[data-testid="delivery"][data-state="delivered"]')).toHaveCount(2);
    }

    // The expandable bubble shows what really crossed the wire: a sender-keys broadcast, so no IV travels (it comes
    // from the chain's message key), and a 16-byte tag...
    const received = bubble(bob.page, texts.Alice!);
    await received.getByText('What crossed the wire').click();
    await expect(received.getByTestId('iv')).toContainText('No IV on the wire');
    const ctHex = (await received.getByTestId('ct').textContent())!.replace(/\s+/g, '');
    const tagHex = (await received.getByTestId('tag').textContent())!.replace(/\s+/g, '');
    expect(tagHex).toMatch(/^[0-9a-f]{32}$/);
    // ...and the chain it names is Alice's current sender chain.
    const fp = (await received.getByTestId('wire-fingerprint').textContent())!.replace(/\s+/g, '');
    const line = (await alice.page.getByTestId('sender-keys-line').textContent()) ?? '';
    const chainId = /chain ([A-Za-z0-9_-]+), next message/.exec(line)?.[1] ?? '';
    expect(fp).toBe(Buffer.from(chainId, 'base64url').toString('hex'));

    // The wire: no plaintext in any frame of any member; the dm frames are `ratchet` dms with a header and ct
    // (distributions and receipts), the messages `bcast`s of kind `skmsg`, and the very ciphertext‖tag the bubble
    // shows was among them.
    const frames = members.flatMap((m) => m.traffic.frames);
    for (const text of Object.values(texts)) {
      for (const f of frames) expect(f).not.toContain(text);
      for (const f of frames) expect(f).not.toContain('pelican');
    }
    const dms = frames.filter((f) => /\["dm",/.test(f));
    expect(dms.length).toBeGreaterThan(0);
    expect(dms.some((f) => f.includes('"ratchet"') && f.includes('"h"') && f.includes('"ct"'))).toBe(true);
    const bcasts = frames.filter((f) => /\["bcast",/.test(f));
    expect(bcasts.length).toBeGreaterThan(0);
    for (const f of bcasts) expect(f).toContain('"kind":"skmsg"');
    expect(bcasts.some((f) => f.includes(hexToBase64url(ctHex + tagHex)))).toBe(true);

    // Leaving is live: when Carol closes her tab, the others see her go.
    await carol.context.close();
    members = [alice, bob];
    await expect(peerCard(alice.page, 'Carol')).toHaveCount(0);
    await expect(peerCard(bob.page, 'Carol')).toHaveCount(0);
    for (const m of members) expect(m.traffic.dialogs).toEqual([]);
  });

  test('names and messages containing HTML render as literal text', async ({ openMembers }) => {
    const room = uniqueRoom('html');
    const evilName = '<img src=x onerror=alert(1)>';
    const evilText = '<b>bold</b> <img src=x onerror=alert(2)> <script>alert(3)</script>';
    const members = await openMembers(evilName, 'Bob');
    const [mallory, bob] = members as [Member, Member];
    await joinRoom(mallory.page, evilName, room);
    await joinRoom(bob.page, 'Bob', room);
    await generateKeys(mallory.page);
    await generateKeys(bob.page);
    await safetyNumber(bob.page, evilName);

    await sendMessage(mallory.page, evilText);
    await sendMessage(bob.page, '<b>bold</b>');
    for (const m of members) {
      await expect(bubble(m.page, evilText)).toHaveCount(1);
      await expect(bubble(m.page, '<b>bold</b>')).toHaveCount(1);
      // No element was created from the text: no img, b or script anywhere in bubbles or peer cards.
      await expect(m.page.locator('curvechat-message :is(img, b, script)')).toHaveCount(0);
      await expect(m.page.locator('curvechat-peer :is(img, b, script)')).toHaveCount(0);
    }
    await expect(peerCard(bob.page, evilName).getByTestId('peer-name')).toHaveText(evilName);
    await expect(bubble(bob.page, evilText).getByTestId('author')).toHaveText(evilName);
    // Barrier: each page requests and fails an image of its own for the same URL `x`; by then any error
    // event of an img made from the text (whose onerror would alert) has been handled.
    for (const m of members) await m.page.evaluate(failedImage);
    for (const m of members) expect(m.traffic.dialogs).toEqual([]);
  });

  test('the join form explains invalid input next to each field and prefills the room from the link', async ({
    page,
    baseURL,
  }) => {
    await page.goto('/');
    const name = page.getByLabel('Name', { exact: true });
    const room = page.getByLabel('Room', { exact: true });
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.locator('#name-error')).toHaveText('Enter a name (1 to 32 characters).');
    await expect(page.locator('#room-error')).toHaveText('Enter a room name.');
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toBeFocused();

    await name.fill('x'.repeat(33));
    await room.fill('bad room!');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.locator('#name-error')).toHaveText('Name is 33 characters; the limit is 32.');
    await expect(page.locator('#room-error')).toHaveText(
      'Use letters, digits, dot, underscore or hyphen, starting with a letter or digit.',
    );
    await name.fill('Ada\u202e');
    await name.blur();
    await expect(page.locator('#name-error')).toHaveText(
      'Name contains control or text-direction characters.',
    );
    await expect(page.getByTestId('room-name')).toHaveCount(0);

    await page.goto('/?room=lab-7');
    await expect(room).toHaveValue('lab-7');
    await page.goto('/#Physics.2');
    await expect(room).toHaveValue('Physics.2');

    // After joining, the address bar holds the shareable link.
    await name.fill('Ada');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.getByTestId('room-name')).toHaveText('Physics.2');
    await expect(page).toHaveURL(/\?room=Physics\.2$/);

    // "Copy invite link" puts the same link on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy invite link' }).click();
    await expect(page.getByText('Link copied.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/?room=Physics.2`);
  });

  test('when the relay cannot be reached, the join form says so instead of failing silently', async ({
    page,
  }) => {
    await page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    await page.goto('/?room=lab');
    await page.getByLabel('Name', { exact: true }).fill('Ada');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    // While it tries, the form says so; the session gives up after its connect timeout (10 s).
    await expect(page.getByRole('button', { name: 'Joining…' })).toBeDisabled();
    await expect(page.getByTestId('connection')).toHaveText('Connecting…');
    await expect(page.getByRole('alert').filter({ hasText: 'Could not join:' })).toContainText(
      'Cannot reach the relay',
      { timeout: 20_000 },
    );
    await expect(page.getByRole('button', { name: 'Join', exact: true })).toBeEnabled();
    await expect(page.getByTestId('room-name')).toHaveCount(0);
  });

  test('a member on another curve is shown as a curve mismatch, and re-generating on the same curve fixes it', async ({
    openRoom,
  }) => {
    const { members } = await openRoom('mismatch', 'Alice', 'Bob');
    const [alice, bob] = members as [Member, Member];
    await generateKeys(alice.page);
    await generateKeys(bob.page, 'P-384');

    const bobOnAlice = peerCard(alice.page, 'Bob');
    await expect(bobOnAlice.getByTestId('channel')).toHaveText('curve mismatch');
    await expect(bobOnAlice.getByTestId('peer-curve')).toHaveText('P-384');
    await expect(bobOnAlice.getByTestId('mismatch')).toContainText('Bob uses P-384 and you use P-256');
    await expect(peerCard(bob.page, 'Alice').getByTestId('mismatch')).toContainText(
      'Alice uses P-256 and you use P-384',
    );

    // Sending with nobody on our curve is refused with a reason, and the text is kept.
    const box = alice.page.getByLabel('Message', { exact: true });
    await box.fill('anyone there?');
    await box.press('Enter');
    await expect(alice.page.getByRole('alert').filter({ hasText: 'Not sent:' })).toBeVisible();
    await expect(box).toHaveValue('anyone there?');

    // Bob switches to P-256: both re-derive and agree.
    await generateKeys(bob.page, 'P-256');
    expect(await safetyNumber(alice.page, 'Bob')).toEqual(await safetyNumber(bob.page, 'Alice'));
    await box.press('Enter');
    await expect(bubble(bob.page, 'anyone there?')).toHaveCount(1);
  });

  test('without WebCrypto (plain HTTP on a LAN address) the page explains why and how to fix it', async ({
    page,
    baseURL,
  }) => {
    // http://classroom.test is not a secure context, so the browser hides crypto.subtle exactly as it would
    // for http://192.168.x.y; requests are forwarded to the real relay.
    await page.route('http://classroom.test/**', async (route) => {
      const url = new URL(route.request().url());
      const response = await route.fetch({ url: `${baseURL}${url.pathname}${url.search}` });
      await route.fulfill({ response });
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('http://classroom.test/?room=lab');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    await expect(page.getByRole('heading', { name: 'This page cannot encrypt here' })).toBeVisible();
    await expect(page.getByText('secure context', { exact: true })).toBeVisible();
    await expect(page.getByText('http://localhost', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Name', { exact: true })).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});

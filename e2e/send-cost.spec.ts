// End to end: the bytes-on-the-wire line under the composer (<curvechat-send-cost>) against the frames really sent,
// in a room with a v2 browser peer and a scripted v1 client; its dialog by keyboard, axe clean light and dark.
import { expect, type Page } from '@playwright/test';
import { joinV1 } from '../test/integration/v1-scripted.js';
import { expectNoViolations } from './a11y-helpers.js';
import { bubble, generateKeys, peerCard, safetyNumber, sendMessage, test, type Member } from './helpers.js';

/** A `dm` this page sent with an ack: Engine.IO `4`, Socket.IO EVENT `2`, the ack number, then the JSON array. */
const SENT_DM = /^42(\d+)\["dm",\{"id":"([^"]+)","kind":"(msg|ratchet)","parts":/;

/** The byte count shown in `testId` ("1,096 B") as a number. */
async function shownBytes(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).first().textContent()) ?? '';
  const m = /([\d,]+)\s*B/.exec(text);
  expect(m, `a byte count in ${testId}: ${text}`).not.toBeNull();
  return Number(m![1]!.replace(/,/g, ''));
}

/** The `dm` frames (`msg` or `ratchet`) a page sent, with their ack number, id, kind and size in bytes. */
function sentDms(frames: string[]): { ack: string; id: string; kind: string; bytes: number }[] {
  return frames.flatMap((f) => {
    const m = SENT_DM.exec(f);
    return m ? [{ ack: m[1]!, id: m[2]!, kind: m[3]!, bytes: Buffer.byteLength(f) }] : [];
  });
}

test.describe('bytes on the wire per message', () => {
  test('the pairwise count equals the dm frames sent for the message (ratchet + msg), up to the ack digits', async ({
    openRoom,
    baseURL,
  }) => {
    const { room, members } = await openRoom('cost', 'Alice', 'Bob');
    const [alice, bob] = members as [Member, Member];
    for (const m of members) await generateKeys(m.page);
    const dave = await joinV1(baseURL!, room, 'Dave');
    try {
      await safetyNumber(alice.page, 'Bob');
      await safetyNumber(alice.page, 'Dave');
      await expect(peerCard(alice.page, 'Bob').getByTestId('peer-protocol')).toContainText('v2');
      await expect(peerCard(alice.page, 'Dave').getByTestId('peer-protocol')).toContainText('v1');

      // Before any message: the reference text, and what this client does now.
      const line = alice.page.getByTestId('send-cost');
      await expect(line).toContainText('140-character message');
      await expect(line.getByTestId('cost-in-use')).toHaveCount(1);

      const text = 'Grüße: "what does this cost?"';
      await sendMessage(alice.page, text);
      await expect(bubble(bob.page, text)).toHaveCount(1);
      await expect.poll(() => dave.received.map((r) => r.text)).toEqual([text]);
      await expect(line).toContainText('your last message');

      // The frames Alice sent for this message: one `ratchet` dm (Bob) and one `msg` dm (Dave), same id.
      const sent = sentDms(alice.traffic.frames);
      const ids = new Set(sent.map((s) => s.id));
      expect(ids.size, 'one message sent').toBe(1);
      const first = (kind: string) => sent.find((s) => s.kind === kind)!;
      const frames = [first('ratchet'), first('msg')];
      for (const f of frames) expect(f, 'a ratchet and a msg dm').toBeDefined();
      const onWire = frames.reduce((a, f) => a + f.bytes, 0);
      // The documented rounding: the model counts a one-digit ack number (ratchet counters are 0 here).
      const extraAckDigits = frames.reduce((a, f) => a + f.ack.length - 1, 0);
      const shown = await shownBytes(alice.page, 'cost-pairwise');
      expect(shown).toBe(onWire - extraAckDigits);

      // The dialog: opened and closed from the keyboard; the same number, the split and which one is used.
      const details = alice.page.getByRole('button', { name: 'Details' });
      await details.focus();
      await alice.page.keyboard.press('Enter');
      const dialog = alice.page.getByRole('dialog', { name: 'Bytes you send per message' });
      await expect(dialog).toBeVisible();
      expect(await shownBytes(alice.page, 'cost-pairwise-detail')).toBe(shown);
      await expect(dialog).toContainText('1 on v2, 1 on v1');
      await expect(dialog.getByTestId('send-mode')).toContainText('This client sends pairwise');
      const senderKeys = await shownBytes(alice.page, 'cost-senderkeys-detail');
      expect(senderKeys).toBeLessThan(shown);
      expect(await shownBytes(alice.page, 'cost-distribution')).toBeGreaterThan(0);
      await expectNoViolations(alice.page, 'the send-cost dialog');
      await alice.page.emulateMedia({ colorScheme: 'dark' });
      await expectNoViolations(alice.page, 'the send-cost dialog, dark');
      await alice.page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(details).toBeFocused();
      await expectNoViolations(alice.page, 'the send-cost line, dark');
      await alice.page.emulateMedia({ colorScheme: 'light' });
      await expectNoViolations(alice.page, 'the send-cost line, light');
    } finally {
      dave.socket.disconnect();
    }
  });

  test('a lone member sees no cost line; it appears with the first peer and follows the room', async ({
    openRoom,
  }) => {
    const { members } = await openRoom('cost-solo', 'Alice', 'Bob');
    const [alice, bob] = members as [Member, Member];
    await generateKeys(alice.page);
    await expect(alice.page.getByTestId('send-cost')).toHaveCount(0);
    await generateKeys(bob.page);
    await safetyNumber(alice.page, 'Bob');
    const line = alice.page.getByTestId('send-cost');
    await expect(line).toBeVisible();
    // A pair: the policy keeps pairwise (below 3 members), whatever the bytes say on this curve.
    await expect(line.getByTestId('cost-in-use')).toHaveCount(1);
    await alice.page.getByRole('button', { name: 'Details' }).click();
    await expect(alice.page.getByTestId('send-mode')).toContainText(
      'the policy keeps pairwise below 3 members (a room of 2 with you)',
    );
    // On P-256 a ratchet part's 65-byte public key outweighs the signature: the dialog says so when it is the case.
    const pairwise = await shownBytes(alice.page, 'cost-pairwise');
    const senderKeys = await shownBytes(alice.page, 'cost-senderkeys');
    await expect(alice.page.getByTestId('cost-below-threshold')).toHaveCount(senderKeys < pairwise ? 1 : 0);
    await alice.page.getByRole('button', { name: 'Close' }).click();
    await bob.page.getByRole('button', { name: 'Leave' }).click();
    await expect(line).toHaveCount(0);
  });

  test('hostile text (markup, 3000 characters, emoji): still the exact frame size, shown as text only', async ({
    openRoom,
  }) => {
    const { members } = await openRoom('cost-junk', 'Alice', 'Bob');
    const [alice, bob] = members as [Member, Member];
    for (const m of members) await generateKeys(m.page, 'X25519');
    await safetyNumber(alice.page, 'Bob');
    const text = `<img src=x onerror=alert(1)>🦉"\\${'y'.repeat(3000)}`;
    await sendMessage(alice.page, text);
    await expect(bubble(bob.page, text)).toHaveCount(1);
    await expect(alice.page.getByTestId('send-cost')).toContainText('your last message');
    const [frame, ...rest] = sentDms(alice.traffic.frames);
    expect(rest.every((f) => f.id === frame!.id)).toBe(true);
    expect(frame!.kind).toBe('ratchet');
    expect(await shownBytes(alice.page, 'cost-pairwise')).toBe(frame!.bytes - (frame!.ack.length - 1));
    await alice.page.getByRole('button', { name: 'Details' }).click();
    const dialog = alice.page.getByRole('dialog', { name: 'Bytes you send per message' });
    await expect(dialog).toContainText('<img src=x onerror=alert(1)>');
    await expect(dialog.locator('img')).toHaveCount(0);
    expect(alice.traffic.dialogs).toEqual([]);
  });
});

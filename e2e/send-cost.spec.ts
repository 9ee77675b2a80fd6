// End to end: the bytes-on-the-wire line under the composer (<curvechat-send-cost>) against the frames really sent,
// for a v2 pair (pairwise) and then with a scripted v1 client (sender keys); its dialog by keyboard, axe clean light and dark.
import { expect, type Page } from '@playwright/test';
import { joinV1 } from '../test/integration/v1-scripted.js';
import { expectNoViolations } from './a11y-helpers.js';
import { bubble, generateKeys, peerCard, safetyNumber, sendMessage, test, type Member } from './helpers.js';

/** A `dm` or `bcast` this page sent with an ack: Engine.IO `4`, Socket.IO EVENT `2`, the ack number, the JSON array. */
const SENT = /^42(\d+)\["(dm|bcast)",\{"id":"([^"]+)","kind":"(msg|ratchet|skmsg)"/;

/** The byte count shown in `testId` ("1,096 B") as a number. */
async function shownBytes(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).first().textContent()) ?? '';
  const m = /([\d,]+)\s*B/.exec(text);
  expect(m, `a byte count in ${testId}: ${text}`).not.toBeNull();
  return Number(m![1]!.replace(/,/g, ''));
}

/** The message frames (`msg`/`ratchet` dms, `skmsg` bcasts) a page sent: ack number, id, kind ('bcast' for a
 * broadcast) and size in bytes. */
function sentFrames(frames: string[]): { ack: string; id: string; kind: string; bytes: number }[] {
  return frames.flatMap((f) => {
    const m = SENT.exec(f);
    return m
      ? [{ ack: m[1]!, id: m[3]!, kind: m[2] === 'bcast' ? 'bcast' : m[4]!, bytes: Buffer.byteLength(f) }]
      : [];
  });
}

test.describe('bytes on the wire per message', () => {
  test('pairwise for a pair, then sender keys with a v1 member: each shown count equals the frames sent, up to the ack digits', async ({
    openRoom,
    baseURL,
  }) => {
    const { room, members } = await openRoom('cost', 'Alice', 'Bob');
    const [alice, bob] = members as [Member, Member];
    for (const m of members) await generateKeys(m.page);
    await safetyNumber(alice.page, 'Bob');
    await expect(peerCard(alice.page, 'Bob').getByTestId('peer-protocol')).toContainText('v2');

    // Before any message: the reference text, and what this client does now.
    const line = alice.page.getByTestId('send-cost');
    await expect(line).toContainText('140-character message');
    await expect(line).toContainText(/pairwise\s*[\d,]+ B\s*\(in use\)/);

    // A pair is pairwise: one `ratchet` dm to Bob.
    const first = 'Grüße: "what does this cost?"';
    await sendMessage(alice.page, first);
    await expect(bubble(bob.page, first)).toHaveCount(1);
    await expect(line).toContainText('your last message');
    const pair = sentFrames(alice.traffic.frames);
    expect(new Set(pair.map((s) => s.id)).size, 'one message sent').toBe(1);
    const ratchet = pair.find((s) => s.kind === 'ratchet');
    expect(ratchet, 'a ratchet dm').toBeDefined();
    // The documented rounding: the model counts a one-digit ack number (ratchet counters are 0 here).
    expect(await shownBytes(alice.page, 'cost-pairwise')).toBe(ratchet!.bytes - (ratchet!.ack.length - 1));

    // Dave (v1) makes three: sender keys switch on; once Bob holds Alice's chain, a message is one `bcast` + a
    // `msg` dm for Dave, and that is the sender-keys number shown.
    const dave = await joinV1(baseURL!, room, 'Dave');
    try {
      await safetyNumber(alice.page, 'Dave');
      await expect(peerCard(alice.page, 'Dave').getByTestId('peer-protocol')).toContainText('v1');
      await expect(line).toContainText(/sender keys\s*[\d,]+ B\s*\(in use\)/);
      const before = alice.traffic.frames.length;
      const text = 'Grüße again: "and with sender keys?"';
      await sendMessage(alice.page, text);
      await expect(bubble(bob.page, text)).toHaveCount(1);
      await expect.poll(() => dave.received.map((r) => r.text)).toEqual([text]);
      const sent = sentFrames(alice.traffic.frames.slice(before));
      const firstOf = (kind: string) => sent.find((s) => s.kind === kind);
      const frames = [firstOf('bcast'), firstOf('msg')];
      for (const f of frames) expect(f, 'a bcast and a msg dm').toBeDefined();
      expect(new Set(frames.map((f) => f!.id)).size, 'the same message id').toBe(1);
      const onWire = frames.reduce((a, f) => a + f!.bytes, 0);
      const extraAckDigits = frames.reduce((a, f) => a + f!.ack.length - 1, 0);
      const shown = await shownBytes(alice.page, 'cost-senderkeys');
      expect(shown).toBe(onWire - extraAckDigits);

      // The dialog: opened and closed from the keyboard; the same number, the split and which one is used.
      const details = alice.page.getByRole('button', { name: 'Details' });
      await details.focus();
      await alice.page.keyboard.press('Enter');
      const dialog = alice.page.getByRole('dialog', { name: 'Bytes you send per message' });
      await expect(dialog).toBeVisible();
      expect(await shownBytes(alice.page, 'cost-senderkeys-detail')).toBe(shown);
      await expect(dialog).toContainText('1 on v2, 1 on v1');
      await expect(dialog.getByTestId('send-mode')).toContainText('This client sends with sender keys');
      await expect(dialog.getByTestId('send-mode')).toContainText('every v2 member here (1 holds');
      expect(await shownBytes(alice.page, 'cost-pairwise-detail')).toBeGreaterThan(shown);
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
    const [frame, ...rest] = sentFrames(alice.traffic.frames);
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

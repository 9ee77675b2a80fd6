// End to end: two browsers negotiate v2, say so on the peer card, chat both ways through their Double Ratchet with
// authenticated receipts, and no plaintext crosses the wire (docs/protocol.md "v2: how the browser client uses it").
import { expect } from '@playwright/test';
import { joinV1 } from '../test/integration/v1-scripted.js';
import { expectNoViolations } from './a11y-helpers.js';
import {
  bubble,
  chatInTurns,
  generateKeys,
  peerCard,
  safetyNumber,
  sendMessage,
  test,
  type Member,
} from './helpers.js';

test.describe('protocol v2 between browsers', () => {
  test('the card says "v2 · Double Ratchet", both chat both ways, receipts are authenticated, frames hold no plaintext', async ({
    openRoom,
  }) => {
    const { room, members } = await openRoom('v2', 'Alice', 'Bob');
    const [alice, bob] = members as [Member, Member];
    for (const m of members) await generateKeys(m.page);
    await safetyNumber(alice.page, 'Bob');
    await safetyNumber(bob.page, 'Alice');
    for (const [viewer, peer] of [
      [alice, 'Bob'],
      [bob, 'Alice'],
    ] as const)
      await expect(peerCard(viewer.page, peer).getByTestId('peer-protocol')).toHaveText(
        'v2 · Double Ratchet — both speak v2',
      );
    // The derivation says which step each info string belongs to: K keeps v1's, the ratchet's root key has its own.
    const card = peerCard(alice.page, 'Bob');
    await card.getByText('How the shared key was derived').click();
    await expect(card.getByTestId('v1-step')).toContainText('v1 step: the channel key K.');
    await expect(card.getByTestId('k-info')).toHaveText(`curvechat/v1 P-256 ${room}`);
    await expect(card.getByTestId('v2-root-info')).toHaveText(`curvechat/v2 root P-256 ${room}`);
    await expect(card.getByTestId('v2-ratchet-info')).toHaveText('curvechat/v2 ratchet');

    const texts = ['Alice: the owl flies at midnight', 'Bob: the owl is asleep', 'Alice: then wake it'];
    // Each text arrives, turns "delivered", and its receipt came through the ratchet (no "unauthenticated" marker).
    await chatInTurns(alice, bob, texts);

    const received = bubble(bob.page, texts[0]!);
    await received.getByText('What crossed the wire').click();
    await expect(received.getByTestId('iv')).toContainText('No IV on the wire');

    // Every frame: no plaintext; the dms are `ratchet` (no v1 `msg`, no plain `receipt`); `key` carried v [1, 2].
    const frames = members.flatMap((m) => m.traffic.frames);
    for (const text of texts) for (const f of frames) expect(f).not.toContain(text);
    // Whole words only: a three-letter word like "owl" turns up in random base64url ciphertext by chance.
    for (const word of ['midnight', 'asleep']) for (const f of frames) expect(f).not.toContain(word);
    const dms = frames.filter((f) => /\["dm",/.test(f));
    expect(dms.length).toBeGreaterThan(0);
    for (const f of dms) {
      expect(f).toContain('"kind":"ratchet"');
      expect(f).not.toContain('"kind":"msg"');
      expect(f).not.toContain('"kind":"receipt"');
    }
    expect(frames.some((f) => /\["key",/.test(f) && f.includes('"v":[1,2]'))).toBe(true);
    for (const m of members) expect(m.traffic.dialogs).toEqual([]);
  });
});

test.describe('protocol v2 with a v1 client in the room', () => {
  test('the v1 pair stays v1 on the card, and its receipt is marked unauthenticated (axe clean)', async ({
    openRoom,
    baseURL,
  }) => {
    const { room, members } = await openRoom('v2v1', 'Alice');
    const [alice] = members as [Member];
    await generateKeys(alice.page);
    const dave = await joinV1(baseURL!, room, 'Dave');
    try {
      await safetyNumber(alice.page, 'Dave');
      await expect(peerCard(alice.page, 'Dave').getByTestId('peer-protocol')).toHaveText(
        "v1 — Dave's client speaks only v1 (it announces no versions)",
      );
      await sendMessage(alice.page, 'hello Dave');
      const own = bubble(alice.page, 'hello Dave');
      await expect(own.locator('[data-testid="delivery"][data-state="delivered"]')).toHaveCount(1);
      await expect(own.getByTestId('receipt-unauthenticated')).toContainText(
        "Dave's receipt is unauthenticated",
      );
      expect(dave.received.map((m) => m.text)).toEqual(['hello Dave']);
      // A v1 pair's derivation has K's info and no v2 root step.
      const card = peerCard(alice.page, 'Dave');
      await card.getByText('How the shared key was derived').click();
      await expect(card.getByTestId('k-info')).toHaveText(`curvechat/v1 P-256 ${room}`);
      await expect(card.getByTestId('v2-root-info')).toHaveCount(0);
      await expectNoViolations(alice.page, 'a v1 peer card and an unauthenticated receipt');
      await alice.page.emulateMedia({ colorScheme: 'dark' });
      await expectNoViolations(alice.page, 'the same, dark');
    } finally {
      dave.socket.disconnect();
    }
  });
});

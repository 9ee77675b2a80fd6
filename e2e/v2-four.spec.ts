// End to end (issue 11's proof): three browsers on v2 and one scripted v1 client in one room all chat both ways,
// each message is shown exactly once everywhere, and no plaintext word crosses the wire (docs/protocol.md
// "v2: how the browser client uses it"). Counts shown messages, not dm kinds, so it holds with sender keys too.
import { expect } from '@playwright/test';
import { joinV1 } from '../test/integration/v1-scripted.js';
import { bubble, generateKeys, peerCard, safetyNumber, sendMessage, test, type Member } from './helpers.js';
import { eventOf } from './v2-helpers.js';

// Whole, long, distinctive words: a short word turns up in random base64url ciphertext by chance.
const TEXTS = {
  Alice: 'Alice: the albatross circles the lighthouse',
  Bob: 'Bob: the kingfisher waits by the millstream',
  Carol: 'Carol: the periwinkle hides under driftwood',
  Dave: 'Dave: the cormorant sleeps on the breakwater',
} as const;
const WORDS = [
  'albatross',
  'lighthouse',
  'kingfisher',
  'millstream',
  'periwinkle',
  'driftwood',
  'cormorant',
  'breakwater',
];

test.describe('protocol v2: three browsers and a v1 client in one room', () => {
  test('every member sends, every other member shows each message once, the wire carries no plaintext', async ({
    openRoom,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const { room, members } = await openRoom('v2four', 'Alice', 'Bob', 'Carol');
    const browsers = members as [Member, Member, Member];
    for (const m of browsers) await generateKeys(m.page);
    const dave = await joinV1(baseURL!, room, 'Dave');
    try {
      // Every pair has a channel; the card says v2 between browsers and v1 with Dave.
      for (const viewer of browsers) {
        for (const peer of browsers) {
          if (peer === viewer) continue;
          await safetyNumber(viewer.page, peer.name);
          await expect(peerCard(viewer.page, peer.name).getByTestId('peer-protocol')).toHaveText(
            /^v2 · .*both speak v2$/,
          );
        }
        await safetyNumber(viewer.page, 'Dave');
        await expect(peerCard(viewer.page, 'Dave').getByTestId('peer-protocol')).toHaveText(
          "v1 — Dave's client speaks only v1 (it announces no versions)",
        );
      }

      for (const sender of browsers) await sendMessage(sender.page, TEXTS[sender.name as keyof typeof TEXTS]);
      const browserIds = browsers.map((b) => dave.ids.get(b.name));
      expect(browserIds.every((id) => id !== undefined)).toBe(true);
      const daveMsgId = await dave.send(TEXTS.Dave, browserIds as string[]);

      // Each browser shows every message once (its own and the three others'), and its own is delivered to all three.
      for (const viewer of browsers) {
        for (const text of Object.values(TEXTS)) await expect(bubble(viewer.page, text)).toHaveCount(1);
        const own = bubble(viewer.page, TEXTS[viewer.name as keyof typeof TEXTS]);
        await expect(own.locator('[data-testid="delivery"][data-state="delivered"]')).toHaveCount(3);
        // Only Dave's receipt is unauthenticated: the browsers' receipts travel inside the ratchet.
        await expect(own.getByTestId('receipt-unauthenticated')).toHaveCount(1);
        await expect(own.getByTestId('receipt-unauthenticated')).toContainText(
          "Dave's receipt is unauthenticated",
        );
      }
      // Dave opened exactly the three browsers' messages, and each browser answered his with an ok receipt.
      await expect.poll(() => dave.received.length).toBe(3);
      expect(dave.received.map((m) => m.text).sort()).toEqual([TEXTS.Alice, TEXTS.Bob, TEXTS.Carol].sort());
      await expect
        .poll(() => new Set(dave.receipts.filter((r) => r.id === daveMsgId && r.ok).map((r) => r.from)).size)
        .toBe(3);
      // Still exactly once after every receipt is in (a late copy would have shown by now).
      for (const viewer of browsers)
        for (const text of Object.values(TEXTS)) await expect(bubble(viewer.page, text)).toHaveCount(1);

      const frames = browsers.flatMap((m) => m.traffic.frames);
      for (const f of frames) {
        for (const text of Object.values(TEXTS)) expect(f).not.toContain(text);
        for (const word of WORDS) expect(f).not.toContain(word);
      }
      // A v1 `msg` only ever travels between a browser and Dave: browsers never speak v1 to each other.
      for (const b of browsers) {
        let v1Frames = 0;
        for (const f of b.traffic.frames) {
          const ev = eventOf(f);
          if (!ev || ev[0] !== 'dm' || ev[1].kind !== 'msg') continue;
          const p = ev[1];
          v1Frames++;
          if ('from' in p) expect(p.from).toBe(dave.id);
          else for (const part of p.parts as { to: string }[]) expect(part.to).toBe(dave.id);
        }
        // Its message to Dave and Dave's to it, at least.
        expect(v1Frames).toBeGreaterThanOrEqual(2);
      }
      for (const m of browsers) expect(m.traffic.dialogs).toEqual([]);
    } finally {
      dave.socket.disconnect();
    }
  });
});

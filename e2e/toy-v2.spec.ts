// End to end in real Chromium: a toy-curve room runs v2 (Double Ratchet, authenticated receipts, sender keys), and a
// third member playing Eve breaks one static key, then every ratchet key, and reads messages, receipts and broadcasts.
import { expect, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import {
  breakKeyInEve,
  chatInTurns,
  generateToyKey,
  peerCard,
  test,
  TOY_CHANNEL,
  type Member,
} from './helpers.js';

/** Saves a screenshot of the current viewport in the test's output folder. */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

test.describe('v2 in a toy room', () => {
  test('toy pairs chat on v2; Eve breaks a static key and each ratchet key and reads everything, receipts included', async ({
    openRoom,
  }) => {
    const { members } = await openRoom('toyv2', 'Alice', 'Bob', 'Eve');
    const [alice, bob, eve] = members as [Member, Member, Member];
    for (const m of [alice, bob]) await generateToyKey(m.page, 'toy-65521');
    for (const [viewer, peer] of [
      [alice, 'Bob'],
      [bob, 'Alice'],
    ] as const) {
      await expect(peerCard(viewer.page, peer).getByTestId('channel')).toHaveText(TOY_CHANNEL);
      await expect(peerCard(viewer.page, peer).getByTestId('peer-protocol')).toContainText('Double Ratchet');
    }
    const texts = ['Alice: meet at noon', 'Bob: by the fountain', 'Alice: bring the map', 'Bob: done'];
    await chatInTurns(alice, bob, texts);
    // No v1 `msg` and no plain receipt crossed the wire between them, and no plaintext.
    const frames = [alice, bob].flatMap((m) => m.traffic.frames);
    for (const f of frames.filter((x) => /\["dm",/.test(x))) {
      expect(f).not.toContain('"kind":"msg"');
      expect(f).not.toContain('"kind":"receipt"');
    }
    for (const word of ['noon', 'fountain'])
      for (const f of frames.filter((x) => /\["(dm|bcast)",/.test(x))) expect(f).not.toContain(word);

    // Alice's Ratchet view draws the toy pair; "Compromise now" says healing does not hold on a toy curve.
    await alice.page.getByRole('tab', { name: 'Math' }).click();
    await alice.page.locator('curvechat-math').getByRole('tab', { name: 'Double Ratchet' }).click();
    const view = alice.page.locator('curvechat-ratchet-view');
    await expect(view.getByRole('heading', { name: 'The Double Ratchet with Bob' })).toBeVisible();
    await expect(view).toContainText('on toy-65521');
    await view.getByRole('button', { name: 'Compromise now' }).click();
    await expect(view.getByTestId('eve-toy-caveat')).toContainText('only half the story');
    // Alice's ratchet keys as her table shows them: a fingerprint, and the whole key (base64url) as the tooltip.
    const shown = new Map(
      await view
        .getByTestId('ratchet-key')
        .evaluateAll((tds) => tds.map((td) => [td.textContent!.trim(), td.getAttribute('title')!] as const)),
    );
    expect(shown.size).toBeGreaterThanOrEqual(3);
    await alice.page.getByRole('tab', { name: 'Chat' }).click();

    // Eve (no key of her own) breaks Alice's static key in her panel.
    const panel = await breakKeyInEve(eve.page, 'Alice');
    const results = panel.locator('curvechat-eve-results');
    // Every text, whether it went pairwise or as a sender-keys broadcast, is read from the shared envelopes.
    for (const text of texts)
      await expect(results.getByTestId('eve-plaintext').filter({ hasText: text })).toHaveCount(1);
    // Receipts were read too, and the ratchet keys she had to break are listed with their d.
    await expect(
      results.getByTestId('eve-note').filter({ hasText: 'an encrypted receipt: "delivered"' }).first(),
    ).toBeVisible();
    const keys = results.getByTestId('eve-ratchet-keys').locator('tbody tr');
    await expect(keys.first()).toBeVisible();
    expect(await keys.count()).toBeGreaterThanOrEqual(3);
    // Each key Eve broke is written exactly as Alice's Ratchet view writes it, with the same whole key behind it.
    const broken = await keys.evaluateAll((trs) =>
      trs.map((tr) => {
        const td = tr.querySelectorAll('td')[2]!;
        return [td.textContent!.trim(), td.getAttribute('title')!] as const;
      }),
    );
    for (const [fp, pub] of broken) {
      expect(fp).toMatch(/^[0-9a-f]{16}$/);
      expect(shown.get(fp), `Eve's ${fp} in Alice's Ratchet view`).toBe(pub);
    }
    await expect(results.getByText('On a toy curve forward secrecy does not help')).toBeVisible();
    // Nothing between Alice and Bob stayed closed.
    await expect(results.locator('tr[data-status="failed"], tr[data-status="no-key"]')).toHaveCount(0);
    await eve.page.setViewportSize({ width: 1400, height: 900 });
    await results.getByTestId('eve-ratchet-keys').scrollIntoViewIfNeeded();
    await shot(eve.page, 'eve-ratchet-keys');
    await expectNoViolations(eve.page, "Eve's panel with ratchet keys (light)");
    await eve.page.emulateMedia({ colorScheme: 'dark' });
    await expectNoViolations(eve.page, "Eve's panel with ratchet keys (dark)");
  });
});

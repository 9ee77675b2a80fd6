// End to end: a presenter and two followers on the Math tab's exchange and key views — each follower shows its own data at the presenter's step.
import { expect, type Locator, type Page } from '@playwright/test';
import { generateKeys, generateToyKey, peerCard, test, TOY_CHANNEL, type Member } from './helpers.js';

/** The math sub-view `id` (reals, grid, keygen, exchange) of `page`. */
function mathView(page: Page, id: string): Locator {
  return page.locator('curvechat-math').locator(`#view-${id}`);
}

/** Opens the Math tab's sub-view named `tab` on `page`. */
async function openMath(page: Page, tab: string): Promise<void> {
  await page.getByRole('tab', { name: 'Math' }).click();
  await page.locator('curvechat-math').getByRole('tab', { name: tab }).click();
}

/** Presses a player's "Step forward" `n` times. */
async function stepForward(view: Locator, n: number): Promise<void> {
  const button = view.locator('curvechat-step-player').first().getByRole('button', { name: 'Step forward' });
  for (let i = 0; i < n; i++) await button.click();
}

/**
 * Generates toy keys on `page` until its private d is at least `min` (the key panel's revealed hex), so its
 * walk has the doublings the steps below look at: a random toy d is sometimes 1, whose walk is one step.
 */
async function generateToyKeyAtLeast(page: Page, id: string, min: number): Promise<void> {
  const reveal = page.getByTestId('private-key').getByRole('button', { name: 'Reveal' });
  for (let attempt = 0; attempt < 20; attempt++) {
    await generateToyKey(page, id);
    if (await reveal.isVisible()) await reveal.click();
    const hex = (await page.locator('#priv-value').textContent())!.replace(/\s/g, '');
    if (Number.parseInt(hex, 16) >= min) return;
  }
  throw new Error(`no ${id} key with d >= ${min} in 20 tries`);
}

/** The `present:step` details `m` sent, from its captured Socket.IO frames. */
function sentSteps(m: Member): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const f of m.traffic.frames) {
    if (!f.includes('"present:step"')) continue;
    try {
      const [event, payload] = JSON.parse(f.slice(f.indexOf('['))) as [
        string,
        { phase?: string; detail?: unknown },
      ];
      if (event === 'step' && payload.phase === 'present:step')
        out.push(payload.detail as Record<string, unknown>);
    } catch {
      // not a Socket.IO event frame
    }
  }
  return out;
}

test('Bob and Carol follow Alice: her exchange walk step on their own toy exchange, her key step on their own keys', async ({
  openRoom,
}) => {
  test.setTimeout(120_000);
  const { members } = await openRoom('follow-math', 'Alice', 'Bob', 'Carol');
  const [alice, bob, carol] = members as [Member, Member, Member];
  const followers = [bob, carol];
  await alice.page.getByTestId('present-toggle').click();
  for (const f of followers) await f.page.getByRole('button', { name: 'Follow Alice' }).click();

  // The exchange on toy-17: everyone has their own toy key, so everyone's walks differ.
  // Alice's d at least 4, so her walk has the doublings the steps below look at.
  await generateToyKeyAtLeast(alice.page, 'toy-17', 4);
  for (const m of followers) await generateToyKey(m.page, 'toy-17');
  for (const m of members)
    for (const other of members.filter((o) => o !== m))
      await expect(peerCard(m.page, other.name).getByTestId('channel')).toHaveText(TOY_CHANNEL);
  await openMath(alice.page, 'The exchange');
  const aliceEx = mathView(alice.page, 'exchange');
  // Three key steps, then two steps into Alice's walk d_A × Q_B.
  await stepForward(aliceEx, 5);
  await expect(aliceEx.locator('curvechat-step-player .pos')).toHaveText(/^6 \/ \d+$/);
  await expect(aliceEx.locator('curvechat-step-player .caption')).toContainText('Alice (you), bit');
  const aliceTotal = (await aliceEx.locator('curvechat-step-player .pos').textContent())!
    .split(' / ')[1]!
    .trim();
  for (const f of followers) {
    const view = mathView(f.page, 'exchange');
    await expect(view).toBeVisible();
    const note = view.getByTestId('follow-note');
    await expect(note).toContainText(
      `You are following Alice: showing your own exchange at Alice's step 6 of ${aliceTotal} (the first walk, d_A × Q_B, step 3 of`,
    );
    // The follower's own first walk (its own d × the peer's Q), at the same walk step or its last when shorter.
    await expect(view.locator('curvechat-step-player .caption')).toContainText(
      new RegExp(`${f.name} \\(you\\)(, bit| is done)`),
    );
    await expect(view.locator('.pair canvas').first()).toHaveAttribute(
      'aria-label',
      /walking: R = |result S = /,
    );
  }
  // Alice goes to the end: followers show the result, both walks meeting on S.
  await aliceEx.getByRole('button', { name: 'Last step' }).click();
  for (const f of followers) {
    const view = mathView(f.page, 'exchange');
    await expect(view.locator('p[role="status"]').filter({ hasText: 'Both land on' })).toContainText(
      '✓ matches',
    );
    await expect(view.getByTestId('follow-note')).toContainText('(AES-GCM, step 1 of 1)');
  }
  // What Alice published for the exchange: position and stage only.
  const exchange = sentSteps(alice).filter((d) => d.view === 'exchange');
  expect(
    exchange.some(
      (d) =>
        JSON.stringify(d.stage) ===
        JSON.stringify({ part: 'walk-a', index: 2, total: (d.stage as { total: number }).total }),
    ),
  ).toBe(true);
  for (const d of exchange)
    expect(Object.keys(d).sort()).toEqual(['curve', 'index', 'stage', 'total', 'view']);

  // The key view: real keys (Carol's on P-384, longer than Alice's P-256).
  await generateKeys(alice.page, 'P-256');
  await generateKeys(bob.page, 'P-256');
  await generateKeys(carol.page, 'P-384');
  await alice.page.locator('curvechat-math').getByRole('tab', { name: 'Your key, step by step' }).click();
  const aliceKey = mathView(alice.page, 'keygen');
  await aliceKey.getByRole('button', { name: /Show my key's bits/ }).click();
  await stepForward(aliceKey, 4);
  await expect(aliceKey.locator('curvechat-step-player .pos').first()).toHaveText('5 / 257');
  const bobKey = mathView(bob.page, 'keygen');
  await expect(bobKey).toBeVisible();
  await expect(bobKey.getByTestId('follow-note')).toHaveText(
    /^You are following Alice: showing your own key at Alice's step 5 of 257\. Press “Show my key's bits” to see that row\.$/,
  );
  await bobKey.getByRole('button', { name: /Show my key's bits/ }).click();
  await expect(bobKey.getByTestId('follow-note')).toHaveText(
    "You are following Alice: showing your own key at Alice's step 5 of 257.",
  );
  await expect(bobKey.locator('curvechat-step-player .pos').first()).toHaveText('5 / 257');
  const carolKey = mathView(carol.page, 'keygen');
  await carolKey.getByRole('button', { name: /Show my key's bits/ }).click();
  await expect(carolKey.getByTestId('follow-note')).toHaveText(
    "You are following Alice: showing your own key at Alice's step 5 of 257. Yours has 385 steps, so this is your step 5.",
  );
  await expect(carolKey.locator('curvechat-step-player .pos').first()).toHaveText('5 / 385');
  // Carol's row is her own key's (P-384: bit 383 − 4 = 379), not Alice's.
  await expect(carolKey.locator('tr.current td').first()).toHaveText('379');

  // A follower whose own key is a toy key: its grid takes Alice's step number on its own walk.
  await generateToyKey(carol.page, 'toy-17');
  await expect(carolKey.getByTestId('follow-note')).toContainText(
    "showing your own key at Alice's step 5 of 257. Your key is a toy key: the grid below moves to the same step number",
  );
  const toyPos = carolKey.locator('curvechat-curve-grid curvechat-step-player .pos').first();
  await expect
    .poll(async () => {
      const [at, of] = ((await toyPos.textContent()) ?? '').split(' / ').map((t) => Number(t.trim()));
      return at === Math.min(5, of ?? 0);
    })
    .toBe(true);

  // Stopping following removes the sentence; the view stays where it was.
  await bob.page.getByRole('button', { name: 'Follow Alice' }).click();
  await expect(bob.page.getByRole('button', { name: 'Follow Alice' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(bobKey.getByTestId('follow-note')).toHaveCount(0);
  await expect(bobKey.locator('curvechat-step-player .pos').first()).toHaveText('5 / 257');
});

// End to end: a presenter and two followers through the man-in-the-middle lab and the invalid-curve lab.
import { expect, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import { generateToyKey, test, type Member } from './helpers.js';

/** The `present:lab` details a page sent, parsed from its captured Socket.IO frames. */
function sentLabs(m: Member): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const f of m.traffic.frames) {
    if (!f.includes('"present:lab"')) continue;
    try {
      const [event, payload] = JSON.parse(f.slice(f.indexOf('['))) as [
        string,
        { phase?: string; detail?: unknown },
      ];
      if (event === 'step' && payload.phase === 'present:lab')
        out.push(payload.detail as Record<string, unknown>);
    } catch {
      // not a Socket.IO event frame
    }
  }
  return out;
}

/** The twelve groups of a safety-number column. */
const groups = (page: Page, who: string) => page.getByTestId(`safety-${who}`).locator('li').allTextContents();

test('two followers see the presenter’s MITM lab (keys, swap, messages, differing numbers) and invalid-curve lab', async ({
  openRoom,
}) => {
  const { members } = await openRoom('follow-labs', 'Pat', 'Sam', 'Kim');
  const [pat, ...followers] = members as [Member, Member, Member];
  await generateToyKey(pat.page, 'toy-61');
  await pat.page.getByTestId('present-toggle').click();
  for (const f of followers) await f.page.getByRole('button', { name: 'Follow Pat' }).click();

  // The MITM lab on toy-17, keys swapped, one message rewritten by Mallory.
  await pat.page.getByRole('tab', { name: 'Man in the middle' }).click();
  const lab = pat.page.locator('curvechat-mitm-lab');
  await lab.getByTestId('mitm-curve').selectOption('toy-17');
  await expect(lab.getByTestId('safety-verdict')).toHaveAttribute('data-equal', 'false');
  await lab.getByTestId('mitm-text').fill('Meet at the station');
  await lab.getByLabel('Mallory replaces it with (optional)').fill('Meet at the harbour');
  await lab.getByTestId('mitm-send').click();
  await expect(lab.getByTestId('bob-reads')).toHaveText('Meet at the harbour');
  const keys = await Promise.all(
    ['alice', 'mallory', 'bob'].map((r) =>
      lab.getByTestId(`person-${r}`).locator('p.hex').first().textContent(),
    ),
  );
  const aliceSees = await groups(pat.page, 'alice');
  const bobSees = await groups(pat.page, 'bob');
  expect(aliceSees).not.toEqual(bobSees);

  for (const f of followers) {
    const seen = f.page.locator('curvechat-mitm-followed');
    await expect(seen).toBeVisible();
    await expect(seen.getByTestId('mitm-following')).toContainText('Following Pat');
    for (const [i, r] of ['alice', 'mallory', 'bob'].entries())
      await expect(seen.getByTestId(`followed-${r}`).getByTestId('own-key')).toHaveText(keys[i]!.trim());
    await expect(seen.getByTestId('followed-swap')).toContainText('Swapped');
    await expect(seen.getByTestId('followed-said')).toHaveText('Meet at the station');
    await expect(seen.getByTestId('followed-bob-reads')).toHaveText('Meet at the harbour');
    await expect(seen.getByTestId('safety-verdict')).toHaveAttribute('data-equal', 'false');
    expect(await groups(f.page, 'alice')).toEqual(aliceSees);
    expect(await groups(f.page, 'bob')).toEqual(bobSees);
  }
  await expectNoViolations(followers[0].page, "a follower's MITM lab");

  // Mallory stops swapping: the followers' numbers match again.
  await lab.getByTestId('mitm-swap').uncheck();
  await expect(lab.getByTestId('safety-verdict')).toHaveAttribute('data-equal', 'true');
  for (const f of followers)
    await expect(f.page.locator('curvechat-mitm-followed').getByTestId('safety-verdict')).toHaveAttribute(
      'data-equal',
      'true',
    );

  // The invalid-curve lab on toy-263: every point sent, d recovered; followers recompute the same d.
  await pat.page.getByRole('tab', { name: 'Attacks' }).click();
  const inv = pat.page.locator('curvechat-invalid-curve-lab');
  await inv.getByTestId('invalid-curve').selectOption('toy-263');
  await inv.getByTestId('invalid-send').click();
  await inv.getByRole('button', { name: 'Send all' }).click();
  const d = (await inv.getByTestId('invalid-d').textContent())!.trim();
  const victim = (await inv.getByTestId('invalid-victim').textContent())!.trim();
  for (const f of followers) {
    const seen = f.page.locator('curvechat-invalid-curve-lab');
    await expect(seen.getByTestId('invalid-following')).toContainText('Following Pat');
    await expect(seen.getByTestId('invalid-victim')).toHaveText(victim);
    await expect(seen.getByTestId('invalid-d')).toHaveText(d);
    await expect(seen.getByTestId('refusal').first()).toContainText('refused (not-on-curve');
  }
  await expectNoViolations(followers[1].page, "a follower's invalid-curve lab");

  // Only public values went out: no lab detail carries Pat's toy d or a field named like a scalar.
  const details = sentLabs(pat);
  expect(details.map((x) => x.lab)).toEqual(expect.arrayContaining(['mitm', 'invalid-curve']));
  for (const x of details) expect(Object.keys(x)).not.toEqual(expect.arrayContaining(['d']));
  expect(JSON.stringify(details)).not.toContain(`"${d}"`);

  // The side-channel lab: followers get the algorithm, and draw their own key.
  await pat.page.getByTestId('attack-tab-side-channel').click();
  await pat.page.locator('curvechat-side-channel-lab').getByTestId('side-ladder').check();
  for (const f of followers) {
    const side = f.page.locator('curvechat-side-channel-lab');
    await expect(side.getByTestId('side-following')).toContainText('your own');
    await expect(side.getByTestId('side-ladder')).toBeChecked();
  }
  expect(sentLabs(pat).at(-1)).toEqual({ lab: 'side-channel', curve: 'toy-61', method: 'ladder' });
});

// End to end: a presenter runs Eve in a toy room and two followers' screens show the same attack, computed by their own browsers.
import { expect, type Page } from '@playwright/test';
import { generateToyKey, peerCard, sendMessage, test, TOY_CHANNEL, type Member } from './helpers.js';

/** Eve's panel of `page`. */
const eve = (page: Page) => page.locator('curvechat-eve-panel');

/** Every `present:eve` detail a page sent (from its captured Socket.IO frames). */
function sentEve(m: Member): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const f of m.traffic.frames) {
    if (!f.includes('"present:eve"')) continue;
    try {
      const [event, payload] = JSON.parse(f.slice(f.indexOf('['))) as [string, { detail?: unknown }];
      if (event === 'step') out.push(payload.detail as Record<string, unknown>);
    } catch {
      // not an event frame
    }
  }
  return out;
}

test('a presenter runs Eve; both followers show the progress, the walk, the key found and the messages read', async ({
  openRoom,
}) => {
  test.setTimeout(120_000);
  const { members } = await openRoom('eve-follow', 'Prof', 'Sam', 'Kim');
  const [prof, sam, kim] = members as [Member, Member, Member];
  for (const m of members) await generateToyKey(m.page, 'toy-17');
  for (const m of members)
    for (const other of members.filter((o) => o !== m))
      await expect(peerCard(m.page, other.name).getByTestId('channel')).toHaveText(TOY_CHANNEL);
  await sendMessage(sam.page, 'Quiz answers are on page 4');

  await prof.page.getByTestId('present-toggle').click();
  for (const f of [sam, kim]) await f.page.getByRole('button', { name: 'Follow Prof' }).click();
  await prof.page.getByRole('tab', { name: 'Eve' }).click();
  const panel = eve(prof.page);
  const select = panel.getByTestId('eve-target');
  const samOption = (await select.locator('option', { hasText: /^Sam — / }).textContent())!;
  await select.selectOption({ label: samOption });
  await panel.getByTestId('eve-start').click();
  await expect(panel.getByTestId('eve-found')).toBeVisible();
  const d = (await panel.getByTestId('eve-d').textContent())!.trim();
  const steps = (await panel.getByTestId('eve-steps').textContent())!.trim();
  const walk = (await panel.getByTestId('eve-walk-text').textContent())!.trim();
  expect(walk).toContain(`Found after ${d} step`);
  const read = panel.locator('curvechat-eve-results').getByTestId('eve-plaintext');
  await expect(read.first()).toHaveText('Quiz answers are on page 4');
  const readCount = await read.count();
  expect(readCount).toBeGreaterThan(0);

  for (const f of [sam, kim]) {
    const p = eve(f.page);
    await expect(p).toBeVisible();
    await expect(p.getByTestId('eve-following')).toContainText('Following Prof');
    await expect(p.getByTestId('eve-steps')).toHaveText(steps);
    await expect(p.getByTestId('eve-walk-text')).toHaveText(walk);
    await expect(p.getByTestId('eve-d')).toHaveText(d);
    await expect(p.locator('curvechat-eve-results').getByTestId('eve-plaintext')).toHaveCount(readCount);
    await expect(p.getByTestId('eve-mode-brute-force')).toBeChecked();
  }
  // The wire carried counts, never the key found.
  const details = sentEve(prof);
  expect(details.length).toBeGreaterThan(0);
  for (const det of details) {
    expect(Object.keys(det).sort()).not.toContain('d');
    expect(JSON.stringify(det)).not.toContain(`"${d}"`);
  }

  // Mid-run: BSGS three operations at a time by "One step" (a run started paused); the followers are at
  // the presenter's step, not at the end.
  await panel.getByTestId('eve-bsgs').check();
  const one = panel.getByTestId('eve-one-step');
  for (let i = 1; i <= 3; i++) {
    await one.click();
    await expect(panel.getByTestId('eve-steps')).toHaveText(`${i} ${i === 1 ? 'step' : 'steps'}`);
  }
  const pausedWalk = (await panel.getByTestId('eve-walk-text').textContent())!.trim();
  expect(pausedWalk).toMatch(/^Step 3: /);
  for (const f of [sam, kim]) {
    const p = eve(f.page);
    await expect(p.getByTestId('eve-bsgs')).toBeChecked();
    await expect(p.getByTestId('eve-steps')).toHaveText('3 steps');
    await expect(p.getByTestId('eve-walk-text')).toHaveText(pausedWalk);
    await expect(p.getByTestId('eve-bsgs-tables')).toContainText('3 of 5 stored');
    await expect(p.getByTestId('eve-results-hidden')).toBeVisible();
  }
  await panel.getByRole('button', { name: 'Resume' }).click();
  await expect(panel.getByTestId('eve-bsgs-match')).toBeVisible();
  for (const f of [sam, kim]) await expect(eve(f.page).getByTestId('eve-bsgs-match')).toBeVisible();

  // The race: followers show the same three lanes and counts.
  await panel.getByTestId('eve-mode-race').check();
  await panel.getByTestId('eve-start').click();
  await expect(panel.getByTestId('eve-race-agree')).toContainText(`d = ${d}`, { timeout: 30_000 });
  const ops = await panel.getByTestId('eve-race-ops').allTextContents();
  expect(ops).toHaveLength(3);
  for (const f of [sam, kim]) {
    const p = eve(f.page);
    await expect(p.getByTestId('eve-race-agree')).toContainText(`d = ${d}`);
    await expect(p.getByTestId('eve-race-ops')).toHaveText(ops);
    await expect(p.getByTestId('eve-mode-race')).toBeChecked();
  }
  expect(sentEve(prof).some((det) => typeof det.race === 'object')).toBe(true);
});

// End to end: two browsers chat over v2, the Ratchet view draws their real chains (checked against the message
// counts and against the other side's fingerprints), steps by keyboard, plays "Compromise now", and is followable.
import { expect, type Locator, type Page } from '@playwright/test';
import { expectNoViolations } from './a11y-helpers.js';
import { bubble, generateKeys, safetyNumber, sendMessage, test, type Member } from './helpers.js';

/** Opens Math → The Double Ratchet on `page`; returns the view. */
async function openRatchet(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Math' }).click();
  await page.locator('curvechat-math').getByRole('tab', { name: 'Double Ratchet' }).click();
  const view = page.locator('curvechat-ratchet-view');
  await expect(view).toBeVisible();
  return view;
}

/** Sends `text` from `from` and waits until `to` shows it and `from` has the (ratchet) receipts of its `recipients`. */
async function say(from: Member, to: Member, text: string, recipients = 1): Promise<void> {
  // The chat is drawn only on its tab: both go there.
  for (const m of [from, to]) await m.page.getByRole('tab', { name: 'Chat' }).click();
  await sendMessage(from.page, text);
  await expect(bubble(to.page, text)).toHaveCount(1);
  await expect(
    bubble(from.page, text).locator('[data-testid="delivery"][data-state="delivered"]'),
  ).toHaveCount(recipients);
}

/** The message rows of the view's table (the theft line excluded). */
function rows(view: Locator): Locator {
  return view.getByTestId('ratchet-table').locator('tbody tr[data-n]');
}

/** Every row's facts, read from the text alternative. */
async function tableFacts(view: Locator) {
  return rows(view).evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim());
      const d = (tr as HTMLElement).dataset;
      return {
        direction: d.direction!,
        kind: d.kind!,
        chain: Number(d.chain),
        n: Number(d.n),
        fp: cells[6]!,
        eve: d.eve ?? '',
      };
    }),
  );
}

test('the Ratchet view: real chains and fingerprints, keyboard steps, Compromise now, presenter, axe, 390 px', async ({
  openRoom,
}) => {
  test.setTimeout(150_000);
  const { members } = await openRoom('ratchet-view', 'Alice', 'Bob');
  const [alice, bob] = members as [Member, Member];
  for (const m of members) await generateKeys(m.page, 'X25519');
  await safetyNumber(alice.page, 'Bob');
  await safetyNumber(bob.page, 'Alice');
  await say(alice, bob, 'one');
  await say(alice, bob, 'two');
  await say(bob, alice, 'three');
  await say(alice, bob, 'four');

  const view = await openRatchet(alice.page);
  await expect(view.getByRole('heading', { name: 'The Double Ratchet with Bob' })).toBeVisible();
  // 4 chat messages, each answered by one authenticated receipt through the ratchet: 8 links on each side.
  await expect(rows(view)).toHaveCount(8);
  // It opens at the start of the story: step 1 of 9, the drawing at its left edge, no link drawn yet.
  const player = view.locator('curvechat-step-player');
  const drawing = view.getByRole('region', { name: 'Ratchet drawing' });
  await expect(player.locator('.pos')).toHaveText('1 / 9');
  await expect(view.locator('svg .link')).toHaveCount(0);
  expect(await drawing.evaluate((d) => d.scrollLeft)).toBe(0);
  // The table says why its rows are greyed, and numbers its steps as the player does (the start is step 1).
  await expect(view.getByTestId('ratchet-table-note')).toContainText('(now 1 of 9)');
  await expect(rows(view).first().locator('td').first()).toHaveText('2 (not yet)');
  await expect(rows(view).last().locator('td').first()).toHaveText('9 (not yet)');
  // The glossary is visible text, and its roles are the view's.
  const glossary = view.getByTestId('ratchet-glossary');
  await expect(glossary).toBeVisible();
  await expect(glossary.locator('dt')).toHaveText([
    'n',
    'pn',
    'initiator and responder',
    'ratchet key',
    'not kept',
  ]);
  const intro = view.getByText(/Alice is the (initiator|responder) of this pair/);
  const role = /Alice is the (initiator|responder)/.exec((await intro.textContent())!)![1]!;
  await expect(glossary).toContainText(`Here Alice is the ${role} and Bob the`);
  await expect(glossary).toContainText('keeps its last 256 chain links and its last 256 messages');
  const facts = await tableFacts(view);
  const count = (dir: string, kind: string) =>
    facts.filter((f) => f.direction === dir && f.kind === kind).length;
  expect([count('sent', 'message'), count('received', 'receipt')]).toEqual([3, 3]);
  expect([count('received', 'message'), count('sent', 'receipt')]).toEqual([1, 1]);
  // The counters are the real Ns / Nr: the links drawn on the current chains are exactly that many.
  const now = view.getByTestId('ratchet-now');
  const sendingText = (await now.locator('dd').first().textContent())!;
  const sendingChain = Number(/chain (\d+)/.exec(sendingText)![1]);
  const ns = Number(await view.getByTestId('ratchet-ns').textContent());
  expect(facts.filter((f) => f.direction === 'sent' && f.chain === sendingChain)).toHaveLength(ns);
  // Within a chain n counts 0, 1, 2, …: one link per message.
  for (const chain of new Set(facts.map((f) => f.chain))) {
    const ns = facts.filter((f) => f.chain === chain).map((f) => f.n);
    expect(ns).toEqual(ns.map((_, i) => i));
  }
  // The same message key on both sides: Bob's table holds exactly Alice's fingerprints.
  const bobView = await openRatchet(bob.page);
  await expect(rows(bobView)).toHaveCount(8);
  const bobFacts = await tableFacts(bobView);
  expect(bobFacts.map((f) => f.fp).sort()).toEqual(facts.map((f) => f.fp).sort());
  for (const f of facts) expect(f.fp).toMatch(/^[0-9a-f]{16}$/);

  // On a phone the drawing scrolls with the keyboard's steps: the current link stays in sight, Home goes back to 0.
  await alice.page.setViewportSize({ width: 390, height: 844 });
  await drawing.focus();
  await alice.page.keyboard.press('End');
  await expect(player.locator('.pos')).toHaveText('9 / 9');
  await expect.poll(() => drawing.evaluate((d) => d.scrollLeft)).toBeGreaterThan(0);
  const box = (await drawing.boundingBox())!;
  const current = (await view.locator('svg .link.current').boundingBox())!;
  expect(current.x).toBeGreaterThanOrEqual(box.x);
  expect(current.x + current.width).toBeLessThanOrEqual(box.x + box.width);
  await alice.page.keyboard.press('Home');
  await expect(player.locator('.pos')).toHaveText('1 / 9');
  await expect.poll(() => drawing.evaluate((d) => d.scrollLeft)).toBe(0);
  await alice.page.setViewportSize({ width: 1280, height: 860 });

  // Keyboard: the drawing steps like the other views, and each step is announced in words.
  await drawing.focus();
  await alice.page.keyboard.press('Home');
  await expect(player.locator('.pos')).toHaveText('1 / 9');
  await expect(player.locator('.caption')).toContainText(
    'Start: the root key comes from the v1 exchange with Bob',
  );
  await alice.page.keyboard.press('ArrowRight');
  await expect(player.locator('.pos')).toHaveText('2 / 9');
  const first = facts[0]!;
  await expect(player.locator('.caption')).toContainText(
    `Alice sends message n=0 on sending chain ${first.chain}: key fingerprint ${first.fp.slice(0, 8)}…`,
  );
  await expect(view.locator('svg .link')).toHaveCount(1);
  await expect(rows(view).first().locator('td').first()).toHaveText('2');
  await alice.page.keyboard.press('End');
  await expect(player.locator('.pos')).toHaveText('9 / 9');
  await expect(view.locator('svg .link')).toHaveCount(8);
  await expect(view.getByTestId('ratchet-table-note')).toHaveCount(0);

  // Compromise now: every message so far stays closed to Eve (forward secrecy).
  await view.getByRole('button', { name: 'Compromise now' }).click();
  await expect(view.getByTestId('eve-result')).toContainText(
    "Eve copied Alice's ratchet state after step 9.", // the player's numbering: the start is step 1
  );
  await expect(view.getByTestId('eve-result')).toContainText(
    'Of the 8 ratchet messages before it (4 texts and 4 receipts) she reads 0',
  );
  await expect(view.getByTestId('theft-row')).toBeVisible();
  expect((await tableFacts(view)).map((f) => f.eve)).toEqual(Array(8).fill('forward-secrecy'));
  await expect(view.getByTestId('eve-result')).toContainText('not healed yet');
  await expectNoViolations(alice.page, 'the Ratchet view after Compromise now');
  await alice.page.emulateMedia({ colorScheme: 'dark' });
  await expectNoViolations(alice.page, 'the Ratchet view after Compromise now, dark');
  await alice.page.emulateMedia({ colorScheme: 'light' });

  // The chat goes on: Eve reads the next messages (she holds the chains), until a fresh DH step heals it.
  await say(alice, bob, 'five');
  await say(bob, alice, 'six');
  await say(alice, bob, 'seven');
  await alice.page.getByRole('tab', { name: 'Math' }).click();
  await expect(rows(view)).toHaveCount(14);
  const after = (await tableFacts(view)).slice(8).map((f) => f.eve);
  expect(after[0]).toBe('eve-reads'); // "five" went out on the chain Eve copied
  const firstHealed = after.indexOf('healed');
  expect(firstHealed).toBeGreaterThan(0);
  expect(after.slice(0, firstHealed).every((e) => e === 'eve-reads')).toBe(true);
  expect(after.slice(firstHealed).every((e) => e === 'healed')).toBe(true);
  await expect(view.getByTestId('eve-result')).toContainText(
    `From step ${10 + firstHealed} on Eve reads nothing`,
  );
  await expect(view.getByTestId('eve-exposed')).toHaveText(String(firstHealed));
  await expect(view.getByTestId('eve-healed')).toHaveText(String(6 - firstHealed));
  // The real session was untouched: the pair still talks.
  await say(bob, alice, 'still private');

  // Presenter mode: Bob follows Alice's steps; her public facts reach him, and the fingerprint is in his own table.
  await alice.page.getByTestId('present-toggle').click();
  await bob.page.getByRole('button', { name: 'Follow Alice' }).click();
  await alice.page.getByRole('tab', { name: 'Math' }).click();
  await drawing.focus();
  await alice.page.keyboard.press('Home');
  await alice.page.keyboard.press('ArrowRight');
  await alice.page.keyboard.press('ArrowRight');
  const second = (await tableFacts(view))[1]!;
  const note = bobView.getByTestId('follow-note');
  await expect(note).toContainText(`You are following Alice: at Alice's step 3 of`);
  await expect(note).toContainText(`key fingerprint ${second.fp.slice(0, 8)}…`);
  await expect(bobView.locator('curvechat-step-player .pos')).toHaveText(/^3 \/ \d+$/);
  expect((await tableFacts(bobView)).map((f) => f.fp)).toContain(second.fp);
  await expectNoViolations(bob.page, 'a follower on the Ratchet view');

  // A phone: the drawing and the table scroll inside the view, the page does not.
  await bob.page.setViewportSize({ width: 390, height: 844 });
  await expect(bobView.getByTestId('ratchet-table')).toBeVisible();
  expect(await bob.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // The table's heading wraps inside the view instead of being cut off at the scrolling box's edge, and so do
  // its column headings; each fingerprint stays on one line (the table scrolls sideways instead).
  const heading = bobView.getByTestId('ratchet-table-heading');
  await expect(heading).toBeVisible();
  const fits = (el: Element) => el.scrollWidth <= el.clientWidth;
  expect(await heading.evaluate(fits)).toBe(true);
  const headingBox = (await heading.boundingBox())!;
  const viewBox = (await bobView.boundingBox())!;
  expect(headingBox.x + headingBox.width).toBeLessThanOrEqual(viewBox.x + viewBox.width);
  expect(
    await bobView
      .getByTestId('ratchet-table')
      .locator('th')
      .evaluateAll((ths) => ths.map((th) => th.scrollWidth <= th.clientWidth)),
  ).not.toContain(false);
  const region = bobView.getByRole('region', { name: /^Every message of the pair with Alice/ });
  expect(await region.evaluate((r) => r.scrollWidth > r.clientWidth)).toBe(true);
  const lines = await rows(bobView)
    .locator('td.fp')
    .evaluateAll((tds) =>
      tds.map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      }),
    );
  expect(lines.length).toBeGreaterThanOrEqual(2 * 14);
  expect(lines.every((n) => n === 1)).toBe(true);
});

test('with two v2 pairs the view has a peer picker labelled with their names; each pair is its own ratchet', async ({
  openRoom,
}) => {
  const { members } = await openRoom('ratchet-pick', 'Alice', 'Bob', 'Carol');
  const [alice, bob, carol] = members as [Member, Member, Member];
  for (const m of members) await generateKeys(m.page, 'X25519');
  for (const peer of ['Bob', 'Carol']) await safetyNumber(alice.page, peer);
  await safetyNumber(bob.page, 'Alice');
  await safetyNumber(carol.page, 'Alice');
  await say(alice, bob, 'to both', 2);
  await expect(bubble(carol.page, 'to both')).toHaveCount(1);
  await say(carol, alice, 'from Carol', 2);
  const view = await openRatchet(alice.page);
  const picker = view.getByLabel('Peer');
  await expect(picker.locator('option')).toHaveText(['Bob', 'Carol']);
  await picker.selectOption({ label: 'Bob' });
  await expect(view.getByRole('heading', { name: 'The Double Ratchet with Bob' })).toBeVisible();
  // Three members use sender keys: each pair's ratchet carries each side's sender chain once (a "sender key" row
  // each way) and the receipts for it and for the broadcasts; Carol's chain to Alice is not in the pair with Bob.
  const kind = (direction: string, k: string) =>
    view.getByTestId('ratchet-table').locator(`tbody tr[data-direction="${direction}"][data-kind="${k}"]`);
  await expect(kind('sent', 'sender-key')).toHaveCount(1);
  await expect(kind('received', 'sender-key')).toHaveCount(1);
  await expect(kind('received', 'receipt').first()).toBeVisible();
  const withBob = await tableFacts(view);
  await picker.selectOption({ label: 'Carol' });
  await expect(view.getByRole('heading', { name: 'The Double Ratchet with Carol' })).toBeVisible();
  await expect(kind('sent', 'sender-key')).toHaveCount(1);
  await expect(kind('received', 'sender-key')).toHaveCount(1);
  // Each pair is its own ratchet: no message key of the pair with Carol is one of the pair with Bob.
  const withCarol = await tableFacts(view);
  const keysWithBob = new Set(withBob.map((f) => f.fp));
  expect(withCarol.length).toBeGreaterThan(0);
  for (const f of withCarol) expect(keysWithBob.has(f.fp)).toBe(false);
  await expectNoViolations(alice.page, 'the Ratchet view with a peer picker');
});

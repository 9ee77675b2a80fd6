// End to end: a presenter takes two followers through a lesson; students answer every exercise right and wrong; the presenter's counts.
import { expect, type Locator, type Page } from '@playwright/test';
import { TOY_17 } from '../client/math/curves.js';
import {
  add,
  basePoint,
  double,
  multiply,
  pointsEqual,
  type AffinePoint,
} from '../client/math/weierstrass.js';
import { joinHostile, type Hostile } from '../test/helpers/hostile.js';
import { test, type Member } from './helpers.js';

const url = `http://localhost:${Number(process.env.E2E_PORT ?? 3987)}`;
const C = TOY_17;

/** Emits `step` with an ack, again after a pause while rate-limited; true when the relay passed it on. */
async function sendStep(h: Hostile, phase: string, detail: unknown): Promise<boolean> {
  for (;;) {
    const ack = (await h.socket.timeout(5000).emitWithAck('step', { phase, detail })) as {
      ok?: unknown;
      error?: { code?: unknown };
    };
    if (ack.error?.code !== 'rate-limited') return ack.ok === true;
    await new Promise((resolve) => setTimeout(resolve, 200)); // the relay's bucket refills 30 tokens a second
  }
}
const G = basePoint(C);

/** The point named `name` in `text`, e.g. "P = (5, 1)". */
function pointIn(text: string, name: string): AffinePoint {
  const m = new RegExp(`${name.replace(/[+]/g, '\\+')} = \\((\\d+), (\\d+)\\)`).exec(text);
  if (!m) throw new Error(`no ${name} in ${text}`);
  return { infinity: false, x: BigInt(m[1]!), y: BigInt(m[2]!) };
}

const card = (page: Page, id: string): Locator => page.getByTestId(`exercise-${id}`);

/** Types a point into the x and y fields of `name`. */
async function typePoint(
  ex: Locator,
  name: string,
  P: { x: bigint | string; y: bigint | string },
): Promise<void> {
  await ex.getByLabel(`x of ${name}`, { exact: true }).fill(String(P.x));
  await ex.getByLabel(`y of ${name}`, { exact: true }).fill(String(P.y));
}

/** Presses Check and expects the verdict (and a hint when wrong). */
async function check(ex: Locator, correct: boolean): Promise<void> {
  await ex.getByTestId('exercise-check').click();
  const verdict = ex.getByTestId('exercise-verdict');
  await expect(verdict.locator(`[data-correct="${correct}"]`)).toBeVisible();
  await expect(verdict).toContainText(correct ? '✓ Right.' : '✗ Not quite.');
  if (!correct) await expect(ex.getByTestId('exercise-hint')).toBeVisible();
  else await expect(ex.getByTestId('exercise-hint')).toHaveCount(0);
}

/** A point of toy-17 other than every one given. */
function otherPoint(...not: AffinePoint[]): AffinePoint {
  for (let k = 1n; k < C.n; k++) {
    const P = multiply(C, k, G) as AffinePoint;
    if (!not.some((q) => pointsEqual(P, q))) return P;
  }
  throw new Error('no other point');
}

/** Answers every exercise on `page`, first wrong then right, each checked in the browser. */
async function answerAll(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Exercises' }).click();

  const dt = card(page, 'double-triple');
  const P = pointIn(await dt.getByTestId('exercise-prompt').innerText(), 'P');
  const two = double(C, P) as AffinePoint;
  const three = add(C, two, P) as AffinePoint;
  await typePoint(dt, '2P', otherPoint(two));
  await typePoint(dt, '3P', three);
  await check(dt, false);
  await typePoint(dt, '2P', two);
  await check(dt, true);

  const ap = card(page, 'add-picture');
  const alt = (await ap.locator('curvechat-exercise-picture svg').getAttribute('aria-label'))!;
  const [Pp, Qp] = [/P at \((\d+), (\d+)\)/.exec(alt)!, /Q at \((\d+), (\d+)\)/.exec(alt)!].map(
    (m) => ({ infinity: false, x: BigInt(m[1]!), y: BigInt(m[2]!) }) as AffinePoint,
  );
  const sum = add(C, Pp!, Qp!) as AffinePoint;
  await typePoint(ap, 'P + Q', { x: 'seven', y: '1' });
  await ap.getByTestId('exercise-check').click();
  await expect(ap.getByTestId('exercise-verdict')).toContainText('Enter whole numbers');
  await typePoint(ap, 'P + Q', otherPoint(sum, Pp!, Qp!));
  await check(ap, false);
  await typePoint(ap, 'P + Q', sum);
  await check(ap, true);

  const sp = card(page, 'shared-point');
  const prompt = await sp.getByTestId('exercise-prompt').innerText();
  const dA = BigInt(/d_A = (\d+)/.exec(prompt)![1]!);
  const S = multiply(C, dA, pointIn(prompt, 'Q_B')) as AffinePoint;
  const right = `(${S.x}, ${S.y})`;
  const options = await sp
    .getByRole('radio')
    .evaluateAll((els) => els.map((e) => (e.parentElement?.textContent ?? '').trim()));
  const wrongIndex = options.findIndex((o) => o !== right);
  await sp.getByRole('radio').nth(wrongIndex).check();
  await check(sp, false);
  await sp.getByRole('radio', { name: right, exact: true }).check();
  await check(sp, true);

  const fd = card(page, 'find-d');
  const Q = pointIn(await fd.getByTestId('exercise-prompt').innerText(), 'Q');
  let d = 1n;
  while (!pointsEqual(multiply(C, d, G), Q)) d++;
  await fd.getByTestId('find-d-value').fill(String(d === 1n ? 2n : d - 1n));
  await check(fd, false);
  await expect(fd.getByTestId('exercise-verdict')).toContainText('not Q');
  await fd.getByTestId('find-d-value').fill(String(d));
  await check(fd, true);

  const sm = card(page, 'spot-mitm');
  const cells = await sm.locator('td').allInnerTexts();
  expect(cells).toHaveLength(6);
  const attacked = [0, 1, 2].find((p) => cells[2 * p] !== cells[2 * p + 1])!;
  await sm
    .getByRole('radio')
    .nth((attacked + 1) % 3)
    .check();
  await check(sm, false);
  await sm.getByRole('radio').nth(attacked).check();
  await check(sm, true);
}

test.describe('lessons and exercises', () => {
  test('a presenter takes two followers through a lesson: same step, same text, same view state', async ({
    openRoom,
  }) => {
    const { members } = await openRoom('lesson', 'Alice', 'Bob', 'Carol');
    const [alice, bob, carol] = members as [Member, Member, Member];
    await alice.page.getByTestId('present-toggle').click();
    for (const m of [bob, carol]) await m.page.getByRole('button', { name: 'Follow Alice' }).click();

    await alice.page.getByRole('tab', { name: 'Lessons' }).click();
    await alice.page.getByTestId('lesson-pick').selectOption('orbit');
    await alice.page.getByTestId('lesson-next').click();
    // PageDown (a presenter's clicker) moves on too.
    await alice.page.getByTestId('lesson-step').focus();
    await alice.page.keyboard.press('PageDown');
    await expect(alice.page.getByTestId('lesson-count')).toHaveText('Step 3 of 3');
    const text = await alice.page.getByTestId('lesson-text').innerText();
    expect(text).toContain('19G = O');
    const aliceGrid = alice.page.getByTestId('lesson-view').locator('curvechat-curve-grid');
    const pos = (await aliceGrid.locator('curvechat-step-player .pos').innerText()).trim();

    for (const m of [bob, carol]) {
      await expect(m.page.getByRole('tab', { name: 'Lessons' })).toHaveAttribute('aria-selected', 'true');
      await expect(m.page.getByTestId('lesson-pick')).toHaveValue('orbit');
      await expect(m.page.getByTestId('lesson-count')).toHaveText('Step 3 of 3');
      await expect(m.page.getByTestId('lesson-text')).toHaveText(text);
      const grid = m.page.getByTestId('lesson-view').locator('curvechat-curve-grid');
      await expect(grid.getByRole('spinbutton')).toHaveValue('18');
      await expect(grid.locator('curvechat-step-player .pos')).toHaveText(pos);
    }

    // Back one step (PageUp) and to another lesson: the followers move with her, the view with them.
    await alice.page.keyboard.press('PageUp');
    await expect(bob.page.getByTestId('lesson-count')).toHaveText('Step 2 of 3');
    // The arrow keys on the lesson text step too (on the embedded view they belong to its player).
    await alice.page.keyboard.press('ArrowRight');
    await expect(alice.page.getByTestId('lesson-count')).toHaveText('Step 3 of 3');
    await alice.page.keyboard.press('ArrowLeft');
    await expect(alice.page.getByTestId('lesson-count')).toHaveText('Step 2 of 3');
    await expect(bob.page.getByTestId('lesson-count')).toHaveText('Step 2 of 3');
    await alice.page.getByTestId('lesson-pick').selectOption('curve-addition');
    await alice.page.getByTestId('lesson-next').click();
    for (const m of [bob, carol]) {
      await expect(m.page.getByTestId('lesson-count')).toHaveText('Step 2 of 4');
      await expect(m.page.getByTestId('lesson-view')).toHaveAttribute('data-view', 'reals');
      const reals = m.page.getByTestId('lesson-view').locator('curvechat-curve-reals');
      await expect(reals.locator('curvechat-step-player .pos')).toHaveText(/^2 \/ 5$/);
    }
    await expect(bob.page.getByTestId('presenter-status')).toHaveText(
      'Following Alice: Lesson 1, The curve and point addition: step 2 of 4',
    );
    await expect(alice.page.getByTestId('presenter-status')).toHaveText(
      'You are presenting: Lesson 1, The curve and point addition: step 2 of 4.',
    );
  });

  test('students answer every exercise wrong (hint) then right; the presenter sees the counts, names only when opted in', async ({
    openRoom,
  }) => {
    const { members } = await openRoom('exercises', 'Alice', 'Bob', 'Carol');
    const [alice, bob, carol] = members as [Member, Member, Member];
    await alice.page.getByRole('tab', { name: 'Exercises' }).click();
    const glance = alice.page.getByTestId('class-glance');
    const row = (id: string) => glance.locator(`tr[data-exercise="${id}"]`);

    await answerAll(bob.page);
    // Bob answered each exercise twice (wrong, then right): he counts once, with his last answer.
    for (const id of ['double-triple', 'add-picture', 'shared-point', 'find-d', 'spot-mitm']) {
      await expect(row(id).getByTestId('answered')).toHaveText('1');
      await expect(row(id).getByTestId('right')).toHaveText('1');
    }
    await expect(glance).not.toContainText('Bob');

    // Carol opts in to her name and gets find-d wrong.
    await carol.page.getByRole('tab', { name: 'Exercises' }).click();
    await carol.page.getByTestId('share-name').check();
    const fd = card(carol.page, 'find-d');
    await fd.getByTestId('find-d-value').fill('0');
    await fd.getByTestId('exercise-check').click();
    await expect(fd.getByTestId('exercise-verdict')).toContainText('Enter a whole number');
    // Then a real answer elsewhere: Carol's steps arrive in order, so once it is counted her "0"
    // (not a number from 1 to 18) has provably not been counted.
    const sp = card(carol.page, 'shared-point');
    await sp.getByRole('radio').first().check();
    await sp.getByTestId('exercise-check').click();
    await expect(row('shared-point').getByTestId('answered')).toHaveText('2');
    await expect(row('find-d').getByTestId('answered')).toHaveText('1');
    const Q = pointIn(await fd.getByTestId('exercise-prompt').innerText(), 'Q');
    let d = 1n;
    while (!pointsEqual(multiply(C, d, G), Q)) d++;
    await fd.getByTestId('find-d-value').fill(String(d === 1n ? 2n : d - 1n));
    await check(fd, false);
    await expect(row('find-d').getByTestId('answered')).toHaveText('2');
    await expect(row('find-d').getByTestId('right')).toHaveText('1');
    await expect(row('find-d')).toContainText('Carol ✗');
    // Different students got different numbers (seeded per member) — at least one exercise differs.
    const bobPrompts = await bob.page.getByTestId('exercise-prompt').allInnerTexts();
    const carolPrompts = await carol.page.getByTestId('exercise-prompt').allInnerTexts();
    expect(bobPrompts).not.toEqual(carolPrompts);
  });

  test('scripted members flood, lie and send junk answers: each member counts once, junk counts never', async ({
    openRoom,
  }) => {
    const { room, members } = await openRoom('tally-hostile', 'Alice');
    const alice = members[0]!.page;
    const errors: string[] = [];
    alice.on('pageerror', (e) => errors.push(e.message));
    await alice.getByRole('tab', { name: 'Exercises' }).click();
    const row = (id: string) => alice.getByTestId('class-glance').locator(`tr[data-exercise="${id}"]`);
    const hostiles = [await joinHostile(url, room, 'Pat'), await joinHostile(url, room, 'Kim')];
    try {
      const [pat, kim] = hostiles as [Hostile, Hostile];
      // Junk the relay passes on (well-formed JSON objects) but the schema refuses, and an unknown exercise.
      for (const junk of [
        { exercise: 'find-d', correct: 'yes' },
        { exercise: 'find-d' },
        { exercise: 'no-such-exercise', correct: true },
        { exercise: 'FIND-D', correct: true },
        { exercise: 'find-d', correct: true, name: 'n'.repeat(200) },
      ])
        await sendStep(pat, 'present:answer', junk);
      // A flood of answers to one exercise, "right" every other time, ending wrong; a lying extra field.
      for (let i = 0; i < 60; i++)
        await sendStep(pat, 'present:answer', { exercise: 'find-d', correct: i % 2 === 1, answered: 999 });
      await sendStep(pat, 'present:answer', { exercise: 'find-d', correct: false, answered: 999 });
      await sendStep(kim, 'present:answer', { exercise: 'find-d', correct: true, name: 'Kim' });
      await expect(row('find-d').getByTestId('answered')).toHaveText('2');
      await expect(row('find-d').getByTestId('right')).toHaveText('1');
      await expect(row('find-d')).toContainText('Kim ✓');
      for (const id of ['double-triple', 'add-picture', 'shared-point', 'spot-mitm'])
        await expect(row(id).getByTestId('answered')).toHaveText('0');
      // A student's answer makes nobody a presenter.
      await expect(alice.getByTestId('presenter-status')).toHaveText('Nobody is presenting.');
      expect(errors).toEqual([]);
    } finally {
      for (const h of hostiles) h.close();
    }
  });
});

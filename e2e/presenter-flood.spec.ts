// End to end: a scripted presenter sends bursts of steps on toy-65521 to Bob's real tab: Bob lands on the last step,
// redraws far fewer times than steps arrive, never redraws the curve's 65 926 points, and his page stays responsive.
import { randomBytes } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';
import { io as connectClient, type Socket } from 'socket.io-client';
import { fmtMultiple, fmtPoint } from '../client/viz/model/format.js';
import { curveData } from '../client/viz/model/grid-data.js';
import { scalarSteps } from '../client/viz/model/grid-steps.js';
import { test } from './helpers.js';

const port = Number(process.env.E2E_PORT ?? 3987);
const CURVE = 'toy-65521';
const MULTIPLE = 65535;
const STEPS = (() => {
  const { curve, orbit } = curveData(CURVE);
  return scalarSteps(curve, BigInt(MULTIPLE), orbit);
})();
const TOTAL = STEPS.length;

/** What <curvechat-curve-grid> counts: frames drawn, and how often its static layers were drawn. */
interface GridCounters {
  frames: number;
  staticRenders: number;
}

/** The counters of Bob's grid. */
function counters(grid: Locator): Promise<GridCounters> {
  return grid.evaluate((el) => {
    const g = el as unknown as GridCounters;
    return { frames: g.frames, staticRenders: g.staticRenders };
  });
}

/** A scripted presenter: a raw Socket.IO member that publishes whatever `present:*` steps it likes. */
interface Presenter {
  socket: Socket;
  /** Emits `step` with an ack; resolves to whether the relay accepted it. */
  step(phase: string, detail: Record<string, unknown>): Promise<boolean>;
}

/** Joins `room` as "Prof" and presents the toy-65521 grid at d = MULTIPLE, step 1. */
async function presentGrid(room: string): Promise<Presenter> {
  const socket = connectClient(`http://localhost:${port}`, { transports: ['websocket'], forceNew: true });
  presenter = socket;
  const call = async (event: string, payload: unknown): Promise<boolean> =>
    ((await socket.timeout(5000).emitWithAck(event, payload)) as { ok: boolean }).ok;
  const resume = randomBytes(32).toString('base64url');
  expect(await call('join', { room, name: 'Prof', resume })).toBe(true);
  const step = (phase: string, detail: Record<string, unknown>) => call('step', { phase, detail });
  expect(await step('present:view', { view: 'curve-grid', curve: CURVE })).toBe(true);
  expect(await step('present:demo', { view: 'curve-grid', curve: CURVE, multiple: MULTIPLE })).toBe(true);
  expect(await step('present:step', { view: 'curve-grid', curve: CURVE, index: 0, total: TOTAL })).toBe(true);
  return { socket, step };
}

/** Bob follows Prof and waits until his grid shows Prof's toy-65521 curve at step 1. */
async function follow(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Follow Prof' }).click();
  const view = page.locator('curvechat-math').locator('#view-grid');
  await expect(view.locator('curvechat-step-player .pos')).toHaveText(`1 / ${TOTAL}`);
  await expect(view.getByRole('spinbutton')).toHaveValue(String(MULTIPLE));
  return view.locator('curvechat-curve-grid');
}

/** `text` as a regular expression matching it literally. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The scripted presenter of the running test, closed after it. */
let presenter: Socket | undefined;

test.describe('a presenter who floods steps', () => {
  test.afterEach(() => presenter?.close());

  test('a burst of 50 steps on toy-65521: the follower shows the last one, redraws a few times, stays responsive', async ({
    openRoom,
  }) => {
    const { room, members } = await openRoom('step-burst', 'Bob');
    const page = members[0]!.page;
    const prof = await presentGrid(room);
    const grid = await follow(page);
    const before = await counters(grid);
    expect(before.staticRenders).toBe(1);

    // 50 steps at once (within the relay's burst of 60), each with its own label; the last is step 31.
    const last = TOTAL - 2;
    const index = (i: number) => (i === 49 ? last : (i * 7) % TOTAL);
    const detail = (i: number) => ({
      view: 'curve-grid',
      curve: CURVE,
      index: index(i),
      total: TOTAL,
      label: `burst ${i}`,
    });
    for (let i = 0; i < 49; i++) prof.socket.emit('step', { phase: 'present:step', detail: detail(i) });
    const done = prof.step('present:step', detail(49));
    // Meanwhile Bob uses another control: it is handled.
    const radio = page.getByRole('radio', { name: 'P-384', exact: true });
    await radio.check();
    await expect(radio).toBeChecked();
    expect(await done).toBe(true);

    // The step text, the status line and the canvas all show the last step.
    const view = page.locator('curvechat-math').locator('#view-grid');
    await expect(page.getByTestId('presenter-status')).toContainText(
      `step ${last + 1} of ${TOTAL} — burst 49`,
    );
    await expect(view.locator('curvechat-step-player .pos')).toHaveText(`${last + 1} / ${TOTAL}`);
    const R = STEPS[last]!;
    const described = `The highlighted point R is ${fmtMultiple(R.multiple)} = ${fmtPoint(R.current)}.`;
    await expect(grid.locator('canvas')).toHaveAttribute('aria-label', new RegExp(escapeRegExp(described)));
    const after = await counters(grid);
    const frames = after.frames - before.frames;
    expect(frames).toBeGreaterThan(0);
    expect(frames, `${frames} frames for 50 steps`).toBeLessThan(25);
    expect(after.staticRenders, 'the 65 926 points were not drawn again').toBe(1);
  });

  test('a flood past the relay limit: the follower shows the last step the relay let through', async ({
    openRoom,
  }) => {
    const { room, members } = await openRoom('step-flood', 'Bob');
    const page = members[0]!.page;
    const prof = await presentGrid(room);
    const grid = await follow(page);
    const before = await counters(grid);

    // 150 steps as fast as the socket goes: the relay passes its burst and refuses the rest (rate-limited).
    // `total` is 1000, so the status line names each step uniquely (the grid clamps to its own steps).
    const sent = Array.from({ length: 150 }, (_, i) =>
      prof.step('present:step', {
        view: 'curve-grid',
        curve: CURVE,
        index: i,
        total: 1000,
        label: `flood ${i}`,
      }),
    );
    const radio = page.getByRole('radio', { name: 'P-521', exact: true });
    await radio.check();
    await expect(radio).toBeChecked();
    const ok = await Promise.all(sent);
    const accepted = ok.filter(Boolean).length;
    const lastOk = ok.lastIndexOf(true);
    expect(accepted).toBeGreaterThan(20);
    expect(accepted, 'the relay refused part of the flood').toBeLessThan(150);

    await expect(page.getByTestId('presenter-status')).toContainText(
      `step ${lastOk + 1} of 1000 — flood ${lastOk}`,
    );
    const view = page.locator('curvechat-math').locator('#view-grid');
    await expect(view.locator('curvechat-step-player .pos')).toHaveText(`${TOTAL} / ${TOTAL}`);
    const after = await counters(grid);
    expect(after.frames - before.frames, `frames for ${accepted} steps`).toBeLessThan(accepted / 2);
    expect(after.staticRenders).toBe(1);
  });

  test('a tab that gets no animation frames (hidden) still lands on the last step, by the timer fallback', async ({
    openRoom,
  }) => {
    const { room, members } = await openRoom('step-hidden', 'Bob');
    const page = members[0]!.page;
    const prof = await presentGrid(room);
    const grid = await follow(page);
    const before = await counters(grid);
    // As in a hidden tab: requestAnimationFrame callbacks never run.
    await page.evaluate(() => {
      window.requestAnimationFrame = () => 0;
    });
    for (let i = 0; i < 19; i++)
      prof.socket.emit('step', {
        phase: 'present:step',
        detail: { view: 'curve-grid', curve: CURVE, index: i, total: TOTAL, label: `hidden ${i}` },
      });
    expect(
      await prof.step('present:step', {
        view: 'curve-grid',
        curve: CURVE,
        index: 19,
        total: TOTAL,
        label: 'hidden 19',
      }),
    ).toBe(true);
    await expect(page.getByTestId('presenter-status')).toContainText(`step 20 of ${TOTAL} — hidden 19`);
    const view = page.locator('curvechat-math').locator('#view-grid');
    await expect(view.locator('curvechat-step-player .pos')).toHaveText(`20 / ${TOTAL}`);
    expect((await counters(grid)).frames - before.frames).toBeLessThan(20);
  });
});

// End to end: a scripted presenter sends the Ratchet view's followers junk, secrets and lies; each is refused with a
// line, no key reaches the page, and the follower carries on.
import { randomBytes } from 'node:crypto';
import { expect } from '@playwright/test';
import { io as connectClient, type Socket } from 'socket.io-client';
import { test } from './helpers.js';

/** The scripted presenter of the hostile test, closed after it. */
let prof: Socket | undefined;
test.afterEach(() => prof?.close());

test('a hostile presenter on the Ratchet view: junk, secrets and lies are refused with a line, the follower carries on', async ({
  openRoom,
}) => {
  const { room, members } = await openRoom('ratchet-hostile', 'Bob');
  const page = members[0]!.page;
  const port = Number(process.env.E2E_PORT ?? 3987);
  prof = connectClient(`http://localhost:${port}`, { transports: ['websocket'], forceNew: true });
  const socket = prof;
  const call = async (event: string, payload: unknown): Promise<boolean> =>
    ((await socket.timeout(5000).emitWithAck(event, payload)) as { ok: boolean }).ok;
  expect(await call('join', { room, name: 'Prof', resume: randomBytes(32).toString('base64url') })).toBe(
    true,
  );
  const step = (detail: unknown) => call('step', { phase: 'present:step', detail });
  expect(await call('step', { phase: 'present:view', detail: { view: 'ratchet', curve: 'X25519' } })).toBe(
    true,
  );
  await page.getByRole('button', { name: 'Follow Prof' }).click();
  const view = page.locator('curvechat-ratchet-view');
  await expect(view.getByTestId('ratchet-empty')).toBeVisible();

  const FP = '0123456789abcdef';
  const KEY = 'ab'.repeat(32);
  const facts = { direction: 'sent', kind: 'message', chain: 2, n: 1, pn: 0, ratchetKeyFingerprint: FP };
  const base = { view: 'ratchet', curve: 'X25519', index: 1, total: 5 };
  const hostile: unknown[] = [
    { ...base, ratchet: { ...facts, n: 'lots' } },
    { ...base, ratchet: { ...facts, ratchetKeyFingerprint: KEY } },
    { ...base, ratchet: { ...facts, n: 2 ** 40 } },
    { ...base, index: 9 },
    { ...base, view: 'keygen', ratchet: facts },
    { ...base, ratchet: { ...facts, messageKeyFingerprint: 'f'.repeat(3000) } },
  ];
  for (const d of hostile) expect(await step(d)).toBe(true); // the relay passes any JSON object within the limit
  // Over the relay's step size limit: refused by the relay, so it never reaches the follower.
  expect(await step({ ...base, ratchet: { ...facts, kind: 'x'.repeat(5000) } })).toBe(false);
  // A well-formed step with extra secret-looking fields: only the schema's public fields come through.
  expect(
    await step({
      ...base,
      index: 2,
      ratchet: { ...facts, ck: KEY, rk: KEY, mk: KEY, messageKeyFingerprint: FP },
    }),
  ).toBe(true);
  const note = view.getByTestId('follow-note');
  await expect(note).toContainText(
    `You are following Prof: at Prof's step 3 of 5, Prof sent a message n=1 (pn=0) on chain 2, key fingerprint 01234567…`,
  );
  const log = page.getByText(/Ignored a present:step step from Prof that does not match the protocol/);
  await expect(log).toHaveCount(hostile.length);
  // A private field name: the follower's guard refuses the whole step (test/unit/schema-steps.test.ts); then a
  // last valid step as a barrier. No key ever reaches the page.
  expect(await step({ ...base, index: 4, ratchet: { ...facts, priv: KEY } })).toBe(true);
  expect(await step({ ...base, index: 3, ratchet: facts })).toBe(true);
  await expect(note).toContainText("Prof's step 4 of 5");
  await expect(page.getByText(KEY)).toHaveCount(0);
  // The follower's own controls still work.
  await page.getByRole('tab', { name: 'Chat' }).click();
  await expect(page.getByLabel('Message', { exact: true })).toBeVisible();
});

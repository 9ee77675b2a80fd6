// End to end v2 fuzz (docs/security.md "Fuzzing"): a scripted v2 member with a real Double Ratchet to a real
// Chromium page sends it near-valid ratchet bodies, real ratchet ciphertext of junk plaintext, tampered and replayed
// bodies, junk file dms, skdist junk and bcast junk; the page throws nothing, shows no blank bubble, keeps its
// activity log bounded, and still chats both ways with the v2 member and an honest second page.
import { expect } from '@playwright/test';
import fc from 'fast-check';
import { FILE_KINDS, msgPlaintext, SKDIST_KIND } from '../common/schema/index.js';
import { reproduce, sampleJunk } from '../test/helpers/fuzz.js';
import { joinHostileV2, plaintextBytes, type HostileV2 } from '../test/helpers/hostile-v2.js';
import {
  dmShapes,
  ratchetHeaderMutation,
  ratchetNearArb,
  shapedBcastArb,
} from '../test/helpers/v2-arbitraries.js';
import { dmIdArb, plaintextArb } from '../test/helpers/wire-arbitraries.js';
import { bubble, generateKeys, sendMessage, test } from './helpers.js';
import { activityLines } from './v2-helpers.js';

const port = Number(process.env.E2E_PORT ?? 3987);
const url = `http://localhost:${port}`;
/** Ratchet dms one sender may send at once before the page's v2 flood guard refuses the rest (burst 40). */
const RATCHET_BUDGET = 30;
/** Refusal lines one sender may cause in a burst (RefusalLines: the inbound burst, 20). */
const LINE_BURST = 20;

let vic: HostileV2 | undefined;

test.afterEach(() => {
  vic?.close();
  vic = undefined;
});

test('ratchet, file, skdist and bcast junk from a v2 member: no page error, no blank bubble, everyone still chats', async ({
  openRoom,
}) => {
  test.setTimeout(90_000);
  test.info().annotations.push({ type: 'fuzz', description: reproduce(RATCHET_BUDGET) });
  const { room, members } = await openRoom('fuzz-v2', 'Alice', 'Bob');
  const [alice, bob] = [members[0]!.page, members[1]!.page];
  const errors: string[] = [];
  alice.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  alice.on('console', (m) => void (m.type() === 'error' && errors.push(`console: ${m.text()}`)));
  await generateKeys(alice);
  await generateKeys(bob);
  await expect(alice.getByTestId('public-key')).toContainText('P-256');
  vic = await joinHostileV2(url, room, 'Vic', 'Alice');
  const aliceId = (await vic.socket.timeout(5000).emitWithAck('who', {})).peers.find(
    (p: { name: string }) => p.name === 'Alice',
  ).id as string;
  const dm = (kind: string, id: string, body: unknown) =>
    vic!.sent('dm', { id, kind, parts: [{ to: aliceId, body }] });

  // Files first, in one burst while Vic's relay bucket is full (60 tokens): 48 junk file dms at once, well-formed
  // bodies with junk ciphertext and near-valid ones.
  const shapes = dmShapes('P-256');
  const fileDms = FILE_KINDS.flatMap((kind) =>
    sampleJunk(fc.oneof(shapes[kind]!.valid, shapes[kind]!.near), 12, kind.length).map((body, i) => ({
      id: `${kind}-${i}`,
      kind,
      parts: [{ to: aliceId, body }],
    })),
  );
  const fileAcks = await Promise.all(fileDms.map((d) => vic!.socket.timeout(5000).emitWithAck('dm', d)));
  // The relay refuses only the few near-valid bodies that are not JSON data (binary, undefined).
  const filesAccepted = fileAcks.filter((a: { ok?: boolean }) => a.ok === true).length;
  expect(filesAccepted, 'junk file dms the relay passed on').toBeGreaterThanOrEqual(40);

  // Ratchet: near-valid bodies (bad points, huge counters, short ct), real ciphertext of junk plaintext, a real body
  // with one header field changed, one under another id, and replays of real bodies.
  const third = Math.floor(RATCHET_BUDGET / 3);
  for (const [i, body] of sampleJunk(ratchetNearArb('P-256'), third, 21).entries())
    await dm('ratchet', `near-${i}`, body);
  const real: { id: string; body: unknown }[] = [];
  const junkPlaintexts = sampleJunk(plaintextArb, third, 22);
  for (const [i, plaintext] of junkPlaintexts.entries()) {
    const id = `junk-${i}`;
    const body = await vic.seal(id, plaintext);
    real.push({ id, body });
    await dm('ratchet', id, body);
  }
  const tampers = sampleJunk(fc.tuple(dmIdArb, ratchetHeaderMutation('P-256')), third - 4, 23);
  for (const [i, [id, tamper]] of tampers.entries())
    await dm('ratchet', `t${i}-${id}`.slice(0, 100), tamper(await vic.seal(id, 'x')));
  await dm(
    'ratchet',
    'other-id',
    await vic.seal('sealed-id', { type: 'text', text: 'bound elsewhere', ts: Date.now() }),
  );
  for (const r of real.slice(0, 3)) await dm('ratchet', r.id, r.body);

  // Skdist and bcast: well-formed bodies with junk ciphertext, near-valid ones, unknown bcast kinds.
  for (const [i, body] of sampleJunk(shapes[SKDIST_KIND]!.near, 5, 24).entries())
    await dm(SKDIST_KIND, `skdist-${i}`, body);
  for (const [i, { kind, body }] of sampleJunk(shapedBcastArb, 30, 25).entries())
    await vic.sent('bcast', { id: `bcast-${i}`, kind, body });

  // Vic's honest message, queued behind all of the above: shown, and answered with an authenticated receipt.
  await dm(
    'ratchet',
    'honest',
    await vic.seal('honest', { type: 'text', text: 'v2 after the junk', ts: Date.now() }),
  );
  await expect(bubble(alice, 'v2 after the junk')).toBeVisible();
  expect(await vic.openedDm('honest')).toEqual({ type: 'receipt', id: 'honest', ok: true });

  // Alice still sends to both (Vic opens hers in the ratchet) and receives from Bob.
  await sendMessage(alice, 'after the storm');
  await expect(bubble(bob, 'after the storm')).toBeVisible();
  const toVic = await expect
    .poll(() => [...vic!.opened.values()].some((p) => (p as { text?: string }).text === 'after the storm'))
    .toBe(true);
  void toVic;
  await sendMessage(bob, 'still here');
  await expect(bubble(alice, 'still here')).toBeVisible();
  await expect(alice.getByTestId('connection')).toHaveText('Connected');

  // No blank bubble: one bubble per authentic valid plaintext (shown once, replays not again) and the three honest
  // ones; only a text its author left blank may look blank (a text that failed to render would too).
  // What the page reads is the encrypted bytes: a plaintext stringified by a mutation is a valid message again.
  const valid = junkPlaintexts
    .map((p) => {
      try {
        return msgPlaintext.safeParse(JSON.parse(new TextDecoder().decode(plaintextBytes(p))) as unknown);
      } catch {
        return undefined;
      }
    })
    .flatMap((r) => (r?.success ? [r.data] : []));
  const texts = await alice.locator('curvechat-message').getByTestId('text').allTextContents();
  expect(texts.length).toBe(valid.length + 3);
  const blank = texts.filter((t) => t.trim() === '').length;
  expect(blank, 'blank bubbles').toBeLessThanOrEqual(valid.filter((p) => p.text.trim() === '').length);
  for (const t of ['after the storm', 'still here', 'v2 after the junk']) expect(texts).toContain(t);
  // Bounded log: 40 or more junk file dms at once cost at most a burst of lines (and one summary; 2 more for tokens the
  // bucket refills while they arrive), the log at most 500 lines.
  const fileLines = await activityLines(alice, 'Ignored a').filter({ hasText: /file/ }).count();
  expect(fileLines, `${filesAccepted} refused file dms`).toBeLessThanOrEqual(LINE_BURST + 2);
  expect(await alice.locator('curvechat-activity-log li').count()).toBeLessThanOrEqual(500);
  expect(errors).toEqual([]);
});

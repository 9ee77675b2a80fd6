// End to end: a scripted member (e2e/mallory.ts) floods a toy room's shared envelopes (junk, lies, other rooms, junk
// ratchets); Eve still reads every real text, and lists only this room's channels.
import { expect, type Locator } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { MAX_SHARED_CIPHERTEXTS } from '../client/lab/model/follow.js';
import {
  breakKeyInEve,
  bubble,
  generateToyKey,
  peerCard,
  sendMessage,
  test,
  TOY_CHANNEL,
  type Member,
} from './helpers.js';
import { call, CURVE, flood, floodDetail, joinMallory } from './mallory.js';

const port = Number(process.env.E2E_PORT ?? 3987);

/** Eve's rows of observed envelopes: status, the "from → to" cell, the id and the verdict cell. */
function rowsOf(results: Locator): Promise<{ status: string; who: string; id: string; verdict: string }[]> {
  return results.locator('tr[data-status]').evaluateAll((rows) =>
    rows.map((r) => {
      const row = r as HTMLTableRowElement;
      const cells = [...row.cells].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim());
      // Columns: from → to (what), what Eve gets, id (clipped; the whole id is its title), ciphertext.
      return {
        status: row.dataset.status ?? '',
        who: cells[0] ?? '',
        id: row.cells[2]?.title ?? '',
        verdict: cells[1] ?? '',
      };
    }),
  );
}

/** The HKDF info of each channel in Eve's table of channel keys (it names the channel's room). */
function channelInfos(results: Locator): Promise<string[]> {
  // Columns: between, Z, HKDF info, K fingerprint.
  return results
    .getByTestId('eve-channels')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => ((r as HTMLTableRowElement).cells[2]?.textContent ?? '').trim()));
}

/** Raw sockets of the running test, closed after it. */
let sockets: Socket[] = [];

test.describe("a hostile member against the toy room's Eve", () => {
  test.afterEach(() => {
    for (const s of sockets) s.close();
    sockets = [];
  });

  test('Mallory floods shared envelopes (junk, lies, other rooms, junk ratchets to Alice): Eve reads every real text, lists no lie, no other room', async ({
    openRoom,
  }) => {
    test.setTimeout(240_000);
    const { room, members } = await openRoom('toy-hostile', 'Alice', 'Bob', 'Eve');
    const [alice, bob, eve] = members as [Member, Member, Member];
    const errors: string[] = [];
    for (const m of members) m.page.on('pageerror', (e) => errors.push(`${m.name}: ${e.message}`));
    for (const m of [alice, bob]) await generateToyKey(m.page, CURVE);
    for (const [viewer, peer] of [
      [alice, 'Bob'],
      [bob, 'Alice'],
    ] as const)
      await expect(peerCard(viewer.page, peer).getByTestId('peer-protocol')).toContainText('Double Ratchet');

    const mallory = await joinMallory(port, room, sockets);
    await expect(peerCard(alice.page, 'Mallory').getByTestId('channel')).toHaveText(TOY_CHANNEL);
    const storm = flood(mallory, room);

    // Alice and Bob chat both ways while the flood goes on.
    const texts = [
      'Alice: meet at noon',
      'Bob: by the fountain',
      'Alice: bring the map',
      'Bob: done',
      'Alice: see you',
    ];
    const chat = async (lines: readonly string[]) => {
      for (const [i, text] of lines.entries()) {
        const [sender, receiver] = i % 2 === 0 ? [alice, bob] : [bob, alice];
        await sendMessage(sender.page, text);
        await expect(bubble(receiver.page, text)).toHaveCount(1);
      }
    };
    await chat(texts);

    // Eve breaks Alice's static key while Mallory keeps flooding.
    const panel = await breakKeyInEve(eve.page, 'Alice');
    const results = panel.locator('curvechat-eve-results');

    // Enough of the flood got through to push every real envelope out of a plain newest-200 window.
    await expect.poll(storm.kept, { timeout: 60_000 }).toBeGreaterThan(MAX_SHARED_CIPHERTEXTS + 50);
    // Her tab still answers a click during the flood.
    const slow = panel.getByLabel('Slow motion (one step at a time)');
    await slow.check();
    await expect(slow).toBeChecked();
    await slow.uncheck();
    await expect(slow).not.toBeChecked();
    // Still during the flood: every real text is read.
    for (const text of texts)
      await expect(results.getByTestId('eve-plaintext').filter({ hasText: text }).first()).toBeVisible({
        timeout: 60_000,
      });
    await storm.stop();
    expect(storm.accepted(), `${storm.sent()} sent`).toBeLessThan(storm.sent());

    // A last junk envelope after the flood: once Eve lists it, her table holds everything Mallory got through.
    const last = { ...(floodDetail(mallory, room, 7) as Record<string, unknown>), id: 'junk-last' };
    await expect
      .poll(
        async () => (await call(mallory.socket, 'step', { phase: 'present:ciphertext', detail: last })).ok,
      )
      .toBe(true);
    await expect(results.locator('tr[data-status]').filter({ hasText: 'junk-last' })).toHaveCount(1, {
      timeout: 60_000,
    });
    const rows = await rowsOf(results);
    const junk = rows.filter((r) => r.id.startsWith('junk-'));
    expect(junk.length).toBeGreaterThan(20);
    // Eve tried them in the pair of Alice (broken) and Mallory: most failed to verify, none opened.
    expect(junk.filter((r) => r.status === 'failed').length).toBeGreaterThan(10);
    for (const r of junk) {
      expect(r.who).toMatch(/^Mallory → /);
      expect(['failed', 'no-key'], JSON.stringify(r)).toContain(r.status);
      expect(r.verdict).toMatch(/^(Failed|Cannot read):/);
    }
    // No lie is listed, and nothing read is Mallory's or claims another sender.
    expect(rows.filter((r) => r.id.startsWith('lie-'))).toEqual([]);
    // Envelopes naming other rooms got through the relay but are set aside: no row, and no channel of another room.
    expect(storm.elsewhere()).toBeGreaterThan(10);
    // Alice (broken) with Bob and with Mallory (Eve has no key), both in this room.
    const infos = await channelInfos(results);
    expect(infos).toEqual([`curvechat/v1 ${CURVE} ${room}`, `curvechat/v1 ${CURVE} ${room}`]);
    expect(rows.filter((r) => r.id.startsWith('elsewhere-'))).toEqual([]);
    const read = rows.filter((r) => r.status === 'read');
    for (const r of read) expect(r.who, JSON.stringify(r)).toMatch(/^(Alice|Bob) → /);
    for (const text of texts)
      await expect(results.getByTestId('eve-plaintext').filter({ hasText: text }).first()).toBeVisible();

    // Alice and Bob keep chatting.
    await chat(['Alice: still there?', 'Bob: still here']);
    expect(errors).toEqual([]);
  });
});

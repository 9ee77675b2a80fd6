// End to end: a scripted member floods a toy room's shared envelopes (junk, lies, junk ratchets); Eve still reads every real text.
import { randomBytes, randomInt } from 'node:crypto';
import { expect, type Locator } from '@playwright/test';
import { io as connectClient, type Socket } from 'socket.io-client';
import { MAX_SKIP } from '../client/crypto/ratchet/state.js';
import { getToyCurve } from '../client/math/curves.js';
import { randomScalar, toyKeyPairFromPrivate } from '../client/math/toy.js';
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

const port = Number(process.env.E2E_PORT ?? 3987);
const CURVE = 'toy-65521';
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/** A random valid toy-65521 public key, base64url (a ratchet key Eve can break, under which nothing opens). */
function randomToyKey(): string {
  return b64(toyKeyPairFromPrivate(CURVE, randomScalar(getToyCurve(CURVE).n)).publicRaw);
}

/** Emit with an ack; the relay's answer. */
async function call(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<{ ok?: boolean; error?: { code?: string } }> {
  return (await socket.timeout(5000).emitWithAck(event, payload)) as {
    ok?: boolean;
    error?: { code?: string };
  };
}

/** Mallory: a scripted member with a toy-65521 key of her own, and the ids of everyone who joined before her. */
interface Mallory {
  readonly socket: Socket;
  readonly id: string;
  readonly ids: ReadonlyMap<string, string>;
}

/** Joins `room` as Mallory and announces a toy-65521 key, so Eve pairs her with Alice and tries her envelopes. */
async function joinMallory(room: string): Promise<Mallory> {
  const socket = connectClient(`http://localhost:${port}`, { transports: ['websocket'], forceNew: true });
  sockets.push(socket);
  const joined = (await socket.timeout(5000).emitWithAck('join', {
    room,
    name: 'Mallory',
    resume: randomBytes(32).toString('base64url'),
  })) as { ok: boolean; me: { id: string }; peers: { id: string; name: string }[] };
  expect(joined.ok).toBe(true);
  expect((await call(socket, 'key', { curve: CURVE, pub: randomToyKey() })).ok).toBe(true);
  return { socket, id: joined.me.id, ids: new Map(joined.peers.map((p) => [p.name, p.id])) };
}

/**
 * The `present:ciphertext` detail number `i` of Mallory's flood: junk shapes, envelopes in Alice's or Bob's name
 * (ids `lie-…`), and well-shaped envelopes in her own name (ids `junk-…`): ratchet parts to Alice with random
 * headers (half of them far ahead in their chain), distributions and broadcasts.
 */
function floodDetail(m: Mallory, room: string, i: number): unknown {
  const alice = m.ids.get('Alice')!;
  const bob = m.ids.get('Bob')!;
  const common = { curve: CURVE, room };
  const ct = () => b64(randomBytes(randomInt(20, 90)));
  const h = () => ({
    dh: i % 5 === 0 ? b64(randomBytes(5)) : randomToyKey(),
    pn: randomInt(0, 50),
    n: i % 2 === 0 ? randomInt(0, 8) : MAX_SKIP - randomInt(0, 8),
  });
  const ratchet = (from: string, to: string, id: string) => ({
    ...common,
    from,
    to,
    id,
    kind: 'ratchet',
    h: h(),
    ct: ct(),
  });
  switch (i % 8) {
    case 0: {
      const junk: unknown[] = [
        'not an object',
        [1, 2, 3],
        { ...ratchet(m.id, alice, `junk-${i}`), kind: 'receipt' },
        { ...ratchet(m.id, alice, `junk-${i}`), curve: 'P-256' },
        { ...ratchet(m.id, alice, `junk-${i}`), h: { dh: 'not base64!', pn: 0, n: 0 } },
        { ...ratchet(m.id, alice, `junk-${i}`), h: { dh: 'BAECAwQ', pn: -1, n: 2 ** 40 } },
        {
          ...common,
          from: m.id,
          id: `junk-${i}`,
          kind: 'skmsg',
          chain: 'AAAA',
          n: 0,
          ct: ct(),
          sig: 'short',
        },
        { ...common, from: m.id, to: alice, id: `junk-${i}`, iv: '', ct: ct() },
        { ...ratchet(m.id, alice, `junk-${i}`), ct: 'A'.repeat(2801) },
      ];
      return junk[(i / 8) % junk.length];
    }
    case 1:
      return ratchet(alice, bob, `lie-${i}`);
    case 2:
      return { ...common, from: bob, to: alice, id: `lie-${i}`, iv: b64(randomBytes(12)), ct: ct() };
    case 3:
      return {
        ...common,
        from: alice,
        id: `lie-${i}`,
        kind: 'skmsg',
        chain: 'AAAAAAAAAAA',
        n: i,
        ct: ct(),
        sig: 'A'.repeat(86),
      };
    case 4:
      return { ...ratchet(m.id, alice, `junk-${i}`), kind: 'skdist' };
    case 5:
      return {
        ...common,
        from: m.id,
        id: `junk-${i}`,
        kind: 'skmsg',
        chain: 'AAAAAAAAAAA',
        n: i,
        ct: ct(),
        sig: 'A'.repeat(86),
      };
    default:
      return ratchet(m.id, alice, `junk-${i}`);
  }
}

/** Mallory's flood, running until `stop()`: every step as fast as the relay takes it, pausing only while rate-limited. */
function flood(
  m: Mallory,
  room: string,
): { accepted: () => number; kept: () => number; sent: () => number; stop: () => Promise<void> } {
  let accepted = 0;
  let kept = 0;
  let sent = 0;
  let stopped = false;
  const run = (async () => {
    for (let i = 0; !stopped; i++) {
      // An ack that does not come in time (a loaded machine) counts as refused; the flood goes on.
      const ack = await call(m.socket, 'step', {
        phase: 'present:ciphertext',
        detail: floodDetail(m, room, i),
      }).catch(() => ({ ok: false }) as const);
      sent++;
      if (ack.ok) {
        accepted++;
        if (i % 8 >= 4) kept++; // well-shaped, in her own name: a follower keeps it
      }
      // The relay refills 30 tokens a second: wait for the next one instead of spinning on refusals.
      else if ('error' in ack && ack.error?.code === 'rate-limited')
        await new Promise((r) => setTimeout(r, 34));
    }
  })();
  return {
    accepted: () => accepted,
    kept: () => kept,
    sent: () => sent,
    stop: async () => {
      stopped = true;
      await run;
    },
  };
}

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

/** Raw sockets of the running test, closed after it. */
let sockets: Socket[] = [];

test.describe("a hostile member against the toy room's Eve", () => {
  test.afterEach(() => {
    for (const s of sockets) s.close();
    sockets = [];
  });

  test('Mallory floods shared envelopes (junk, lies, junk ratchets to Alice): Eve still reads every real text, never a lie', async ({
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

    const mallory = await joinMallory(room);
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
    const read = rows.filter((r) => r.status === 'read');
    for (const r of read) expect(r.who, JSON.stringify(r)).toMatch(/^(Alice|Bob) → /);
    for (const text of texts)
      await expect(results.getByTestId('eve-plaintext').filter({ hasText: text }).first()).toBeVisible();

    // Alice and Bob keep chatting.
    await chat(['Alice: still there?', 'Bob: still here']);
    expect(errors).toEqual([]);
  });
});

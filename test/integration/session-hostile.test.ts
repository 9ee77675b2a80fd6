// A hostile member against a RoomSession over a real relay: a flood is refused per sender with one log line, the
// chat stays capped with a note, and odd but authentic plaintexts never give a blank bubble (issue 8, items 6–7).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RoomSession, RoomSessionOptions } from '../../client/session/room-session.js';
import type { RunningServer } from '../../server/server.js';
import { joinHostile, type Hostile } from '../helpers/hostile.js';
import { newSession, readyWith, waitFor } from '../helpers/session.js';
import { startTestServer } from './helpers.js';

const FLOOD = 1000;

describe('RoomSession against a hostile member', () => {
  let server: RunningServer | undefined;
  const open: { sessions: RoomSession[]; hostiles: Hostile[] } = { sessions: [], hostiles: [] };
  // The relay lets the flood through at once (its own per-socket limit is another test's business) and
  // accepts bodies larger than any honest text, so the client's own checks are what is tested here.
  before(async () => {
    server = await startTestServer({
      limits: { eventsPerSecond: 1_000_000, eventBurst: 1_000_000, maxDmBody: 256 * 1024 },
    });
  });
  after(async () => {
    for (const h of open.hostiles) h.close();
    await Promise.all(open.sessions.map((s) => s.leave()));
    await server?.close();
  });

  /** Alice (a session with `options`) and Mallory (scripted) in a fresh room, with a channel both ways. */
  async function aliceAndMallory(room: string, options: RoomSessionOptions = {}) {
    const alice = newSession(server!.url, { presenceIntervalMs: 60_000, ...options });
    open.sessions.push(alice);
    await alice.join(room, 'Alice');
    await alice.generateKeys();
    const mallory = await joinHostile(server!.url, room, 'Mallory');
    open.hostiles.push(mallory);
    const me = alice.state.me!.id;
    await mallory.channelWith(me);
    await waitFor(alice, readyWith('Mallory'), 'a channel with Mallory');
    return { alice, mallory, me };
  }

  /** Resolves once Alice has handled every event Mallory emitted before this (the relay keeps one socket's order). */
  async function handledAll(alice: RoomSession, mallory: Hostile): Promise<void> {
    const phase = `barrier-${Math.random().toString(36).slice(2)}`;
    const seen = new Promise<void>((resolve) => {
      const off = alice.onPeerStep((s) => s.phase === phase && (off(), resolve()));
    });
    await mallory.step(phase);
    await seen;
  }

  const fromMallory = (alice: RoomSession) => alice.state.messages.filter((m) => m.fromName === 'Mallory');

  it('refuses a flood beyond the burst with one log line and no receipts for what it refused', async () => {
    // A frozen clock: no token comes back during the test, so exactly the burst gets through.
    const t0 = Date.now();
    const { alice, mallory, me } = await aliceAndMallory('flood-rate', {
      now: () => t0,
      inboundRate: { perSecond: 5, burst: 20 },
    });
    for (let i = 0; i < FLOOD; i++)
      await mallory.send(me, `f${i}`, { type: 'text', text: `spam ${i}`, ts: t0 });
    await handledAll(alice, mallory);
    await waitFor(alice, (s) => s.messages.length === 20, 'the burst of 20 shown', 20_000);
    assert.deepEqual(
      fromMallory(alice).map((m) => m.text),
      Array.from({ length: 20 }, (_, i) => `spam ${i}`),
    );
    const floodLines = alice.state.log.filter((l) => /more than 5 messages a second/.test(l.text));
    assert.equal(floodLines.length, 1, 'one activity line for the whole burst');
    // Barrier for receipts: Alice's own message to Mallory leaves after every receipt she sent.
    await alice.send('are you done?');
    await mallory.messagesArrived(1);
    assert.equal(mallory.receipts.length, 20, 'receipts only for the messages shown');
    assert.deepEqual(
      new Set(mallory.receipts.map((r) => r.id)),
      new Set(fromMallory(alice).map((m) => m.id)),
    );
  });

  it('keeps the chat at maxMessages with a note, and keeps our message still waiting for its receipt', async () => {
    const { alice, mallory, me } = await aliceAndMallory('flood-cap', {
      inboundRate: { perSecond: 1_000_000, burst: FLOOD * 2 },
      retry: { receiptTimeoutMs: 120_000, maxDelayMs: 120_000, maxAttempts: 2 },
    });
    await alice.send('my own message, waiting for a receipt');
    for (let i = 0; i < FLOOD; i++)
      await mallory.send(me, `c${i}`, { type: 'text', text: `flood ${i}`, ts: Date.now() });
    await handledAll(alice, mallory);
    // 1001 messages, 500 kept: our pending one (it counts, but never leaves) and Mallory's newest 499.
    const last = `c${FLOOD - 1}`;
    const s = await waitFor(alice, (st) => st.messages.at(-1)?.id === last, 'the last flood message', 30_000);
    assert.equal(s.removedMessages, FLOOD - 499);
    assert.equal(fromMallory(alice).length, 499);
    assert.equal(fromMallory(alice)[0]!.text, 'flood 501');
    assert.equal(fromMallory(alice).at(-1)!.text, `flood ${FLOOD - 1}`);
    const mine = s.messages.filter((m) => m.outgoing);
    assert.equal(mine.length, 1, 'the pending outgoing message stays');
    assert.equal(Object.values(mine[0]!.delivery)[0]?.state, 'sent');
    assert.equal(s.messages.length, 500);
    assert.equal(s.messages[0], mine[0], 'the oldest entry is our pending message');
  });

  it('shows odd but authentic times as the arrival time, refuses what the schema refuses, never a blank text', async () => {
    const { alice, mallory, me } = await aliceAndMallory('odd-plaintext');
    const huge = 'h'.repeat(40_000);
    const tooLong = 'x'.repeat(70_000);
    await mallory.send(me, 'far', { type: 'text', text: 'from the far future', ts: 1e300 });
    await mallory.send(me, 'neg', { type: 'text', text: 'before 1970', ts: -1 });
    await mallory.send(me, 'old', { type: 'text', text: 'from 2019', ts: Date.UTC(2019, 5, 1) });
    await mallory.send(me, 'nan', '{"type":"text","text":"nan time","ts":"NaN"}');
    await mallory.send(me, 'frac', { type: 'text', text: 'half a millisecond', ts: Date.now() + 0.5 });
    await mallory.send(me, 'huge', { type: 'text', text: huge, ts: Date.now() });
    await mallory.send(me, 'long', { type: 'text', text: tooLong, ts: Date.now() });
    await mallory.send(me, 'last', { type: 'text', text: 'an ordinary message', ts: Date.now() });
    // Messages from one peer are opened in order: once the last is shown, every earlier one was handled.
    const s = await waitFor(
      alice,
      (st) => st.messages.some((m) => m.id === 'last'),
      'the last message',
      15_000,
    );
    const byId = new Map(s.messages.map((m) => [m.id, m]));
    // Ordered by the time shown (the arrival time for the odd three), so only the set is fixed here.
    assert.deepEqual([...byId.keys()].sort(), ['far', 'huge', 'last', 'neg', 'old']);
    for (const id of ['far', 'neg', 'old']) {
      const m = byId.get(id)!;
      assert.ok(m.text.length > 0);
      assert.equal(typeof m.arrivedAt, 'number', `${id} is shown at its arrival time`);
      assert.ok(Math.abs(m.arrivedAt! - Date.now()) < 60 * 60 * 1000);
    }
    assert.equal(byId.get('huge')!.text, huge);
    assert.equal(byId.get('huge')!.arrivedAt, undefined);
    assert.equal(byId.get('last')!.arrivedAt, undefined);
    const refused = s.log
      .filter((l) => /Could not decrypt a message from Mallory/.test(l.text))
      .map((l) => l.text);
    assert.equal(refused.length, 3, refused.join('\n'));
    assert.match(refused[0]!, /no valid timestamp/);
    assert.match(refused[1]!, /no valid timestamp/);
    assert.match(refused[2]!, /longer than the limit/);
    await alice.send('barrier');
    await mallory.messagesArrived(1);
    const receipt = (id: string) => mallory.receipts.find((r) => r.id === id)?.body;
    for (const id of ['far', 'neg', 'old', 'huge', 'last']) assert.deepEqual(receipt(id), { ok: true });
    for (const id of ['nan', 'frac', 'long']) assert.equal((receipt(id) as { ok: boolean }).ok, false);
  });
});

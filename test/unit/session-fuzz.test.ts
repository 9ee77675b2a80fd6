// Fuzz of the client's inbound handlers (docs/security.md "Fuzzing"): a fake relay sends a RoomSession junk and
// near-valid peer-key, dm (every kind, junk ciphertext, real ciphertext of junk plaintext), peer-step, peer-joined,
// peer-left, relay-draining and who answers; nothing throws, the state stays consistent, and Bob's next message works.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  ERROR_CODES,
  MEMBER_ID_RE,
  joinAck,
  PRESENT_PHASES,
  announcedName,
  peerKey,
  peerStep,
  presentStep,
  relayDraining,
} from '../../common/schema/index.js';
import type { RoomSession } from '../../client/session/room-session.js';
import { BOB, ME, startFakeRelay, type FakeRelay } from '../helpers/fake-relay.js';
import { edgeString, fuzz, junk, mutated, RESERVED_EVENTS, wireImage } from '../helpers/fuzz.js';
import { newSession, readyWith, waitFor } from '../helpers/session.js';
import {
  curveArb,
  dmBodyArb,
  dmIdArb,
  dmKindArb,
  memberIdArb,
  msgBodyArb,
  nameArb,
  plaintextArb,
  pubArb,
  receiptBodyArb,
  stepPayloadArb,
} from '../helpers/wire-arbitraries.js';

const ROOM = 'fuzz';
const CAROL = 'C'.repeat(22);
const MAX_MESSAGES = 20;

/** Errors that escaped: uncaught exceptions and unhandled rejections while the suite runs. */
const escaped: unknown[] = [];
const onEscape = (err: unknown): void => void escaped.push(err);

/** One thing the fake relay does: emit an event, or send a message Bob sealed (its plaintext may be any junk). */
type Action =
  | { event: string; payload: unknown }
  | { sealed: { id: string; plaintext: unknown; wrongAad: 'none' | 'room' | 'to' } };

/** Everything a hostile relay could send: each event with junk, near-valid and valid payloads, and sealed messages. */
function actionArb(f: FakeRelay, outgoing: string): fc.Arbitrary<Action> {
  const from = fc.oneof(fc.constantFrom(BOB, ME, CAROL), memberIdArb);
  const ownPub = f.sessionPub!;
  const key = fc.oneof(
    curveArb.chain((curve) => fc.record({ from, curve: fc.constant(curve), pub: pubArb(curve) })),
    fc.record({ from, curve: fc.constant('P-256'), pub: fc.constantFrom(f.bobPub, ownPub) }),
  );
  const dm = fc.oneof(
    fc.record({ from, id: dmIdArb, kind: dmKindArb, body: fc.oneof(dmBodyArb, junk) }),
    fc.record({
      from,
      id: dmIdArb,
      kind: fc.constant('msg'),
      body: fc.oneof(msgBodyArb, mutated(msgBodyArb)),
    }),
    fc.record({
      from: fc.constant(BOB),
      id: fc.oneof(fc.constant(outgoing), dmIdArb),
      kind: fc.constant('receipt'),
      body: fc.oneof(receiptBodyArb, mutated(receiptBodyArb), junk),
    }),
  );
  const step = fc.tuple(from, stepPayloadArb).map(([sender, s]) => ({ from: sender, ...s }));
  const joined = fc.record({ id: from, name: fc.oneof(nameArb, edgeString) });
  const of = (event: string, valid: fc.Arbitrary<unknown>): fc.Arbitrary<Action> =>
    fc.oneof(junk, mutated(valid), valid).map((payload) => ({ event, payload }));
  return fc.oneof(
    of('peer-key', key),
    of('dm', dm),
    of('peer-step', step),
    of('peer-joined', joined),
    of('peer-left', fc.record({ id: from })),
    fc
      .record({
        id: dmIdArb,
        plaintext: plaintextArb,
        wrongAad: fc.constantFrom('none', 'none', 'none', 'room', 'to'),
      })
      .map((sealed) => ({ sealed })),
    // A well-formed drain notice moves the session to another node (session-drain tests): only malformed ones here.
    junk
      .filter((p) => !relayDraining.safeParse(wireImage(p)).success)
      .map((payload) => ({ event: 'relay-draining', payload })),
    fc
      .tuple(fc.string({ maxLength: 20 }), junk)
      .filter(([event]) => !RESERVED_EVENTS.has(event))
      .map(([event, payload]) => ({ event, payload })),
  );
}

/** What must hold whatever arrived: nothing escaped, still connected, bounded lists, only valid peers. */
function checkInvariants(s: RoomSession, stepProblems: string[]): void {
  assert.deepEqual(escaped, [], 'no uncaught exception or unhandled rejection');
  assert.deepEqual(stepProblems, [], 'only valid steps reach listeners');
  const st = s.state;
  assert.equal(st.connection, 'connected');
  const pending = st.messages.filter((m) => m.outgoing).length;
  assert.ok(st.messages.length <= MAX_MESSAGES + pending, `${st.messages.length} messages kept`);
  assert.ok(st.log.length <= 500);
  for (const p of st.peers) {
    assert.match(p.id, MEMBER_ID_RE);
    assert.notEqual(p.id, ME, 'never a peer with our own id');
    assert.ok(announcedName.safeParse(p.name).success || /^member .{6}$/.test(p.name), `peer name ${p.name}`);
    if (p.key) assert.ok(peerKey.safeParse({ curve: p.key.curve, pub: p.key.pub }).success, 'a valid key');
  }
  const seen = new Set<string>();
  for (const m of st.messages.filter((m) => !m.outgoing)) {
    assert.equal(typeof m.text, 'string');
    assert.ok(!seen.has(`${m.from} ${m.id}`), 'a message is shown once');
    seen.add(`${m.from} ${m.id}`);
  }
  assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
}

describe('client inbound fuzz', () => {
  let f: FakeRelay;
  let s: RoomSession;
  let outgoing = '';
  const stepProblems: string[] = [];
  let n = 0;

  before(async () => {
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
    f = await startFakeRelay(ROOM);
    s = newSession(f.url, {
      presenceIntervalMs: 15,
      maxMessages: MAX_MESSAGES,
      inboundRate: { perSecond: 1e6, burst: 1e6 },
      // Sealed junk is answered too; a spent receipt budget would leave Bob's check message unanswered.
      receiptRate: { perSecond: 1e6, burst: 1e6 },
      ackTimeoutMs: 2000,
    });
    s.onPeerStep((step) => {
      const envelope = peerStep.safeParse(step);
      if (!envelope.success) stepProblems.push(`malformed step ${JSON.stringify(step)}`);
      else if (
        (PRESENT_PHASES as readonly string[]).includes(step.phase) &&
        !presentStep.safeParse(step).success
      )
        stepProblems.push(`invalid ${step.phase}`);
    });
    await s.join(ROOM, 'Alice');
    await s.generateKeys();
    await waitFor(s, readyWith('Bob'), 'a channel with Bob');
    await s.send('hello Bob'); // an outgoing message Bob's (junk) receipts can refer to
    outgoing = s.state.messages.find((m) => m.outgoing)!.id;
  });
  after(async () => {
    await s.leave();
    await f.close();
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
  });

  /** Bob is back with his real key, and his next message is shown and answered with an ok receipt. */
  async function bobStillTalks(): Promise<void> {
    f.emit('peer-joined', { id: BOB, name: 'Bob' });
    f.emit('peer-key', { from: BOB, curve: 'P-256', pub: f.bobPub });
    const id = `valid-${++n}`;
    const text = `still talking ${n}`;
    f.emit('dm', {
      from: BOB,
      id,
      kind: 'msg',
      body: await f.sealFromBob(id, { type: 'text', text, ts: Date.now() }),
    });
    await waitFor(s, (st) => st.messages.some((m) => m.id === id && m.text === text), `message ${id} shown`);
    const receipt = await f.sentMatching((d) => d.id === id && d.kind === 'receipt');
    assert.deepEqual(receipt.parts, [{ to: BOB, body: { ok: true } }]);
  }

  /** Barrier: a valid step sent after the actions reaches the listener once every action before it was handled. */
  async function handled(): Promise<void> {
    const phase = `barrier-${++n}`;
    const got = new Promise<void>((resolve) => {
      const off = s.onPeerStep((step) => {
        if (step.phase !== phase) return;
        off();
        resolve();
      });
    });
    f.emit('peer-step', { from: BOB, phase, detail: {} });
    await got;
  }

  test('junk on every inbound event: no throw, consistent state, Bob still talks', async () => {
    const property = fc.asyncProperty(
      fc.array(actionArb(f, outgoing), { minLength: 1, maxLength: 6 }),
      async (actions) => {
        for (const a of actions) {
          if ('event' in a) f.emit(a.event, a.payload);
          else {
            const { id, plaintext, wrongAad } = a.sealed;
            const aad = wrongAad === 'room' ? { room: 'other' } : wrongAad === 'to' ? { to: CAROL } : {};
            f.emit('dm', { from: BOB, id, kind: 'msg', body: await f.sealFromBob(id, plaintext, aad) });
          }
        }
        await handled();
        checkInvariants(s, stepProblems);
        await bobStillTalks();
        checkInvariants(s, stepProblems);
      },
    );
    await fuzz('client inbound events', property, 300);
  });

  test('junk join acks: join resolves exactly when the ack is valid, else rejects with a plain reason', async () => {
    const peer = fc.record({ id: fc.oneof(fc.constantFrom(BOB, CAROL), memberIdArb), name: nameArb });
    const valid = fc.record({
      ok: fc.constant(true),
      me: fc.record({ id: fc.oneof(fc.constant(ME), memberIdArb) }),
      peers: fc.array(peer, { maxLength: 3 }),
    });
    const refusal = fc.record({
      ok: fc.constant(false),
      error: fc.record(
        { code: fc.constantFrom(...ERROR_CODES), message: fc.string(), limit: fc.nat() },
        { requiredKeys: ['code', 'message'] },
      ),
    });
    const answer = fc.oneof(junk, mutated(valid), valid, mutated(refusal), refusal);
    const property = fc.asyncProperty(answer, async (ack) => {
      const other = newSession(f.url, { presenceIntervalMs: 60_000, ackTimeoutMs: 1000 });
      f.joinAnswers.push(ack);
      const ok = joinAck.safeParse(wireImage(ack)).success;
      try {
        await other.join(ROOM, 'Carol');
        assert.ok(ok, `join accepted ${JSON.stringify(ack)}`);
        assert.equal(other.state.connection, 'connected');
      } catch (err) {
        assert.ok(!ok, `join refused a valid ack: ${String(err)}`);
        assert.ok(err instanceof Error && err.message.length > 0, 'a plain reason');
        assert.equal(other.state.connection, 'disconnected');
      } finally {
        await other.leave();
      }
      assert.deepEqual(escaped, []);
    });
    await fuzz('client join acks', property, 40);
    f.joinAnswers.length = 0;
  });

  test('junk who answers: no throw, never our own id as a peer, Bob still talks', async () => {
    const peer = fc.record({ id: fc.oneof(fc.constantFrom(BOB, ME, CAROL), memberIdArb), name: nameArb });
    const valid = fc.record(
      {
        ok: fc.constant(true),
        peers: fc.array(
          fc.oneof(peer, fc.constant({ id: BOB, name: 'Bob', key: { curve: 'P-256', pub: f.bobPub } })),
        ),
        partial: fc.constant(true),
      },
      { requiredKeys: ['ok', 'peers'] },
    );
    const answer = fc.oneof(junk, mutated(valid), valid);
    const property = fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 3 }), async (answers) => {
      const start = f.whoCount;
      f.whoAnswers.push(...answers);
      // Every junk answer given, then two default ones (Bob listed), so no junk absence is still counting.
      const until = start + answers.length + 2;
      const deadline = Date.now() + 5000;
      while (f.whoCount < until) {
        assert.ok(Date.now() < deadline, 'the session keeps asking who');
        await new Promise((r) => setTimeout(r, 10));
      }
      await handled();
      checkInvariants(s, stepProblems);
      await bobStillTalks();
    });
    await fuzz('client who answers', property, 25);
  });
});

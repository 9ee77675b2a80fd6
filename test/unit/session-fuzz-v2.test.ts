// Fuzz of the client's v2 inbound paths (docs/security.md "Fuzzing"): a fake relay with a v1 member (Bob) and a v2
// member (Vera, whose real Double Ratchet the test runs) sends a RoomSession shaped junk of every dm kind (ratchet,
// file*, confirm, skdist, …), real ratchet ciphertext of junk plaintext, tampered and replayed real ratchet bodies,
// bcast junk and junk `v` lists; nothing escapes, the ratchet's stores stay bounded, and the session still talks
// both ways with Vera (v2) and Bob (v1). That refusals never flood the log: session-refusal-lines.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { MAX_SKIPPED_KEYS } from '../../client/crypto/ratchet/state.js';
import { MAX_TRANSCRIPT, DoubleRatchet } from '../../client/crypto/ratchet/ratchet.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import type { RoomSession } from '../../client/session/room-session.js';
import { BOB, ME, VERA, startFakeRelay, type FakeRelay } from '../helpers/fake-relay.js';
import { fuzz, junk } from '../helpers/fuzz.js';
import { newSession, readyWith, settle, waitFor } from '../helpers/session.js';
import {
  badVersionListArb,
  ratchetHeaderMutation,
  shapedBcastArb,
  shapedDmArb,
  versionListArb,
} from '../helpers/v2-arbitraries.js';
import { dmIdArb, memberIdArb, plaintextArb } from '../helpers/wire-arbitraries.js';

const ROOM = 'fuzz-v2';
const MAX_MESSAGES = 20;
const MALLORY = 'Q'.repeat(22);
/** Replays kept to send again (bounded). */
const MAX_REPLAYS = 16;

const escaped: unknown[] = [];
const onEscape = (err: unknown): void => void escaped.push(err);

/** One thing the hostile side does. */
type Action =
  | { event: string; payload: unknown }
  | {
      real: {
        id: string;
        plaintext: unknown;
        as: 'same' | 'other-id' | 'tamper';
        tamper?: (b: any) => unknown;
      };
    }
  | { replay: number };

const utf8 = (v: unknown): Uint8Array =>
  v instanceof Uint8Array ? v : new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('client v2 inbound fuzz', () => {
  let f: FakeRelay;
  let s: RoomSession;
  let vera: DoubleRatchet;
  /** Vera's ratchet calls, one after another (as ratchet-channel.ts does for the session). */
  let veraQueue: Promise<unknown> = Promise.resolve();
  const veraDo = <T>(op: () => Promise<T>): Promise<T> => {
    const next = veraQueue.then(op);
    veraQueue = next.catch(() => undefined);
    return next;
  };
  /** Next index of f.sent Vera has not read yet, and what she read: plaintext JSON by dm id. */
  let readUpTo = 0;
  const veraGot = new Map<string, unknown>();
  const replays: { id: string; body: unknown }[] = [];
  let n = 0;

  /** Vera opens, in order, every ratchet dm the session sent her since last time (a failure is recorded, not thrown). */
  async function veraRead(): Promise<void> {
    for (; readUpTo < f.sent.length; readUpTo++) {
      const d = f.sent[readUpTo]!;
      if (d.kind !== 'ratchet') continue;
      for (const part of d.parts.filter((p) => p.to === VERA)) {
        const binding = { room: ROOM, from: ME, to: VERA, id: d.id };
        try {
          const { plaintext } = await veraDo(() => vera.decryptBody(part.body, binding));
          veraGot.set(d.id, JSON.parse(new TextDecoder().decode(plaintext)));
        } catch {
          // A resend of a body she already opened (same bytes, its key deleted): nothing new.
        }
      }
    }
  }

  /** Vera's real ratchet body of `plaintext` bound to message `id`. */
  async function fromVera(id: string, plaintext: unknown): Promise<{ h: any; ct: string }> {
    const binding = { room: ROOM, from: VERA, to: ME, id };
    const { body } = await veraDo(() => vera.encryptBytes(utf8(plaintext), binding));
    if (replays.length >= MAX_REPLAYS) replays.shift();
    replays.push({ id, body });
    return body;
  }

  before(async () => {
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
    f = await startFakeRelay(ROOM, { vera: true });
    s = newSession(f.url, {
      presenceIntervalMs: 15,
      maxMessages: MAX_MESSAGES,
      inboundRate: { perSecond: 1e6, burst: 1e6 },
      receiptRate: { perSecond: 1e6, burst: 1e6 },
      ackTimeoutMs: 2000,
    });
    await s.join(ROOM, 'Alice');
    await s.generateKeys();
    await waitFor(s, (st) => readyWith('Bob')(st) && readyWith('Vera')(st), 'channels with Bob and Vera');
    vera = await DoubleRatchet.create({
      own: f.vera!,
      peerPub: Buffer.from(f.sessionPub!, 'base64url'),
      room: ROOM,
      generate: () => generateKeyAgreement('P-256'),
    });
  });
  after(async () => {
    await s.leave();
    await f.close();
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
  });

  /** Barrier: a step sent after the actions reaches the listener once every action before it was handled. */
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
    // Ratchet dms are opened on the peer's queue, after the step: wait for the queue to drain too.
    await settle(s, VERA);
  }

  /** Nothing escaped, still connected, bounded lists and ratchet stores, no blank message. */
  async function checkInvariants(): Promise<void> {
    assert.deepEqual(escaped, [], 'no uncaught exception or unhandled rejection');
    const st = s.state;
    assert.equal(st.connection, 'connected');
    const pending = st.messages.filter((m) => m.outgoing).length;
    assert.ok(st.messages.length <= MAX_MESSAGES + pending, `${st.messages.length} messages kept`);
    assert.ok(st.log.length <= 500);
    for (const m of st.messages.filter((m) => !m.outgoing && !m.file))
      assert.ok(m.text.length > 0, 'no blank bubble');
    const pairs = (s as any).v2.pairs;
    const peer = (s as any).peers.get(VERA);
    const ratchet: DoubleRatchet = await pairs.ratchet(peer);
    const { state } = ratchet.compromise();
    assert.ok(state.skipped.size <= MAX_SKIPPED_KEYS, `${state.skipped.size} skipped keys`);
    assert.ok(ratchet.transcript().length <= MAX_TRANSCRIPT);
    const receiver = (s as any).ext.files.receiver;
    assert.ok(receiver.receiving().length <= receiver.limits.maxTransfers, 'file transfers within bounds');
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  }

  /** Vera's real message is shown and answered with an authenticated ok receipt; Bob's too; ours reach both. */
  async function bothStillTalk(): Promise<void> {
    f.emit('peer-key', { from: BOB, curve: 'P-256', pub: f.bobPub });
    const k = ++n;
    const id = `vera-${k}`;
    f.emit('dm', {
      from: VERA,
      id,
      kind: 'ratchet',
      body: await fromVera(id, { type: 'text', text: `v2 ${k}`, ts: Date.now() }),
    });
    await waitFor(
      s,
      (st) => st.messages.some((m) => m.id === id && m.text === `v2 ${k}`),
      `Vera's ${id} shown`,
    );
    await f.sentMatching((d) => d.id === id && d.kind === 'ratchet');
    await veraRead();
    assert.deepEqual(veraGot.get(id), { type: 'receipt', id, ok: true }, 'an authenticated ok receipt');
    const bobId = `bob-${k}`;
    f.emit('dm', {
      from: BOB,
      id: bobId,
      kind: 'msg',
      body: await f.sealFromBob(bobId, { type: 'text', text: `v1 ${k}`, ts: Date.now() }),
    });
    await waitFor(s, (st) => st.messages.some((m) => m.id === bobId), `Bob's ${bobId} shown`);
    const text = `to both ${k}`;
    await s.send(text);
    const mine = s.state.messages.find((m) => m.outgoing && m.text === text)!;
    const toBob = await f.sentMatching((d) => d.id === mine.id && d.kind === 'msg');
    assert.ok(
      toBob.parts.some((p) => p.to === BOB),
      'a v1 msg to Bob',
    );
    await f.sentMatching((d) => d.id === mine.id && d.kind === 'ratchet');
    await veraRead();
    assert.equal(
      (veraGot.get(mine.id) as { text?: string } | undefined)?.text,
      text,
      'Vera opens our message',
    );
    // Both answer, so nothing stays pending into the next run.
    f.emit('dm', { from: BOB, id: mine.id, kind: 'receipt', body: { ok: true } });
    const receipt = { type: 'receipt', id: mine.id, ok: true };
    f.emit('dm', { from: VERA, id: mine.id, kind: 'ratchet', body: await fromVera(mine.id, receipt) });
    await waitFor(
      s,
      (st) => {
        const d = st.messages.find((m) => m.id === mine.id)?.delivery;
        return d?.[BOB]?.state === 'delivered' && d[VERA]?.state === 'delivered';
      },
      `${mine.id} delivered`,
    );
  }

  function actionArb(): fc.Arbitrary<Action> {
    const from = fc.oneof(fc.constantFrom(VERA, VERA, BOB, MALLORY), memberIdArb);
    const shaped = fc
      .tuple(from, dmIdArb, shapedDmArb('P-256'))
      .map(([sender, id, { kind, body }]) => ({ event: 'dm', payload: { from: sender, id, kind, body } }));
    const bcast = fc
      .tuple(from, dmIdArb, shapedBcastArb)
      .map(([sender, id, { kind, body }]) => ({ event: 'bcast', payload: { from: sender, id, kind, body } }));
    const key = fc
      .tuple(fc.oneof(fc.constant(VERA), memberIdArb), badVersionListArb, versionListArb, fc.boolean())
      .map(([id, bad, good, useBad]) => ({
        event: 'peer-key',
        // Vera's own key with a valid list would renegotiate her pair: only malformed lists name her.
        payload: { from: id, curve: 'P-256', pub: f.bobPub, v: id === VERA || useBad ? bad : good },
      }));
    const real = fc.record({
      id: dmIdArb,
      plaintext: plaintextArb,
      as: fc.constantFrom('same', 'same', 'other-id', 'tamper'),
      tamper: ratchetHeaderMutation('P-256'),
    });
    return fc.oneof(
      { weight: 4, arbitrary: shaped },
      { weight: 1, arbitrary: bcast },
      { weight: 1, arbitrary: key },
      { weight: 3, arbitrary: real.map((r) => ({ real: r }) as Action) },
      { weight: 1, arbitrary: fc.nat().map((i) => ({ replay: i }) as Action) },
      { weight: 1, arbitrary: junk.map((payload) => ({ event: 'bcast', payload })) },
    );
  }

  test('shaped junk of every dm kind, real ratchet junk, bcast and v junk: no throw, bounded, both peers still talk', async () => {
    const property = fc.asyncProperty(
      fc.array(actionArb(), { minLength: 1, maxLength: 6 }),
      async (actions) => {
        for (const a of actions) {
          if ('event' in a) f.emit(a.event, a.payload);
          else if ('replay' in a) {
            const r = replays[a.replay % Math.max(1, replays.length)];
            if (r) f.emit('dm', { from: VERA, id: r.id, kind: 'ratchet', body: r.body });
          } else {
            const { id, plaintext, as, tamper } = a.real;
            const body = await fromVera(id, plaintext);
            const sent = as === 'tamper' ? tamper!(body) : body;
            f.emit('dm', {
              from: VERA,
              id: as === 'other-id' ? `${id}x`.slice(-128) : id,
              kind: 'ratchet',
              body: sent,
            });
          }
        }
        await handled();
        await checkInvariants();
        await bothStillTalk();
        await checkInvariants();
      },
    );
    await fuzz('client v2 inbound', property, 60);
  });
});

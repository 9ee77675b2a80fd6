// Fuzz of the relay (docs/security.md "Fuzzing"): every client event, and unknown ones, with generated junk and
// near-valid payloads against a real relay process; well-formed acks, honest members get only valid events.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CLIENT_EVENT_NAMES, type ClientEventName } from '../../common/schema/index.js';
import { bigString, fuzz, junk, mutated, RESERVED_EVENTS, wireImage } from '../helpers/fuzz.js';
import {
  dmBodyArb,
  dmIdArb,
  dmKindArb,
  dmPayloadArb,
  joinPayloadArb,
  keyPayloadArb,
  stepPayloadArb,
} from '../helpers/wire-arbitraries.js';
import { memberIdFromResume } from '../../server/member-id.js';
import { afterFuzz, fuzzNodes, fuzzRoom } from './fuzz-setup.js';
import { ackProblem, mustAccept } from './fuzz-wire.js';
import { call, closeAll, newResume, next, roundTrip, type Member } from './helpers.js';

const ROOM = 'fuzz';
/** `node`: rate limits far above what the fuzzer sends, so every event reaches validation; `limited`: the last test. */
const relays = fuzzNodes('fuzz', 'limited');

/** Valid payloads of each event, from the schema-derived arbitraries; `to` lists the honest members' ids. */
function validPayload(event: ClientEventName, to: string[]): fc.Arbitrary<unknown> {
  switch (event) {
    case 'join':
      return fc.oneof(joinPayloadArb(ROOM), joinPayloadArb());
    case 'key':
      return keyPayloadArb;
    case 'dm':
      return dmPayloadArb(to);
    case 'step':
      return stepPayloadArb;
    case 'bcast':
      return fc.record({ id: dmIdArb, kind: dmKindArb, body: dmBodyArb });
    case 'leave':
    case 'who':
      return fc.oneof(fc.constant({}), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })));
    case 'lock':
      return fc.record({ locked: fc.boolean() });
  }
}

/** Junk, near-valid and valid payloads of `event`, and dm bodies near the 64 KiB limit. */
function payloadArb(event: ClientEventName, to: string[]): fc.Arbitrary<unknown> {
  const valid = validPayload(event, to);
  const big = fc.record({ id: fc.constant('big'), kind: fc.constant('msg'), parts: fc.constant([]) });
  return fc.oneof(
    { weight: 3, arbitrary: junk },
    { weight: 5, arbitrary: mutated(valid) },
    { weight: 2, arbitrary: valid },
    {
      weight: event === 'dm' ? 1 : 0,
      arbitrary: fc
        .tuple(big, fc.constantFrom(...to), bigString)
        .map(([dm, target, body]) => ({ ...dm, parts: [{ to: target, body: { x: body } }] })),
    },
  );
}

/** How the junk is sent: with an ack, with extra arguments before the ack, or without one. */
const howArb = fc.constantFrom('ack', 'extra-args', 'none');

/** A fuzzer and two honest members (A, B) of ROOM on `url`, each honest one checking everything it receives. */
async function setUp(url: string) {
  const { f, ids, a, b, watchers } = await fuzzRoom(url, ROOM);
  return { fuzzer: f.socket, resume: f.resume, ids, a, b, watchers };
}

describe('relay fuzz: every client event with junk', () => {
  for (const event of CLIENT_EVENT_NAMES) {
    test(`${event}: junk and near-valid payloads get a well-formed ack, the relay and the room keep working`, async () => {
      const since = relays.node.output().length;
      const { fuzzer, resume, ids, a, b, watchers } = await setUp(relays.node.url);
      const rejoin = async (joined: boolean): Promise<void> => {
        await call(fuzzer, 'leave', {});
        if (joined) assert.equal((await call(fuzzer, 'join', { room: ROOM, name: 'F', resume })).ok, true);
      };
      let accepted = 0;
      const property = fc.asyncProperty(
        payloadArb(event, [a.id, b.id]),
        fc.boolean(),
        howArb,
        async (payload, joined, how) => {
          await rejoin(joined);
          const image = wireImage(payload);
          // A valid join (in ROOM or not) brings a new member id the honest members may hear of.
          if (event === 'join' && mustAccept('join', image, false))
            ids.add(memberIdFromResume((image as { resume: string }).resume)!);
          if (how === 'none') (fuzzer as any).emit(event, payload);
          else {
            const ack = await (how === 'ack'
              ? call(fuzzer, event, payload)
              : call(fuzzer, event, payload, 'x', 42));
            const problem = ackProblem(event, ack);
            assert.equal(problem, undefined, problem);
            const want = mustAccept(event, image, joined);
            assert.equal(ack.ok, want, `${event} ${want ? 'refused' : 'accepted'}: ${JSON.stringify(ack)}`);
            if (ack.ok) accepted++;
          }
          // Everything the relay sent because of the junk has reached the honest members by now (roundTrip).
          await call(fuzzer, 'who', {});
          await Promise.all([roundTrip(a.socket), roundTrip(b.socket)]);
          assert.deepEqual(
            watchers.flatMap((w) => w.take()),
            [],
          );
          assert.equal(fuzzer.connected, true, 'junk alone does not disconnect the fuzzer');
        },
      );
      await fuzz(`relay ${event}`, property, 200);
      assert.ok(accepted > 0, 'some generated payloads were valid and accepted');
      await afterFuzz(relays.node, a, b, since, dmArrives);
      assert.equal(fuzzer.connected, true);
      closeAll(fuzzer, a.socket, b.socket);
    });
  }

  test('unknown event names are ignored, whatever their arguments', async () => {
    const since = relays.node.output().length;
    const { fuzzer, a, b, watchers } = await setUp(relays.node.url);
    const known = new Set<string>(CLIENT_EVENT_NAMES);
    const name = fc
      .oneof(
        fc.constantFrom('__proto__', 'constructor', 'toString', 'peer-key', 'dm ', 'JOIN', 'key\u0000', ''),
        fc.string({ maxLength: 40 }),
      )
      .filter((n) => !RESERVED_EVENTS.has(n) && !known.has(n));
    const property = fc.asyncProperty(name, fc.array(junk, { maxLength: 3 }), async (event, args) => {
      (fuzzer as any).emit(event, ...args);
      (fuzzer as any).emit(event, ...args, () => assert.fail(`the relay answered unknown event ${event}`));
      await call(fuzzer, 'who', {});
      await Promise.all([roundTrip(a.socket), roundTrip(b.socket)]);
      assert.deepEqual(
        watchers.flatMap((w) => w.take()),
        [],
      );
      assert.equal(fuzzer.connected, true);
    });
    await fuzz('relay unknown events', property, 200);
    await afterFuzz(relays.node, a, b, since, dmArrives);
    closeAll(fuzzer, a.socket, b.socket);
  });
});

/** `from` sends `to` a dm and `to` receives it. */
async function dmArrives(from: Member, to: Member): Promise<void> {
  const got = next(to.socket, 'dm');
  const id = `after-${newResume().slice(0, 8)}`;
  assert.deepEqual(
    await call(from.socket, 'dm', { id, kind: 'msg', parts: [{ to: to.id, body: { ok: 1 } }] }),
    {
      ok: true,
    },
  );
  assert.equal((await got).id, id);
}

test('rate limits still apply to junk (default limits): refusals are well-formed and the socket stays', async () => {
  const since = relays.limited.output().length;
  const { fuzzer, a, b, watchers } = await setUp(relays.limited.url);
  const payloads = fc.sample(fc.tuple(fc.constantFrom(...CLIENT_EVENT_NAMES), junk), {
    seed: 7,
    numRuns: 120,
  });
  const acks = await Promise.all(payloads.map(([event, payload]) => call(fuzzer, event, payload)));
  payloads.forEach(([event], i) => assert.equal(ackProblem(event, acks[i]), undefined));
  const limitedCount = acks.filter((ack) => ack.ok === false && ack.error.code === 'rate-limited').length;
  // The bucket holds 60 tokens and refills 30 a second: of 120 events sent at once, many are refused.
  assert.ok(limitedCount >= 20, `${limitedCount} of 120 rate-limited`);
  assert.equal(fuzzer.connected, true, 'a rate-limited socket is not disconnected');
  await roundTrip(a.socket);
  assert.deepEqual(
    watchers.flatMap((w) => w.take()),
    [],
  );
  await afterFuzz(relays.limited, a, b, since, dmArrives);
  closeAll(fuzzer, a.socket, b.socket);
});

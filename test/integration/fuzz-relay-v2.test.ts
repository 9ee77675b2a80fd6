// Fuzz of the relay's v2 surface (docs/security.md "Fuzzing"; docs/protocol.md "v2: version negotiation", "v2:
// broadcast"): `key` with junk `v`, `bcast` with junk in every field, bodies at the size limit ±1 byte and floods,
// and dms of every known kind with shaped bodies, against a real relay process. Acks are well formed, only what must
// be forwarded is, exactly as sent, other members' chat is unaffected, and the metrics count every refusal.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_LIMITS } from '../../common/limits.js';
import { bcastPayloadWithin, CLIENT_EVENTS, isVersionList } from '../../common/schema/index.js';
import { fuzz, junk, mutated, sampleJunk, wireImage } from '../helpers/fuzz.js';
import { badVersionListArb, shapedBcastArb, shapedDmArb, versionListArb } from '../helpers/v2-arbitraries.js';
import { dmIdArb, pubArb } from '../helpers/wire-arbitraries.js';
import type { Node } from './cluster.js';
import { afterFuzz, fuzzNodes, fuzzRoom } from './fuzz-setup.js';
import { ackProblem } from './fuzz-wire.js';
import { call, closeAll, collect, joinAs, metricValue, roundTrip, type Member } from './helpers.js';

/** `node`: rate limits far above what the fuzzer sends; `limited`: the default ones (the flood test). */
const relays = fuzzNodes('fuzz-v2', 'fuzz-v2-limited');

/** Prometheus text of `relay`. */
async function metrics(relay: Node): Promise<string> {
  return (await fetch(`${relay.url}/metrics`)).text();
}
const rejections = (text: string, code: string): number =>
  metricValue(text, 'curvechat_rejections_total', `{code="${code}"}`);

/** `from` sends `to` a dm and `to` receives exactly that one. */
async function dmArrives(from: Member, to: Member): Promise<void> {
  const got = collect(to.socket, 'dm');
  const id = `after-${from.name}`;
  assert.deepEqual(
    await call(from.socket, 'dm', { id, kind: 'msg', parts: [{ to: to.id, body: { ok: 1 } }] }),
    {
      ok: true,
    },
  );
  await roundTrip(to.socket);
  assert.deepEqual(
    got.map((d) => d.id),
    [id],
  );
}

describe('relay v2 fuzz', () => {
  test('key with junk v: bad-request and nothing forwarded; a valid v travels unchanged; refusals are counted', async () => {
    const since = relays.node.output().length;
    const { f, a, b, watchers } = await fuzzRoom(relays.node.url, 'fz-v');
    const atA = collect(a.socket, 'peer-key');
    const before = rejections(await metrics(relays.node), 'bad-request');
    let refused = 0;
    const v = fc.oneof(badVersionListArb, versionListArb, mutated(versionListArb));
    const property = fc.asyncProperty(pubArb('P-256'), v, async (pub, list) => {
      atA.length = 0;
      const ack = await call(f.socket, 'key', { curve: 'P-256', pub, v: list });
      assert.equal(ackProblem('key', ack), undefined);
      const want = isVersionList(wireImage(list));
      assert.equal(ack.ok, want, `v ${JSON.stringify(list)?.slice(0, 80)}: ${JSON.stringify(ack)}`);
      if (!ack.ok) {
        assert.equal(ack.error.code, 'bad-request');
        refused++;
      }
      await roundTrip(f.socket);
      await roundTrip(a.socket);
      assert.deepEqual(
        atA,
        want ? [{ from: f.id, curve: 'P-256', pub, v: list }] : [],
        'forwarded exactly when valid',
      );
      assert.deepEqual(
        watchers.flatMap((w) => w.take()),
        [],
      );
    });
    await fuzz('relay key v', property, 120);
    assert.ok(refused > 20, `${refused} refused`);
    assert.equal(
      rejections(await metrics(relays.node), 'bad-request') - before,
      refused,
      'every refusal counted',
    );
    await afterFuzz(relays.node, a, b, since, dmArrives);
    closeAll(f.socket, a.socket, b.socket);
  });

  test('bcast junk in every field: well-formed acks, delivered unchanged exactly when valid, to the room only', async () => {
    const since = relays.node.output().length;
    const { f, a, b, watchers } = await fuzzRoom(relays.node.url, 'fz-bc');
    const other = await joinAs(relays.node.url, 'fz-bc-other', 'O');
    const [atA, atB, atO, atF] = [a, b, other, f].map((m) => collect(m.socket, 'bcast'));
    const m0 = await metrics(relays.node);
    let sent = 0;
    let accepted = 0;
    const valid = fc.tuple(dmIdArb, shapedBcastArb).map(([id, { kind, body }]) => ({ id, kind, body }));
    const payload = fc.oneof({ weight: 3, arbitrary: valid }, { weight: 3, arbitrary: mutated(valid) }, junk);
    const property = fc.asyncProperty(payload, async (p) => {
      for (const list of [atA, atB, atO, atF]) list.length = 0;
      const ack = await call(f.socket, 'bcast', p);
      sent++;
      assert.equal(ackProblem('bcast', ack), undefined);
      const image = wireImage(p);
      const want = bcastPayloadWithin(DEFAULT_LIMITS).safeParse(image).success;
      assert.equal(ack.ok, want, `${JSON.stringify(p)?.slice(0, 120)}: ${JSON.stringify(ack)}`);
      await Promise.all([
        roundTrip(a.socket),
        roundTrip(b.socket),
        roundTrip(other.socket),
        roundTrip(f.socket),
      ]);
      if (want) {
        accepted++;
        const { id, kind, body } = image as { id: string; kind: string; body: unknown };
        const expected = [{ from: f.id, id, kind, body }];
        assert.deepEqual(atA, expected);
        assert.deepEqual(atB, expected);
      } else assert.deepEqual([...atA, ...atB], [], 'nothing forwarded');
      assert.deepEqual([...atO, ...atF], [], 'never another room, never the sender');
      assert.deepEqual(
        watchers.flatMap((w) => w.take()),
        [],
      );
    });
    await fuzz('relay bcast fields', property, 150);
    assert.ok(accepted > 20 && accepted < sent, `${accepted} of ${sent} accepted`);
    const m1 = await metrics(relays.node);
    assert.equal(
      metricValue(m1, 'curvechat_events_total', '{event="bcast"}') -
        metricValue(m0, 'curvechat_events_total', '{event="bcast"}'),
      sent,
      'every bcast counted',
    );
    const refusedCount = ['bad-request', 'too-large'].reduce(
      (n, c) => n + rejections(m1, c) - rejections(m0, c),
      0,
    );
    assert.equal(refusedCount, sent - accepted, 'every refusal counted');
    await afterFuzz(relays.node, a, b, since, dmArrives);
    closeAll(f.socket, a.socket, b.socket, other.socket);
  });

  test('bcast bodies at the limit − 1, at it and + 1 byte (one- and multi-byte characters)', async () => {
    const { f, a, b } = await fuzzRoom(relays.node.url, 'fz-bc-size');
    const atA = collect(a.socket, 'bcast');
    const limit = DEFAULT_LIMITS.maxDmBody;
    for (const unit of ['x', '€']) {
      for (const delta of [-1, 0, 1]) {
        // JSON.stringify of { t: "…" } is 8 bytes plus the text; pad with ASCII to hit the exact byte count.
        const bytes = limit + delta - 8;
        const wide = Math.floor(bytes / Buffer.byteLength(unit));
        const text = unit.repeat(wide) + 'x'.repeat(bytes - wide * Buffer.byteLength(unit));
        const body = { t: text };
        assert.equal(Buffer.byteLength(JSON.stringify(body)), limit + delta);
        atA.length = 0;
        const ack = await call(f.socket, 'bcast', { id: `size-${delta}`, kind: 'skmsg', body });
        await roundTrip(a.socket);
        if (delta <= 0) {
          assert.deepEqual(ack, { ok: true });
          assert.equal(atA.length, 1);
          assert.equal(atA[0].body.t, text);
        } else {
          assert.equal(ack.ok, false);
          assert.equal(ack.error.code, 'too-large');
          assert.deepEqual(atA, []);
        }
      }
    }
    closeAll(f.socket, a.socket, b.socket);
  });

  test('dms of every known kind with shaped bodies reach only the addressed member, unchanged', async () => {
    const since = relays.node.output().length;
    const { f, a, b, watchers } = await fuzzRoom(relays.node.url, 'fz-dm-kinds');
    const [atA, atB] = [a, b].map((m) => collect(m.socket, 'dm'));
    const property = fc.asyncProperty(dmIdArb, shapedDmArb('X25519'), async (id, { kind, body }) => {
      atA.length = 0;
      atB.length = 0;
      const payload = { id, kind, parts: [{ to: a.id, body }] };
      const ack = await call(f.socket, 'dm', payload);
      assert.equal(ackProblem('dm', ack), undefined);
      const image = wireImage(payload) as { parts: { body: unknown }[] };
      const want = CLIENT_EVENTS.dm.payload.safeParse(image).success;
      assert.equal(ack.ok, want, JSON.stringify(ack));
      await Promise.all([roundTrip(a.socket), roundTrip(b.socket)]);
      assert.deepEqual(atA, want ? [{ from: f.id, id, kind, body: image.parts[0]!.body }] : []);
      assert.deepEqual(atB, [], 'never another member');
      assert.deepEqual(
        watchers.flatMap((w) => w.take()),
        [],
      );
    });
    await fuzz('relay shaped dms', property, 120);
    await afterFuzz(relays.node, a, b, since, dmArrives);
    closeAll(f.socket, a.socket, b.socket);
  });
});

test('a bcast flood under the default limits: well-formed rate-limited acks, delivered exactly the accepted ones', async () => {
  const since = relays.limited.output().length;
  const { f, a, b, watchers } = await fuzzRoom(relays.limited.url, 'fz-bc-flood');
  const atA = collect(a.socket, 'bcast');
  const m0 = await metrics(relays.limited);
  const bodies = sampleJunk(shapedBcastArb, 150, 3);
  const acks = await Promise.all(
    bodies.map(({ kind, body }, i) => call(f.socket, 'bcast', { id: `flood-${i}`, kind, body })),
  );
  acks.forEach((ack) => assert.equal(ackProblem('bcast', ack), undefined));
  const ok = acks.filter((ack) => ack.ok).length;
  const limitedCount = acks.filter((ack) => !ack.ok && ack.error.code === 'rate-limited').length;
  assert.ok(limitedCount >= 30, `${limitedCount} of 150 rate-limited`);
  await roundTrip(a.socket);
  assert.equal(atA.length, ok, 'exactly the accepted ones delivered');
  assert.equal(f.socket.connected, true, 'a rate-limited socket is not disconnected');
  assert.deepEqual(
    watchers.flatMap((w) => w.take()),
    [],
  );
  const m1 = await metrics(relays.limited);
  assert.ok(
    rejections(m1, 'rate-limited') - rejections(m0, 'rate-limited') >= limitedCount,
    'rate limits counted',
  );
  // The fuzzer's bucket refills; A and B have their own and still chat.
  await afterFuzz(relays.limited, a, b, since, dmArrives);
  closeAll(f.socket, a.socket, b.socket);
});

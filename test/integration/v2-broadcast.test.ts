// The `bcast` extension against a real relay (docs/protocol.md "v2: broadcast"): room-scoped delivery to every other
// member, `from` from the connection, the dm limits, rate limiting, not-joined, junk, cross-room isolation, no logs.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import {
  barrier,
  call,
  closeAll,
  collect,
  connect,
  joinAs,
  joinMembers,
  metricValue,
  next,
  relayForFile,
  roundTrip,
  serversForFile,
  waitFor,
} from './helpers.js';

const server = relayForFile();
const startServer = serversForFile();
const BODY = { c: 'ciphertext', sig: 'signature' };

describe('bcast delivery', () => {
  test('every other member gets it once, with from set by the relay; the sender and its other tab get nothing', async () => {
    const [alice, bob, carol] = await joinMembers(server.url, 'bc-all', 'Alice', 'Bob', 'Carol');
    const aliceTab2 = await joinAs(server.url, 'bc-all', 'Alice', alice!.resume);
    const atAlice = collect(alice!.socket, 'bcast');
    const atTab2 = collect(aliceTab2.socket, 'bcast');
    const atBob = collect(bob!.socket, 'bcast');
    const atCarol = collect(carol!.socket, 'bcast');
    // The payload lies about its author: the relay must ignore it and use socket.data.
    const ack = await call(alice!.socket, 'bcast', {
      id: 'b1',
      kind: 'skmsg',
      body: BODY,
      from: bob!.id,
      to: carol!.id,
    });
    assert.deepEqual(ack, { ok: true });
    await barrier(alice!, bob!, carol!);
    await roundTrip(aliceTab2.socket);
    const expected = { from: alice!.id, id: 'b1', kind: 'skmsg', body: BODY };
    assert.deepEqual(atBob, [expected]);
    assert.deepEqual(atCarol, [expected]);
    assert.deepEqual(Object.keys(atBob[0]).sort(), ['body', 'from', 'id', 'kind']);
    assert.deepEqual(atAlice, []);
    assert.deepEqual(atTab2, []);
    closeAll(alice!.socket, aliceTab2.socket, bob!.socket, carol!.socket);
  });

  test('from is the connection member even when the body names someone else', async () => {
    const [mallory, victim, bob] = await joinMembers(server.url, 'bc-forge', 'Mallory', 'Victim', 'Bob');
    const got = next(bob!.socket, 'bcast');
    await call(mallory!.socket, 'bcast', {
      id: 'f1',
      kind: 'skmsg',
      from: victim!.id,
      body: { from: victim!.id },
    });
    const delivered = await got;
    assert.equal(delivered.from, mallory!.id);
    assert.deepEqual(
      delivered.body,
      { from: victim!.id },
      'the body is opaque to the relay and passed unchanged',
    );
    closeAll(mallory!.socket, victim!.socket, bob!.socket);
  });

  test('another room gets nothing, not even a member whose id is the same', async () => {
    const [alice, bob] = await joinMembers(server.url, 'bc-iso-a', 'Alice', 'Bob');
    const other = await joinAs(server.url, 'bc-iso-b', 'Zed');
    // Bob's own member id, joined to the other room from a second tab (same resume → same id).
    const bobElsewhere = await joinAs(server.url, 'bc-iso-b', 'Bob', bob!.resume);
    const seenOther = collect(other.socket, 'bcast');
    const seenBobElsewhere = collect(bobElsewhere.socket, 'bcast');
    const atBob = next(bob!.socket, 'bcast');
    assert.deepEqual(await call(alice!.socket, 'bcast', { id: 'i1', kind: 'skmsg', body: BODY }), {
      ok: true,
    });
    await atBob;
    await roundTrip(other.socket);
    await roundTrip(bobElsewhere.socket);
    assert.deepEqual(seenOther, []);
    assert.deepEqual(seenBobElsewhere, []);
    closeAll(alice!.socket, bob!.socket, other.socket, bobElsewhere.socket);
  });
});

describe('bcast refusals', () => {
  test('not joined: not-joined, also after leave', async () => {
    const socket = await connect(server.url);
    const ack = await call(socket, 'bcast', { id: 'n1', kind: 'skmsg', body: BODY });
    assert.equal(ack.error.code, 'not-joined');
    const [alice, bob] = await joinMembers(server.url, 'bc-left', 'Alice', 'Bob');
    const seen = collect(bob!.socket, 'bcast');
    assert.deepEqual(await call(alice!.socket, 'leave', {}), { ok: true });
    assert.equal(
      (await call(alice!.socket, 'bcast', { id: 'n2', kind: 'skmsg', body: BODY })).error.code,
      'not-joined',
    );
    await roundTrip(bob!.socket);
    assert.deepEqual(seen, []);
    closeAll(socket, alice!.socket, bob!.socket);
  });

  test('junk is bad-request and reaches nobody', async () => {
    const [alice, bob] = await joinMembers(server.url, 'bc-junk', 'Alice', 'Bob');
    const seen = collect(bob!.socket, 'bcast');
    const junk: unknown[] = [
      null,
      'text',
      [],
      {},
      { kind: 'skmsg', body: BODY },
      { id: 'j1', body: BODY },
      { id: 'j1', kind: 'skmsg' },
      { id: 'j 1', kind: 'skmsg', body: BODY },
      { id: 'x'.repeat(129), kind: 'skmsg', body: BODY },
      { id: 'j1', kind: '-bad', body: BODY },
      { id: 'j1', kind: 'k'.repeat(33), body: BODY },
      { id: 5, kind: 'skmsg', body: BODY },
      { id: 'j1', kind: 'skmsg', body: Buffer.from('binary') },
      { id: 'h'.repeat(300_000), kind: 'skmsg', body: BODY },
    ];
    for (const payload of junk) {
      const ack = await call(alice!.socket, 'bcast', payload);
      assert.equal(ack.ok, false, JSON.stringify(payload)?.slice(0, 60));
      assert.equal(ack.error.code, 'bad-request', JSON.stringify(payload)?.slice(0, 60));
    }
    await barrier(alice!, bob!);
    assert.deepEqual(seen, []);
    closeAll(alice!.socket, bob!.socket);
  });

  test('a body of MAX_DM_BODY bytes passes; one byte more is too-large and reaches nobody', async () => {
    const [alice, bob] = await joinMembers(server.url, 'bc-size', 'Alice', 'Bob');
    const seen = collect(bob!.socket, 'bcast');
    const fits = 'x'.repeat(64 * 1024 - 2); // JSON adds the two quotes
    assert.deepEqual(await call(alice!.socket, 'bcast', { id: 's1', kind: 'skmsg', body: fits }), {
      ok: true,
    });
    const over = await call(alice!.socket, 'bcast', { id: 's2', kind: 'skmsg', body: fits + 'x' });
    assert.equal(over.error.code, 'too-large');
    await barrier(alice!, bob!);
    assert.deepEqual(
      seen.map((b) => b.id),
      ['s1'],
    );
    closeAll(alice!.socket, bob!.socket);
  });

  test('a flood is rate-limited like any event: exactly the accepted ones arrive', async () => {
    const relay = await startServer({ limits: { eventsPerSecond: 1, eventBurst: 10 } });
    const [alice, bob] = await joinMembers(relay.url, 'bc-flood', 'Alice', 'Bob');
    const seen = collect(bob!.socket, 'bcast');
    const acks = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(alice!.socket, 'bcast', { id: `f${i}`, kind: 'skmsg', body: BODY }),
      ),
    );
    const accepted = acks.filter((a) => a.ok).length;
    const limited = acks.filter((a) => !a.ok && a.error.code === 'rate-limited').length;
    assert.equal(accepted + limited, 40);
    assert.ok(limited >= 25, `only ${limited} of 40 were rate-limited`);
    // Bob's round trip: whatever Alice's accepted bcasts sent Bob has arrived by the time Bob's own who is answered.
    await roundTrip(bob!.socket);
    assert.equal(seen.length, accepted);
    closeAll(alice!.socket, bob!.socket);
  });
});

describe('bcast on the metrics and in the logs', () => {
  test('counted under event="bcast" with its body bytes; no payload in trace logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const relay = await startServer({ logger: pino({ level: 'trace' }, sink), limits: { maxDmBody: 512 } });
    const [alice, bob] = await joinMembers(relay.url, 'BcastRoomMarker', 'Alice', 'Bob');
    const got = next(bob!.socket, 'bcast');
    const body = { c: 'BcastBodyMarker' };
    await call(alice!.socket, 'bcast', { id: 'BcastIdMarker', kind: 'skmsg', body });
    await got;
    const refused = await call(alice!.socket, 'bcast', {
      id: 'x',
      kind: 'skmsg',
      body: 'BcastOversizeMarker'.repeat(40),
    });
    assert.equal(refused.error.code, 'too-large');
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    assert.equal(metricValue(metrics, 'curvechat_events_total', '{event="bcast"}'), 2);
    assert.equal(metricValue(metrics, 'curvechat_bcast_bytes_total'), JSON.stringify(body).length);
    closeAll(alice!.socket, bob!.socket);
    await waitFor('the relay handled both disconnects', () => relay.io.of('/').sockets.size === 0);
    const log = lines.join('');
    assert.ok(log.includes('rejected'), 'the refusal was logged (so the check is meaningful)');
    for (const marker of ['BcastRoomMarker', 'BcastBodyMarker', 'BcastIdMarker', 'BcastOversizeMarker'])
      assert.ok(!log.includes(marker), `log contains ${marker}`);
  });
});

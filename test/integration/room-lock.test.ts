// The room lock (docs/protocol.md "Room lock") on one real relay: refusal of new ids, re-admission, unlock, and lies.
// Across nodes on a real redis-server: room-lock-multinode.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type Member,
  barrier,
  call,
  closeAll,
  collect,
  connect,
  joinAs,
  metricValue,
  newResume,
  next,
  relayForFile,
  roundTrip,
  waitFor,
} from './helpers.js';

const relay = relayForFile();

/** Try to join `room` with `resume` on a fresh socket: the ack, and the socket (to close). */
async function tryJoin(room: string, name: string, resume = newResume(), extra: object = {}) {
  const socket = await connect(relay.url);
  const ack = await call(socket, 'join', { room, name, resume, ...extra });
  return { socket, ack };
}

/** The `lock` ack of `m` for `locked`, and the `room-lock` event `observer` got for it. */
async function setLock(m: Member, locked: boolean, observer: Member) {
  const seen = next(observer.socket, 'room-lock');
  const ack = await call(m.socket, 'lock', { locked });
  return { ack, event: await seen };
}

describe('room lock on one relay', () => {
  test('a lock refuses a new member id, admits the same id again, and an unlock admits', async () => {
    const a = await joinAs(relay.url, 'lock-basic', 'Alice');
    const b = await joinAs(relay.url, 'lock-basic', 'Bob');
    assert.equal(a.joinAck.lock, undefined, 'an unlocked room says nothing in the join ack');
    const locked = await setLock(a, true, b);
    assert.deepEqual(locked.ack, { ok: true });
    assert.deepEqual(locked.event, { locked: true, by: a.id, name: 'Alice' });

    const stranger = await tryJoin('lock-basic', 'Carol');
    assert.equal(stranger.ack.ok, false);
    assert.equal(stranger.ack.error.code, 'room-locked');
    assert.match(stranger.ack.error.message, /locked/);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    assert.ok(metricValue(metrics, 'curvechat_rejections_total', '{code="room-locked"}') >= 1);
    assert.ok(metricValue(metrics, 'curvechat_events_total', '{event="lock"}') >= 1);

    // Bob reloads: his socket goes, a new one joins with the same resume (same member id).
    const bobLeft = next(a.socket, 'peer-left');
    b.socket.disconnect();
    await bobLeft;
    const bobAgain = await joinAs(relay.url, 'lock-basic', 'Bob', b.resume);
    assert.equal(bobAgain.id, b.id);
    assert.deepEqual(bobAgain.joinAck.lock, { locked: true, by: a.id, name: 'Alice' });

    const unlocked = await setLock(bobAgain, false, a);
    assert.deepEqual(unlocked.ack, { ok: true });
    assert.deepEqual(unlocked.event, { locked: false, by: b.id, name: 'Bob' });
    const carol = await joinAs(relay.url, 'lock-basic', 'Carol', newResume());
    assert.equal(carol.joinAck.lock, undefined);
    closeAll(a.socket, bobAgain.socket, carol.socket, stranger.socket);
  });

  test('the lock disappears with the last member', async () => {
    const a = await joinAs(relay.url, 'lock-last', 'Alice');
    const b = await joinAs(relay.url, 'lock-last', 'Bob');
    await setLock(a, true, b);
    const gone = next(b.socket, 'peer-left');
    a.socket.disconnect();
    await gone;
    const refused = await tryJoin('lock-last', 'Carol');
    assert.equal(refused.ack.error?.code, 'room-locked', 'still locked while Bob remains');
    b.socket.disconnect();
    // Once nobody is in the room, nothing remembers the lock: a new member gets in.
    await waitFor('room empty', async () => (await relay.io.in('r:lock-last').fetchSockets()).length === 0);
    const c = await joinAs(relay.url, 'lock-last', 'Carol');
    assert.equal(c.joinAck.lock, undefined);
    closeAll(c.socket, refused.socket);
  });

  test('a second tab of an admitted member gets in; leave and rejoin of an admitted id too', async () => {
    const a = await joinAs(relay.url, 'lock-tabs', 'Alice');
    const b = await joinAs(relay.url, 'lock-tabs', 'Bob');
    await setLock(b, true, a);
    const twin = await joinAs(relay.url, 'lock-tabs', 'Alice', a.resume);
    assert.equal(twin.id, a.id);
    assert.deepEqual(await call(a.socket, 'leave', {}), { ok: true });
    const back = await call(a.socket, 'join', { room: 'lock-tabs', name: 'Alice', resume: a.resume });
    assert.equal(back.ok, true);
    assert.equal(back.lock.locked, true);
    closeAll(a.socket, b.socket, twin.socket);
  });
});

describe('room lock: hostile input', () => {
  test('a socket that has not joined cannot lock', async () => {
    const socket = await connect(relay.url);
    const ack = await call(socket, 'lock', { locked: true });
    assert.equal(ack.error.code, 'not-joined');
    closeAll(socket);
  });

  test('junk lock payloads are refused and change nothing', async () => {
    const a = await joinAs(relay.url, 'lock-junk', 'Alice');
    const b = await joinAs(relay.url, 'lock-junk', 'Bob');
    const events = collect(b.socket, 'room-lock');
    const junk = [
      undefined,
      null,
      'lock',
      1,
      [],
      [true],
      {},
      { locked: 'yes' },
      { locked: 1 },
      { lock: true },
    ];
    for (const payload of junk) {
      const ack = await call(a.socket, 'lock', payload);
      assert.equal(ack.ok, false, JSON.stringify(payload));
      assert.equal(ack.error.code, 'bad-request');
    }
    const huge = await call(a.socket, 'lock', { locked: true, pad: 'x'.repeat(200_000) });
    assert.equal(huge.ok, true, 'extra fields are ignored, as everywhere in the protocol');
    await call(a.socket, 'lock', { locked: false });
    await barrier(a, b);
    assert.deepEqual(
      events.map((e) => e.locked),
      [true, false],
    );
    closeAll(a.socket, b.socket);
  });

  test('forged lock fields in a payload never reach socket.data', async () => {
    const a = await joinAs(relay.url, 'lock-forge', 'Alice');
    const b = await joinAs(relay.url, 'lock-forge', 'Bob');
    const mallory = newResume();
    const malloryId = (await tryJoin('lock-forge-probe', 'M', mallory)).ack.me.id as string;
    // Lies in the lock payload: another author, an admitted list with Mallory, a far future time.
    const forged = { locked: true, by: b.id, name: 'Bob', admitted: [malloryId], at: 9e15 };
    const seen = next(b.socket, 'room-lock');
    assert.deepEqual(await call(a.socket, 'lock', forged), { ok: true });
    assert.deepEqual(await seen, { locked: true, by: a.id, name: 'Alice' });
    const lie = { lock: { locked: false, by: a.id, name: 'x', at: 9e15, admitted: [malloryId] } };
    const refused = await tryJoin('lock-forge', 'Mallory', mallory, lie);
    assert.equal(refused.ack.error?.code, 'room-locked', 'a join payload cannot unlock or admit');
    for (const socket of await relay.io.in('r:lock-forge').fetchSockets()) {
      assert.ok(socket.data.lock);
      assert.equal(socket.data.lock.by, a.id);
      assert.ok(socket.data.lock.at < 9e15);
      assert.ok(!socket.data.lock.admitted.includes(malloryId));
    }
    // The forged time did not stick: an ordinary unlock still wins.
    await setLock(b, false, a);
    const admitted = await joinAs(relay.url, 'lock-forge', 'Mallory', mallory);
    assert.equal(admitted.id, malloryId);
    closeAll(a.socket, b.socket, admitted.socket, refused.socket);
  });

  test('a flood of lock toggles is rate-limited and the room hears at most one event per change', async () => {
    const a = await joinAs(relay.url, 'lock-flood', 'Alice');
    const b = await joinAs(relay.url, 'lock-flood', 'Bob');
    const events = collect(b.socket, 'room-lock');
    const acks = await Promise.all(
      Array.from({ length: 200 }, (_, i) => call(a.socket, 'lock', { locked: i % 2 === 0 })),
    );
    const limited = acks.filter((x) => x.error?.code === 'rate-limited').length;
    const accepted = acks.filter((x) => x.ok).length;
    assert.ok(limited > 0, 'the flood hits the rate limit');
    assert.equal(limited + accepted, 200);
    // One node: every room-lock went into Bob's connection before the ack of its request to Alice, so a round
    // trip of Bob's, asked after the last ack, comes back behind all of them.
    await roundTrip(b.socket);
    assert.ok(events.length <= accepted, `${events.length} events for ${accepted} accepted requests`);
    assert.ok(events.length > 0);
    // The relay still serves everyone, and the last event says how the room stands.
    const last = events[events.length - 1];
    const c = await tryJoin('lock-flood', 'Carol');
    assert.equal(c.ack.ok, !last.locked);
    closeAll(a.socket, b.socket, c.socket);
  });
});

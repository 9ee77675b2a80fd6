// The `who` extension on one relay: the room's members with keys, not-joined, junk payloads, rate limit, metrics.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  call,
  closeAll,
  connect,
  fakeP256,
  joinAs,
  metricValue,
  newResume,
  relayForFile,
  startTestServer,
} from './helpers.js';

const server = relayForFile();

const byName = (peers: { name: string }[]) => [...peers].sort((x, y) => x.name.localeCompare(y.name));
const codeOf = (ack: any): string => (ack.ok ? 'ok' : ack.error.code);

describe('who', () => {
  test('lists the other members of the caller’s room with their keys, one entry per member', async () => {
    const a = await joinAs(server.url, 'who1', 'Alice');
    const b = await joinAs(server.url, 'who1', 'Bob');
    const b2 = await joinAs(server.url, 'who1', 'Bob', b.resume); // a second socket of the same member
    const other = await joinAs(server.url, 'who-elsewhere', 'Eve');
    await call(b.socket, 'key', { curve: 'P-256', pub: fakeP256(2) });
    const ack = await call(a.socket, 'who', {});
    assert.deepEqual(ack, {
      ok: true,
      peers: [{ id: b.id, name: 'Bob', key: { curve: 'P-256', pub: fakeP256(2) } }],
    });
    assert.equal('partial' in ack, false, 'a complete list has no partial flag');
    const fromBob = await call(b2.socket, 'who', {});
    assert.deepEqual(byName(fromBob.peers), [{ id: a.id, name: 'Alice' }]);
    // Same listing as a join ack.
    const c = await joinAs(server.url, 'who1', 'Carol');
    assert.deepEqual(byName((await call(c.socket, 'who', {})).peers), byName(c.joinAck.peers));
    // After a leave the member is gone from the list.
    await call(b.socket, 'leave', {});
    await call(b2.socket, 'leave', {});
    assert.deepEqual(byName((await call(a.socket, 'who', {})).peers), [{ id: c.id, name: 'Carol' }]);
    closeAll(a.socket, b.socket, b2.socket, c.socket, other.socket);
  });

  test('not-joined before a join and after a leave', async () => {
    const s = await connect(server.url);
    assert.equal(codeOf(await call(s, 'who', {})), 'not-joined');
    const resume = newResume();
    assert.equal((await call(s, 'join', { room: 'who2', name: 'A', resume })).ok, true);
    assert.equal(codeOf(await call(s, 'who', {})), 'ok');
    await call(s, 'leave', {});
    assert.equal(codeOf(await call(s, 'who', {})), 'not-joined');
    closeAll(s);
  });

  test('junk payloads are refused with bad-request or ignored, never crash; counted in metrics', async () => {
    const metrics = async () => (await fetch(`${server.url}/metrics`)).text();
    const before = metricValue(await metrics(), 'curvechat_events_total', '{event="who"}');
    const a = await joinAs(server.url, 'who3', 'A');
    for (const junk of [null, 0, 'text', 'A'.repeat(100_000), [], [1, 2], true, Buffer.from('x')])
      assert.equal(
        codeOf(await call(a.socket, 'who', junk)),
        'bad-request',
        JSON.stringify(junk)?.slice(0, 20),
      );
    // Fields of an object are ignored, as for leave; no payload at all is fine too.
    assert.equal(codeOf(await call(a.socket, 'who', { room: 'someone-else', x: 1 })), 'ok');
    assert.equal(codeOf(await call(a.socket, 'who')), 'ok');
    (a.socket as any).emit('who', {}); // no ack: processed, nothing to answer
    (a.socket as any).emit('who');
    // Barrier: the relay handles a socket's events in order, so the ack of a later event (a `step`, which
    // is not counted as `who`) proves both ack-less `who`s were handled and counted.
    assert.equal(codeOf(await call(a.socket, 'step', { phase: 'p', detail: {} })), 'ok');
    assert.equal(a.socket.connected, true);
    const after = await metrics();
    assert.equal(metricValue(after, 'curvechat_events_total', '{event="who"}'), before + 12);
    closeAll(a.socket);
  });

  test('is rate-limited like every event', async () => {
    const limited = await startTestServer({ limits: { eventsPerSecond: 1, eventBurst: 4 } });
    try {
      const a = await joinAs(limited.url, 'who4', 'A'); // one token
      const codes = (await Promise.all(Array.from({ length: 8 }, () => call(a.socket, 'who', {})))).map(
        codeOf,
      );
      assert.ok(codes.filter((c) => c === 'ok').length <= 4, codes.join(','));
      assert.ok(codes.filter((c) => c === 'rate-limited').length >= 4, codes.join(','));
      const text = await (await fetch(`${limited.url}/metrics`)).text();
      assert.ok(metricValue(text, 'curvechat_rejections_total', '{code="rate-limited"}') >= 4);
      closeAll(a.socket);
    } finally {
      await limited.close();
    }
  });
});

// Relay routing against a real server: join/peers/key/dm/step, fan-out, receipts, room isolation, member ids.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  barrier,
  call,
  closeAll,
  collect,
  connect,
  fakeP256,
  joinAs,
  joinMembers,
  type Member,
  newResume,
  next,
  relayForFile,
  roundTrip,
  waitFor,
} from './helpers.js';

const server = relayForFile();

describe('join and peers', () => {
  test('member id is base64url(SHA-256(resume)[0..16]) and peers list names and keys', async () => {
    const resume = newResume();
    const alice = await joinAs(server.url, 'lab1', 'Alice', resume);
    const expected = createHash('sha256')
      .update(Buffer.from(resume, 'base64url'))
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    assert.equal(alice.id, expected);
    assert.equal(alice.id.length, 22);
    assert.deepEqual(alice.joinAck.peers, []);

    const keyAck = await call(alice.socket, 'key', { curve: 'P-256', pub: fakeP256(7) });
    assert.deepEqual(keyAck, { ok: true });

    const joined = next(alice.socket, 'peer-joined');
    const bob = await joinAs(server.url, 'lab1', '  Bob  ');
    assert.deepEqual(await joined, { id: bob.id, name: 'Bob' });
    assert.deepEqual(bob.joinAck.peers, [
      { id: alice.id, name: 'Alice', key: { curve: 'P-256', pub: fakeP256(7) } },
    ]);

    const left = next(bob.socket, 'peer-left');
    assert.deepEqual(await call(alice.socket, 'leave', {}), { ok: true });
    assert.deepEqual(await left, { id: alice.id });
    closeAll(alice.socket, bob.socket);
  });

  test('peer-key reaches the others but not the sender', async () => {
    const [a, b, c] = (await joinMembers(server.url, 'lab2', 'A', 'B', 'C')) as [Member, Member, Member];
    const ownKeys = collect(a.socket, 'peer-key');
    const atB = next(b.socket, 'peer-key');
    const atC = next(c.socket, 'peer-key');
    const pub = Buffer.alloc(32, 9).toString('base64url');
    assert.deepEqual(await call(a.socket, 'key', { curve: 'X25519', pub }), { ok: true });
    assert.deepEqual(await atB, { from: a.id, curve: 'X25519', pub });
    assert.deepEqual(await atC, { from: a.id, curve: 'X25519', pub });
    await barrier(a, a); // A's dm to itself arrives after any peer-key the relay might have sent it
    assert.equal(ownKeys.length, 0);
    closeAll(a.socket, b.socket, c.socket);
  });

  test('a second socket of the same member is announced again (it may have a new key) but does not make it leave', async () => {
    const resume = newResume();
    const watcher = await joinAs(server.url, 'lab3', 'W');
    const joins = collect(watcher.socket, 'peer-joined');
    const lefts = collect(watcher.socket, 'peer-left');
    const first = await joinAs(server.url, 'lab3', 'Twin', resume);
    await barrier(first, watcher);
    assert.equal(joins.length, 1);
    const second = await joinAs(server.url, 'lab3', 'Twin', resume);
    assert.equal(second.id, first.id);
    assert.deepEqual(
      second.joinAck.peers.map((p: { id: string }) => p.id),
      [watcher.id],
      'own id is not listed among peers',
    );
    await barrier(second, watcher);
    assert.deepEqual(joins, [
      { id: first.id, name: 'Twin' },
      { id: first.id, name: 'Twin' },
    ]);
    const firstId = first.socket.id;
    first.socket.disconnect();
    // Once the relay has dropped the old socket, its disconnect handling (and any peer-left) is done.
    await waitFor('the relay drops the old socket', () => !server.io.of('/').sockets.has(firstId!));
    await barrier(second, watcher);
    assert.equal(joins.length, 2, 'no further peer-joined when the old socket goes');
    assert.equal(lefts.length, 0, 'no peer-left while another socket remains');
    const left = next(watcher.socket, 'peer-left');
    second.socket.disconnect();
    assert.deepEqual(await left, { id: first.id });
    closeAll(watcher.socket);
  });
});

describe('dm routing', () => {
  test('fan-out: each part reaches only its addressee, with from/id/kind/body', async () => {
    const [a, b, c, d] = (await joinMembers(server.url, 'dm1', 'A', 'B', 'C', 'D')) as [
      Member,
      Member,
      Member,
      Member,
    ];
    const atD = collect(d.socket, 'dm');
    const atA = collect(a.socket, 'dm');
    const gotB = next(b.socket, 'dm');
    const gotC = next(c.socket, 'dm');
    const ack = await call(a.socket, 'dm', {
      id: 'm-1',
      kind: 'msg',
      parts: [
        { to: b.id, body: { iv: 'aaaa', ct: 'bbbb' } },
        { to: c.id, body: { iv: 'cccc', ct: 'dddd' } },
      ],
    });
    assert.deepEqual(ack, { ok: true });
    assert.deepEqual(await gotB, { from: a.id, id: 'm-1', kind: 'msg', body: { iv: 'aaaa', ct: 'bbbb' } });
    assert.deepEqual(await gotC, { from: a.id, id: 'm-1', kind: 'msg', body: { iv: 'cccc', ct: 'dddd' } });
    await barrier(a, d, a);
    assert.equal(atD.length, 0, 'not addressed: nothing delivered');
    assert.equal(atA.length, 0);

    // Receipt routed back to the author.
    const receipt = next(a.socket, 'dm');
    assert.deepEqual(
      await call(b.socket, 'dm', { id: 'm-1', kind: 'receipt', parts: [{ to: a.id, body: { ok: true } }] }),
      {
        ok: true,
      },
    );
    assert.deepEqual(await receipt, { from: b.id, id: 'm-1', kind: 'receipt', body: { ok: true } });
    closeAll(a.socket, b.socket, c.socket, d.socket);
  });

  test('room isolation: a member id known from another room is unreachable', async () => {
    const victim = await joinAs(server.url, 'iso-a', 'V');
    const attacker = await joinAs(server.url, 'iso-b', 'X');
    const atVictim = collect(victim.socket, 'dm');
    const steps = collect(victim.socket, 'peer-step');
    const keys = collect(victim.socket, 'peer-key');
    assert.deepEqual(
      await call(attacker.socket, 'dm', {
        id: 'x',
        kind: 'msg',
        parts: [{ to: victim.id, body: { iv: 'a', ct: 'b' } }],
      }),
      { ok: true },
    );
    await call(attacker.socket, 'step', { phase: 'keygen', detail: { curve: 'P-256' } });
    await call(attacker.socket, 'key', { curve: 'P-256', pub: fakeP256() });
    // Same resume in another room gives the same id, yet still cannot reach the victim's room.
    const twin = await joinAs(server.url, 'iso-b', 'Twin', victim.resume);
    assert.equal(twin.id, victim.id);
    await call(twin.socket, 'dm', { id: 'y', kind: 'msg', parts: [{ to: victim.id, body: {} }] });
    // The attacker's room cannot reach the victim, so the barrier is on the victim's own connection: the
    // relay handled (and acked) every event above before this round trip, and writes to it in order.
    await roundTrip(victim.socket);
    assert.equal(atVictim.length, 0);
    assert.equal(steps.length, 0);
    assert.equal(keys.length, 0);
    closeAll(victim.socket, attacker.socket, twin.socket);
  });

  test('a dm to both sockets of one member arrives on each', async () => {
    const resume = newResume();
    const a = await joinAs(server.url, 'dm2', 'A');
    const b1 = await joinAs(server.url, 'dm2', 'B', resume);
    const b2 = await joinAs(server.url, 'dm2', 'B', resume);
    const p1 = next(b1.socket, 'dm');
    const p2 = next(b2.socket, 'dm');
    await call(a.socket, 'dm', { id: 'z', kind: 'msg', parts: [{ to: b1.id, body: { n: 1 } }] });
    assert.equal((await p1).id, 'z');
    assert.equal((await p2).id, 'z');
    closeAll(a.socket, b1.socket, b2.socket);
  });
});

describe('step', () => {
  test('peer-step is broadcast to the room except the sender', async () => {
    const a = await joinAs(server.url, 'st', 'A');
    const b = await joinAs(server.url, 'st', 'B');
    const own = collect(a.socket, 'peer-step');
    const got = next(b.socket, 'peer-step');
    const detail = { curve: 'toy-17', bit: 3, point: [5, 1] };
    assert.deepEqual(await call(a.socket, 'step', { phase: 'scalar-mult', detail }), { ok: true });
    assert.deepEqual(await got, { from: a.id, phase: 'scalar-mult', detail });
    await barrier(a, a);
    assert.equal(own.length, 0);
    closeAll(a.socket, b.socket);
  });

  test('events without an ack callback are still processed', async () => {
    const a = await joinAs(server.url, 'noack', 'A');
    const b = await joinAs(server.url, 'noack', 'B');
    const got = next(b.socket, 'dm');
    (a.socket as any).emit('dm', { id: 'n', kind: 'msg', parts: [{ to: b.id, body: { x: 1 } }] });
    assert.equal((await got).id, 'n');
    const socket = await connect(server.url);
    const joined = next(a.socket, 'peer-joined');
    (socket as any).emit('join', { room: 'noack', name: 'C', resume: newResume() });
    assert.equal((await joined).name, 'C');
    closeAll(a.socket, b.socket, socket);
  });
});

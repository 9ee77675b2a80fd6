// The relay's identity guarantees against a real server: every `from`/`id` it sends comes from socket.data, never from
// what a client's payload claims, and room names cannot smuggle in the relay's own room keys (docs/protocol.md §2).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  call,
  closeAll,
  connect,
  fakeP256,
  joinAs,
  joinMembers,
  newResume,
  next,
  relayForFile,
} from './helpers.js';

const server = relayForFile();

/** The member id the relay must derive from `resume` (docs/protocol.md §2). */
const idOf = (resume: string): string =>
  createHash('sha256')
    .update(Buffer.from(resume, 'base64url'))
    .digest()
    .subarray(0, 16)
    .toString('base64url');

describe('from and id come from the connection, whatever the payload claims', () => {
  test('join: a payload naming another id, from or me still joins under the id of its resume', async () => {
    const [victim, bob] = await joinMembers(server.url, 'id-join', 'Victim', 'Bob');
    const resume = newResume();
    const socket = await connect(server.url);
    const joined = next(bob!.socket, 'peer-joined');
    const ack = await call(socket, 'join', {
      room: 'id-join',
      name: 'Mallory',
      resume,
      id: victim!.id,
      from: victim!.id,
      me: { id: victim!.id },
    });
    assert.equal(ack.ok, true);
    assert.equal(ack.me.id, idOf(resume));
    assert.deepEqual(await joined, { id: idOf(resume), name: 'Mallory' });
    closeAll(victim!.socket, bob!.socket, socket);
  });

  test('key, dm and step: `from` is the sender, even when the payload and its parts say someone else', async () => {
    const [victim, mallory, bob] = await joinMembers(server.url, 'id-events', 'Victim', 'Mallory', 'Bob');
    const forged = victim!.id;

    const keyAtBob = next(bob!.socket, 'peer-key');
    assert.deepEqual(await call(mallory!.socket, 'key', { curve: 'P-256', pub: fakeP256(3), from: forged }), {
      ok: true,
    });
    assert.equal((await keyAtBob).from, mallory!.id);

    const dmAtBob = next(bob!.socket, 'dm');
    const dmAck = await call(mallory!.socket, 'dm', {
      id: 'm1',
      kind: 'msg',
      from: forged,
      parts: [{ to: bob!.id, from: forged, body: { iv: 'AAAA', ct: 'AAAA', from: forged } }],
    });
    assert.deepEqual(dmAck, { ok: true });
    const dm = await dmAtBob;
    assert.equal(dm.from, mallory!.id);
    assert.deepEqual(Object.keys(dm).sort(), ['body', 'from', 'id', 'kind']);

    const stepAtBob = next(bob!.socket, 'peer-step');
    assert.deepEqual(
      await call(mallory!.socket, 'step', { phase: 'present:stop', detail: {}, from: forged }),
      { ok: true },
    );
    assert.equal((await stepAtBob).from, mallory!.id);
    closeAll(victim!.socket, mallory!.socket, bob!.socket);
  });

  test('who and a later join list each member under its own id', async () => {
    const alice = await joinAs(server.url, 'id-who', 'Alice');
    const bob = await joinAs(server.url, 'id-who', 'Bob');
    const who = await call(alice.socket, 'who', { peers: [{ id: 'x'.repeat(22), name: 'Ghost' }] });
    assert.deepEqual(
      who.peers.map((p: { id: string; name: string }) => [p.id, p.name]),
      [[bob.id, 'Bob']],
    );
    closeAll(alice.socket, bob.socket);
  });
});

describe('room names cannot reach the relay room keys', () => {
  test('names with /, :, spaces, dots first or control characters are refused', async () => {
    const socket = await connect(server.url);
    for (const room of [
      'a/b',
      '../x',
      'r:lab',
      'm:lab:AAAA',
      'two words',
      '.hidden',
      'tab\tname',
      'x'.repeat(65),
    ]) {
      const ack = await call(socket, 'join', { room, name: 'Eve', resume: newResume() });
      assert.equal(ack.ok, false, room);
      assert.equal(ack.error.code, 'bad-request', room);
    }
    closeAll(socket);
  });

  test('a dm cannot leave its room: a member of another room addressed by id receives nothing', async () => {
    const resume = newResume();
    const inA = await joinAs(server.url, 'iso-a', 'A');
    const inB = await joinAs(server.url, 'iso-b', 'B', resume);
    // Addressed by id from room iso-a: the relay looks the id up only inside the sender's room.
    const got: unknown[] = [];
    inB.socket.on('dm', (d) => got.push(d));
    const ack = await call(inA.socket, 'dm', {
      id: 'x1',
      kind: 'msg',
      parts: [{ to: inB.id, body: { iv: 'A', ct: 'A' } }],
    });
    assert.deepEqual(ack, { ok: true });
    // Barrier on B's own connection: the relay answers B's `who` after anything it sent B before.
    await call(inB.socket, 'who', {});
    assert.deepEqual(got, []);
    closeAll(inA.socket, inB.socket);
  });
});

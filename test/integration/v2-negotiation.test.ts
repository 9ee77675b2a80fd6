// The `v` list of `key` against a real relay (docs/protocol.md "v2: version negotiation"): forwarded in peer-key and
// the member listings, a v1 key without it is forwarded unchanged, junk is refused with bad-request and sends nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { reannounceLocal } from '../../server/reannounce.js';
import {
  call,
  closeAll,
  collect,
  fakeP256,
  joinAs,
  joinMembers,
  next,
  relayForFile,
  roundTrip,
} from './helpers.js';

const server = relayForFile();

describe('version negotiation on the relay', () => {
  test('v is forwarded in peer-key and listed in join and who', async () => {
    const [alice, bob] = await joinMembers(server.url, 'neg-fwd', 'Alice', 'Bob');
    const atBob = next(bob!.socket, 'peer-key');
    assert.deepEqual(await call(alice!.socket, 'key', { curve: 'P-256', pub: fakeP256(1), v: [1, 2] }), {
      ok: true,
    });
    assert.deepEqual(await atBob, { from: alice!.id, curve: 'P-256', pub: fakeP256(1), v: [1, 2] });
    const carol = await joinAs(server.url, 'neg-fwd', 'Carol');
    const listed = carol.joinAck.peers.find((p: { id: string }) => p.id === alice!.id);
    assert.deepEqual(listed.key, { curve: 'P-256', pub: fakeP256(1), v: [1, 2] });
    const who = await call(bob!.socket, 'who', {});
    assert.deepEqual(who.peers.find((p: { id: string }) => p.id === alice!.id).key.v, [1, 2]);
    closeAll(alice!.socket, bob!.socket, carol.socket);
  });

  test('a v1 key without v is forwarded exactly as before (no v field appears)', async () => {
    const [alice, bob] = await joinMembers(server.url, 'neg-v1', 'Alice', 'Bob');
    const atBob = next(bob!.socket, 'peer-key');
    assert.deepEqual(
      await call(alice!.socket, 'key', { curve: 'X25519', pub: Buffer.alloc(32, 7).toString('base64url') }),
      {
        ok: true,
      },
    );
    const got = await atBob;
    assert.deepEqual(Object.keys(got).sort(), ['curve', 'from', 'pub']);
    const carol = await joinAs(server.url, 'neg-v1', 'Carol');
    const listed = carol.joinAck.peers.find((p: { id: string }) => p.id === alice!.id);
    assert.deepEqual(Object.keys(listed.key).sort(), ['curve', 'pub']);
    closeAll(alice!.socket, bob!.socket, carol.socket);
  });

  test('a later key without v drops the earlier v (the newest announcement is what peers see)', async () => {
    const [alice, bob] = await joinMembers(server.url, 'neg-drop', 'Alice', 'Bob');
    await call(alice!.socket, 'key', { curve: 'P-256', pub: fakeP256(1), v: [1, 2] });
    await call(alice!.socket, 'key', { curve: 'P-256', pub: fakeP256(1) });
    const who = await call(bob!.socket, 'who', {});
    assert.deepEqual(who.peers.find((p: { id: string }) => p.id === alice!.id).key, {
      curve: 'P-256',
      pub: fakeP256(1),
    });
    closeAll(alice!.socket, bob!.socket);
  });

  test('the re-announcement after a Redis outage carries v, and a v1 key still without it', async () => {
    const [alice, bob, carol] = await joinMembers(server.url, 'neg-re', 'Alice', 'Bob', 'Carol');
    await call(alice!.socket, 'key', { curve: 'P-256', pub: fakeP256(1), v: [1, 2] });
    await call(bob!.socket, 'key', { curve: 'P-256', pub: fakeP256(2) });
    const keys = collect(carol!.socket, 'peer-key');
    reannounceLocal(server.io, pino({ level: 'silent' }), 'in a test');
    await roundTrip(carol!.socket);
    const byFrom = new Map(keys.map((k) => [k.from, k]));
    assert.deepEqual(byFrom.get(alice!.id), { from: alice!.id, curve: 'P-256', pub: fakeP256(1), v: [1, 2] });
    assert.deepEqual(byFrom.get(bob!.id), { from: bob!.id, curve: 'P-256', pub: fakeP256(2) });
    closeAll(alice!.socket, bob!.socket, carol!.socket);
  });

  test('junk v is refused with bad-request, nothing reaches the room, the stored key is unchanged', async () => {
    const [alice, bob] = await joinMembers(server.url, 'neg-junk', 'Alice', 'Bob');
    await call(alice!.socket, 'key', { curve: 'P-256', pub: fakeP256(1), v: [1] });
    const seen = collect(bob!.socket, 'peer-key');
    const junk: unknown[] = [
      [],
      [1, 1],
      [0],
      [256],
      [1.5],
      ['2'],
      [null],
      'v2',
      2,
      null,
      { 0: 2 },
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
      new Array(5000).fill(2),
    ];
    for (const v of junk) {
      const ack = await call(alice!.socket, 'key', { curve: 'P-256', pub: fakeP256(2), v });
      assert.equal(ack.ok, false, JSON.stringify(v).slice(0, 40));
      assert.equal(ack.error.code, 'bad-request');
    }
    await roundTrip(bob!.socket);
    assert.deepEqual(seen, []);
    const who = await call(bob!.socket, 'who', {});
    assert.deepEqual(who.peers[0].key, { curve: 'P-256', pub: fakeP256(1), v: [1] });
    closeAll(alice!.socket, bob!.socket);
  });
});

// The member records of a room are bounded: absent members make room, invented present ones are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_PEER_RECORDS, PeerStore } from '../../client/session/peer-store.js';

test('a relay inventing members cannot grow the table past the cap; one warning per streak', () => {
  const warnings: string[] = [];
  const store = new PeerStore((t) => warnings.push(t), 3);
  for (const id of ['a', 'b', 'c']) assert.ok(store.upsert(id, id));
  assert.equal(store.upsert('d', 'd'), undefined);
  assert.equal(store.upsert('e', 'e'), undefined);
  assert.deepEqual(warnings, ['Ignored members beyond 3 in this room.']);
  assert.deepEqual(
    [...store.values()].map((p) => p.id),
    ['a', 'b', 'c'],
  );
  // A known member is still updated at the cap.
  assert.equal(store.upsert('b', 'Bob')?.name, 'Bob');
});

test('at the cap the longest-known absent member makes room, and the warning can come again', () => {
  const warnings: string[] = [];
  const store = new PeerStore((t) => warnings.push(t), 3);
  for (const id of ['a', 'b', 'c']) store.upsert(id, id);
  store.get('b')!.present = false;
  store.get('a')!.present = false;
  assert.equal(store.upsert('d', 'd')?.id, 'd');
  assert.equal(store.has('a'), false, 'the longest-known absent one left first');
  assert.equal(store.has('b'), true);
  assert.equal(store.upsert('e', 'e')?.id, 'e');
  assert.equal(store.upsert('f', 'f'), undefined);
  assert.equal(warnings.length, 1);
  store.get('c')!.present = false;
  assert.equal(store.upsert('g', 'g')?.id, 'g');
  assert.equal(store.upsert('h', 'h'), undefined);
  assert.equal(warnings.length, 2, 'a new refusal streak warns again');
});

test('the default cap is five rooms of the default size', () => {
  assert.equal(MAX_PEER_RECORDS, 500);
  const store = new PeerStore(() => undefined);
  for (let i = 0; i < 600; i++) store.upsert(`m${i}`, `M${i}`);
  assert.equal([...store.values()].length, 500);
});

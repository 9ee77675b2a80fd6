// flagSharedKeys (client/session/views.ts): members announcing one public key are flagged, each naming the others.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PeerView } from '../../client/session/types.js';
import { flagSharedKeys } from '../../client/session/views.js';

const peer = (id: string, name: string, pub?: string): PeerView => ({
  id,
  name,
  label: name,
  channel: 'ready',
  verified: false,
  ...(pub ? { key: { curve: 'P-256', pub, pubHex: '' } } : {}),
});

test('two members with one key name each other; a copy of our own key names "you"; others are untouched', () => {
  const flagged = flagSharedKeys(
    [
      peer('a', 'Alice', 'K1'),
      peer('m', 'Mallory', 'K1'),
      peer('b', 'Bob', 'K2'),
      peer('c', 'Carol'),
      peer('e', 'Eve', 'MINE'),
    ],
    'MINE',
  );
  assert.deepEqual(
    flagged.map((p) => [p.name, p.sameKeyAs]),
    [
      ['Alice', ['Mallory']],
      ['Mallory', ['Alice']],
      ['Bob', undefined],
      ['Carol', undefined],
      ['Eve', ['you']],
    ],
  );
});

// Look-alike names (client/session/look-alike.ts): which display names get a member-id suffix, and that suffixes differ.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  idSuffix,
  labelNames,
  labelText,
  lookAlikeNote,
  nameSkeleton,
  ownReasons,
} from '../../client/session/look-alike.js';

// Member ids are base64url of 16 bytes (docs/protocol.md §2); these decode to the hex shown in the suffix.
const id = (hex: string): string => Buffer.from(hex.padEnd(32, '0'), 'hex').toString('base64url');
const A = id('3f2a11');
const B = id('9b1c22');
const C = id('77aa33');

const suffixes = (members: { id: string; name: string }[]) =>
  [...labelNames(members).values()].map((l) => [l.name, l.suffix ?? null]);

test('distinct ordinary names get no suffix', () => {
  assert.deepEqual(
    suffixes([
      { id: A, name: 'Alice' },
      { id: B, name: 'Bob' },
      { id: C, name: 'Zoë' },
    ]),
    [
      ['Alice', null],
      ['Bob', null],
      ['Zoë', null],
    ],
  );
});

test('the suffix is # and the start of the member id in hex', () => {
  assert.equal(idSuffix(A), '#3f2a');
  assert.equal(labelText({ name: 'Alice', suffix: '#3f2a', why: ['duplicate'] }), 'Alice #3f2a');
});

test('exact duplicates and case-only differences both get suffixes', () => {
  assert.deepEqual(
    suffixes([
      { id: A, name: 'Alice' },
      { id: B, name: 'Alice' },
    ]),
    [
      ['Alice', '#3f2a'],
      ['Alice', '#9b1c'],
    ],
  );
  assert.deepEqual(
    suffixes([
      { id: A, name: 'alice' },
      { id: B, name: 'ALICE' },
      { id: C, name: 'Bob' },
    ]),
    [
      ['alice', '#3f2a'],
      ['ALICE', '#9b1c'],
      ['Bob', null],
    ],
  );
});

test('a zero-width character makes a name look like another: both are marked, the name is not rewritten', () => {
  const labels = labelNames([
    { id: A, name: 'Alice' },
    { id: B, name: 'Ali\u200bce' },
  ]);
  assert.deepEqual(labels.get(A), { name: 'Alice', suffix: '#3f2a', why: ['duplicate'] });
  assert.deepEqual(labels.get(B), { name: 'Ali\u200bce', suffix: '#9b1c', why: ['duplicate', 'invisible'] });
  // On its own, an invisible character is still marked.
  assert.deepEqual(ownReasons('Bob\u2060'), ['invisible']);
});

test('Cyrillic а and А against Latin a and A: same skeleton, and mixed alphabets', () => {
  assert.equal(nameSkeleton('\u0410lice'), 'alice'); // Cyrillic capital A
  assert.equal(nameSkeleton('Ali\u0441e'), 'alice'); // Cyrillic small es
  assert.deepEqual(ownReasons('\u0410lice'), ['mixed-script']);
  assert.deepEqual(
    suffixes([
      { id: A, name: 'Alice' },
      { id: B, name: '\u0410lice' },
    ]),
    [
      ['Alice', '#3f2a'],
      ['\u0410lice', '#9b1c'],
    ],
  );
  // A whole-Cyrillic look-alike (no mixing) is caught by the skeleton alone.
  assert.deepEqual(
    suffixes([
      { id: A, name: 'ace' },
      { id: B, name: '\u0430\u0441\u0435' },
    ]),
    [
      ['ace', '#3f2a'],
      ['\u0430\u0441\u0435', '#9b1c'],
    ],
  );
  // One alphabet, however exotic, is not mixed.
  assert.deepEqual(ownReasons('Борис'), []);
  assert.deepEqual(ownReasons('Αλέξης'), []);
});

test('Hangul fillers: a name of fillers only is empty; a filler tacked on is invisible', () => {
  for (const filler of ['\u3164', '\u115f', '\u1160', '\uffa0']) {
    assert.equal(nameSkeleton(filler), '');
    assert.deepEqual(ownReasons(filler), ['empty']);
    assert.deepEqual(ownReasons(`Bob${filler}`), ['invisible']);
  }
  assert.deepEqual(
    suffixes([
      { id: A, name: 'Bob' },
      { id: B, name: 'Bob\u3164' },
    ]),
    [
      ['Bob', '#3f2a'],
      ['Bob\u3164', '#9b1c'],
    ],
  );
  // Real Hangul is an ordinary name.
  assert.deepEqual(ownReasons('김민준'), []);
});

test('combining marks: two on a letter are fine, a stack beyond that is marked; marks do not separate names', () => {
  assert.deepEqual(ownReasons('Ngọ̃c'), []);
  assert.deepEqual(ownReasons('Z\u0301\u0302\u0303oe'), ['marks']);
  assert.deepEqual(
    suffixes([
      { id: A, name: 'Zoe' },
      { id: B, name: 'Z\u0301\u0302\u0303oe' },
    ]),
    [
      ['Zoe', '#3f2a'],
      ['Z\u0301\u0302\u0303oe', '#9b1c'],
    ],
  );
});

test('compatibility forms (full-width, mathematical bold) collide with the plain name', () => {
  assert.equal(nameSkeleton('Ａｌｉｃｅ'), 'alice');
  assert.equal(nameSkeleton('𝐀𝐥𝐢𝐜𝐞'), 'alice');
  assert.deepEqual(
    suffixes([
      { id: A, name: 'Alice' },
      { id: B, name: 'Ａｌｉｃｅ' },
    ])[1],
    ['Ａｌｉｃｅ', '#9b1c'],
  );
});

test('a copied suffix in a name is marked and still collides with the plain name', () => {
  assert.deepEqual(ownReasons('Alice #3f2a'), ['fake-suffix']);
  const labels = labelNames([
    { id: A, name: 'Alice' },
    { id: B, name: 'Alice #3f2a' },
  ]);
  assert.equal(labelText(labels.get(B)!), 'Alice #3f2a #9b1c');
  assert.equal(labelText(labels.get(A)!), 'Alice #3f2a');
});

test('suffixes grow until look-alike members differ (ids ground to share a prefix)', () => {
  const x = id('3f2a0001');
  const y = id('3f2a0002');
  const labels = labelNames([
    { id: x, name: 'Alice' },
    { id: y, name: 'Alice' },
  ]);
  assert.equal(labels.get(x)!.suffix, '#3f2a0001');
  assert.notEqual(labels.get(x)!.suffix, labels.get(y)!.suffix);
});

test('the card note says why, in words', () => {
  const [, mixed] = [
    ...labelNames([
      { id: A, name: 'Alice' },
      { id: B, name: '\u0410lice' },
    ]).values(),
  ];
  assert.match(
    lookAlikeNote(mixed!),
    /looks like another member’s name, and mixes letters of (Cyrillic and Latin|Latin and Cyrillic)/,
  );
  assert.match(lookAlikeNote(mixed!), /#9b1c, the start of this member’s id/);
  assert.equal(lookAlikeNote({ name: 'Bob', why: [] }), '');
});

// bidiPieces (client/components/format.ts): bidi controls in message text are shown by name, never obeyed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BIDI_CONTROLS, bidiPieces } from '../../client/components/format.js';

test('"pay \\u202Eevil\\u202C to Bob" keeps its order, with RLO and PDF as visible pieces', () => {
  assert.deepEqual(bidiPieces('pay \u202Eevil\u202C to Bob'), [
    { text: 'pay ' },
    { control: 'RLO', code: 'U+202E' },
    { text: 'evil' },
    { control: 'PDF', code: 'U+202C' },
    { text: ' to Bob' },
  ]);
});

test('every bidi control is caught; plain and right-to-left text without controls stays one piece', () => {
  for (const [ch, name] of BIDI_CONTROLS) {
    const pieces = bidiPieces(`a${ch}${ch}b`);
    assert.deepEqual(pieces.filter((p) => 'control' in p).length, 2, name);
    assert.ok(
      pieces.every((p) => !('text' in p) || !p.text.includes(ch)),
      name,
    );
  }
  for (const text of ['hello', 'שלום', 'مرحبا', '', 'a\u200db'])
    assert.deepEqual(bidiPieces(text), [{ text }]);
});

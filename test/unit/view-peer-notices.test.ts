// The peer card's channel badge and notices (client/components/peer-notices.ts): a toy curve's channel is never "secure".
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { channelBadge, explanation, TOY_CHANNEL_BADGE } from '../../client/components/peer-notices.js';
import type { PeerView } from '../../client/session/types.js';
import type { CurveId } from '../../common/wire.js';

/** A ready peer on `curve`. */
const ready = (curve: CurveId): PeerView => ({
  id: 'b',
  name: 'Bob',
  label: 'Bob',
  key: { curve, pub: 'AA', pubHex: '00' },
  channel: 'ready',
  verified: false,
});

/** The text of a Lit template, its values joined in. */
function text(t: unknown): string {
  if (t === null || t === undefined || typeof t !== 'object' || !('strings' in t)) return String(t ?? '');
  const { strings, values } = t as { strings: readonly string[]; values: unknown[] };
  return strings
    .reduce((out, s, i) => out + s + (i < values.length ? text(values[i]) : ''), '')
    .replace(/\s+/g, ' ');
}

describe('peer notices', () => {
  test('a ready channel on a real curve is a secure channel, with no toy notice', () => {
    assert.deepEqual(channelBadge(ready('P-256'), 'P-256'), { text: 'secure channel', cls: 'ok' });
    assert.doesNotMatch(text(explanation(ready('P-256'), 'P-256')), /toy/);
  });

  test('a ready channel on a toy curve works but is a warning, with a sign and words, not only a colour', () => {
    const badge = channelBadge(ready('toy-263'), 'toy-263');
    assert.equal(badge, TOY_CHANNEL_BADGE);
    assert.equal(badge.cls, 'warn');
    assert.match(badge.text, /^⚠ works — toy curve, anyone can break it$/);
    assert.doesNotMatch(badge.text, /secure/);
  });

  test("the toy notice gives the curve's real number of private keys (n − 1)", () => {
    for (const [curve, keys] of [
      ['toy-263', 256],
      ['toy-17', 18],
      ['toy-97-cofactor', 4],
      ['toy-65521', 65926],
    ] as const) {
      const note = text(explanation(ready(curve), curve));
      assert.match(note, /It works/);
      assert.match(note, new RegExp(`${curve} has only ${keys} possible private keys`));
      assert.match(note, /the Eve tab/);
    }
  });

  test('a toy key that has not given a channel yet is not flagged as one', () => {
    const p: PeerView = { ...ready('toy-17'), channel: 'deriving' };
    assert.equal(channelBadge(p, 'toy-17').text, 'deriving…');
  });
});

// The `bcast` schemas (common/schema/broadcast.ts) and the relay's parseBcast agree on what is valid and on the size limit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_LIMITS } from '../../common/limits.js';
import { bcastPayload, bcastPayloadWithin } from '../../common/schema/index.js';
import { parseBcast } from '../../server/validate.js';

const limits = { ...DEFAULT_LIMITS, maxDmBody: 100 };
const within = bcastPayloadWithin(limits);

describe('bcast payload', () => {
  test('schema and relay agree on valid and invalid payloads', () => {
    const cases: unknown[] = [
      { id: 'b1', kind: 'skmsg', body: { c: 'x' } },
      { id: 'b1', kind: 'skmsg', body: null },
      { id: 'b1', kind: 'skmsg', body: 0 },
      { id: 'b1', kind: 'skmsg' },
      { id: 'b 1', kind: 'skmsg', body: 1 },
      { id: 'b1', kind: '.x', body: 1 },
      { id: 'b1', kind: 'skmsg', body: () => 1 },
      { id: 'b1', kind: 'skmsg', body: 1n },
      null,
      [],
      'bcast',
    ];
    for (const payload of cases) {
      const relay = parseBcast(payload, limits);
      assert.equal(relay.ok, bcastPayload.safeParse(payload).success, `case ${cases.indexOf(payload)}`);
      if (!relay.ok) assert.equal(relay.code, 'bad-request');
    }
  });

  test('the body limit is the dm body limit, on the serialised UTF-8 bytes', () => {
    const fits = { id: 'b1', kind: 'skmsg', body: 'é'.repeat(49) }; // 98 bytes + 2 quotes
    const over = { id: 'b1', kind: 'skmsg', body: 'é'.repeat(50) };
    assert.equal(within.safeParse(fits).success, true);
    assert.equal(within.safeParse(over).success, false);
    const ok = parseBcast(fits, limits);
    assert.ok(ok.ok && ok.value.bytes === 100);
    const refused = parseBcast(over, limits);
    assert.ok(!refused.ok && refused.code === 'too-large');
  });

  test('extra fields are dropped: the relay keeps only id, kind, body and the size', () => {
    const v = parseBcast({ id: 'b1', kind: 'skmsg', body: 1, from: 'A'.repeat(22), to: 'x' }, limits);
    assert.ok(v.ok);
    assert.deepEqual(v.value, { id: 'b1', kind: 'skmsg', body: 1, bytes: 1 });
  });
});

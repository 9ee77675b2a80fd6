// The wire schema (common/schema/): server → client events, dm bodies, the plaintext and the event map.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_EVENT_NAMES, DM_BODIES, SERVER_EVENTS, msgPlaintext } from '../../common/schema/index.js';
import { KNOWN_EVENTS } from '../../server/metrics.js';

const A = 'A'.repeat(22);
const HUGE = 'x'.repeat(2_000_000);
const P256 = Buffer.from([4, ...new Array<number>(64).fill(7)]).toString('base64url');
const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown): boolean =>
  schema.safeParse(value).success;

describe('server → client events', () => {
  const good: Record<keyof typeof SERVER_EVENTS, unknown> = {
    'peer-joined': { id: A, name: 'Bob' },
    'peer-left': { id: A },
    'peer-key': { from: A, curve: 'P-256', pub: P256 },
    dm: { from: A, id: 'm1', kind: 'msg', body: { iv: 'a', ct: 'b' } },
    'peer-step': { from: A, phase: 'keygen', detail: { n: 1 } },
    'relay-draining': { graceMs: 2000 },
    'room-lock': { locked: true, by: A, name: 'Alice' },

    bcast: { from: A, id: 'b1', kind: 'skmsg', body: { c: 'x' } },
  };
  const bad: Record<keyof typeof SERVER_EVENTS, unknown[]> = {
    'peer-joined': [
      { id: A },
      { id: 5, name: 'Bob' },
      { id: A, name: HUGE },
      { id: { id: A }, name: 'Bob' },
      'Bob',
    ],
    'peer-left': [{}, { id: HUGE }, [A], null],
    'peer-key': [
      { from: A, curve: 'P-256', pub: 'AA' },
      { from: A, curve: 'nope', pub: P256 },
      { curve: 'P-256', pub: P256 },
    ],
    dm: [
      { from: A, id: 'm 1', kind: 'msg' },
      { from: 'x', id: 'm1', kind: 'msg' },
      { from: A, id: 'm1', kind: 5 },
    ],
    'peer-step': [
      { from: A, phase: 'p', detail: [] },
      { from: A, phase: HUGE, detail: {} },
      { from: A, detail: {} },
    ],
    'relay-draining': [{ graceMs: 'soon' }, { graceMs: -1 }, { graceMs: 0 }, {}, undefined],
    'room-lock': [
      { locked: 'yes', by: A, name: 'A' },
      { locked: true, name: 'A' },
      { locked: true, by: A, name: HUGE },
      {},
    ],
    bcast: [
      { from: 'x', id: 'b1', kind: 'skmsg', body: {} },
      { from: A, id: 'b 1', kind: 'skmsg' },
      { id: 'b1', kind: 'k' },
    ],
  };
  for (const event of Object.keys(SERVER_EVENTS) as (keyof typeof SERVER_EVENTS)[])
    it(`${event}: accepts the documented shape, refuses the rest`, () => {
      assert.ok(ok(SERVER_EVENTS[event], good[event]));
      for (const value of bad[event])
        assert.ok(!ok(SERVER_EVENTS[event], value), JSON.stringify(value)?.slice(0, 80));
    });

  it('ignores prototype keys and returns only the documented fields', () => {
    const raw = JSON.parse(`{"__proto__": {"admin": true}, "constructor": 1, "id": "${A}", "name": "Bob"}`);
    const parsed = SERVER_EVENTS['peer-joined'].safeParse(raw);
    assert.ok(parsed.success);
    assert.deepEqual(Object.keys(parsed.data).sort(), ['id', 'name']);
    assert.equal(Object.getPrototypeOf(parsed.data), Object.prototype);
  });
});

describe('dm bodies and the plaintext', () => {
  it('msg, receipt, plaintext', () => {
    assert.ok(ok(DM_BODIES.msg, { iv: 'a', ct: 'b' }));
    assert.ok(!ok(DM_BODIES.msg, { iv: 'a' }));
    assert.ok(ok(DM_BODIES.receipt, { ok: false, reason: 'tag' }));
    assert.ok(ok(DM_BODIES.receipt, { ok: true }));
    for (const v of [{ ok: 'yes' }, { ok: false, reason: 5 }, null, [true]])
      assert.ok(!ok(DM_BODIES.receipt, v));
    assert.ok(ok(msgPlaintext, { type: 'text', text: '', ts: 0, extra: 1 }));
    for (const v of [
      { type: 'file', text: 'a', ts: 1 },
      { type: 'text', ts: 1 },
      { type: 'text', text: 'a', ts: '1' },
    ])
      assert.ok(!ok(msgPlaintext, v));
  });
});

describe('the event map', () => {
  it('is where the relay and its metrics get their event names', () => {
    assert.deepEqual([...CLIENT_EVENT_NAMES], ['join', 'leave', 'key', 'dm', 'step', 'who', 'lock', 'bcast']);
    assert.equal(KNOWN_EVENTS, CLIENT_EVENT_NAMES);
  });
});

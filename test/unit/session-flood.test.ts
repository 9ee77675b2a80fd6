// Bounds against a hostile member: the per-sender flood guard, the capped chat list, the plaintext schema and time rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TEXT_CHARS, msgPlaintext } from '../../common/schema/index.js';
import { formatTime, formatTimeSeconds, isoTime } from '../../client/components/format.js';
import { FloodGuard, MAX_TRACKED_SENDERS, RefusalLines } from '../../client/session/flood.js';
import {
  appendCapped,
  arrivalInstead,
  ChatList,
  EARLIEST_TS,
  isPending,
  MAX_FUTURE_SKEW_MS,
} from '../../client/session/message-list.js';
import type { ChatMessage, DeliveryState } from '../../client/session/types.js';

function incoming(id: string): ChatMessage {
  return { id, from: 'M', fromName: 'Mallory', text: id, ts: 0, outgoing: false, wire: [], delivery: {} };
}

function outgoing(id: string, state: DeliveryState): ChatMessage {
  return { ...incoming(id), from: 'A', fromName: 'Alice', outgoing: true, delivery: { M: { state } } };
}

describe('FloodGuard', () => {
  it('accepts the burst, then refuses with one first refusal per flood, and refills at the rate', () => {
    let t = 1_000_000;
    const guard = new FloodGuard({ perSecond: 2, burst: 3 }, () => t);
    const verdicts = Array.from({ length: 6 }, () => guard.take('m'));
    assert.deepEqual(verdicts, ['accept', 'accept', 'accept', 'refuse-first', 'refuse', 'refuse']);
    t += 499; // not yet a whole token
    assert.equal(guard.take('m'), 'refuse');
    t += 1; // 0.5 s at 2/s: one token
    assert.equal(guard.take('m'), 'accept');
    assert.equal(guard.take('m'), 'refuse', 'the same flood, one refilled token later: not reported again');
    // A flood that goes on above the rate for a minute is still reported once.
    for (let i = 0; i < 600; i++) {
      t += 100;
      assert.notEqual(guard.take('m'), 'refuse-first', `take ${i} of a sustained flood`);
    }
    t += 60_000; // refills to the burst, never beyond
    assert.deepEqual(
      Array.from({ length: 4 }, () => guard.take('m')),
      ['accept', 'accept', 'accept', 'refuse-first'],
    );
  });

  it('keeps one bucket per sender, forgets a sender, and tracks a bounded number of senders', () => {
    const guard = new FloodGuard({ perSecond: 0, burst: 1 }, () => 0);
    assert.equal(guard.take('a'), 'accept');
    assert.equal(guard.take('a'), 'refuse-first');
    assert.equal(guard.take('b'), 'accept', "another sender's bucket is untouched");
    guard.forget('a');
    assert.equal(guard.take('a'), 'accept', 'a sender who left and came back starts afresh');
    for (let i = 0; i < MAX_TRACKED_SENDERS * 2; i++) guard.take(`s${i}`);
    assert.equal(guard.size, MAX_TRACKED_SENDERS);
    guard.clear();
    assert.equal(guard.size, 0);
  });
});

describe('the capped chat list', () => {
  it('drops the oldest settled messages past the cap and counts them', () => {
    const list = new ChatList(3);
    for (const id of ['1', '2', '3', '4', '5']) list.add(incoming(id));
    assert.deepEqual(
      list.messages.map((m) => m.id),
      ['3', '4', '5'],
    );
    assert.equal(list.removed, 2);
    list.clear();
    assert.deepEqual([list.messages.length, list.removed], [0, 0]);
  });

  it('orders by the time the authors wrote: two members who got messages in different orders see one transcript', () => {
    const at = (id: string, ts: number, arrivedAt?: number): ChatMessage => ({
      ...incoming(id),
      ts,
      ...(arrivedAt !== undefined ? { arrivedAt } : {}),
    });
    const messages = [at('a', 1000), at('b', 2000), at('c', 2000), at('d', 3000), at('odd', 9e15, 2500)];
    const alice = new ChatList(10);
    const bob = new ChatList(10);
    for (const m of messages) alice.add(m);
    // One author's messages arrive in the order sent (b before c); the others in any order.
    for (const m of [messages[3]!, messages[1]!, messages[4]!, messages[0]!, messages[2]!]) bob.add(m);
    const order = (l: ChatList) => l.messages.map((m) => m.id);
    assert.deepEqual(
      order(alice),
      ['a', 'b', 'c', 'odd', 'd'],
      'an implausible time counts as its arrival time',
    );
    assert.deepEqual(order(bob), order(alice), 'the same transcript whatever the arrival order');
  });

  it('never drops an outgoing message still waiting for a recipient; settled ones may go', () => {
    const start = [outgoing('sending', 'sending'), outgoing('sent', 'sent'), outgoing('failed', 'failed')];
    assert.deepEqual(start.map(isPending), [true, true, false]);
    let list: ChatMessage[] = [...start, outgoing('delivered', 'delivered')];
    let removed = 0;
    for (const id of ['a', 'b', 'c']) {
      const next = appendCapped(list, incoming(id), 3);
      list = next.list;
      removed += next.removed;
    }
    assert.deepEqual(
      list.map((m) => m.id),
      ['sending', 'sent', 'c'],
    );
    assert.equal(removed, 4);
    // Only pending messages left: the list exceeds the cap by them rather than lose one.
    const full = appendCapped(
      [outgoing('p1', 'sending'), outgoing('p2', 'sent')],
      outgoing('p3', 'sending'),
      2,
    );
    assert.deepEqual(
      full.list.map((m) => m.id),
      ['p1', 'p2', 'p3'],
    );
  });

  it('replaces our outgoing message by id when its delivery changes', () => {
    const list = new ChatList(5);
    list.add(outgoing('x', 'sending'));
    list.add(incoming('x'));
    list.updateOutgoing(outgoing('x', 'delivered'));
    assert.deepEqual(
      list.messages.map((m) => [m.outgoing, m.delivery['M']?.state]),
      [
        [true, 'delivered'],
        [false, undefined],
      ],
    );
  });
});

describe('the msg plaintext and the time rule', () => {
  const ok = (value: unknown): boolean => msgPlaintext.safeParse(value).success;

  it('accepts a finite integer ts and a text within the limit; refuses the rest', () => {
    assert.ok(ok({ type: 'text', text: 'hi', ts: 1_700_000_000_000 }));
    assert.ok(ok({ type: 'text', text: 'hi', ts: 1e300 }), 'an integer, shown at arrival time');
    assert.ok(ok({ type: 'text', text: 'hi', ts: -1 }));
    assert.ok(ok({ type: 'text', text: 'x'.repeat(MAX_TEXT_CHARS), ts: 1 }));
    for (const ts of ['NaN', 1.5, Number.NaN, Number.POSITIVE_INFINITY, null])
      assert.ok(!ok({ type: 'text', text: 'hi', ts }), String(ts));
    assert.ok(!ok({ type: 'text', text: 'x'.repeat(MAX_TEXT_CHARS + 1), ts: 1 }));
    assert.ok(!ok({ type: 'text', text: 5, ts: 1 }));
  });

  it('shows the arrival time for times before 2020 or too far ahead, the author time otherwise', () => {
    const now = Date.UTC(2026, 0, 1);
    for (const ts of [1e300, -1, 0, EARLIEST_TS - 1, now + MAX_FUTURE_SKEW_MS + 1, Number.NaN])
      assert.equal(arrivalInstead(ts, now), now, String(ts));
    for (const ts of [EARLIEST_TS, now - 86_400_000, now, now + MAX_FUTURE_SKEW_MS])
      assert.equal(arrivalInstead(ts, now), undefined, String(ts));
  });

  it('formats any number without throwing (the bubble is never blank)', () => {
    for (const ts of [1e300, -1e300, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(formatTime(ts), '--:--');
      assert.equal(formatTimeSeconds(ts), '--:--:--');
      assert.equal(isoTime(ts), '');
    }
    assert.equal(isoTime(0), '1970-01-01T00:00:00.000Z');
  });
});

describe('RefusalLines', () => {
  it('writes a burst of lines per sender, then one summary, then nothing until the bucket refills', () => {
    let t = 0;
    const lines: string[] = [];
    const r = new RefusalLines(
      (text) => lines.push(text),
      { perSecond: 2, burst: 3 },
      () => t,
    );
    const written = Array.from({ length: 50 }, (_, i) => r.warn('M', 'Mallory', `refused ${i}`));
    assert.deepEqual(lines.slice(0, 3), ['refused 0', 'refused 1', 'refused 2']);
    assert.equal(lines.length, 4, 'three lines and one summary for fifty refusals');
    assert.match(lines[3]!, /^Mallory keeps sending messages this tab refuses/);
    assert.deepEqual(
      written.map((w, i) => (w ? i : -1)).filter((i) => i >= 0),
      [0, 1, 2, 3],
    );
    assert.equal(r.warn('B', 'Bob', 'from Bob'), true, 'another sender has its own budget');
    t += 500; // one token back
    assert.equal(r.warn('M', 'Mallory', 'later'), true);
    assert.equal(lines.at(-1), 'later');
    r.forget('M');
    assert.equal(r.warn('M', 'Mallory', 'after forget'), true);
    r.clear();
  });
});

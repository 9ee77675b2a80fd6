// The unread count and notices while the page is hidden (client/session/unread.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatMessage } from '../../client/session/types.js';
import {
  MAX_NOTIFICATIONS_PER_HIDDEN,
  UnreadCounter,
  baseTitle,
  isRealIncoming,
  titleWithCount,
} from '../../client/session/unread.js';

let next = 0;
function msg(over: Partial<ChatMessage> = {}): ChatMessage {
  next++;
  return {
    id: `m${next}`,
    from: 'bob-id',
    fromName: 'Bob',
    text: `secret text ${next}`,
    ts: 1_800_000_000_000 + next,
    outgoing: false,
    wire: [],
    delivery: {},
    ...over,
  };
}

test('the title: "(N) " in front of the base, capped at 99+, never stacked, removed at zero', () => {
  assert.equal(titleWithCount('room · curvechat', 3), '(3) room · curvechat');
  assert.equal(titleWithCount('(3) room · curvechat', 4), '(4) room · curvechat');
  assert.equal(titleWithCount('(4) room · curvechat', 0), 'room · curvechat');
  assert.equal(titleWithCount('room · curvechat', 100), '(99+) room · curvechat');
  assert.equal(titleWithCount('(99+) room · curvechat', 0), 'room · curvechat');
  assert.equal(baseTitle('(12) (a) room'), '(a) room');
  assert.equal(titleWithCount('(x) room', 0), '(x) room');
});

test('only real messages from others count: not ours, not the session’s own key-change lines', () => {
  assert.equal(isRealIncoming(msg()), true);
  assert.equal(isRealIncoming(msg({ outgoing: true })), false);
  assert.equal(isRealIncoming(msg({ system: 'key-changed' })), false);
  const c = new UnreadCounter();
  c.observe([]);
  c.setHidden(true);
  const notices = c.observe([msg({ outgoing: true }), msg({ system: 'key-changed' }), msg()]);
  assert.equal(c.count, 1);
  assert.deepEqual(notices, [{ title: 'Bob', body: 'New message' }]);
});

test('counts only while hidden; visible again clears the count', () => {
  const c = new UnreadCounter();
  let list: ChatMessage[] = [msg()];
  assert.deepEqual(c.observe(list), [], 'the first list is taken as read');
  list = [...list, msg()];
  assert.deepEqual(c.observe(list), [], 'visible: nothing is counted');
  assert.equal(c.count, 0);
  c.setHidden(true);
  list = [...list, msg({ fromName: 'Carol' })];
  assert.deepEqual(c.observe(list), [{ title: 'Carol', body: 'New message' }]);
  list = [...list, msg(), msg()];
  assert.equal(c.observe(list).length, 2);
  assert.equal(c.count, 3);
  assert.deepEqual(c.observe(list), [], 'the same list again changes nothing');
  assert.deepEqual(c.observe([...list]), [], 'a copy of it neither');
  assert.equal(c.count, 3);
  c.setHidden(false);
  assert.equal(c.count, 0);
});

test('the notice carries the sender name and "New message", never the plaintext', () => {
  const c = new UnreadCounter();
  c.observe([]);
  c.setHidden(true);
  const [notice] = c.observe([msg({ text: 'the launch code is 1234' })]);
  assert.ok(notice);
  assert.doesNotMatch(JSON.stringify(notice), /launch code|1234/);
});

test('a message inserted earlier in time order (not at the end) still counts once', () => {
  const c = new UnreadCounter();
  const a = msg();
  const b = msg();
  c.observe([a, b]);
  c.setHidden(true);
  c.observe([a, msg({ ts: a.ts }), b]);
  assert.equal(c.count, 1);
});

test('hostile flood while hidden: every message counts, notices stop at the cap until visible again', () => {
  const c = new UnreadCounter();
  c.observe([]);
  c.setHidden(true);
  const flood = Array.from({ length: 50 }, () => msg({ fromName: 'Mallory' }));
  const notices = c.observe(flood);
  assert.equal(notices.length, MAX_NOTIFICATIONS_PER_HIDDEN);
  assert.equal(c.count, 50);
  assert.deepEqual(c.observe([...flood, msg()]), [], 'still capped');
  assert.equal(c.count, 51);
  c.setHidden(false);
  c.setHidden(true);
  assert.equal(c.observe([...flood, msg()]).length, 1, 'a new hidden period notifies again');
});

test('the same id from two members is two messages; reset takes the next list as read', () => {
  const c = new UnreadCounter();
  c.observe([]);
  c.setHidden(true);
  c.observe([msg({ id: 'same', from: 'a' }), msg({ id: 'same', from: 'b' })]);
  assert.equal(c.count, 2);
  c.reset();
  assert.equal(c.count, 0);
  assert.deepEqual(c.observe([msg(), msg()]), []);
  assert.equal(c.count, 0);
});

// Unit tests of the views' event helpers: emit (bubbles, composed, typed detail) and PendingRequest (one request at a time).
import assert from 'node:assert/strict';
import type { ReactiveControllerHost } from 'lit';
import { test } from 'node:test';
import { emit } from '../../client/components/events.js';
import { PendingRequest } from '../../client/components/pending-request.js';

/** An EventTarget standing in for a Lit host: counts requestUpdate calls. */
function fakeHost() {
  const target = new EventTarget();
  let updates = 0;
  const host = Object.assign(target, { requestUpdate: () => void updates++ }) as unknown as HTMLElement &
    ReactiveControllerHost;
  return { host, updates: () => updates };
}

test('emit dispatches a bubbling, composed CustomEvent with the detail', () => {
  const { host } = fakeHost();
  const seen: Event[] = [];
  host.addEventListener('scalar-change', (e) => seen.push(e));
  emit(host, 'scalar-change', { d: 7n });
  assert.equal(seen.length, 1);
  const e = seen[0] as CustomEvent<{ d: bigint }>;
  assert.equal(e.bubbles, true);
  assert.equal(e.composed, true);
  assert.equal(e.detail.d, 7n);
});

test('PendingRequest is busy until the reply, sends one request at a time and keeps the reason', () => {
  const { host, updates } = fakeHost();
  const replies: ((error: string | null) => void)[] = [];
  host.addEventListener('generate-keys', (e) =>
    replies.push((e as CustomEvent<{ reply: (x: string | null) => void }>).detail.reply),
  );
  const request = new PendingRequest(host);
  const done: (string | null)[] = [];
  request.send(
    'generate-keys',
    (reply) => ({ reply }),
    (error) => done.push(error),
  );
  assert.equal(request.busy, true);
  request.send('generate-keys', (reply) => ({ reply }));
  assert.equal(replies.length, 1, 'a second request waits for the first reply');
  replies[0]!('the relay refused');
  assert.equal(request.busy, false);
  assert.equal(request.error, 'the relay refused');
  assert.deepEqual(done, ['the relay refused']);
  request.send('generate-keys', (reply) => ({ reply }));
  assert.equal(request.error, '', 'a new request clears the last reason');
  replies[1]!(null);
  assert.equal(request.error, '');
  assert.ok(updates() >= 4);
});

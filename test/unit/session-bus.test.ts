// SessionBus (client/session/bus.ts): listeners run synchronously, in subscription order, with their arguments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionBus } from '../../client/session/bus.js';

test('emit runs every listener of that event in order before returning, and no other', () => {
  const bus = new SessionBus();
  const seen: string[] = [];
  bus.on('channel-ready', (id) => seen.push(`a:${id}`));
  bus.on('log', (level, text) => seen.push(`log:${level}:${text}`));
  bus.on('channel-ready', (id) => seen.push(`b:${id}`));
  bus.emit('channel-ready', 'm1');
  assert.deepEqual(seen, ['a:m1', 'b:m1']);
  bus.emit('log', 'warn', 'hello');
  assert.deepEqual(seen, ['a:m1', 'b:m1', 'log:warn:hello']);
  bus.emit('changed');
  assert.equal(seen.length, 3);
});

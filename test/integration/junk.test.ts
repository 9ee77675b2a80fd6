// Junk on every event (wrong types, huge strings, prototype-pollution keys, raw packets): the relay never throws.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  call,
  closeAll,
  connect,
  joinAs,
  metricValue,
  newResume,
  next,
  relayForFile,
  type Client,
} from './helpers.js';

const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);
before(() => {
  process.on('unhandledRejection', onUnhandled);
});
after(() => {
  process.off('unhandledRejection', onUnhandled);
});
const server = relayForFile({ limits: { eventBurst: 100_000, eventsPerSecond: 100_000 } });

const EVENTS = ['join', 'leave', 'key', 'dm', 'step', 'who', 'lock'];
const huge = 'A'.repeat(200_000); // four of them still fit in one 1 MiB frame
let deep: unknown = 1;
for (let i = 0; i < 1000; i++) deep = [deep]; // as deep as socket.io-client can encode
const JUNK: unknown[] = [
  undefined,
  null,
  0,
  -1.5,
  true,
  'text',
  huge,
  [],
  [1, 'two', { three: 3 }],
  {},
  JSON.parse('{"__proto__":{"polluted":true},"room":"r","name":"n","resume":"x"}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":true}},"curve":"P-256","pub":"BA"}'),
  { room: huge, name: huge, resume: huge },
  { room: ['r'], name: { n: 1 }, resume: null },
  { curve: huge, pub: huge },
  { curve: 'P-256', pub: { toString: 'x' } },
  { id: huge, kind: huge, parts: [{ to: huge, body: huge }] },
  { id: 'x', kind: 'msg', parts: Array.from({ length: 500 }, () => ({ to: 'a', body: 1 })) },
  { id: 'x', kind: 'msg', parts: [{ to: 'A'.repeat(22), body: deep }] },
  { id: 'x', kind: 'msg', parts: [JSON.parse('{"__proto__":{"polluted":true}}')] },
  { phase: huge, detail: huge },
  { phase: 'p', detail: deep },
  { phase: 'p', detail: JSON.parse('{"__proto__":{"polluted":true}}') },
  Buffer.from('binary attachment'),
  { id: 'x', kind: 'msg', parts: [{ to: 'A'.repeat(22), body: Buffer.alloc(10) }] },
];

test('junk payloads on every event are refused or ignored, never crash, never pollute', async () => {
  const victim = await connect(server.url);
  let acks = 0;
  const resume = newResume();
  for (const joined of [false, true]) {
    for (const event of EVENTS) {
      for (const payload of JUNK) {
        // In the second round every junk event meets a joined socket (a junk `leave` may have left).
        if (joined) await call(victim, 'join', { room: 'junk', name: 'V', resume });
        const ack = await call(victim, event, payload);
        assert.equal(typeof ack.ok, 'boolean');
        acks++;
        // Extra arguments before the ack, and no ack at all.
        const extra = await call(victim, event, payload, 'extra', 42, null);
        assert.equal(typeof extra.ok, 'boolean');
        (victim as any).emit(event, payload);
        (victim as any).emit(event);
      }
    }
  }
  assert.ok(acks > 200);
  assert.equal(({} as any).polluted, undefined);
  assert.equal((Object.prototype as any).polluted, undefined);
  // The junked socket is still connected and usable.
  assert.equal(victim.connected, true);
  await call(victim, 'join', { room: 'junk', name: 'V', resume });
  assert.deepEqual(await call(victim, 'leave', {}), { ok: true });
  assert.equal((await call(victim, 'join', { room: 'junk', name: 'V', resume })).ok, true);
  closeAll(victim);
});

/**
 * Resolves once the relay has handled everything `s` sent so far: it answered one more acked event (events on a
 * connection are handled in order), closed the connection, or dropped the socket (a raw DISCONNECT packet).
 */
function handled(s: Client): Promise<void> {
  const id = s.id;
  return new Promise((resolve) => {
    const done = (): void => {
      clearInterval(poll);
      resolve();
    };
    const poll = setInterval(() => {
      if (id === undefined || !server.io.of('/').sockets.has(id)) done();
    }, 20);
    if (!s.connected) return done();
    s.once('disconnect', done);
    (s as any).emit('leave', {}, done);
  });
}

test('raw malformed Socket.IO packets close at most that connection', async () => {
  const watcher = await joinAs(server.url, 'raw', 'W');
  const raws = [
    '2',
    '2[]',
    '2[123]',
    '2[null,{"room":"raw"}]',
    '2["disconnect"]',
    '2["join",{"room":"raw","name":"X","resume":"AA"},"not-a-function"]',
    '21["join"]',
    '2999999999999["key",{}]',
    '3',
    '31[{"ok":true}]',
    '5-["dm",{"_placeholder":true,"num":0}]',
    '2{not json',
    '9',
    '0{"auth":1}',
    '1',
    '4"error packet from client"',
  ];
  // Nesting far deeper than a JSON.stringify recursion can handle, built by hand.
  const deepRaw = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  raws.push(
    `20["dm",{"id":"x","kind":"msg","parts":[{"to":"AAAAAAAAAAAAAAAAAAAAAA","body":${deepRaw(200_000)}}]}]`,
    `21["step",{"phase":"p","detail":{"d":${deepRaw(200_000)}}}]`,
    `22["join",${deepRaw(200_000)}]`,
  );
  for (const raw of raws) {
    const s = await connect(server.url);
    (s.io as any).engine.send(raw);
    await handled(s);
    s.disconnect();
  }
  // Unknown event names are counted, not handled.
  const s = await connect(server.url);
  const before = metricValue(
    await (await fetch(`${server.url}/metrics`)).text(),
    'curvechat_unknown_events_total',
  );
  (s as any).emit('hello', { x: 1 });
  (s as any).emit('__proto__', {});
  (s as any).emit('constructor', {});
  await handled(s);
  const afterText = await (await fetch(`${server.url}/metrics`)).text();
  assert.equal(metricValue(afterText, 'curvechat_unknown_events_total'), before + 3);
  // Still serving: a new member joins the watcher's room and a dm gets through.
  const joined = next(watcher.socket, 'peer-joined');
  const fresh = await joinAs(server.url, 'raw', 'Fresh');
  assert.equal((await joined).id, fresh.id);
  const got = next(watcher.socket, 'dm');
  await call(fresh.socket, 'dm', { id: 'after', kind: 'msg', parts: [{ to: watcher.id, body: { ok: 1 } }] });
  assert.equal((await got).id, 'after');
  assert.deepEqual(unhandled, []);
  closeAll(watcher.socket, fresh.socket, s);
});

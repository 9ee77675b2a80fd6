// The relay never logs payloads: with logging at its most verbose, drive every
// event (valid and refused) with marker strings and check none reaches the log.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { pino } from 'pino';
import { call, connect, newResume, next, startTestServer, waitFor } from './helpers.js';

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(chunk.toString('utf8'));
    done();
  },
});
const server = await startTestServer({ logger: pino({ level: 'trace' }, sink), limits: { maxDmBody: 512 } });
after(() => server.close());

const ROOM = 'SecretRoomMarker';
const NAME = 'NameMarkerAlice';
// A syntactically valid P-256 point encoding whose bytes spell a marker in base64url.
const PUB = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 0x5a)]).toString('base64url');
const BODY = { iv: 'IvMarkerIvMarker', ct: 'CiphertextMarker' };
const DETAIL = { note: 'StepDetailMarker' };

test('no name, room, key, dm body or step detail appears in trace-level logs', async () => {
  const a = await connect(server.url);
  const b = await connect(server.url);
  try {
    assert.equal((await call(a, 'join', { room: ROOM, name: NAME, resume: newResume() })).ok, true);
    const joinB = await call(b, 'join', { room: ROOM, name: 'NameMarkerBob', resume: newResume() });
    assert.equal(joinB.ok, true);
    const keyed = next(b, 'peer-key');
    assert.equal((await call(a, 'key', { curve: 'P-256', pub: PUB })).ok, true);
    await keyed;
    const got = next(b, 'dm');
    assert.equal(
      (await call(a, 'dm', { id: 'MsgIdMarker', kind: 'msg', parts: [{ to: joinB.me.id, body: BODY }] })).ok,
      true,
    );
    assert.deepEqual((await got).body, BODY);
    assert.equal((await call(a, 'step', { phase: 'demo', detail: DETAIL })).ok, true);
    // Refused events are logged too (with their code): their payloads must not be.
    const tooLarge = { iv: 'IvMarkerIvMarker', ct: 'OversizeMarker'.repeat(64) };
    const refused = await call(a, 'dm', {
      id: 'x',
      kind: 'msg',
      parts: [{ to: joinB.me.id, body: tooLarge }],
    });
    assert.equal(refused.error.code, 'too-large');
    const bad = await call(a, 'key', { curve: 'CurveMarker', pub: PUB });
    assert.equal(bad.error.code, 'unsupported-curve');
  } finally {
    a.disconnect();
    b.disconnect();
  }
  // Whatever the relay logs about the two disconnects is written once it has dropped both sockets.
  await waitFor('the relay handled both disconnects', () => server.io.of('/').sockets.size === 0);
  const log = lines.join('');
  assert.ok(log.includes('"msg":"join"'), 'the relay did log at trace level (so the check is meaningful)');
  assert.ok(log.includes('rejected'), 'refusals were logged');
  for (const marker of [
    ROOM,
    NAME,
    'NameMarkerBob',
    PUB,
    'IvMarker',
    'CiphertextMarker',
    'OversizeMarker',
    'StepDetailMarker',
    'MsgIdMarker',
    'CurveMarker',
  ])
    assert.ok(!log.includes(marker), `log contains ${marker}`);
});

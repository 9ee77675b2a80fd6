// Every ack error code and oversize frames, against a real relay with small limits (rate-limited and internal: errors-rate.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  barrier,
  call,
  closeAll,
  collect,
  connect,
  fakeP256,
  joinAs,
  metricValue,
  newResume,
  next,
  relayForFile,
} from './helpers.js';

const server = relayForFile({
  limits: {
    maxRoomMembers: 3,
    maxDmBody: 256,
    maxFrame: 4096,
    maxStepDetail: 128,
    eventsPerSecond: 1000,
    eventBurst: 1000,
  },
});

const codeOf = (ack: any): string | undefined => (ack?.ok === false ? ack.error.code : undefined);

describe('bad-request', () => {
  test('join refuses invalid room, name, resume and payload shapes', async () => {
    const s = await connect(server.url);
    const resume = newResume();
    const cases: unknown[] = [
      { room: '-starts-with-dash', name: 'A', resume },
      { room: 'a'.repeat(65), name: 'A', resume },
      { room: 'ok', name: '   ', resume },
      { room: 'ok', name: 'x'.repeat(33), resume },
      { room: 'ok', name: 'evil\u202eoverride', resume },
      { room: 'ok', name: 'A', resume: resume.slice(0, 42) },
      { room: 'ok', name: 'A', resume: Buffer.alloc(31).toString('base64url') },
      { room: 'ok', name: 'A', resume: Buffer.alloc(32).toString('base64') }, // padding
      { room: 'ok', name: 'A' },
      { room: 1, name: 'A', resume },
      null,
      'join',
      [],
    ];
    for (const payload of cases) {
      const ack = await call(s, 'join', payload);
      assert.equal(codeOf(ack), 'bad-request', `payload ${JSON.stringify(payload)}`);
      assert.equal(typeof ack.error.message, 'string');
    }
    // Still able to join afterwards.
    assert.equal((await call(s, 'join', { room: 'ok', name: 'A', resume })).ok, true);
    closeAll(s);
  });

  test('key refuses wrong lengths, compressed points, bad base64url and non-canonical X25519 u', async () => {
    const a = await joinAs(server.url, 'keys', 'A');
    const cases = [
      { curve: 'P-256', pub: fakeP256().slice(0, -4) },
      { curve: 'P-384', pub: fakeP256() },
      { curve: 'P-256', pub: Buffer.alloc(65, 3).toString('base64url') }, // not 04…
      { curve: 'P-256', pub: `${fakeP256()}=` },
      { curve: 'P-256', pub: fakeP256().replace(/^.{4}/, '+/+/') },
      { curve: 'X25519', pub: Buffer.alloc(33).toString('base64url') },
      // u = 9 + p (= 9 mod p, the base point again) and u = 9 with bit 255 set: non-canonical (docs/protocol.md §5).
      { curve: 'X25519', pub: Buffer.from([0xf6, ...Array(30).fill(0xff), 0x7f]).toString('base64url') },
      { curve: 'X25519', pub: Buffer.from([9, ...Array(30).fill(0), 0x80]).toString('base64url') },
      { curve: 'toy-17', pub: Buffer.from([4, 5, 1, 0]).toString('base64url') },
      { curve: 'P-256' },
      { curve: 12, pub: fakeP256() },
    ];
    for (const payload of cases) assert.equal(codeOf(await call(a.socket, 'key', payload)), 'bad-request');
    const canonical = { curve: 'X25519', pub: Buffer.from([9, ...Array(31).fill(0)]).toString('base64url') };
    assert.deepEqual(await call(a.socket, 'key', canonical), { ok: true });
    assert.deepEqual(
      await call(a.socket, 'key', { curve: 'toy-17', pub: Buffer.from([4, 5, 1]).toString('base64url') }),
      {
        ok: true,
      },
    );
    closeAll(a.socket);
  });

  test('dm and step refuse malformed payloads', async () => {
    const a = await joinAs(server.url, 'shapes', 'A');
    const b = await joinAs(server.url, 'shapes', 'B');
    const dms: unknown[] = [
      { id: 'x', kind: 'msg', parts: [] },
      { id: 'x', kind: 'msg', parts: [{ to: 'short', body: {} }] },
      { id: 'x', kind: 'msg', parts: [{ to: b.id }] },
      {
        id: 'x',
        kind: 'msg',
        parts: [
          { to: b.id, body: 1 },
          { to: b.id, body: 2 },
        ],
      },
      { id: '', kind: 'msg', parts: [{ to: b.id, body: {} }] },
      { id: 'has space', kind: 'msg', parts: [{ to: b.id, body: {} }] },
      { id: 'x', kind: '', parts: [{ to: b.id, body: {} }] },
      { id: 'x', kind: 'msg', parts: 'nope' },
      { id: 'x', kind: 'msg', parts: [null] },
    ];
    for (const payload of dms) assert.equal(codeOf(await call(a.socket, 'dm', payload)), 'bad-request');
    const steps: unknown[] = [
      { phase: 'p', detail: [] },
      { phase: 'p', detail: null },
      { phase: '', detail: {} },
      { phase: 'p' },
      'step',
    ];
    for (const payload of steps) assert.equal(codeOf(await call(a.socket, 'step', payload)), 'bad-request');
    assert.equal(codeOf(await call(a.socket, 'leave', 'now')), 'bad-request');
    closeAll(a.socket, b.socket);
  });
});

describe('state errors', () => {
  test('not-joined for key, dm, step and leave before join', async () => {
    const s = await connect(server.url);
    assert.equal(codeOf(await call(s, 'key', { curve: 'P-256', pub: fakeP256() })), 'not-joined');
    assert.equal(
      codeOf(await call(s, 'dm', { id: 'a', kind: 'msg', parts: [{ to: 'A'.repeat(22), body: {} }] })),
      'not-joined',
    );
    assert.equal(codeOf(await call(s, 'step', { phase: 'p', detail: {} })), 'not-joined');
    assert.equal(codeOf(await call(s, 'leave', {})), 'not-joined');
    closeAll(s);
  });

  test('already-joined on a second join, in any room; join works again after leave', async () => {
    const a = await joinAs(server.url, 'twice', 'A');
    assert.equal(
      codeOf(await call(a.socket, 'join', { room: 'twice', name: 'A', resume: a.resume })),
      'already-joined',
    );
    assert.equal(
      codeOf(await call(a.socket, 'join', { room: 'other', name: 'A', resume: a.resume })),
      'already-joined',
    );
    assert.deepEqual(await call(a.socket, 'leave', {}), { ok: true });
    assert.equal((await call(a.socket, 'join', { room: 'other', name: 'A', resume: a.resume })).ok, true);
    closeAll(a.socket);
  });

  test('unsupported-curve for unknown curve ids', async () => {
    const a = await joinAs(server.url, 'curves', 'A');
    for (const curve of ['P-224', 'secp256k1', 'x25519', 'toy-18'])
      assert.equal(codeOf(await call(a.socket, 'key', { curve, pub: fakeP256() })), 'unsupported-curve');
    closeAll(a.socket);
  });

  test('room-full counts distinct members; an existing member may add a socket', async () => {
    const r1 = newResume();
    const a = await joinAs(server.url, 'full', 'A', r1);
    const b = await joinAs(server.url, 'full', 'B');
    const c = await joinAs(server.url, 'full', 'C');
    const d = await connect(server.url);
    const ack = await call(d, 'join', { room: 'full', name: 'D', resume: newResume() });
    assert.equal(codeOf(ack), 'room-full');
    assert.equal(ack.error.limit, 3, 'room-full carries the room size as a field');
    const again = await joinAs(server.url, 'full', 'A', r1);
    assert.equal(again.id, a.id);
    const cLeft = next(a.socket, 'peer-left');
    c.socket.disconnect();
    assert.deepEqual(await cLeft, { id: c.id }, 'C is gone from the room');
    assert.equal((await call(d, 'join', { room: 'full', name: 'D', resume: newResume() })).ok, true);
    closeAll(a.socket, b.socket, again.socket, d);
  });
});

describe('too-large', () => {
  test('dm body over the limit (measured serialised), too many parts, step detail over the limit', async () => {
    const a = await joinAs(server.url, 'big', 'A');
    const b = await joinAs(server.url, 'big', 'B');
    const got = collect(b.socket, 'dm');
    // 256-byte limit: {"x":"…"} is 8 bytes of JSON around the string.
    const fits = { x: 'a'.repeat(248) };
    const over = { x: 'a'.repeat(249) };
    assert.deepEqual(
      await call(a.socket, 'dm', { id: '1', kind: 'msg', parts: [{ to: b.id, body: fits }] }),
      { ok: true },
    );
    assert.equal(
      codeOf(await call(a.socket, 'dm', { id: '2', kind: 'msg', parts: [{ to: b.id, body: over }] })),
      'too-large',
    );
    // Multi-byte characters count as bytes, not characters.
    const euro = { x: '€'.repeat(83) }; // 249 bytes of string
    assert.equal(
      codeOf(await call(a.socket, 'dm', { id: '3', kind: 'msg', parts: [{ to: b.id, body: euro }] })),
      'too-large',
    );
    const parts = Array.from({ length: 4 }, (_, i) => ({ to: String(i).repeat(22), body: {} }));
    assert.equal(codeOf(await call(a.socket, 'dm', { id: '4', kind: 'msg', parts })), 'too-large');
    const detail = { s: 'd'.repeat(200) };
    assert.equal(codeOf(await call(a.socket, 'step', { phase: 'p', detail })), 'too-large');
    await barrier(a, b);
    assert.deepEqual(
      got.map((m) => m.id),
      ['1'],
    );
    closeAll(a.socket, b.socket);
  });

  test('a frame over maxHttpBufferSize closes that socket only; others keep working', async () => {
    const a = await joinAs(server.url, 'frame', 'A');
    const b = await joinAs(server.url, 'frame', 'B');
    const before = metricValue(
      await (await fetch(`${server.url}/metrics`)).text(),
      'curvechat_transport_errors_total',
    );
    const closed = next(a.socket, 'disconnect', 3000);
    const leftAtB = next(b.socket, 'peer-left');
    (a.socket as any).emit('dm', {
      id: 'big',
      kind: 'msg',
      parts: [{ to: b.id, body: { x: 'z'.repeat(8000) } }],
    });
    const reason = await closed;
    assert.equal(reason, 'transport close');
    const left = await leftAtB;
    assert.equal(left.id, a.id);
    const c = await joinAs(server.url, 'frame', 'C');
    const got = next(c.socket, 'dm');
    assert.deepEqual(await call(b.socket, 'dm', { id: 'ok', kind: 'msg', parts: [{ to: c.id, body: {} }] }), {
      ok: true,
    });
    assert.equal((await got).id, 'ok');
    const afterText = await (await fetch(`${server.url}/metrics`)).text();
    assert.equal(metricValue(afterText, 'curvechat_transport_errors_total'), before + 1);
    closeAll(b.socket, c.socket);
  });
});

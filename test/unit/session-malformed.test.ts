// A hostile relay: malformed events and acks become activity-log lines, never throws, and nothing else changes.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Server, type Socket } from 'socket.io';
import { describeFailure, readAck } from '../../client/session/ack-errors.js';
import type { RoomSession } from '../../client/session/room-session.js';
import { logText, newSession, peerNamed, waitFor } from '../helpers/session.js';

const ME = 'M'.repeat(22);
const BOB = 'B'.repeat(22);
const CAROL = 'C'.repeat(22);

/** What the fake relay answers; each test sets it before joining. */
let answers: { join: unknown; who: unknown } = { join: undefined, who: undefined };
let joinedSocket: ((socket: Socket) => void) | undefined;

describe('RoomSession against a relay that sends malformed data', () => {
  const http = createServer();
  const io = new Server(http);
  let url = '';
  const sessions: RoomSession[] = [];
  const session = (): RoomSession => {
    const s = newSession(url, { presenceIntervalMs: 60_000, ackTimeoutMs: 1500 });
    sessions.push(s);
    return s;
  };

  before(async () => {
    io.on('connection', (socket) => {
      const ack = (answer: () => unknown) => (_payload: unknown, cb?: (a: unknown) => void) => cb?.(answer());
      socket.on('join', (_p: unknown, cb?: (a: unknown) => void) => {
        cb?.(answers.join);
        joinedSocket?.(socket);
      });
      socket.on(
        'who',
        ack(() => answers.who),
      );
      socket.on(
        'key',
        ack(() => ({ ok: true })),
      );
      socket.on(
        'leave',
        ack(() => ({ ok: true })),
      );
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  after(async () => {
    await Promise.all(sessions.map((s) => s.leave()));
    await io.close();
  });

  it('refuses a malformed join ack with a plain reason and a log line', async () => {
    answers = { join: { ok: true, me: { id: ME }, peers: 'everyone' }, who: undefined };
    const s = session();
    await assert.rejects(s.join('room', 'Alice'), /answer this client cannot read/);
    assert.ok(logText(s).some((l) => /malformed answer of the relay to join/.test(l)));
    assert.equal(s.state.connection, 'disconnected');
  });

  it('ignores malformed events with one line each; a valid event after them still works', async () => {
    answers = { join: { ok: true, me: { id: ME }, peers: [] }, who: { ok: true, peers: [] } };
    joinedSocket = (socket) => {
      socket.emit('peer-joined', { id: 5, name: 'Mallory' });
      socket.emit('peer-joined', { id: CAROL, name: 'x'.repeat(100_000) });
      socket.emit('peer-left', 'everyone');
      socket.emit('peer-key', { from: BOB, curve: 'P-256', pub: 'AAAA' });
      socket.emit('dm', { from: BOB, id: 'm 1', kind: 'msg', body: {} });
      socket.emit('dm', { from: BOB, id: 'm1', kind: 'receipt', body: { ok: 'yes' } });
      socket.emit('peer-step', { from: BOB, phase: 'p', detail: [1, 2] });
      // A well-formed envelope whose present:* detail breaks that phase's schema.
      socket.emit('peer-step', {
        from: BOB,
        phase: 'present:step',
        detail: { view: 'curve-grid', index: 'x' },
      });
      socket.emit('relay-draining', { graceMs: 'soon' });
      // A prototype key: however the parser treats it, only the schema's fields come out, and nothing is polluted.
      socket.emit('peer-joined', JSON.parse(`{"__proto__": {"id": "${BOB}", "admin": true}, "name": "Bob"}`));
      // The barrier: sent after everything above on the same socket, so it arrives after it.
      socket.emit('peer-joined', { id: BOB, name: 'Bob' });
    };
    const s = session();
    const steps: string[] = [];
    s.onPeerStep((step) => steps.push(step.phase));
    await s.join('room', 'Alice');
    const state = await waitFor(s, (st) => peerNamed(st, 'Bob') !== undefined, 'Bob joined (barrier)');
    joinedSocket = undefined;
    assert.deepEqual(
      state.peers.map((p) => p.name),
      ['Bob'],
      'only the valid member',
    );
    const lines = logText(s);
    for (const event of ['peer-joined', 'peer-left', 'peer-key', 'dm', 'peer-step', 'relay-draining'])
      assert.ok(
        lines.some((l) => l.includes(`malformed "${event}" event`)),
        `a line for ${event}`,
      );
    assert.ok(lines.filter((l) => l.includes('malformed "peer-joined"')).length >= 2);
    assert.ok(lines.some((l) => /Ignored a present:step step from .* does not match the protocol/.test(l)));
    assert.deepEqual(steps, [], 'no malformed step reaches a listener');
    assert.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype pollution');
    assert.ok(
      lines.some((l) => /malformed delivery receipt from Bob|malformed delivery receipt from member/.test(l)),
    );
    assert.equal(s.state.connection, 'connected', 'no move off the node on a malformed drain notice');
    assert.ok(!lines.some((l) => l.includes('x'.repeat(50))), 'no payload in the log');
  });

  it('a malformed who ack is logged and changes no one', async () => {
    answers = {
      join: { ok: true, me: { id: ME }, peers: [{ id: BOB, name: 'Bob' }] },
      who: { ok: true, peers: [{ id: BOB }] },
    };
    const s = session();
    await s.join('room', 'Alice');
    const line = 'Ignored a malformed answer of the relay to who.';
    // A re-join refreshes presence at once; force one by asking the session's presence via a reconnect.
    const socket = [...io.of('/').sockets.values()].at(-1);
    socket?.disconnect();
    await waitFor(s, () => logText(s).includes(line), 'the who line after the re-join');
    assert.ok(peerNamed(s.state, 'Bob'), 'Bob stays');
  });
});

describe('ack errors carry structured data', () => {
  it('room-full takes the room size from `limit`, never from the message text', () => {
    const ack = readAck({
      ok: false,
      error: { code: 'room-full', message: 'This room is full (3 members).', limit: 7 },
    });
    assert.deepEqual(ack, {
      ok: false,
      failure: { code: 'room-full', message: 'This room is full (3 members).', limit: 7 },
    });
    assert.ok(!ack.ok);
    assert.equal(describeFailure(ack.failure, 100), 'This room is full (7 members).');
    const old = readAck({
      ok: false,
      error: { code: 'room-full', message: 'This room is full (3 members).' },
    });
    assert.ok(!old.ok);
    assert.equal(describeFailure(old.failure, 100), 'This room is full (100 members).');
    const junk = readAck({ ok: false, error: { code: 'room-full', message: 'm', limit: 'many' } });
    assert.deepEqual(junk, { ok: false, failure: { code: 'room-full', message: 'm' } });
  });

  it('an ok ack that does not match its schema is `malformed`', () => {
    assert.deepEqual(readAck({ ok: 'yes' }), { ok: false, failure: { code: 'internal', message: '' } });
    assert.match(describeFailure({ code: 'malformed', message: '' }, 100), /cannot read/);
  });
});

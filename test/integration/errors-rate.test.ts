// The rate-limited and internal ack errors, each against its own real relay (the other codes: errors.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { call, closeAll, connect, joinAs, newResume, startTestServer, waitFor } from './helpers.js';

const codeOf = (ack: any): string | undefined => (ack?.ok === false ? ack.error.code : undefined);

describe('rate limiting', () => {
  test('a burst beyond the bucket is refused with rate-limited, then tokens refill', async () => {
    const limited = await startTestServer({ limits: { eventsPerSecond: 2, eventBurst: 5 } });
    try {
      const a = await joinAs(limited.url, 'rl', 'A'); // spends one token
      const other = await joinAs(limited.url, 'rl', 'B');
      const acks = await Promise.all(
        Array.from({ length: 10 }, () => call(a.socket, 'step', { phase: 'p', detail: {} })),
      );
      const codes = acks.map((ack) => (ack.ok ? 'ok' : ack.error.code));
      const oks = codes.filter((c) => c === 'ok').length;
      // 4 tokens left after the join, plus at most one refilled meanwhile.
      assert.ok(oks === 4 || oks === 5, codes.join(','));
      assert.equal(codes.filter((c) => c === 'rate-limited').length, 10 - oks);
      // Other sockets have their own bucket.
      assert.deepEqual(await call(other.socket, 'step', { phase: 'p', detail: {} }), { ok: true });
      // Tokens refill (2/s): a refused event spends nothing, so asking again until a step is accepted
      // shows the empty bucket filling up.
      await waitFor(
        'a refilled token',
        async () => (await call(a.socket, 'step', { phase: 'p', detail: {} })).ok,
      );
      // Unknown events spend tokens too: a new socket (4 tokens after its join) that sends five unknown
      // events has none left for a step.
      const spender = await joinAs(limited.url, 'rl', 'C');
      for (let i = 0; i < 5; i++) (spender.socket as any).emit('no-such-event', i);
      assert.equal(codeOf(await call(spender.socket, 'step', { phase: 'p', detail: {} })), 'rate-limited');
      closeAll(spender.socket);
      closeAll(a.socket, other.socket);
    } finally {
      await limited.close();
    }
  });
});

describe('internal', () => {
  test('a handler failure is acked as internal and the relay keeps serving', async () => {
    const broken = await startTestServer();
    try {
      const io = broken.io as any;
      const s = await connect(broken.url);
      const realIn = io.in.bind(io);
      const realLocal = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(io), 'local')!;
      io.in = () => {
        throw new Error('adapter exploded');
      };
      Object.defineProperty(io, 'local', {
        configurable: true,
        get() {
          throw new Error('adapter exploded');
        },
      });
      assert.equal(codeOf(await call(s, 'join', { room: 'x', name: 'A', resume: newResume() })), 'internal');
      io.in = realIn;
      Object.defineProperty(io, 'local', realLocal);
      delete io.local;
      assert.equal((await call(s, 'join', { room: 'x', name: 'A', resume: newResume() })).ok, true);
      // A synchronous handler (dm answers without a promise) that throws is acked as internal too.
      const realTo = io.to.bind(io);
      io.to = () => {
        throw new Error('adapter exploded');
      };
      const dm = { id: 'm-1', kind: 'msg', parts: [{ to: 'x'.repeat(22), body: { iv: 'a', ct: 'b' } }] };
      assert.equal(codeOf(await call(s, 'dm', dm)), 'internal');
      io.to = realTo;
      assert.equal((await call(s, 'dm', dm)).ok, true);
      closeAll(s);
    } finally {
      await broken.close();
    }
  });
});

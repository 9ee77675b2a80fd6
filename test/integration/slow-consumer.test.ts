// Slow consumers (docs/security.md#slow-consumers): a member that stops reading is cut once MAX_SOCKET_BUFFER_BYTES
// wait for it, or when its queue stalls for a heartbeat round; unsolicited pongs do not keep it alive, the cut is
// counted in /metrics and logged by reason, and everyone else's chat goes on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, DEFAULT_MAX_SOCKET_BUFFER_BYTES, loadConfig } from '../../server/config.js';
import {
  type Member,
  call,
  closeAll,
  connect,
  joinMembers,
  metricValue,
  next,
  nextDm,
  nodesForFile,
  startTestServer,
  waitFor,
} from './helpers.js';

const CAP = 1024 * 1024;
// Loose rate limits: the sender must outrun the kernel's socket buffers (several MiB on loopback), not the limiter.
const nodes = nodesForFile(['relay'], async () => ({
  MAX_SOCKET_BUFFER_BYTES: String(CAP),
  RATE_EVENTS_PER_SECOND: '100000',
  RATE_BURST: '100000',
}));

const MARKER = 'slow-consumer-payload-marker';
const BODY = { c: MARKER + 'x'.repeat(60_000) };
// Far more than the kernel buffers plus the cap hold: without the guard the relay queues all of it.
const MAX_PARTS = 1500;

const cuts = (metrics: string, reason: string): number =>
  metricValue(metrics, 'curvechat_slow_consumer_disconnects_total', `{reason="${reason}"}`);

/** Make `member` stop reading (pause the TCP socket under its WebSocket) while it keeps sending pongs unasked. */
function stopReading(member: Member): () => void {
  const engine = member.socket.io.engine as any;
  const ws = engine.transport.ws;
  ws._socket.pause();
  // A hostile client ignores its own heartbeat timeout too; its pongs alone satisfy engine.io's.
  engine.clearTimeoutFn(engine._pingTimeoutTimer);
  engine._resetPingTimeout = () => {};
  const pongs = setInterval(() => ws.send('3', () => {}), 200);
  return () => clearInterval(pongs);
}

/** `from` sends `to` a dm (empty body) and it arrives. */
async function chat(from: Member, to: Member, id: string): Promise<void> {
  const arrived = nextDm(to.socket, id, 10_000);
  const ack = await call(from.socket, 'dm', { id, kind: 'msg', parts: [{ to: to.id, body: {} }] });
  assert.equal(ack?.ok, true, `dm ${id} acked: ${JSON.stringify(ack)}`);
  await arrived;
}

/**
 * Alice sends `slow` 60 KB parts until the room hears it left (or `maxParts` went out) while Carol and Dave keep
 * chatting; returns how many parts went out.
 */
async function flood([alice, slow, carol, dave]: Member[], maxParts: number, label: string): Promise<number> {
  const left = next<{ id: string }>(alice!.socket, 'peer-left', 120_000);
  let gone = false;
  void left.then(() => (gone = true)).catch(() => {});
  let sent = 0;
  while (!gone && sent < maxParts) {
    const ack = await call(alice!.socket, 'dm', {
      id: `${label}-${sent}`,
      kind: 'msg',
      parts: [{ to: slow!.id, body: BODY }],
    });
    assert.equal(ack?.ok, true, `dm ${sent} acked: ${JSON.stringify(ack)}`);
    sent++;
    if (sent % 25 === 0) await chat(carol!, dave!, `${label}-chat-${sent}`);
  }
  assert.equal((await left).id, slow!.id, 'the room hears that the slow member left');
  return sent;
}

/** After the cut: the others still talk both ways, and `who` no longer lists the slow member. */
async function othersGoOn([alice, slow, carol, dave]: Member[], label: string): Promise<void> {
  await chat(carol!, dave!, `${label}-after-1`);
  await chat(dave!, carol!, `${label}-after-2`);
  await chat(alice!, dave!, `${label}-after-3`);
  const who = await call(carol!.socket, 'who', {});
  const ids = who.peers.map((p: { id: string }) => p.id);
  assert.deepEqual(ids.sort(), [alice!.id, dave!.id].sort());
  assert.ok(!ids.includes(slow!.id));
}

test('a member that stops reading is cut past the buffer cap; the others keep chatting', async () => {
  const relay = nodes[0]!;
  const scrape = async (): Promise<string> => (await fetch(`${relay.url}/metrics`)).text();
  const members = await joinMembers(relay.url, 'slow-room', 'alice', 'slow', 'carol', 'dave');
  assert.equal(cuts(await scrape(), 'buffer'), 0);

  const resume = stopReading(members[1]!);
  let sent: number;
  try {
    sent = await flood(members, MAX_PARTS, 'cap');
  } finally {
    resume();
  }
  assert.ok(sent < MAX_PARTS, `cut after ${sent} parts of 60 KB`);
  await waitFor('the cut counted in /metrics', async () => cuts(await scrape(), 'buffer') === 1, 20_000);
  await othersGoOn(members, 'cap');

  // Logged by reason code, never with the payload.
  const log = relay.output();
  assert.match(log, /"reason":"buffer"[^\n]*disconnected a slow consumer/);
  assert.ok(!log.includes(MARKER), 'no payload in the log');
  closeAll(...members.map((m) => m.socket));
});

test('a member that stops reading is cut when its queue stalls for a heartbeat round, under the cap', async () => {
  const server = await startTestServer({
    maxSocketBufferBytes: 1024 * 1024 * 1024,
    limits: { eventsPerSecond: 100_000, eventBurst: 100_000 },
  });
  // A short heartbeat (1 s + 1 s) for this relay; the members below learn it when they connect.
  server.io.engine.opts.pingInterval = 1000;
  server.io.engine.opts.pingTimeout = 1000;
  const members = await joinMembers(server.url, 'stall-room', 'alice', 'slow', 'carol', 'dave');
  const resume = stopReading(members[1]!);
  try {
    // ~12 MB: past the kernel's buffers, so the relay's own queue stops moving; far under the cap.
    await flood(members, 200, 'stall');
  } finally {
    resume();
  }
  const metrics = await server.metrics.registry.metrics();
  assert.equal(cuts(metrics, 'stalled'), 1);
  assert.equal(cuts(metrics, 'buffer'), 0);
  await othersGoOn(members, 'stall');
  closeAll(...members.map((m) => m.socket));
  await server.close();
});

test("the guard's assumption holds: engine.io replaces its write buffer array on every flush", async () => {
  // server/slow-consumer.ts counts a flush when `conn.writeBuffer` is a new array (no `flush` listener per socket).
  const server = await startTestServer();
  const client = await connect(server.url);
  const conn = [...server.io.of('/').sockets.values()][0]!.conn;
  const before: unknown = Reflect.get(conn, 'writeBuffer');
  assert.ok(Array.isArray(before), 'engine.io keeps its queue in writeBuffer');
  const arrived = next(client, 'relay-draining');
  server.io.emit('relay-draining', { graceMs: 1 });
  await arrived;
  const after: unknown = Reflect.get(conn, 'writeBuffer');
  assert.ok(Array.isArray(after) && after !== before, 'a flush leaves a new array behind');
  closeAll(client);
  await server.close();
});

test('MAX_SOCKET_BUFFER_BYTES: 4 MiB by default, an integer of at least one whole frame', () => {
  assert.equal(loadConfig({}).maxSocketBufferBytes, DEFAULT_MAX_SOCKET_BUFFER_BYTES);
  assert.equal(loadConfig({ MAX_SOCKET_BUFFER_BYTES: '2097152' }).maxSocketBufferBytes, 2 * 1024 * 1024);
  for (const bad of ['1000', '1500000.5', 'lots', String(2 ** 40)])
    assert.throws(() => loadConfig({ MAX_SOCKET_BUFFER_BYTES: bad }), ConfigError, bad);
  assert.throws(
    () => loadConfig({ MAX_SOCKET_BUFFER_BYTES: String(512 * 1024), MAX_FRAME_BYTES: String(1024 * 1024) }),
    /MAX_SOCKET_BUFFER_BYTES must be at least MAX_FRAME_BYTES/,
  );
});

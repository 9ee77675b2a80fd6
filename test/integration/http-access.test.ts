// The HTTP side, continued (docs/security.md "The HTTP side"): WebSocket-only unless ALLOW_POLLING, /metrics
// behind METRICS_TOKEN or on METRICS_PORT, and room tags in logs salted per process.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { roomTag, roomTagWith } from '../../server/log.js';
import { type Node, killAll, startNode } from './cluster.js';
import { closeAll, joinAs, serversForFile, startTestServer, tryConnect, waitFor } from './helpers.js';

const start = serversForFile();
after(async () => {
  await killAll();
});

/** Connect with HTTP long-polling only: null when connected, else the error. */
const pollingOnly = (url: string): Promise<Error | null> => tryConnect(url, { transports: ['polling'] });

describe('transports', () => {
  test('long-polling is refused by default; WebSocket (what the client uses) connects', async () => {
    const server = await start({});
    assert.ok(await pollingOnly(server.url), 'polling must not connect');
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    assert.equal(res.status, 400);
    await res.arrayBuffer();
    const member = await joinAs(server.url, 'ws-only', 'W');
    closeAll(member.socket);
  });

  test('ALLOW_POLLING accepts long-polling', async () => {
    const server = await start({ http: { allowPolling: true } });
    assert.equal(await pollingOnly(server.url), null);
  });
});

describe('/metrics protection', () => {
  test('METRICS_TOKEN: 401 without or with a wrong bearer token, 200 with it', async () => {
    const token = randomBytes(24).toString('base64url');
    const server = await start({ http: { metricsToken: token } });
    const none = await fetch(`${server.url}/metrics`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.doesNotMatch(await none.text(), /curvechat_/);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}x` } });
    assert.equal(wrong.status, 401);
    await wrong.arrayBuffer();
    const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /curvechat_connections /);
  });

  test('without METRICS_TOKEN /metrics stays open (the documented default)', async () => {
    const server = await start({});
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    await res.arrayBuffer();
  });

  test('METRICS_PORT: /metrics only on its own listener, with the token there', async () => {
    const token = randomBytes(24).toString('base64url');
    const server = await start({ http: { metricsPort: 0, metricsToken: token } });
    const main = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(main.status, 404);
    await main.arrayBuffer();
    assert.ok(server.metricsUrl);
    const denied = await fetch(server.metricsUrl);
    assert.equal(denied.status, 401);
    await denied.arrayBuffer();
    const res = await fetch(server.metricsUrl, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /curvechat_connections /);
  });

  test('a METRICS_PORT already in use fails start-up', async () => {
    const first = await start({ http: { metricsPort: 0 } });
    const taken = Number(new URL(first.metricsUrl ?? '').port);
    await assert.rejects(startTestServer({ http: { metricsPort: taken } }), /EADDRINUSE/);
  });
});

/** The room tags of the `join` lines a relay process logged, in order. */
function joinTags(node: Node): string[] {
  const tags: string[] = [];
  for (const line of node.output().split('\n')) {
    if (!line.includes('"msg":"join"')) continue;
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null && 'room' in parsed && typeof parsed.room === 'string')
      tags.push(parsed.room);
  }
  return tags;
}

describe('room tags in logs', () => {
  test(
    'one room: the same tag within a process, a different tag in another process',
    { timeout: 60_000 },
    async () => {
      const nodes = await Promise.all(['t1', 't2'].map((name) => startNode(name, { LOG_LEVEL: 'debug' })));
      const room = 'physics-101';
      const members = [];
      for (const node of nodes) {
        members.push(await joinAs(node.url, room, 'A'));
        members.push(await joinAs(node.url, room, 'B'));
      }
      for (const node of nodes)
        await waitFor(`${node.name} logs two joins`, () => joinTags(node).length >= 2);
      closeAll(...members.map((m) => m.socket));
      const [first, second] = nodes.map(joinTags);
      assert.equal(first[0], first[1], 'stable within one process');
      assert.equal(second[0], second[1], 'stable within one process');
      assert.notEqual(first[0], second[0], 'another process, another salt');
      assert.ok(!nodes.some((n) => n.output().includes(room)), 'the room name itself is never logged');
    },
  );

  test('roomTagWith: the tag depends on the salt; roomTag is stable', () => {
    const [s1, s2] = [randomBytes(32), randomBytes(32)];
    assert.equal(roomTagWith(s1, 'lab'), roomTagWith(s1, 'lab'));
    assert.notEqual(roomTagWith(s1, 'lab'), roomTagWith(s2, 'lab'));
    assert.equal(roomTag('lab'), roomTag('lab'));
    assert.match(roomTag('lab'), /^[A-Za-z0-9_-]{10}$/);
  });
});

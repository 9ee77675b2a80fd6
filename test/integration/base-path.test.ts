// BASE_PATH=/chat/ with a real relay: the app, its assets, /healthz /readyz /metrics and Socket.IO answer
// under the prefix only; `/chat` redirects to `/chat/`; nothing at all is served outside the prefix.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { io as connectClient } from 'socket.io-client';
import type { RunningServer } from '../../server/server.js';
import { ROOT, killAll, startNode } from './cluster.js';
import { type Client, call, newResume, nextDm, startTestServer, tryConnect } from './helpers.js';

/** A response's status, headers and body. */
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET `urlPath` from `origin` (optionally with another Host header), without following redirects. */
function get(origin: string, urlPath: string, host?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(urlPath, origin), host ? { headers: { host } } : {}, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A built-client stand-in: index.html linking a hashed asset and the favicon relatively, like `npm run build`. */
function clientDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'curvechat-base-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><title>prefixed</title><link rel="icon" href="./favicon.svg"><script type="module" src="./assets/index-abc.js"></script>',
  );
  writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log("prefixed");\n');
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

/** Connect a websocket-only client through Socket.IO path `socketPath` and wait until it is connected. */
async function connectAt(origin: string, socketPath: string): Promise<Client> {
  const socket: Client = connectClient(origin, {
    path: socketPath,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

describe('BASE_PATH=/chat/ (in-process relay)', () => {
  let server: RunningServer;
  const sockets: Client[] = [];
  before(async () => {
    server = await startTestServer({ basePath: 'chat', staticDir: clientDir() });
  });
  after(async () => {
    for (const s of sockets) s.close();
    await server.close();
  });

  test('the app, its assets and the favicon are served under the prefix', async () => {
    assert.equal(server.config.basePath, '/chat/');
    const page = await get(server.url, '/chat/');
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>prefixed<\/title>/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    for (const ref of page.body.matchAll(/(?:src|href)="\.\/([^"]+)"/g)) {
      const asset = await get(server.url, `/chat/${ref[1]}`);
      assert.equal(asset.status, 200, `/chat/${ref[1]}`);
    }
    assert.equal((await get(server.url, '/chat/?room=maths')).status, 200);
    assert.equal((await get(server.url, '/chat/index.html')).status, 200);
  });

  test('/chat redirects to /chat/ keeping the query, so relative URLs resolve under the prefix', async () => {
    const bare = await get(server.url, '/chat');
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.location, '/chat/');
    const withRoom = await get(server.url, '/chat?room=maths');
    assert.equal(withRoom.status, 301);
    assert.equal(withRoom.headers.location, '/chat/?room=maths');
  });

  test('/healthz, /readyz and /metrics answer under the prefix', async () => {
    const health = await get(server.url, '/chat/healthz');
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body), { status: 'ok' });
    const ready = await get(server.url, '/chat/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(JSON.parse(ready.body), { status: 'ready' });
    const metrics = await get(server.url, '/chat/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.body, /^curvechat_connections /m);
  });

  test('nothing is served outside the prefix', async () => {
    const outside = [
      '/',
      '/index.html',
      '/?room=maths',
      '/healthz',
      '/readyz',
      '/metrics',
      '/favicon.svg',
      '/assets/index-abc.js',
      '/socket.io/?EIO=4&transport=polling',
      '/chatx/',
      '/chatx/healthz',
      '/CHAT/',
      '/Chat/healthz',
      '/x/chat/',
      '/chat/../healthz',
      '/%63hat/',
    ];
    for (const p of outside) {
      const answer = await get(server.url, p);
      assert.equal(answer.status, 404, p);
      assert.doesNotMatch(answer.body, /prefixed|curvechat_/, p);
    }
    assert.ok(
      await tryConnect(server.url, { transports: ['websocket'] }),
      'Socket.IO at /socket.io must refuse',
    );
  });

  test('hostile paths inside the prefix reach nothing outside the client directory', async () => {
    for (const p of [
      '/chat/..%2fpackage.json',
      '/chat/%2e%2e/package.json',
      '/chat/assets/..%2f..%2fpackage.json',
      '/chat//healthz',
    ]) {
      const answer = await get(server.url, p);
      assert.ok([400, 403, 404].includes(answer.status), `${p}: ${answer.status}`);
      assert.doesNotMatch(answer.body, /"name"|curvechat_|"status"/, p);
    }
  });

  test('the Host allowlist still guards the prefixed app, and probes still answer any Host', async () => {
    assert.equal((await get(server.url, '/chat/', 'rebound.example')).status, 421);
    assert.equal((await get(server.url, '/chat/healthz', 'rebound.example')).status, 200);
    assert.equal((await get(server.url, '/healthz', 'rebound.example')).status, 404);
  });

  test('two members join, swap a key and a dm through /chat/socket.io', async () => {
    const alice = await connectAt(server.url, '/chat/socket.io');
    const bob = await connectAt(server.url, '/chat/socket.io');
    sockets.push(alice, bob);
    const a = await call(alice, 'join', { room: 'prefixed', name: 'Alice', resume: newResume() });
    const b = await call(bob, 'join', { room: 'prefixed', name: 'Bob', resume: newResume() });
    assert.ok(a.ok && b.ok);
    const arrived = nextDm(bob, 'through-the-prefix');
    const ack = await call(alice, 'dm', {
      id: 'through-the-prefix',
      kind: 'barrier',
      parts: [{ to: b.me.id, body: {} }],
    });
    assert.equal(ack.ok, true);
    await arrived;
  });
});

describe('BASE_PATH from the environment (relay process)', () => {
  after(async () => {
    await killAll();
  });

  test('BASE_PATH=chat (normalised) serves its probes under /chat/ and 404 outside', async () => {
    const node = await startNode('prefixed', { BASE_PATH: 'chat', LOG_LEVEL: 'warn' }, 'readyz', {
      basePath: '/chat/',
    });
    assert.equal((await get(node.url, '/chat/healthz')).status, 200);
    assert.equal((await get(node.url, '/healthz')).status, 404);
    const socket = await connectAt(node.url, '/chat/socket.io');
    const ack = await call(socket, 'join', { room: 'env', name: 'Carol', resume: newResume() });
    socket.close();
    assert.equal(ack.ok, true);

    // The container HEALTHCHECK probes under the same BASE_PATH; without it, it finds nothing.
    assert.equal(await healthcheck({ PORT: String(node.port), HOST: '127.0.0.1', BASE_PATH: '/chat' }), 0);
    assert.equal(await healthcheck({ PORT: String(node.port), HOST: '127.0.0.1' }), 1);
  });
});

/** Exit code of server/healthcheck.ts (the Dockerfile HEALTHCHECK) run with `env`. */
function healthcheck(env: Record<string, string>): Promise<number | null> {
  const { BASE_PATH: _drop, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/healthcheck.ts'], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

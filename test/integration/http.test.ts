// HTTP side of the relay: security headers, /healthz, /readyz, /metrics, static client, origin check, config.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { io as connectClient } from 'socket.io-client';
import { ConfigError, loadConfig } from '../../server/config.js';
import type { RunningServer } from '../../server/server.js';
import { call, closeAll, fakeP256, joinAs, metricValue, next, startTestServer } from './helpers.js';

let server: RunningServer;
let staticDir: string;
before(async () => {
  staticDir = mkdtempSync(path.join(tmpdir(), 'curvechat-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>curvechat test</title>');
  server = await startTestServer({ staticDir });
});
after(async () => {
  await server.close();
});

describe('http', () => {
  test('/healthz is 200 JSON with strict security headers', async () => {
    const res = await fetch(`${server.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data: blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ])
      assert.ok(csp.includes(directive), `CSP has ${directive}`);
    // Images: the app's own, data: URLs, and blob: URLs of received images (exactly these).
    assert.equal(
      csp.split('; ').find((d) => d.startsWith('img-src')),
      "img-src 'self' data: blob:",
    );
    const host = new URL(server.url).host;
    assert.ok(csp.includes(`connect-src 'self' ws://${host} wss://${host}`));
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    // Strict: every listed feature denied; only features Chromium knows (else it warns in the console).
    const policy = (res.headers.get('permissions-policy') ?? '').split(', ');
    for (const feature of ['camera', 'microphone', 'geolocation', 'usb', 'payment', 'serial', 'hid', 'midi'])
      assert.ok(policy.includes(`${feature}=()`), `Permissions-Policy denies ${feature}`);
    assert.ok(
      policy.every((d) => /^[a-z-]+=\(\)$/.test(d)),
      'every feature has an empty allowlist',
    );
    assert.ok(!policy.some((d) => d.startsWith('bluetooth=')), 'no feature Chromium does not recognise');
    assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(res.headers.get('x-powered-by'), null);
  });

  test('a forged Host header cannot inject CSP directives', async () => {
    const { request } = await import('node:http');
    const csp = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${server.url}/healthz`,
        { headers: { host: "evil; script-src 'unsafe-inline'" } },
        (res) => {
          res.resume();
          resolve(String(res.headers['content-security-policy']));
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.ok(!csp.includes('unsafe-inline'));
    assert.ok(csp.includes("connect-src 'self';"));
  });

  test('/ serves the client index.html; unknown paths are 404', async () => {
    const res = await fetch(`${server.url}/?room=lab`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /curvechat test/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal((await fetch(`${server.url}/nope`)).status, 404);
  });

  test('/readyz is 200 on a single node', async () => {
    const res = await fetch(`${server.url}/readyz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ready' });
  });

  test('/metrics counters move with connections, joins, dm parts/bytes, rejections and unknown events', async () => {
    const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
    const m0 = await scrape();
    const a = await joinAs(server.url, 'metrics', 'A');
    const b = await joinAs(server.url, 'metrics', 'B');
    const got = next(b.socket, 'dm');
    await call(a.socket, 'dm', { id: '1', kind: 'msg', parts: [{ to: b.id, body: { iv: 'x', ct: 'y' } }] });
    await got;
    await call(a.socket, 'key', { curve: 'P-999', pub: fakeP256() });
    (a.socket as any).emit('mystery');
    await call(a.socket, 'leave', {});
    const m1 = await scrape();
    const delta = (name: string, labels = '') =>
      metricValue(m1, name, labels) - metricValue(m0, name, labels);
    assert.equal(delta('curvechat_joins_total'), 2);
    assert.equal(delta('curvechat_connections_total'), 2);
    assert.equal(metricValue(m1, 'curvechat_connections'), 2);
    assert.equal(metricValue(m1, 'curvechat_joined_sockets'), 1);
    assert.equal(metricValue(m1, 'curvechat_rooms'), 1);
    assert.equal(delta('curvechat_dm_parts_total'), 1);
    assert.equal(delta('curvechat_dm_bytes_total'), JSON.stringify({ iv: 'x', ct: 'y' }).length);
    assert.equal(delta('curvechat_rejections_total', '{code="unsupported-curve"}'), 1);
    assert.equal(delta('curvechat_unknown_events_total'), 1);
    assert.equal(delta('curvechat_events_total', '{event="dm"}'), 1);
    assert.equal(metricValue(m1, 'curvechat_redis_up'), 1);
    const labelNames = new Set(
      [...m1.matchAll(/^curvechat_\w+\{([^}]*)\}/gm)].flatMap((m) =>
        m[1].split(',').map((kv) => kv.split('=')[0]),
      ),
    );
    assert.deepEqual([...labelNames].sort(), ['code', 'event', 'reason'], 'no per-socket or per-room labels');
    closeAll(a.socket, b.socket);
  });

  test('Socket.IO refuses a browser Origin that is not this server', async () => {
    const foreign = connectClient(server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: 'https://evil.example' },
    });
    const err = await new Promise<Error | null>((resolve) => {
      foreign.once('connect', () => resolve(null));
      foreign.once('connect_error', (e) => resolve(e));
    });
    assert.ok(err, 'foreign origin must not connect');
    foreign.close();
    const same = connectClient(server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: server.url },
    });
    await new Promise<void>((resolve, reject) => {
      same.once('connect', () => resolve());
      same.once('connect_error', reject);
    });
    same.close();
  });
});

describe('config', () => {
  test('defaults follow docs/protocol.md §6', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.host, undefined);
    assert.equal(c.logLevel, 'info');
    assert.deepEqual(c.limits, {
      maxRoomMembers: 100,
      maxDmBody: 65536,
      maxFrame: 1048576,
      eventsPerSecond: 30,
      eventBurst: 60,
      maxStepDetail: 4096,
    });
    assert.equal(c.redisUrl, undefined);
  });

  test('env vars override, invalid values are all reported at once', () => {
    const c = loadConfig({ PORT: '8080', HOST: '127.0.0.1', MAX_ROOM_MEMBERS: '10', RATE_BURST: '5' });
    assert.equal(c.port, 8080);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.limits.maxRoomMembers, 10);
    assert.equal(c.limits.eventBurst, 5);
    assert.throws(
      () => loadConfig({ PORT: 'x', MAX_DM_BODY_BYTES: '-1', LOG_LEVEL: 'loud', REDIS_URL: 'http://x' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /PORT/.test(err.message) &&
        /MAX_DM_BODY_BYTES/.test(err.message) &&
        /LOG_LEVEL/.test(err.message) &&
        /REDIS_URL/.test(err.message),
    );
    assert.throws(() => loadConfig({ TLS_CERT: '/x.pem' }), /TLS_CERT and TLS_KEY/);
  });
});

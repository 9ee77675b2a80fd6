// The HTTP side (docs/security.md "The HTTP side"): HSTS and a wss:-only CSP under HTTPS, the Host allowlist for
// pages and Socket.IO handshakes (DNS rebinding), and no source maps unless SERVE_SOURCE_MAPS.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../server/config.js';
import { DEFAULT_HTTP_CONFIG } from '../../server/http-config.js';
import type { RunningServer } from '../../server/server.js';
import { serversForFile, tryConnect } from './helpers.js';

/** A response's status, headers and body. */
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET `path` on `server` with the given Host header (HTTPS trusts the server's own certificate). */
function get(server: RunningServer, urlPath: string, host: string): Promise<Answer> {
  const url = new URL(urlPath, server.url);
  const tls = url.protocol === 'https:';
  const request = tls ? httpsRequest : httpRequest;
  const options = tls
    ? { headers: { host }, ca: server.tlsCert, servername: 'localhost' }
    : { headers: { host } };
  return new Promise((resolve, reject) => {
    const req = request(url, options, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Open a Socket.IO connection whose handshake carries Host `host`: null when it connects, else the error. */
function handshake(server: RunningServer, host: string): Promise<Error | null> {
  return tryConnect(server.url, { transports: ['websocket'], extraHeaders: { host } });
}

/** A static dir with index.html and a source map, like dist/client after `npm run build`. */
function staticDirWithMap(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'curvechat-maps-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>maps</title>');
  writeFileSync(
    path.join(dir, 'assets', 'index-abc.js'),
    'console.log(1);\n//# sourceMappingURL=index-abc.js.map\n',
  );
  writeFileSync(path.join(dir, 'assets', 'index-abc.js.map'), '{"version":3,"sources":["main.ts"]}');
  return dir;
}

const start = serversForFile();

describe('HSTS and CSP under HTTPS', () => {
  test('plain HTTP: no Strict-Transport-Security, CSP allows ws: and wss: of the same host', async () => {
    const server = await start({});
    const host = new URL(server.url).host;
    const res = await get(server, '/healthz', host);
    assert.equal(res.headers['strict-transport-security'], undefined);
    assert.match(String(res.headers['content-security-policy']), /connect-src 'self' ws:\/\/\S+ wss:\/\//);
  });

  test(
    'TLS: HSTS on every response, connect-src only wss: of the same host',
    { timeout: 20_000 },
    async () => {
      const server = await start({ tls: { mode: 'self-signed', hostnames: ['localhost'] } });
      const host = `localhost:${server.port}`;
      for (const urlPath of ['/healthz', '/', '/nope']) {
        const res = await get(server, urlPath, host);
        assert.equal(res.headers['strict-transport-security'], 'max-age=31536000', urlPath);
        const csp = String(res.headers['content-security-policy']);
        assert.ok(csp.includes(`connect-src 'self' wss://${host};`), csp);
        assert.ok(!/\b(?:ws|http):/.test(csp), `no ws: or http: source in ${csp}`);
      }
    },
  );

  test('TLS_PROXY: HSTS and the wss:-only CSP on plain HTTP behind a TLS proxy; HSTS_MAX_AGE=0 drops HSTS', async () => {
    const proxied = await start({ http: { tlsProxy: true } });
    const host = `localhost:${proxied.port}`;
    const res = await get(proxied, '/healthz', host);
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');
    assert.ok(String(res.headers['content-security-policy']).includes(`connect-src 'self' wss://${host};`));
    const noHsts = await start({ http: { tlsProxy: true, hstsMaxAge: 0 } });
    assert.equal((await get(noHsts, '/healthz', host)).headers['strict-transport-security'], undefined);
  });
});

describe('Host allowlist (DNS rebinding)', () => {
  let server: RunningServer;
  before(async () => {
    server = await start({ staticDir: staticDirWithMap() });
  });

  test('a page with Host: evil.example gets 421 and a plain message; localhost and 127.0.0.1 get the page', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, 'localhost.evil.example']) {
      for (const urlPath of ['/', '/metrics', '/assets/index-abc.js']) {
        const res = await get(server, urlPath, host);
        assert.equal(res.status, 421, `${host}${urlPath}`);
        assert.match(String(res.headers['content-type']), /^text\/plain/);
        assert.match(res.body, /does not answer to that host name/);
      }
    }
    for (const host of [
      `localhost:${server.port}`,
      `127.0.0.1:${server.port}`,
      'LOCALHOST',
      `[::1]:${server.port}`,
    ])
      assert.equal((await get(server, '/', host)).status, 200, host);
    // Probes carry no data and answer any Host (load balancers probe by address).
    assert.equal((await get(server, '/healthz', 'evil.example')).status, 200);
  });

  test('a Socket.IO handshake with Host: evil.example is refused; with localhost it connects', async () => {
    const refused = await handshake(server, `evil.example:${server.port}`);
    assert.ok(refused, 'a foreign Host must not open a session');
    assert.equal(await handshake(server, `localhost:${server.port}`), null);
    assert.equal(await handshake(server, `127.0.0.1:${server.port}`), null);
  });

  test('ALLOWED_HOSTS adds names (and *.domain); * answers any Host', async () => {
    const extended = await start({
      staticDir: staticDirWithMap(),
      http: { allowedHosts: ['chat.example.org', '*.lab.example'] },
    });
    assert.equal((await get(extended, '/', 'chat.example.org')).status, 200);
    assert.equal((await get(extended, '/', `a.lab.example:${extended.port}`)).status, 200);
    assert.equal((await get(extended, '/', 'x.a.lab.example')).status, 421);
    assert.equal((await get(extended, '/', 'evil.example')).status, 421);
    assert.equal(await handshake(extended, 'chat.example.org'), null);
    const open = await start({ http: { allowedHosts: '*' } });
    assert.equal(await handshake(open, 'evil.example'), null);
  });

  test('ALLOWED_HOSTS and the other HTTP variables are validated', () => {
    const c = loadConfig({ ALLOWED_HOSTS: 'Chat.Example.org, *.lab.example, [fd00::1]' });
    assert.deepEqual(c.http.allowedHosts, ['chat.example.org', '*.lab.example', '[fd00::1]']);
    assert.equal(loadConfig({ ALLOWED_HOSTS: '*' }).http.allowedHosts, '*');
    const defaults = loadConfig({}).http;
    assert.deepEqual(defaults, DEFAULT_HTTP_CONFIG);
    assert.equal(defaults.allowPolling || defaults.serveSourceMaps || defaults.tlsProxy, false);
    assert.equal(defaults.metricsToken ?? defaults.metricsPort, undefined, '/metrics stays open on PORT');
    assert.equal(defaults.metricsHost, '127.0.0.1');
    assert.throws(
      () =>
        loadConfig({
          ALLOWED_HOSTS: 'a.example:80',
          ALLOW_POLLING: 'yes',
          METRICS_TOKEN: 'short',
          METRICS_PORT: '3000',
          HSTS_MAX_AGE: '-1',
        }),
      (err: unknown) =>
        err instanceof ConfigError &&
        ['ALLOWED_HOSTS', 'ALLOW_POLLING', 'METRICS_TOKEN', 'METRICS_PORT', 'HSTS_MAX_AGE'].every((v) =>
          err.message.includes(v),
        ),
    );
    assert.throws(() => loadConfig({ ALLOWED_HOSTS: '*,a.example' }), /either \* alone/);
  });
});

describe('source maps', () => {
  test('*.map is 404 by default (also percent-encoded); the bundle itself is served', async () => {
    const server = await start({ staticDir: staticDirWithMap() });
    const host = `localhost:${server.port}`;
    assert.equal((await get(server, '/assets/index-abc.js', host)).status, 200);
    for (const urlPath of [
      '/assets/index-abc.js.map',
      '/assets/index-abc.js%2emap',
      '/assets/index-abc.js.MAP',
    ])
      assert.equal((await get(server, urlPath, host)).status, 404, urlPath);
  });

  test('SERVE_SOURCE_MAPS=1 serves them', async () => {
    const server = await start({ staticDir: staticDirWithMap(), http: { serveSourceMaps: true } });
    const res = await get(server, '/assets/index-abc.js.map', `localhost:${server.port}`);
    assert.equal(res.status, 200);
    assert.match(res.body, /"sources"/);
    assert.equal(loadConfig({ SERVE_SOURCE_MAPS: '1' }).http.serveSourceMaps, true);
  });
});

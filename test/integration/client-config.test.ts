// <BASE_PATH>config.json on a real relay (docs/protocol.md Extensions, "Instance settings"): the default, MAX_FILE_BYTES
// from the environment, under BASE_PATH, the same headers as every other answer, and junk refused at start-up.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { clientConfig } from '../../common/schema/client-config.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../common/schema/files.js';
import type { RunningServer } from '../../server/server.js';
import { ROOT, killAll, startNode, type Node } from './cluster.js';
import { startTestServer } from './helpers.js';

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

/** Asserts `answer` is config.json as the client reads it, with `maxFileBytes`, never cached, fully hardened. */
function assertConfig(answer: Answer, maxFileBytes: number): void {
  assert.equal(answer.status, 200);
  assert.match(String(answer.headers['content-type']), /^application\/json/);
  assert.deepEqual(JSON.parse(answer.body), { maxFileBytes });
  assert.equal(clientConfig.safeParse(JSON.parse(answer.body)).success, true, 'the client schema accepts it');
  assert.equal(answer.headers['cache-control'], 'no-store');
  assert.match(String(answer.headers['content-security-policy']), /connect-src 'self'/);
  assert.equal(answer.headers['x-content-type-options'], 'nosniff');
  assert.equal(answer.headers['x-frame-options'], 'DENY');
  assert.equal(answer.headers['referrer-policy'], 'no-referrer');
  assert.equal(answer.headers['cross-origin-resource-policy'], 'same-origin');
}

describe('config.json, in-process relay with the defaults', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  test('serves the 25 MB default with the usual security headers and no-store', async () => {
    assert.equal(server.config.maxFileBytes, DEFAULT_MAX_FILE_BYTES);
    assertConfig(await get(server.url, '/config.json'), DEFAULT_MAX_FILE_BYTES);
  });

  test('behind the Host allowlist like every page, and nothing below it', async () => {
    assert.equal((await get(server.url, '/config.json', 'evil.example')).status, 421);
    assert.equal((await get(server.url, '/config.json/x')).status, 404);
  });
});

describe('config.json, relay process with MAX_FILE_BYTES in its environment', () => {
  let plain: Node;
  let prefixed: Node;
  before(async () => {
    plain = await startNode('plain', { MAX_FILE_BYTES: '123456' }, 'healthz');
    prefixed = await startNode('prefixed', { MAX_FILE_BYTES: '2000000', BASE_PATH: '/chat/' }, 'healthz', {
      basePath: '/chat/',
    });
  });
  after(async () => {
    await killAll();
  });

  test('MAX_FILE_BYTES=123456 is what config.json says', async () => {
    assertConfig(await get(plain.url, '/config.json'), 123_456);
  });

  test('under BASE_PATH=/chat/ it lives at /chat/config.json and nowhere else', async () => {
    assertConfig(await get(prefixed.url, '/chat/config.json'), 2_000_000);
    assert.equal((await get(prefixed.url, '/config.json')).status, 404);
    assert.equal((await get(prefixed.url, '/chatconfig.json')).status, 404);
  });

  test('a junk MAX_FILE_BYTES stops the relay before it listens, naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MAX_FILE_BYTES: '25MB' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.notEqual(code, 0);
    assert.match(out, /MAX_FILE_BYTES must be an integer from 1 to 1073741824 \(got "25MB"\)/);
  });
});

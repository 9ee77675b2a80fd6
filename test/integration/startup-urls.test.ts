// The real relay process prints where to open it (server/index.ts): read the printed URLs and fetch them.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ROOT, killAll, stopChild, track, waitFor } from './harness-process.js';

const clientDir = mkdtempSync(path.join(tmpdir(), 'curvechat-startup-'));
const MARKER = 'startup-urls-test-page';
writeFileSync(path.join(clientDir, 'index.html'), `<!doctype html><title>${MARKER}</title>`);

after(async () => {
  await killAll();
  rmSync(clientDir, { recursive: true, force: true });
});

/** Start `node --import tsx server/index.ts` on PORT=0 and collect what it prints on stdout. */
function startRelay(env: Record<string, string>): { child: ChildProcess; stdout: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', STATIC_DIR: clientDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, stdout: () => out };
}

/** The URLs printed on the banner lines starting with `label`. */
function printed(stdout: string, label: string): string[] {
  const re = new RegExp(`^ {2}${label}: +(\\S+)$`, 'gm');
  return [...stdout.matchAll(re)].map((m) => m[1]);
}

test('all interfaces over HTTP: the printed localhost and LAN URLs serve the page; the hint is printed', async () => {
  const relay = startRelay({ HOST: '' });
  await waitFor('the start-up banner', () => printed(relay.stdout(), 'on this machine').length === 1, 20_000);
  const out = relay.stdout();
  const [local] = printed(out, 'on this machine');
  assert.match(local, /^http:\/\/localhost:\d+\/$/);
  assert.notEqual(new URL(local).port, '0', 'the bound port is printed, not PORT=0');
  const res = await fetch(local);
  assert.equal(res.status, 200);
  assert.match(await res.text(), new RegExp(MARKER));
  // The structured log line stays, with the same URL.
  const logLine = out.split('\n').find((l) => l.includes('"open curvechat in a browser"'));
  assert.ok(logLine, 'the JSON log line is printed');
  assert.equal(JSON.parse(logLine).local, local);
  const lan = printed(out, 'on your network');
  assert.deepEqual(JSON.parse(logLine).lan, lan);
  // Each LAN address is this machine's: it serves the same page (the Host allowlist accepts it).
  for (const url of lan) {
    const lanRes = await fetch(url);
    assert.equal(lanRes.status, 200, url);
    assert.match(await lanRes.text(), new RegExp(MARKER));
  }
  if (lan.length > 0) assert.match(out, /WebCrypto only on localhost or over HTTPS/);
  else assert.doesNotMatch(out, /WebCrypto only/);
  await stopChild(relay.child, 'SIGTERM');
});

test('HTTPS on one address: the printed https URL serves the page and there is no WebCrypto hint', async () => {
  const relay = startRelay({ HOST: '127.0.0.1', TLS_SELF_SIGNED: '1' });
  await waitFor('the start-up banner', () => printed(relay.stdout(), 'on this machine').length === 1, 20_000);
  const out = relay.stdout();
  const [local] = printed(out, 'on this machine');
  assert.match(local, /^https:\/\/127\.0\.0\.1:\d+\/$/);
  assert.deepEqual(printed(out, 'on your network'), []);
  assert.doesNotMatch(out, /WebCrypto only/);
  const body = await new Promise<string>((resolve, reject) => {
    // The certificate is self-signed; this test checks the URL, not the chain (tls-drain.test.ts does).
    get(local, { rejectUnauthorized: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(`${res.statusCode} ${text}`));
    }).on('error', reject);
  });
  assert.match(body, new RegExp(`^200 .*${MARKER}`));
  await stopChild(relay.child, 'SIGTERM');
});

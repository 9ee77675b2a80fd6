// HTTPS with a generated self-signed certificate (fingerprint as printed) and an in-process drain.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pino } from 'pino';
import { io as connectClient } from 'socket.io-client';
import { call, joinAs, metricValue, next, refusesConnection, startTestServer } from './helpers.js';

function httpsGet(url: string, ca: string): Promise<{ status: number; body: string; cert: X509Certificate }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, servername: 'localhost' }, (res) => {
      const peer = (res.socket as import('node:tls').TLSSocket).getPeerX509Certificate();
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        if (peer) resolve({ status: res.statusCode ?? 0, body, cert: peer });
        else reject(new Error('no peer certificate'));
      });
    });
    req.on('error', reject);
    req.end();
  });
}

test(
  'TLS_SELF_SIGNED serves HTTPS and Socket.IO with the fingerprint it prints',
  { timeout: 20_000 },
  async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const server = await startTestServer({ tls: { mode: 'self-signed', hostnames: ['localhost'] }, logger });
    try {
      assert.match(server.url, /^https:\/\//);
      const ca = server.tlsCert!;
      const res = await httpsGet(`${server.url.replace('127.0.0.1', 'localhost')}/healthz`, ca);
      assert.equal(res.status, 200);
      assert.equal(res.cert.fingerprint256, server.tlsFingerprint256);
      assert.match(server.tlsFingerprint256!, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      const printed = lines.find((l) => l.includes(server.tlsFingerprint256!));
      assert.ok(printed, 'fingerprint printed at start-up');
      assert.ok(res.cert.checkIP('127.0.0.1'), 'certificate also names local IP addresses');
      const socket = connectClient(server.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        ca,
      } as any);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = await call(socket as any, 'join', {
        room: 'tls',
        name: 'T',
        resume: Buffer.alloc(32, 1).toString('base64url'),
      });
      assert.equal(ack.ok, true);
      socket.close();
    } finally {
      await server.close();
    }
  },
);

test(
  'TLS_CERT/TLS_KEY files are served; unreadable files fail start-up clearly',
  { timeout: 20_000 },
  async () => {
    const { selfSignedCertificate } = await import('../../server/tls.js');
    const material = await selfSignedCertificate(['localhost']);
    const dir = mkdtempSync(path.join(tmpdir(), 'curvechat-tls-'));
    writeFileSync(path.join(dir, 'cert.pem'), material.cert);
    writeFileSync(path.join(dir, 'key.pem'), material.key);
    const server = await startTestServer({
      tls: { mode: 'files', certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem') },
    });
    try {
      const res = await httpsGet(`${server.url.replace('127.0.0.1', 'localhost')}/healthz`, material.cert);
      assert.equal(res.status, 200);
      assert.equal(res.cert.fingerprint256, material.fingerprint256);
    } finally {
      await server.close();
    }
    await assert.rejects(
      startTestServer({
        tls: { mode: 'files', certFile: path.join(dir, 'nope.pem'), keyFile: path.join(dir, 'key.pem') },
      }),
      /cannot read TLS_CERT\/TLS_KEY/,
    );
  },
);

test(
  'drain(): relay-draining to every socket, new connections refused, then all closed',
  { timeout: 20_000 },
  async () => {
    const server = await startTestServer({ drainTimeoutMs: 2000 });
    const a = await joinAs(server.url, 'dr', 'A');
    const b = await joinAs(server.url, 'dr', 'B');
    const told = next(a.socket, 'relay-draining');
    const toldB = next(b.socket, 'relay-draining');
    const goneB = next(b.socket, 'disconnect', 5000);
    const drained = server.drain(600);
    assert.deepEqual(await told, { graceMs: 600 });
    await toldB;
    assert.equal(metricValue(await server.metrics.registry.metrics(), 'curvechat_draining'), 1);
    const refusal = await refusesConnection(server.url);
    assert.ok(refusal);
    a.socket.disconnect(); // A moves away by itself; B waits and is disconnected by the server
    assert.equal(await goneB, 'io server disconnect');
    await drained; // resolves once the grace is over and every socket is closed (the test timeout catches a hang)
    assert.equal(metricValue(await server.metrics.registry.metrics(), 'curvechat_connections'), 0);
  },
);

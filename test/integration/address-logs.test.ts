// The client address in the relay's logs (docs/security.md "Many sockets, one member"): logged only when
// MAX_CONNECTIONS_PER_ADDRESS refuses it, once per episode, and taken from X-Forwarded-For only with TRUST_PROXY.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { pino } from 'pino';
import type { TrustProxy } from '../../server/config.js';
import type { RunningServer } from '../../server/server.js';
import { type Client, closeAll, connect, refusesConnection, startTestServer } from './helpers.js';

/** A relay allowing 2 connections per address, logging at info into an array of parsed lines. */
async function relayWithLog(trustProxy: TrustProxy): Promise<{ server: RunningServer; lines: string[] }> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const server = await startTestServer({
    logger: pino({ level: 'info' }, sink),
    maxConnectionsPerAddress: 2,
    trustProxy,
  });
  return { server, lines };
}

/** The `address` fields of the refusal lines logged so far. */
const refusals = (lines: string[]): string[] =>
  lines
    .map((l) => JSON.parse(l) as { msg?: string; address?: string })
    .filter((l) => l.msg === 'too many connections from this address')
    .map((l) => l.address ?? '(none)');

const xff = (value: string): Record<string, string> => ({ 'X-Forwarded-For': value });

describe('client addresses in the logs', () => {
  const servers: RunningServer[] = [];
  const sockets: Client[] = [];
  after(async () => {
    closeAll(...sockets);
    await Promise.all(servers.map((s) => s.close()));
  });

  test('without TRUST_PROXY the log names the TCP peer, never an X-Forwarded-For entry', async () => {
    const { server, lines } = await relayWithLog({ mode: 'off' });
    servers.push(server);
    sockets.push(
      await connect(server.url, { extraHeaders: xff('198.51.100.7') }),
      await connect(server.url, { extraHeaders: xff('198.51.100.8') }),
    );
    assert.equal(await refusesConnection(server.url, xff('198.51.100.9')), true);
    assert.equal(await refusesConnection(server.url, xff('198.51.100.10')), true);
    // One line for the episode, naming the peer; the second refusal is only counted.
    assert.deepEqual(refusals(lines), ['127.0.0.1']);
    assert.doesNotMatch(lines.join('\n'), /198\.51\.100\./);
  });

  test('with TRUST_PROXY=1 the log names the entry the proxy added, never one the client forged', async () => {
    const { server, lines } = await relayWithLog({ mode: 'hops', hops: 1 });
    servers.push(server);
    const held = [
      await connect(server.url, { extraHeaders: xff('203.0.113.1, 198.51.100.7') }),
      await connect(server.url, { extraHeaders: xff('203.0.113.2, 198.51.100.7') }),
    ];
    sockets.push(...held);
    assert.equal(await refusesConnection(server.url, xff('203.0.113.3, 198.51.100.7')), true);
    // Another client behind the same proxy is not affected, and nothing is logged about it.
    const other = await connect(server.url, { extraHeaders: xff('198.51.100.8') });
    sockets.push(other);
    assert.deepEqual(refusals(lines), ['198.51.100.7']);
    assert.doesNotMatch(lines.join('\n'), /203\.0\.113\./);

    // Back under the cap ends the episode: the next refusal is logged again.
    held[0]!.close();
    await assertEventually(() => server.io.engine.clientsCount === 2);
    sockets.push(await connect(server.url, { extraHeaders: xff('198.51.100.7') }));
    assert.equal(await refusesConnection(server.url, xff('198.51.100.7')), true);
    assert.deepEqual(refusals(lines), ['198.51.100.7', '198.51.100.7']);
  });
});

/** Poll `check` every 20 ms for up to 5 s. */
async function assertEventually(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Unit tests of the relay's per-member and per-address limits: config parsing, TRUST_PROXY, the bounded tables.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { clientAddress, createAddressLimiter } from '../../server/address-limit.js';
import { ConfigError, type TrustProxy, loadConfig } from '../../server/config.js';
import { createMemberTable } from '../../server/member-limits.js';

const request = (peer: string, xff?: string | string[]): IncomingMessage =>
  ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as any;

describe('connection limits config', () => {
  test('defaults: 4 sockets per member, 250 connections per address, member budget unset, proxy off', () => {
    const c = loadConfig({});
    assert.equal(c.maxSocketsPerMember, 4);
    assert.ok(c.maxConnectionsPerAddress >= c.limits.maxRoomMembers * 2, 'a full room behind one NAT fits');
    assert.equal(c.memberEventsPerSecond, undefined, 'unset: the same as one socket’s');
    assert.equal(c.memberEventBurst, undefined);
    const set = loadConfig({ RATE_MEMBER_EVENTS_PER_SECOND: '5', RATE_MEMBER_BURST: '7' });
    assert.deepEqual([set.memberEventsPerSecond, set.memberEventBurst], [5, 7]);
    assert.equal(c.whoListingTtlMs, 1000);
    assert.deepEqual(c.trustProxy, { mode: 'off' });
  });

  test('TRUST_PROXY: off, a hop count or a list of proxy addresses; junk is refused', () => {
    const trust = (v: string): TrustProxy => loadConfig({ TRUST_PROXY: v }).trustProxy;
    assert.deepEqual(trust('0'), { mode: 'off' });
    assert.deepEqual(trust('false'), { mode: 'off' });
    assert.deepEqual(trust('2'), { mode: 'hops', hops: 2 });
    assert.deepEqual(trust('10.0.0.1, ::ffff:10.0.0.2,::1'), {
      mode: 'list',
      proxies: ['10.0.0.1', '10.0.0.2', '::1'],
    });
    assert.throws(() => loadConfig({ TRUST_PROXY: 'yes' }), /TRUST_PROXY/);
    assert.throws(() => loadConfig({ TRUST_PROXY: '99' }), /TRUST_PROXY/);
    assert.throws(
      () =>
        loadConfig({
          MAX_SOCKETS_PER_MEMBER: '0',
          MAX_CONNECTIONS_PER_ADDRESS: 'x',
          WHO_LISTING_TTL_MS: '-1',
        }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /MAX_SOCKETS_PER_MEMBER/.test(err.message) &&
        /MAX_CONNECTIONS_PER_ADDRESS/.test(err.message) &&
        /WHO_LISTING_TTL_MS/.test(err.message),
    );
  });
});

describe('clientAddress', () => {
  test('off: the TCP peer, whatever X-Forwarded-For says', () => {
    assert.equal(clientAddress(request('::ffff:127.0.0.1', '1.2.3.4'), { mode: 'off' }), '127.0.0.1');
  });

  test('hops: the entry the outermost trusted proxy added; forged entries to its left do not count', () => {
    const one: TrustProxy = { mode: 'hops', hops: 1 };
    assert.equal(clientAddress(request('10.0.0.9', '6.6.6.6, 1.2.3.4'), one), '1.2.3.4');
    assert.equal(clientAddress(request('10.0.0.9', ['6.6.6.6', '1.2.3.4']), one), '1.2.3.4');
    assert.equal(clientAddress(request('10.0.0.9'), one), '10.0.0.9', 'no header: the peer');
    assert.equal(clientAddress(request('10.0.0.9', 'junk'), one), '10.0.0.9', 'not an address: the peer');
    const two: TrustProxy = { mode: 'hops', hops: 2 };
    assert.equal(clientAddress(request('10.0.0.9', '6.6.6.6, 1.2.3.4, 10.0.0.8'), two), '1.2.3.4');
    assert.equal(
      clientAddress(request('10.0.0.9', '1.2.3.4'), two),
      '1.2.3.4',
      'fewer entries: the leftmost',
    );
  });

  test('list: the rightmost address that is not a listed proxy', () => {
    const list: TrustProxy = { mode: 'list', proxies: ['10.0.0.9', '10.0.0.8'] };
    assert.equal(clientAddress(request('10.0.0.9', '6.6.6.6, 1.2.3.4, 10.0.0.8'), list), '1.2.3.4');
    assert.equal(clientAddress(request('192.0.2.1', '1.2.3.4'), list), '192.0.2.1', 'peer not a proxy');
  });
});

describe('bounded tables', () => {
  test('address limiter: at most max open per address; entries go with their last connection', () => {
    const limiter = createAddressLimiter(2);
    assert.equal(limiter.open('a'), true);
    assert.equal(limiter.open('a'), true);
    assert.equal(limiter.allows('a'), false);
    assert.equal(limiter.open('a'), false);
    assert.equal(limiter.open('b'), true);
    limiter.close('a');
    assert.equal(limiter.allows('a'), true);
    limiter.close('a');
    limiter.close('b');
    assert.equal(limiter.size, 0);
  });

  test('member table: slots per member, one shared bucket, entry removed with the last slot', () => {
    const table = createMemberTable({
      maxSocketsPerMember: 2,
      memberEventsPerSecond: 1,
      memberEventBurst: 3,
    });
    assert.equal(table.take('m', 0), true, 'no entry: nothing to share');
    assert.equal(table.claim('m'), true);
    assert.equal(table.claim('m'), true);
    assert.equal(table.claim('m'), false);
    const now = Date.now();
    assert.deepEqual(
      [1, 2, 3, 4].map(() => table.take('m', now)),
      [true, true, true, false],
    );
    table.release('m');
    assert.equal(table.take('m', now), false, 'the remaining socket still shares the spent bucket');
    table.release('m');
    assert.equal(table.size, 0);
  });
});

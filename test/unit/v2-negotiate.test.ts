// Version negotiation (docs/protocol.md "v2: version negotiation"): the `v` schema and negotiate()'s choice and reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BROWSER_CLIENT_VERSIONS, negotiate, protocolLabel } from '../../client/session/negotiate.js';
import { isVersionList, keyPayload, peer, peerKeyEvent } from '../../common/schema/index.js';

const pub = Buffer.alloc(32, 9).toString('base64url');

describe('the v list', () => {
  test('accepts short lists of distinct small integers', () => {
    for (const v of [[1], [1, 2], [2, 1], [1, 2, 3, 4, 5, 6, 7, 8], [255]])
      assert.equal(isVersionList(v), true, `${v}`);
  });

  test('refuses junk: empty, too long, duplicates, non-integers, out of range, non-arrays', () => {
    const junk: unknown[] = [
      [],
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
      [1, 1],
      [1.5],
      [0],
      [-1],
      [256],
      ['2'],
      [null],
      [Number.NaN],
      [Infinity],
      [[1]],
      '1,2',
      2,
      { 0: 1, length: 1 },
      new Array(1_000_000).fill(1),
    ];
    for (const v of junk) assert.equal(isVersionList(v), false, JSON.stringify(v)?.slice(0, 40));
  });

  test('key, peer-key and Peer.key accept it as optional, and a v1 payload without it parses unchanged', () => {
    assert.deepEqual(keyPayload.parse({ curve: 'X25519', pub }), { curve: 'X25519', pub });
    assert.deepEqual(keyPayload.parse({ curve: 'X25519', pub, v: [1, 2] }), {
      curve: 'X25519',
      pub,
      v: [1, 2],
    });
    assert.equal(keyPayload.safeParse({ curve: 'X25519', pub, v: [1, 1] }).success, false);
    assert.equal(keyPayload.safeParse({ curve: 'X25519', pub, v: 'all' }).success, false);
    const from = 'A'.repeat(22);
    assert.deepEqual(peerKeyEvent.parse({ from, curve: 'X25519', pub, v: [2] }), {
      from,
      curve: 'X25519',
      pub,
      v: [2],
    });
    assert.equal(peerKeyEvent.safeParse({ from, curve: 'X25519', pub, v: [0] }).success, false);
    assert.deepEqual(
      peer.parse({ id: from, name: 'Bob', key: { curve: 'X25519', pub, v: [1, 2] } }).key?.v,
      [1, 2],
    );
  });
});

describe('negotiate', () => {
  test('both speak v2 → v2', () => {
    assert.deepEqual(negotiate([1, 2], [2, 1], 'Bob'), { version: 2, why: 'both speak v2' });
  });

  test('a peer that announces no versions is a v1 client', () => {
    assert.deepEqual(negotiate([1, 2], undefined, 'Bob'), {
      version: 1,
      why: "Bob's client speaks only v1 (it announces no versions)",
    });
  });

  test('a peer that lists only v1 stays on v1', () => {
    assert.deepEqual(negotiate([1, 2], [1], 'Bob'), { version: 1, why: "Bob's client speaks only v1" });
  });

  test('when this client is the older one, the reason says so', () => {
    assert.deepEqual(negotiate([1], [1, 2], 'Bob'), { version: 1, why: 'this client speaks only v1' });
    assert.deepEqual(negotiate(undefined, [1, 2, 3], 'Bob'), {
      version: 1,
      why: 'this client speaks only v1',
    });
    assert.deepEqual(negotiate([1, 2], [1, 2, 3], 'Bob'), {
      version: 2,
      why: 'this client speaks at most v2',
    });
    assert.deepEqual(negotiate([1, 2, 3], [1, 2], 'Bob'), {
      version: 2,
      why: "Bob's client speaks at most v2",
    });
  });

  test('when both speak more but share only a lower version, the reason says so', () => {
    assert.deepEqual(negotiate([1, 3], [1, 2], 'Bob'), {
      version: 1,
      why: 'v1 is the highest version both speak',
    });
  });

  test('no common version → null, with both lists named', () => {
    assert.deepEqual(negotiate([2], [1], 'Bob'), {
      version: null,
      why: "no common version: this client speaks v2, Bob's client v1",
    });
    assert.deepEqual(negotiate([1, 2], [3, 4], 'Bob').version, null);
  });

  test('the browser client speaks v1 and v2: v2 with a v2 peer, v1 with a client that announces nothing', () => {
    assert.deepEqual(BROWSER_CLIENT_VERSIONS, [1, 2]);
    assert.equal(negotiate(BROWSER_CLIENT_VERSIONS, [1, 2], 'Bob').version, 2);
    assert.equal(negotiate(BROWSER_CLIENT_VERSIONS, undefined, 'Bob').version, 1);
  });

  test('protocolLabel: the peer card text names the protocol and why', () => {
    assert.equal(protocolLabel(negotiate([1, 2], [1, 2], 'Bob')), 'v2 · Double Ratchet — both speak v2');
    assert.equal(protocolLabel(negotiate([1, 2], [1], 'Bob')), "v1 — Bob's client speaks only v1");
    assert.match(protocolLabel(negotiate([2], [1], 'Bob')), /^No common protocol — no common version/);
  });
});

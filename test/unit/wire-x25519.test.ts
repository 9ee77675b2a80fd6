// docs/protocol.md §5: an X25519 `pub` is a canonical u (bit 255 clear, u < 2^255 − 19), checked by the shared schema.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { peerKey, peerKeyEvent, pubProblem, x25519UProblem } from '../../common/schema/index.js';

const P = (1n << 255n) - 19n;
const le = (n: bigint): Uint8Array =>
  Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

test('u below p with bit 255 clear is canonical; p, p + 9, 2^255 − 1 and bit 255 set are not', () => {
  for (const u of [0n, 9n, P - 1n]) assert.equal(x25519UProblem(le(u)), undefined, `u = ${u}`);
  for (const u of [P, P + 9n, (1n << 255n) - 1n])
    assert.match(x25519UProblem(le(u)) ?? '', /less than 2\^255 − 19/);
  assert.match(x25519UProblem(le(9n | (1n << 255n))) ?? '', /bit 255 clear/);
});

test('the relay and the client refuse the same non-canonical keys through the shared schema', () => {
  const from = 'A'.repeat(22);
  for (const u of [P + 9n, 9n | (1n << 255n)]) {
    const pub = b64(le(u));
    assert.match(pubProblem('X25519', pub) ?? '', /canonical X25519 u-coordinate/);
    assert.equal(peerKey.safeParse({ curve: 'X25519', pub }).success, false);
    assert.equal(peerKeyEvent.safeParse({ from, curve: 'X25519', pub }).success, false);
  }
  assert.equal(peerKeyEvent.safeParse({ from, curve: 'X25519', pub: b64(le(9n)) }).success, true);
});

// Unit tests of the keygen view model with real WebCrypto keys: the check, rows, blocks, captions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RealCurveId } from '../../common/wire.js';
import type { MyKeyView } from '../../client/session/types.js';
import {
  nextAdditionRow,
  clampingLines,
  checkText,
  keygenModel,
  patternText,
  privateKeyBytes,
  rowBlocks,
  rowOfBit,
  rowText,
} from '../../client/viz/model/keygen-model.js';

const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');

async function webcryptoKey(curve: RealCurveId): Promise<MyKeyView> {
  const alg = curve === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: curve };
  const kp = (await crypto.subtle.generateKey(alg, true, ['deriveBits'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', kp.publicKey));
  const jwk = await crypto.subtle.exportKey('jwk', kp.privateKey);
  const d = Buffer.from(jwk.d!, 'base64url');
  return { curve, pub: '', pubHex: hex(raw), coords: { x: '' }, bits: 0, privateHex: hex(d), createdAt: 0 };
}

for (const curve of ['P-256', 'P-384', 'P-521', 'X25519'] as const) {
  test(`${curve}: the engine's Q equals WebCrypto's public key; rows and blocks cover every bit`, async () => {
    const key = await webcryptoKey(curve);
    const m = keygenModel(key);
    assert.equal(m.verify.ok, true, m.verify.reason);
    assert.equal(m.ladderAgrees, true);
    const width = { 'P-256': 256, 'P-384': 384, 'P-521': 521, X25519: 255 }[curve];
    assert.equal(m.rows.length, width);
    assert.equal(m.rows[0]!.bitIndex, width - 1);
    assert.equal(m.rows.at(-1)!.prefix, m.k);
    const blocks = rowBlocks(m.rows);
    assert.equal(blocks.length, Math.ceil(width / 16));
    assert.equal(
      blocks.reduce((n, b) => n + b.ones, 0),
      m.rows.filter((r) => r.bit === 1).length,
    );
    assert.equal(rowOfBit(m.rows, width - 1), 0);
    assert.equal(rowOfBit(m.rows, 0), width - 1);
    assert.equal(rowOfBit(m.rows, width), undefined);
    assert.match(checkText(m), /^Check passed/);
    assert.match(rowText(m, 0), new RegExp(`^Row 1 of ${width}: bit ${width - 1} is [01]`));
    if (curve === 'X25519') {
      assert.equal(m.clamping.length, 5);
      assert.match(patternText(m), /always runs the ladder/);
    } else {
      assert.equal(m.additions, m.rows.filter((r) => r.bit === 1).length);
      assert.match(patternText(m), /spells out the key/);
    }
  });
}

test('a public key that is not d×G fails the check, with a reason', async () => {
  const a = await webcryptoKey('P-256');
  const b = await webcryptoKey('P-256');
  const m = keygenModel({ ...a, pubHex: b.pubHex });
  assert.equal(m.verify.ok, false);
  assert.match(checkText(m), /^Check FAILED: /);
});

test('short NIST private hex is left-padded to the curve size', () => {
  assert.equal(privateKeyBytes('P-256', 'ab').length, 32);
  assert.equal(privateKeyBytes('P-256', 'ab')[31], 0xab);
  assert.equal(privateKeyBytes('X25519', '00'.repeat(32)).length, 32);
});

test('X25519 clamping reads as three sentences, each saying what it did and why', () => {
  const bit = (scalarBit: number, before: 0 | 1, after: 0 | 1, reason: string) => ({
    scalarBit,
    before,
    after,
    changed: before !== after,
    reason,
  });
  const lines = clampingLines([
    bit(0, 1, 0, 'k becomes a multiple of the cofactor 8, so a point in a small subgroup is sent to O'),
    bit(1, 0, 0, 'k becomes a multiple of 8'),
    bit(2, 1, 0, 'k becomes a multiple of 8'),
    bit(255, 0, 0, 'the scalar stays below 2^255'),
    bit(254, 0, 1, 'the top bit is always 1, so every ladder runs the same 255 steps (constant time)'),
  ]);
  assert.deepEqual(lines, [
    'Bits 0, 1 and 2 cleared (were 1, 0 and 1; changed): k becomes a multiple of the cofactor 8, so a point in a small subgroup is sent to O.',
    'Bit 255 cleared (was 0; unchanged): the scalar stays below 2^255.',
    'Bit 254 set (was 0; changed): the top bit is always 1, so every ladder runs the same 255 steps (constant time).',
  ]);
  assert.ok(
    lines.every((l) => !/cleared:|\(changed\)\./.test(l)),
    'no "(changed). cleared:" run-on',
  );
});

test('nextAdditionRow skips the doublings to the next D+A row, and stops at the end', () => {
  const row = (op: 'D' | 'D+A') => ({ op }) as Parameters<typeof nextAdditionRow>[0][number];
  const rows = [row('D+A'), row('D'), row('D'), row('D+A'), row('D')];
  assert.equal(nextAdditionRow(rows, 0), 3);
  assert.equal(nextAdditionRow(rows, -1), 0);
  assert.equal(nextAdditionRow(rows, 3), undefined);
});

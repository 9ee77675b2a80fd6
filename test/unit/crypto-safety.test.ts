// Safety numbers (docs/protocol.md §5), recomputed independently with node:crypto and BigInt.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { safetyGroups, safetyNumber } from '../../client/crypto/safety.js';

/** Reference implementation straight from the text of docs/protocol.md §5. */
function reference(a: Uint8Array, b: Uint8Array): string[] {
  const [lo, hi] = Buffer.compare(Buffer.from(a), Buffer.from(b)) <= 0 ? [a, b] : [b, a];
  const h = createHash('sha512').update('curvechat/v1 safety-number', 'utf8').update(lo).update(hi).digest();
  return Array.from({ length: 12 }, (_, i) =>
    (BigInt('0x' + h.subarray(5 * i, 5 * i + 5).toString('hex')) % 100000n).toString().padStart(5, '0'),
  );
}

describe('safety number', () => {
  it('is 12 groups of 5 digits, identical on both sides and equal to the reference', async () => {
    for (const curve of ['P-256', 'X25519'] as const) {
      const a = await generateKeyAgreement(curve);
      const b = await generateKeyAgreement(curve);
      const ab = await safetyNumber(a.publicRaw, b.publicRaw);
      assert.equal(ab.length, 12);
      for (const g of ab) assert.match(g, /^\d{5}$/);
      assert.deepEqual(await safetyNumber(b.publicRaw, a.publicRaw), ab);
      assert.deepEqual(ab, reference(a.publicRaw, b.publicRaw));
    }
  });

  it('changes when either key changes', async () => {
    const a = await generateKeyAgreement('P-256');
    const b = await generateKeyAgreement('P-256');
    const m = await generateKeyAgreement('P-256');
    assert.notDeepEqual(
      await safetyNumber(a.publicRaw, b.publicRaw),
      await safetyNumber(a.publicRaw, m.publicRaw),
    );
  });

  it('reads 5 bytes big-endian mod 100000 with leading zeros kept', () => {
    const h = new Uint8Array(64);
    h.set([0x00, 0x00, 0x00, 0x00, 0x07], 0); // 7
    h.set([0xff, 0xff, 0xff, 0xff, 0xff], 5); // 2^40-1 = 1099511627775 → 27775
    h.set([0x00, 0x00, 0x01, 0x86, 0xa0], 10); // 100000 → 0
    const g = safetyGroups(h);
    assert.deepEqual(g.slice(0, 3), ['00007', '27775', '00000']);
    assert.throws(() => safetyGroups(new Uint8Array(59)));
  });
});

// HKDF-SHA256 (Wycheproof, RFC 5869 A.1) and the key derivation of docs/protocol.md §5, recomputed with node:crypto.
import assert from 'node:assert/strict';
import { createCipheriv, createHash, hkdfSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { REAL_CURVES } from '../../common/wire.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { fromHex, toHex } from '../../client/crypto/hex.js';
import { deriveChannelKey, hkdfInfo, hkdfSalt, hkdfSha256, sortPublicKeys } from '../../client/crypto/kdf.js';
import { buildAad, decryptMessage } from '../../client/crypto/message.js';
import { loadWycheproof, rfcHex, wycheproofCases } from '../helpers/vectors.js';

describe('HKDF-SHA256', () => {
  it('Wycheproof hkdf_sha256_test.json: valid outputs match, oversize requests are refused', async () => {
    const cases = wycheproofCases(loadWycheproof('hkdf_sha256_test.json'));
    assert.equal(cases.length, 86);
    const failures: string[] = [];
    let invalid = 0;
    for (const { test } of cases) {
      const run = hkdfSha256(fromHex(test.ikm), fromHex(test.salt), fromHex(test.info), test.size * 8);
      if (test.result === 'valid') {
        const okm = toHex(await run);
        if (okm !== test.okm) failures.push(`tcId ${test.tcId}`);
      } else {
        invalid++;
        await run.then(
          () => failures.push(`tcId ${test.tcId} invalid but accepted`),
          () => undefined,
        );
      }
    }
    assert.deepEqual(failures, []);
    assert.equal(invalid, 3);
  });

  it('RFC 5869 A.1 (rfc-vectors.md section 2)', async () => {
    const S = '## 2. HKDF-SHA256';
    const okm = await hkdfSha256(
      fromHex(rfcHex(S, 'IKM')),
      fromHex(rfcHex(S, 'salt')),
      fromHex(rfcHex(S, 'info')),
      42 * 8,
    );
    assert.equal(toHex(okm), rfcHex(S, 'OKM'));
  });
});

describe('docs/protocol.md §5 derivation, recomputed independently', () => {
  it('lo/hi are sorted in unsigned byte order and the salt does not depend on the side', async () => {
    const a = Uint8Array.of(0x04, 0x80, 1);
    const b = Uint8Array.of(0x04, 0x7f, 9);
    assert.deepEqual(sortPublicKeys(a, b), { lo: b, hi: a });
    assert.deepEqual(sortPublicKeys(b, a), { lo: b, hi: a });
    const expected = createHash('sha256').update(b).update(a).digest('hex');
    assert.equal(toHex(await hkdfSalt(a, b)), expected);
    assert.equal(toHex(await hkdfSalt(b, a)), expected);
  });

  it('info is "curvechat/v1 <curve> <room>"', () => {
    assert.equal(hkdfInfo('P-256', 'lab-1'), 'curvechat/v1 P-256 lab-1');
    assert.equal(hkdfInfo('X25519', 'Room.2'), 'curvechat/v1 X25519 Room.2');
  });

  for (const curve of REAL_CURVES) {
    it(`${curve}: K, fingerprint and a message match node:crypto's HKDF and AES-256-GCM`, async () => {
      const room = 'physics_101';
      const alice = await generateKeyAgreement(curve);
      const bob = await generateKeyAgreement(curve);
      const z = await alice.derive(bob.publicRaw);
      const chA = await deriveChannelKey(z, alice.publicRaw, bob.publicRaw, curve, room);
      const chB = await deriveChannelKey(
        await bob.derive(alice.publicRaw),
        bob.publicRaw,
        alice.publicRaw,
        curve,
        room,
      );

      const [lo, hi] =
        Buffer.compare(Buffer.from(alice.publicRaw), Buffer.from(bob.publicRaw)) <= 0
          ? [alice.publicRaw, bob.publicRaw]
          : [bob.publicRaw, alice.publicRaw];
      const salt = createHash('sha256').update(lo).update(hi).digest();
      const info = Buffer.from(`curvechat/v1 ${curve} ${room}`, 'utf8');
      const k = Buffer.from(hkdfSync('sha256', z, salt, info, 32));
      assert.equal(toHex(chA.salt), salt.toString('hex'));
      assert.equal(chA.info, info.toString());
      assert.equal(chA.fingerprint, createHash('sha256').update(k).digest('hex').slice(0, 16));
      assert.equal(chB.fingerprint, chA.fingerprint);
      assert.equal(chA.key.extractable, false);
      assert.deepEqual(chA.key.algorithm, { name: 'AES-GCM', length: 256 });

      // Encrypt independently with K; our derived key (on Bob's side) must decrypt it.
      const idA = 'AAAAAAAAAAAAAAAAAAAAAA';
      const idB = 'BBBBBBBBBBBBBBBBBBBBBB';
      const aad = `${room}\n${idA}\n${idB}\nmsg-1`;
      assert.equal(buildAad(room, idA, idB, 'msg-1'), aad);
      const iv = Buffer.alloc(12, 7);
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const pt = JSON.stringify({ type: 'text', text: 'héllo', ts: 1700000000000 });
      const ct = Buffer.concat([cipher.update(pt, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      const got = await decryptMessage(chB.key, aad, {
        iv: iv.toString('base64url'),
        ct: ct.toString('base64url'),
      });
      assert.deepEqual(got, { type: 'text', text: 'héllo', ts: 1700000000000 });
      // A different room gives a different key.
      const other = await deriveChannelKey(z, alice.publicRaw, bob.publicRaw, curve, 'physics_102');
      assert.notEqual(other.fingerprint, chA.fingerprint);
    });
  }
});

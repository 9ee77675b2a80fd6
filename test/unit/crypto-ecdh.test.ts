// ECDH / X25519 key agreement against Wycheproof, RFC 7748 §6.1 and the P-256 known answers.
import assert from 'node:assert/strict';
import { createECDH, createPrivateKey, createPublicKey, diffieHellman } from 'node:crypto';
import { describe, it } from 'node:test';
import { REAL_CURVES, type RealCurveId } from '../../common/wire.js';
import { CURVE_PARAMS, SHARED_SECRET_BITS, detectCurveSupport } from '../../client/crypto/curves.js';
import {
  checkPublicKeyFormat,
  generateKeyAgreement,
  keyAgreementFromJwk,
  keyAgreementFromX25519Private,
  peerRawFromJwk,
  publicCoordinates,
} from '../../client/crypto/ecdh.js';
import { NoSecureChannelError } from '../../client/crypto/errors.js';
import { fromHex, toHex } from '../../client/crypto/hex.js';
import { registerKeyAgreementProvider, type KeyAgreement } from '../../client/crypto/key-agreement.js';
import { loadWycheproof, rfcHex, wycheproofCases } from '../helpers/vectors.js';

/** Derive through our API; returns hex Z or the NoSecureChannelError. */
async function tryDerive(
  me: KeyAgreement,
  peerRaw: () => Uint8Array,
): Promise<string | NoSecureChannelError> {
  try {
    return toHex(await me.derive(peerRaw()));
  } catch (e) {
    if (e instanceof NoSecureChannelError) return e;
    throw e;
  }
}

const WEBCRYPTO_FILES: [RealCurveId, string, number][] = [
  ['P-256', 'ecdh_secp256r1_webcrypto_test.json', 353],
  ['P-384', 'ecdh_secp384r1_webcrypto_test.json', 794],
  ['P-521', 'ecdh_secp521r1_webcrypto_test.json', 655],
];

describe('Wycheproof ECDH webcrypto (JWK) vectors', () => {
  for (const [curve, file, total] of WEBCRYPTO_FILES) {
    it(`${file}: valid cases derive the listed secret, invalid ones are refused`, async () => {
      const cases = wycheproofCases(loadWycheproof(file));
      assert.equal(cases.length, total);
      const failures: string[] = [];
      let valid = 0;
      let invalid = 0;
      for (const { test } of cases) {
        const me = await keyAgreementFromJwk(curve, test.private);
        const got = await tryDerive(me, () => peerRawFromJwk(curve, test.public));
        if (test.result === 'valid') {
          valid++;
          if (got !== test.shared) failures.push(`tcId ${test.tcId} valid: ${String(got)}`);
          assert.equal(test.shared.length, (SHARED_SECRET_BITS[curve] / 8) * 2);
        } else if (test.result === 'invalid') {
          invalid++;
          if (!(got instanceof NoSecureChannelError)) failures.push(`tcId ${test.tcId} invalid but derived`);
          else if (got.code !== 'invalid-public-key') failures.push(`tcId ${test.tcId}: code ${got.code}`);
        } else {
          // No acceptable cases in these files; if one appears, it must be either refused or correct.
          if (typeof got === 'string' && got !== test.shared)
            failures.push(`tcId ${test.tcId} acceptable: wrong`);
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(valid > 300 && invalid >= 20, `valid ${valid} invalid ${invalid}`);
    });
  }
});

describe('Wycheproof x25519_test.json', () => {
  it('valid cases derive the listed secret; zero shared secrets are refused; acceptable are consistent', async () => {
    const cases = wycheproofCases(loadWycheproof('x25519_test.json'));
    assert.equal(cases.length, 518);
    const failures: string[] = [];
    let zeroRefused = 0;
    let acceptableOk = 0;
    let nonCanonicalRefused = 0;
    for (const { test } of cases) {
      const me = await keyAgreementFromX25519Private(fromHex(test.private));
      const got = await tryDerive(me, () => fromHex(test.public));
      const zero = /^0+$/.test(test.shared);
      if (test.flags.includes('NonCanonicalPublic')) {
        // docs/protocol.md §5: a u with bit 255 set or u ≥ p is refused, whatever it would derive.
        if (got instanceof NoSecureChannelError && got.code === 'invalid-public-key') nonCanonicalRefused++;
        else failures.push(`tcId ${test.tcId}: non-canonical u accepted`);
      } else if (zero || test.flags.includes('ZeroSharedSecret')) {
        assert.ok(zero, `tcId ${test.tcId} flagged zero but shared is not zero`);
        if (!(got instanceof NoSecureChannelError)) failures.push(`tcId ${test.tcId}: zero secret accepted`);
        else zeroRefused++;
      } else if (test.result === 'valid') {
        if (got !== test.shared) failures.push(`tcId ${test.tcId} valid: ${String(got)}`);
      } else if (test.result === 'acceptable') {
        if (typeof got === 'string') {
          if (got !== test.shared) failures.push(`tcId ${test.tcId} acceptable but wrong secret`);
          else acceptableOk++;
        }
      } else if (!(got instanceof NoSecureChannelError))
        failures.push(`tcId ${test.tcId} invalid but derived`);
    }
    assert.deepEqual(failures, []);
    assert.equal(nonCanonicalRefused, 19);
    assert.equal(zeroRefused, 31 - 6);
    assert.ok(acceptableOk > 200);
  });

  it('one point, one encoding: u + p and u with bit 255 set are refused, u itself works', async () => {
    const me = await generateKeyAgreement('X25519');
    const p = (1n << 255n) - 19n;
    const le = (n: bigint): Uint8Array =>
      Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
    const peer = await generateKeyAgreement('X25519');
    const u = peer.publicRaw.reduce((acc, b, i) => acc | (BigInt(b) << BigInt(8 * i)), 0n);
    assert.deepEqual(await me.derive(le(u)), await peer.derive(me.publicRaw));
    const highBit = le(u | (1n << 255n));
    const plusP = le(9n + p); // the base point's u = 9, written as 9 + p
    for (const raw of [highBit, plusP]) {
      const err = await me.derive(raw).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(err instanceof NoSecureChannelError && err.code === 'invalid-public-key');
      assert.match(err.message, /not in canonical form/);
    }
  });

  it('a low-order public key is refused with a plain reason', async () => {
    const me = await generateKeyAgreement('X25519');
    const zero = new Uint8Array(32); // u = 0 is a point of order 4 → all-zero result
    const err = await me.derive(zero).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err instanceof NoSecureChannelError);
    assert.ok(['zero-shared-secret', 'derive-failed'].includes(err.code));
    assert.match(err.message, /^No secure channel: .*(all-zero|all zeros)/);
  });
});

describe('RFC 7748 §6.1 (rfc-vectors.md section 1)', () => {
  const S = '## 1. X25519';
  it('Alice and Bob derive K, and their public keys match the RFC', async () => {
    const alice = await keyAgreementFromX25519Private(fromHex(rfcHex(S, "Alice's private key")));
    const bob = await keyAgreementFromX25519Private(fromHex(rfcHex(S, "Bob's private key")));
    assert.equal(toHex(alice.publicRaw), rfcHex(S, "Alice's public key"));
    assert.equal(toHex(bob.publicRaw), rfcHex(S, "Bob's public key"));
    assert.equal(alice.privateHex, rfcHex(S, "Alice's private key"));
    const k = rfcHex(S, 'Their shared secret');
    assert.equal(toHex(await alice.derive(bob.publicRaw)), k);
    assert.equal(toHex(await bob.derive(alice.publicRaw)), k);
  });
});

describe('P-256 known answers (rfc-vectors.md section 3)', () => {
  it('3a: Wycheproof tcId 1 via JWK', async () => {
    const S = '### 3a.';
    const d = rfcHex(S, 'private key d');
    const own = rfcHex(S, 'own public');
    const peer = rfcHex(S, 'peer public Q (uncompressed)');
    const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');
    const me = await keyAgreementFromJwk('P-256', {
      kty: 'EC',
      crv: 'P-256',
      d: b64(d),
      x: b64(own.slice(2, 66)),
      y: b64(own.slice(66)),
    });
    assert.equal(toHex(me.publicRaw), own);
    assert.equal(me.privateHex, d);
    assert.equal(toHex(await me.derive(fromHex(peer))), rfcHex(S, 'shared x-coordinate'));
  });

  it('3b: NIST CAVS P-256 COUNT 0', async () => {
    const S = '### 3b.';
    const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');
    const me = await keyAgreementFromJwk('P-256', {
      kty: 'EC',
      crv: 'P-256',
      d: b64(rfcHex(S, 'dIUT')),
      x: b64(rfcHex(S, 'QIUTx')),
      y: b64(rfcHex(S, 'QIUTy')),
    });
    const peer = fromHex('04' + rfcHex(S, 'QCAVSx') + rfcHex(S, 'QCAVSy'));
    assert.equal(toHex(await me.derive(peer)), rfcHex(S, 'ZIUT'));
  });
});

describe('generated key pairs', () => {
  for (const curve of REAL_CURVES) {
    it(`${curve}: both sides derive the same Z, equal to node:crypto's`, async () => {
      const a = await generateKeyAgreement(curve);
      const b = await generateKeyAgreement(curve);
      const p = CURVE_PARAMS[curve];
      assert.equal(a.publicRaw.length, p.pubLength);
      assert.equal(a.privateHex.length, p.coordBytes * 2);
      assert.equal(a.bits, p.fieldBits);
      const zab = await a.derive(b.publicRaw);
      assert.equal(zab.length * 8, SHARED_SECRET_BITS[curve]);
      assert.deepEqual(await b.derive(a.publicRaw), zab);
      // Independent check with node:crypto from the exported private scalar.
      let expected: Buffer;
      if (curve === 'X25519') {
        const priv = createPrivateKey({
          key: Buffer.concat([
            Buffer.from('302e020100300506032b656e04220420', 'hex'),
            Buffer.from(a.privateHex, 'hex'),
          ]),
          format: 'der',
          type: 'pkcs8',
        });
        const pub = createPublicKey({
          key: Buffer.concat([Buffer.from('302a300506032b656e032100', 'hex'), Buffer.from(b.publicRaw)]),
          format: 'der',
          type: 'spki',
        });
        expected = diffieHellman({ privateKey: priv, publicKey: pub });
      } else {
        const names = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' } as const;
        const ecdh = createECDH(names[curve]);
        ecdh.setPrivateKey(Buffer.from(a.privateHex, 'hex'));
        assert.equal(ecdh.getPublicKey('hex'), toHex(a.publicRaw));
        expected = ecdh.computeSecret(Buffer.from(b.publicRaw));
      }
      assert.equal(toHex(zab), expected.toString('hex'));
      const coords = publicCoordinates(curve, a.publicRaw);
      if (curve === 'X25519') assert.deepEqual(coords, { x: toHex(a.publicRaw) });
      else assert.equal(coords.x + coords.y, toHex(a.publicRaw).slice(2));
    });
  }

  it('refuses wrong lengths, compressed points and off-curve points with plain reasons', async () => {
    const a = await generateKeyAgreement('P-256');
    const b = await generateKeyAgreement('P-256');
    const cases: [Uint8Array, RegExp][] = [
      [b.publicRaw.subarray(0, 64), /64 bytes; 65 were expected/],
      [Uint8Array.from([2, ...b.publicRaw.subarray(1)]), /does not start with 04/],
      [Uint8Array.from(b.publicRaw.map((v, i) => (i === 64 ? v ^ 1 : v))), /not a valid point on P-256/],
    ];
    for (const [raw, reason] of cases) {
      await assert.rejects(a.derive(raw), (e: unknown) => {
        assert.ok(e instanceof NoSecureChannelError);
        assert.equal(e.code, 'invalid-public-key');
        assert.match(e.message, reason);
        return true;
      });
    }
    assert.throws(() => checkPublicKeyFormat('X25519', new Uint8Array(31)), /31 bytes; 32/);
    // A P-384 key offered on P-256 is refused, never silently used.
    const c = await generateKeyAgreement('P-384');
    await assert.rejects(a.derive(c.publicRaw), NoSecureChannelError);
  });

  it('toy curves without a provider are refused plainly; a registered provider is used', async () => {
    await assert.rejects(generateKeyAgreement('toy-17'), /teaching curve toy-17 is not available/);
    assert.equal((await detectCurveSupport())['toy-61'], false);
    const fake: KeyAgreement = {
      curve: 'toy-61',
      publicRaw: Uint8Array.of(4, 5, 7),
      privateHex: '03',
      bits: 6,
      derive: () => Promise.resolve(Uint8Array.of(1)),
    };
    registerKeyAgreementProvider({ curve: 'toy-61', bits: 6, generate: () => Promise.resolve(fake) });
    assert.equal(await generateKeyAgreement('toy-61'), fake);
    assert.equal((await detectCurveSupport())['toy-61'], true);
  });

  it('detectCurveSupport reports every real curve on Node 20', async () => {
    const support = await detectCurveSupport();
    for (const c of REAL_CURVES) assert.equal(support[c], true, c);
  });
});

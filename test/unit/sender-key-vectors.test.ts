// Sender-key test vectors (docs/vectors/sender-keys.json): recomputed with the client's code, the KDF cross-checked
// with @noble/hashes, the signatures verified with WebCrypto and @noble/curves, the messages read by a receiver.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { p256 } from '@noble/curves/nist.js';
import { hmac } from '@noble/hashes/hmac.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64Url } from '../../client/crypto/base64url.js';
import { utf8 } from '../../client/crypto/bytes.js';
import { fromHex, toHex } from '../../client/crypto/hex.js';
import { signedBytes } from '../../client/crypto/sender-key/header.js';
import { MESSAGE_KEY_INFO } from '../../client/crypto/sender-key/kdf.js';
import { acceptDistribution, decryptBroadcast } from '../../client/crypto/sender-key/receiver.js';
import { SENDER_KEY_VECTORS, computeVectors } from '../helpers/sender-key-vectors.js';

const file = JSON.parse(readFileSync(SENDER_KEY_VECTORS, 'utf8'));
/** The vectors without the randomised signatures. */
const withoutSigs = (v: any) => ({
  ...v,
  messages: v.messages.map((m: any) => ({ ...m, body: { ...m.body, sig: undefined } })),
});

describe('sender-key vectors', () => {
  test('every derived value is recomputed exactly by the client code', async () => {
    assert.deepEqual(withoutSigs(await computeVectors()), withoutSigs(file));
  });

  test('the chain KDF and message keys agree with @noble/hashes', () => {
    let ck = fromHex(file.chainKey0);
    for (const m of file.messages) {
      assert.equal(toHex(ck), m.chainKey);
      assert.equal(toHex(hmac(sha256, ck, Uint8Array.of(1))), m.messageKeySeed);
      assert.equal(toHex(hmac(sha256, ck, Uint8Array.of(2))), m.nextChainKey);
      const okm = hkdf(sha256, fromHex(m.messageKeySeed), new Uint8Array(32), utf8(MESSAGE_KEY_INFO), 44);
      assert.equal(toHex(okm.subarray(0, 32)), m.aesKey);
      assert.equal(toHex(okm.subarray(32)), m.iv);
      ck = fromHex(m.nextChainKey);
    }
  });

  test('the signing key is the public key of the fixed scalar, and every signature verifies with @noble/curves', () => {
    assert.equal(toHex(p256.getPublicKey(fromHex(file.signingPrivateKey), false)), file.signingPublicKey);
    for (const m of file.messages) {
      const data = signedBytes(
        { room: file.room, from: file.from, id: m.id, chain: m.body.chain, n: m.n },
        fromBase64Url(m.body.ct),
      );
      assert.ok(
        p256.verify(fromBase64Url(m.body.sig), data, fromHex(file.signingPublicKey), {
          prehash: true,
          lowS: false, // WebCrypto signs with a high or low s: a vector rewrite may hold either
        }),
        m.id,
      );
    }
  });

  test('a receiver given the distribution reads every vector message, in any order', async () => {
    const accepted = await acceptDistribution(undefined, file.distribution);
    assert.ok(accepted.ok);
    for (const m of [...file.messages].reverse()) {
      const got = await decryptBroadcast(accepted.chain, file.room, file.from, m.id, m.body);
      assert.ok(got.ok, JSON.stringify(got));
      assert.equal(new TextDecoder().decode(got.plaintext), m.plaintext);
    }
  });
});

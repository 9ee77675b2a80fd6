// Test vectors of sender keys (docs/protocol.md "v2: sender keys"): fixed inputs, every derived value recomputed
// with the client's code. `node --import tsx test/helpers/sender-key-vectors.ts` rewrites docs/vectors/sender-keys.json.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { p256 } from '@noble/curves/nist.js';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { utf8 } from '../../client/crypto/bytes.js';
import { toHex } from '../../client/crypto/hex.js';
import { headerText } from '../../client/crypto/sender-key/header.js';
import { chainStep, messageKey } from '../../client/crypto/sender-key/kdf.js';
import { distributionOf, encryptBroadcast, newSenderChain } from '../../client/crypto/sender-key/sender.js';
import { importSigningPrivateJwk, importSigningPublic } from '../../client/crypto/sender-key/signing.js';

/** Where the vectors live. */
export const SENDER_KEY_VECTORS = fileURLToPath(
  new URL('../../docs/vectors/sender-keys.json', import.meta.url),
);

/** The fixed inputs. */
export const INPUTS = {
  room: 'vectors',
  from: 'QWxpY2UtbWVtYmVyLWlkMQ',
  chainId: Uint8Array.from({ length: 8 }, (_, i) => 0xa0 + i),
  ck0: Uint8Array.from({ length: 32 }, (_, i) => i),
  signingPrivate: new Uint8Array(32).fill(0x42),
  messages: [
    { id: 'm0', plaintext: '{"type":"text","text":"hello room","ts":1767225600000}' },
    { id: 'm1', plaintext: '{"type":"text","text":"second","ts":1767225601000}' },
    { id: 'm2', plaintext: '{"type":"text","text":"third, with ünïcode","ts":1767225602000}' },
  ],
};

/** The signing key pair of the vectors, imported into WebCrypto from its fixed private scalar. */
export async function vectorSigningKeys(): Promise<CryptoKeyPair & { publicRaw: Uint8Array }> {
  const publicRaw = p256.getPublicKey(INPUTS.signingPrivate, false);
  const jwk: JsonWebKey = {
    kty: 'EC',
    crv: 'P-256',
    d: toBase64Url(INPUTS.signingPrivate),
    x: toBase64Url(publicRaw.subarray(1, 33)),
    y: toBase64Url(publicRaw.subarray(33, 65)),
  };
  return {
    privateKey: await importSigningPrivateJwk(jwk),
    publicKey: await importSigningPublic(publicRaw),
    publicRaw,
  };
}

/** Every derived value of the vectors; `sig` is one valid signature (ECDSA is randomised, so it is only verified). */
export async function computeVectors(): Promise<Record<string, unknown>> {
  const signing = await vectorSigningKeys();
  const chain = await newSenderChain({ chainId: INPUTS.chainId, ck: INPUTS.ck0, signing });
  const distribution = distributionOf(chain);
  const messages = [];
  let ck: Uint8Array = Uint8Array.from(INPUTS.ck0);
  for (const [n, m] of INPUTS.messages.entries()) {
    const step = await chainStep(ck);
    const mk = await messageKey(step.seed);
    const body = await encryptBroadcast(chain, INPUTS.room, INPUTS.from, m.id, utf8(m.plaintext));
    messages.push({
      id: m.id,
      n,
      plaintext: m.plaintext,
      chainKey: toHex(ck),
      messageKeySeed: toHex(step.seed),
      nextChainKey: toHex(step.next),
      aesKey: toHex(mk.key),
      iv: toHex(mk.iv),
      header: headerText({ room: INPUTS.room, from: INPUTS.from, id: m.id, chain: chain.chain, n }),
      body,
    });
    ck = step.next;
  }
  return {
    about:
      'curvechat/v2 sender keys (docs/protocol.md "v2: sender keys"). Hex unless named base64url. body.sig is one valid ECDSA P-256 signature (randomised: verify it, do not compare it).',
    room: INPUTS.room,
    from: INPUTS.from,
    chainId: toHex(INPUTS.chainId),
    chainKey0: toHex(INPUTS.ck0),
    signingPrivateKey: toHex(INPUTS.signingPrivate),
    signingPublicKey: toHex(signing.publicRaw),
    distribution,
    messages,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SENDER_KEY_VECTORS, JSON.stringify(await computeVectors(), null, 2) + '\n');
  console.log(`wrote ${SENDER_KEY_VECTORS}`);
}

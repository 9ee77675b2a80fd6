// Crypto benchmarks: curvechat's message and channel pipeline against bare WebCrypto.
import { deriveChannelKey } from '../client/crypto/kdf.js';
import { encryptMessage, decryptMessage } from '../client/crypto/message.js';
import { safetyNumber } from '../client/crypto/safety.js';
import type { Comparison } from './lib.js';

const subtle = globalThis.crypto.subtle;

async function p256Pair(): Promise<{ pair: CryptoKeyPair; raw: Uint8Array }> {
  const pair = (await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
    'deriveBits',
  ])) as CryptoKeyPair;
  return { pair, raw: new Uint8Array(await subtle.exportKey('raw', pair.publicKey)) };
}

/** Encrypt + decrypt one chat message (JSON, AAD, base64url) vs bare AES-GCM on the same bytes. */
export async function messageComparison(ops: number): Promise<Comparison> {
  const key = await subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(32)), 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
  const text = 'The quick brown fox jumps over the lazy dog. '.repeat(4);
  const aad = 'bench-room\nAAAAAAAAAAAAAAAAAAAAAA\nBBBBBBBBBBBBBBBBBBBBBB\nmsg-1';
  const plain = new TextEncoder().encode(JSON.stringify({ type: 'text', text, ts: Date.now() }));
  const aadBytes = new TextEncoder().encode(aad);
  return {
    name: 'message',
    unit: 'message encrypted + decrypted',
    ops,
    subject: {
      label: 'curvechat encryptMessage/decryptMessage',
      run: async () => {
        for (let i = 0; i < ops; i++) {
          const env = await encryptMessage(key, aad, text, Date.now());
          await decryptMessage(key, aad, env.body);
        }
      },
    },
    baseline: {
      label: 'bare subtle AES-GCM',
      run: async () => {
        for (let i = 0; i < ops; i++) {
          const iv = crypto.getRandomValues(new Uint8Array(12));
          const ct = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aadBytes }, key, plain);
          await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aadBytes }, key, ct);
        }
      },
    },
  };
}

/** Full channel set-up with one peer (ECDH, HKDF, fingerprint, safety number) vs bare ECDH deriveBits. */
export async function channelComparison(ops: number): Promise<Comparison> {
  const a = await p256Pair();
  const b = await p256Pair();
  return {
    name: 'channel',
    unit: 'P-256 channel derived',
    ops,
    subject: {
      label: 'curvechat ECDH+HKDF+safety number',
      run: async () => {
        for (let i = 0; i < ops; i++) {
          const z = new Uint8Array(
            await subtle.deriveBits({ name: 'ECDH', public: b.pair.publicKey }, a.pair.privateKey, 256),
          );
          await deriveChannelKey(z, a.raw, b.raw, 'P-256', 'bench-room');
          await safetyNumber(a.raw, b.raw);
        }
      },
    },
    baseline: {
      label: 'bare ECDH deriveBits',
      run: async () => {
        for (let i = 0; i < ops; i++) {
          await subtle.deriveBits({ name: 'ECDH', public: b.pair.publicKey }, a.pair.privateKey, 256);
        }
      },
    },
  };
}

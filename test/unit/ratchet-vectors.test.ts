// The published Double Ratchet vectors (docs/vectors/ratchet-*.json): recomputed by the code, and re-derived independently
// with @noble/curves (DH), @noble/hashes (HKDF, HMAC, SHA-256) and node:crypto (AES-256-GCM), so they are not self-referential.
import assert from 'node:assert/strict';
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { x25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex as hex, concatBytes, hexToBytes as bytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  PASSPHRASE_VECTOR,
  VECTOR_SPECS,
  buildVectors,
  vectorPath,
  type VectorCurve,
} from '../helpers/ratchet-vectors.js';

type Event = Record<string, string | number>;
interface Op {
  op: 'encrypt' | 'decrypt';
  by: string;
  id: string;
  plaintext: string;
  binding?: { room: string; from: string; to: string; id: string };
  header?: { dh: string; pn: number; n: number };
  body?: { h: { dh: string; pn: number; n: number }; ct: string };
  trace: Event[];
}

function load(curve: VectorCurve, passphrase?: string) {
  return JSON.parse(readFileSync(vectorPath(curve, passphrase), 'utf8'));
}

/** Independent DH: X25519 or the P-256 x-coordinate. */
function dh(curve: VectorCurve, priv: string, pub: string): string {
  if (curve === 'X25519') return hex(x25519.getSharedSecret(bytes(priv), bytes(pub)));
  return hex(p256.getSharedSecret(bytes(priv), bytes(pub)).slice(1));
}
function publicOf(curve: VectorCurve, priv: string): string {
  return hex(curve === 'X25519' ? x25519.getPublicKey(bytes(priv)) : p256.getPublicKey(bytes(priv), false));
}
function u16(n: number): Uint8Array {
  return Uint8Array.of(n >> 8, n & 0xff);
}
function u32(n: number): Uint8Array {
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

describe('Double Ratchet vectors', () => {
  for (const { curve, passphrase } of VECTOR_SPECS) {
    const label = passphrase ? `${curve} in a passphrase room` : curve;
    it(`${label}: the code recomputes the committed file exactly`, async () => {
      assert.deepEqual(await buildVectors(curve, passphrase), load(curve, passphrase));
    });

    it(`${label}: every key re-derived with @noble and node:crypto`, () => {
      const v = load(curve, passphrase);
      const privOf = new Map<string, string>();
      for (const m of [v.members.alice, v.members.bob]) {
        assert.equal(publicOf(curve, m.v1Private), m.v1Public);
        for (const d of [m.v1Private, ...m.ratchetPrivates]) privOf.set(publicOf(curve, d), d);
      }
      assert.equal(v.z, dh(curve, v.members.alice.v1Private, v.members.bob.v1Public));
      const [lo, hi] = [v.members.alice.v1Public, v.members.bob.v1Public].sort();
      // A passphrase room appends P = PBKDF2-SHA-256(NFC(passphrase), "curvechat/v1 passphrase " + room) to the salt.
      let p = '';
      if (passphrase) {
        assert.equal(v.passphrase.text, passphrase);
        assert.equal(v.passphrase.iterations, 600_000);
        const salt = `curvechat/v1 passphrase ${v.room}`;
        assert.equal(v.passphrase.saltText, salt);
        p = pbkdf2Sync(passphrase.normalize('NFC'), salt, 600_000, 32, 'sha256').toString('hex');
        assert.equal(v.passphrase.p, p);
      } else assert.equal(v.passphrase, undefined);
      assert.equal(v.salt, hex(sha256(bytes(lo + hi + p))));
      assert.equal(v.rk0, hex(hkdf(sha256, bytes(v.z), bytes(v.salt), utf8ToBytes(v.rootInfo), 32)));
      const root = new Map<string, string>([
        ['alice', v.rk0],
        ['bob', v.rk0],
      ]);
      const knownChains = new Set<string>();
      const encrypts = new Map<string, Op>();
      const counts = { root: 0, chain: 0, message: 0 };
      const check = (e: Event, op?: Op) => {
        if (e.type === 'root') {
          counts.root++;
          assert.equal(e.dhOut, dh(curve, privOf.get(e.own as string)!, e.peer as string));
          const okm = hex(
            hkdf(
              sha256,
              bytes(e.dhOut as string),
              bytes(root.get(e.by as string)!),
              utf8ToBytes('curvechat/v2 ratchet'),
              64,
            ),
          );
          assert.equal(e.rootKey + (e.chainKey as string), okm);
          root.set(e.by as string, e.rootKey as string);
          knownChains.add(e.chainKey as string);
        } else if (e.type === 'chain') {
          counts.chain++;
          assert.ok(knownChains.has(e.chainKey as string), 'a chain link starts from a known chain key');
          assert.equal(e.messageKey, hex(hmac(sha256, bytes(e.chainKey as string), Uint8Array.of(1))));
          assert.equal(e.nextChainKey, hex(hmac(sha256, bytes(e.chainKey as string), Uint8Array.of(2))));
          knownChains.add(e.nextChainKey as string);
        } else {
          counts.message++;
          const okm = hex(
            hkdf(
              sha256,
              bytes(e.messageKey as string),
              new Uint8Array(32),
              utf8ToBytes('curvechat/v2 message'),
              44,
            ),
          );
          assert.equal((e.aesKey as string) + e.iv, okm);
          const sent = op!.op === 'encrypt' ? op! : encrypts.get(op!.id)!;
          const b = sent.binding!;
          const h = sent.header!;
          const aad = concatBytes(
            utf8ToBytes(`${b.room}\n${b.from}\n${b.to}\n${b.id}\ncurvechat/v2 ratchet\n`),
            u16(h.dh.length / 2),
            bytes(h.dh),
            u32(h.pn),
            u32(h.n),
          );
          assert.equal(e.aad, hex(aad));
          const ct = bytes(e.ct as string);
          assert.equal(Buffer.from(ct).toString('base64url'), sent.body!.ct);
          const d = createDecipheriv('aes-256-gcm', bytes(e.aesKey as string), bytes(e.iv as string));
          d.setAAD(aad);
          d.setAuthTag(ct.subarray(ct.length - 16));
          const pt = Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]).toString('utf8');
          assert.equal(pt, op!.plaintext);
        }
      };
      for (const e of v.init) check(e);
      for (const op of v.ops as Op[]) {
        if (op.op === 'encrypt') {
          encrypts.set(op.id, op);
          assert.equal(Buffer.from(bytes(op.header!.dh)).toString('base64url'), op.body!.h.dh);
        }
        for (const e of op.trace) check({ ...e, by: op.by }, op);
      }
      assert.equal(v.ops.length, 12);
      assert.ok(counts.root >= 9 && counts.chain === 12 && counts.message === 12, JSON.stringify(counts));
    });
  }

  it('the passphrase changes RK0 and every key after it, not the v1 keys, Z or the drawn ratchet keys', () => {
    const plain = load(PASSPHRASE_VECTOR.curve);
    const bound = load(PASSPHRASE_VECTOR.curve, PASSPHRASE_VECTOR.passphrase);
    assert.deepEqual(bound.members, plain.members);
    assert.equal(bound.z, plain.z);
    assert.notEqual(bound.salt, plain.salt);
    assert.notEqual(bound.rk0, plain.rk0);
    const keys = (v: { init: Event[]; ops: Op[] }) =>
      new Set(
        [...v.init, ...v.ops.flatMap((o) => o.trace)].flatMap((e) =>
          ['rootKey', 'chainKey', 'messageKey', 'aesKey', 'ct']
            .map((k) => e[k])
            .filter((x) => x !== undefined),
        ),
      );
    const shared = [...keys(bound)].filter((k) => keys(plain).has(k));
    assert.deepEqual(shared, [], 'no root, chain or message key (nor ciphertext) is shared');
    for (const [i, op] of (bound.ops as Op[]).entries())
      if (op.op === 'encrypt') assert.notEqual(op.body!.ct, (plain.ops as Op[])[i]!.body!.ct);
  });
});

// Builds the Double Ratchet test vectors (docs/vectors/ratchet-*.json): fixed keys, a six-message conversation, every derived value.
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { compareBytes, utf8 } from '../../client/crypto/bytes.js';
import { keyAgreementFromJwk, keyAgreementFromX25519Private } from '../../client/crypto/ecdh.js';
import { toHex } from '../../client/crypto/hex.js';
import type { KeyAgreement } from '../../client/crypto/key-agreement.js';
import { hkdfSalt } from '../../client/crypto/kdf.js';
import { derivePassphraseKey } from '../../client/crypto/passphrase.js';
import { rootSeedInfo, seedRootKey } from '../../client/crypto/ratchet/kdf.js';
import { DoubleRatchet } from '../../client/crypto/ratchet/ratchet.js';
import type { TraceEvent } from '../../client/crypto/ratchet/steps.js';
import type { MessageBinding } from '../../client/crypto/ratchet/header.js';

/** Curves the repository publishes vectors for. */
export const VECTOR_CURVES = ['X25519', 'P-256'] as const;
/** One of them. */
export type VectorCurve = (typeof VECTOR_CURVES)[number];

/** One published vector file: a curve, and the room passphrase of a passphrase-room pair (absent: none). */
export interface VectorSpec {
  readonly curve: VectorCurve;
  readonly passphrase?: string;
}

/** The passphrase-room vector: the X25519 pair again, with P appended to RK0's salt. */
export const PASSPHRASE_VECTOR: VectorSpec = { curve: 'X25519', passphrase: 'correct horse battery staple' };

/** Every published vector file. */
export const VECTOR_SPECS: readonly VectorSpec[] = [
  ...VECTOR_CURVES.map((curve) => ({ curve })),
  PASSPHRASE_VECTOR,
];

/** Where the vectors live, relative to the repository root. */
export function vectorPath(curve: VectorCurve, passphrase?: string): string {
  return `docs/vectors/ratchet-${curve.toLowerCase()}${passphrase ? '-passphrase' : ''}.json`;
}

const ROOM = 'vectors';
const IDS = { alice: 'QWxpY2UtbWVtYmVyLWlkMQ', bob: 'Qm9iLW1lbWJlci1pZC0wMg' } as const;
type Name = keyof typeof IDS;

/** The deterministic private key number `i` of `who` (0 = the v1 key): SHA-256 of a label. */
function privateKey(curve: VectorCurve, who: Name, i: number): Uint8Array {
  return sha256(utf8(`curvechat/v2 vectors ${curve} ${who} ${i === 0 ? 'v1' : `ratchet ${i}`}`));
}

/** The KeyAgreement for a fixed private key (X25519 raw bytes, P-256 scalar d). */
async function keyPair(curve: VectorCurve, d: Uint8Array): Promise<KeyAgreement> {
  if (curve === 'X25519') return keyAgreementFromX25519Private(d);
  const pub = p256.getPublicKey(d, false);
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    d: toBase64Url(d),
    x: toBase64Url(pub.slice(1, 33)),
    y: toBase64Url(pub.slice(33)),
    ext: true,
  };
  return keyAgreementFromJwk('P-256', jwk);
}

/** Hex every byte array in a trace event. */
function hexEvent(e: TraceEvent): Record<string, unknown> {
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v instanceof Uint8Array ? toHex(v) : v]));
}

/** The whole vector file for `curve` (in a room with `passphrase`, if given), recomputed from the fixed keys. */
export async function buildVectors(
  curve: VectorCurve,
  passphrase?: string,
): Promise<Record<string, unknown>> {
  const pass = passphrase === undefined ? undefined : await derivePassphraseKey(passphrase, ROOM);
  const v1 = {
    alice: await keyPair(curve, privateKey(curve, 'alice', 0)),
    bob: await keyPair(curve, privateKey(curve, 'bob', 0)),
  };
  const drawn: Record<Name, string[]> = { alice: [], bob: [] };
  const trace: Record<string, unknown>[] = [];
  const make = async (who: Name, peer: Name): Promise<DoubleRatchet> => {
    let i = 0;
    const generate = async () => {
      const d = privateKey(curve, who, ++i);
      drawn[who].push(toHex(d));
      return keyPair(curve, d);
    };
    const trace1 = (e: TraceEvent) => trace.push({ by: who, ...hexEvent(e) });
    return DoubleRatchet.create({
      own: v1[who],
      peerPub: v1[peer].publicRaw,
      room: ROOM,
      ...(pass ? { passphrase: pass.bytes } : {}),
      generate,
      trace: trace1,
    });
  };
  const z = await v1.alice.derive(v1.bob.publicRaw);
  const ratchets = { alice: await make('alice', 'bob'), bob: await make('bob', 'alice') };
  const init = trace.splice(0);
  const binding = (from: Name, id: string): MessageBinding => ({
    room: ROOM,
    from: IDS[from],
    to: IDS[from === 'alice' ? 'bob' : 'alice'],
    id,
  });
  const ops: Record<string, unknown>[] = [];
  const sent = new Map<
    string,
    { from: Name; header: { dh: Uint8Array; pn: number; n: number }; ct: Uint8Array }
  >();
  let ts = 1_767_225_600_000; // 2026-01-01T00:00:00Z, one second per message
  const send = async (from: Name, id: string, text: string) => {
    ts += 1000;
    const plaintext = JSON.stringify({ type: 'text', text, ts });
    const m = await ratchets[from].encryptMessage(text, ts, binding(from, id));
    sent.set(id, { from, header: m.header, ct: m.ct });
    ops.push({
      op: 'encrypt',
      by: from,
      id,
      plaintext,
      binding: binding(from, id),
      header: { dh: toHex(m.header.dh), pn: m.header.pn, n: m.header.n },
      body: m.body,
      trace: trace.splice(0),
    });
  };
  const receive = async (id: string) => {
    const m = sent.get(id)!;
    const to: Name = m.from === 'alice' ? 'bob' : 'alice';
    const { plaintext, path } = await ratchets[to].decrypt(m.header, m.ct, binding(m.from, id));
    ops.push({
      op: 'decrypt',
      by: to,
      id,
      path,
      plaintext: new TextDecoder().decode(plaintext),
      trace: trace.splice(0),
    });
  };
  await send('alice', 'm1', 'Hi Bob, this is message 1.');
  await send('alice', 'm2', 'Message 2 overtakes message 1.');
  await receive('m2');
  await receive('m1');
  await send('bob', 'm3', 'Bob answers: a DH ratchet step.');
  await send('bob', 'm4', 'Same chain, next link.');
  await receive('m3');
  await receive('m4');
  await send('alice', 'm5', 'Alice again: her new ratchet key.');
  await receive('m5');
  await send('bob', 'm6', 'Bob again: his new ratchet key.');
  await receive('m6');
  const initiator: Name = compareBytes(v1.alice.publicRaw, v1.bob.publicRaw) < 0 ? 'alice' : 'bob';
  return {
    about:
      'curvechat/v2 Double Ratchet test vectors (docs/protocol.md, "v2: Double Ratchet"). All bytes hex; body is the wire form (base64url).',
    curve,
    room: ROOM,
    ...(pass
      ? {
          passphrase: {
            text: passphrase,
            saltText: pass.saltText,
            iterations: pass.iterations,
            p: toHex(pass.bytes),
          },
        }
      : {}),
    members: {
      alice: {
        id: IDS.alice,
        v1Private: v1.alice.privateHex,
        v1Public: toHex(v1.alice.publicRaw),
        ratchetPrivates: drawn.alice,
      },
      bob: {
        id: IDS.bob,
        v1Private: v1.bob.privateHex,
        v1Public: toHex(v1.bob.publicRaw),
        ratchetPrivates: drawn.bob,
      },
    },
    initiator,
    z: toHex(z),
    salt: toHex(await hkdfSalt(v1.alice.publicRaw, v1.bob.publicRaw, pass?.bytes)),
    rootInfo: rootSeedInfo(curve, ROOM),
    rk0: toHex(await seedRootKey(z, v1.alice.publicRaw, v1.bob.publicRaw, curve, ROOM, pass?.bytes)),
    init,
    ops,
  };
}

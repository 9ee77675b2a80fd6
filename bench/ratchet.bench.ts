// v2 vs v1 per message (issue 11): the Double Ratchet's encrypt + decrypt (a same-direction stream, and an alternating
// conversation where every turn change is a DH ratchet step) against v1's AES-GCM under the static channel key, on
// X25519 and P-256; and the bytes of one message each way, from real serialised payloads.
import { randomBytes } from 'node:crypto';
import { generateKeyAgreement } from '../client/crypto/ecdh.js';
import { compareBytes, equalBytes } from '../client/crypto/bytes.js';
import { importAesGcmKey } from '../client/crypto/kdf.js';
import { decryptMessage, encryptMessage } from '../client/crypto/message.js';
import type { MessageBinding } from '../client/crypto/ratchet/header.js';
import { DoubleRatchet } from '../client/crypto/ratchet/ratchet.js';
import { REFERENCE_TEXT_CHARS, frameBytes, mixedCost } from '../client/crypto/sender-key/cost.js';
import type { Comparison } from './lib.js';

/** The curves the issue asks about. */
export const RATCHET_CURVES = ['X25519', 'P-256'] as const;
/** Who sends: always A (`stream`, no DH step after the first) or A and B in turn (`alternating`, one per message). */
export type RatchetPattern = 'stream' | 'alternating';
type Curve = (typeof RATCHET_CURVES)[number];

const ROOM = 'bench';
const TEXT = 'x'.repeat(REFERENCE_TEXT_CHARS);
const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBB';
const bind = (from: string, to: string, id: string): MessageBinding => ({ room: ROOM, from, to, id });
const messageId = () => randomBytes(16).toString('base64url');

/** Two members' ratchets on `curve`, started from fresh v1 key pairs as the session does (initiator rule inside). */
async function pair(curve: Curve): Promise<{ a: DoubleRatchet; b: DoubleRatchet }> {
  const generate = () => generateKeyAgreement(curve);
  const one = await generate();
  let two = await generate();
  while (equalBytes(one.publicRaw, two.publicRaw)) two = await generate();
  const [ka, kb] = compareBytes(one.publicRaw, two.publicRaw) < 0 ? [one, two] : [two, one];
  const [a, b] = await Promise.all([
    DoubleRatchet.create({ own: ka, peerPub: kb.publicRaw, room: ROOM, generate }),
    DoubleRatchet.create({ own: kb, peerPub: ka.publicRaw, room: ROOM, generate }),
  ]);
  return { a, b };
}

/**
 * One chat message encrypted by its sender and decrypted by its receiver: v2 (the pair's Double Ratchet, the
 * `ratchet` body, the plaintext checked) vs v1 (`encryptMessage`/`decryptMessage` under one static channel key).
 */
export async function ratchetCpu(curve: Curve, pattern: RatchetPattern, ops: number): Promise<Comparison> {
  const { a, b } = await pair(curve);
  const key = await importAesGcmKey(randomBytes(32));
  let turn = 0;
  return {
    name: `ratchet-${curve}-${pattern}`,
    unit: `${curve} message, ${pattern === 'stream' ? 'same sender' : 'turns alternate (DH step each)'}`,
    ops,
    subject: {
      label: `v2 Double Ratchet`,
      run: async () => {
        for (let i = 0; i < ops; i++) {
          const aSends = pattern === 'stream' || turn++ % 2 === 0;
          const [from, to, s, r] = aSends ? [A, B, a, b] : [B, A, b, a];
          const binding = bind(from, to, messageId());
          const enc = await s.encryptMessage(TEXT, Date.now(), binding);
          await r.decryptMessage(enc.body, binding);
        }
      },
    },
    baseline: {
      label: 'v1 AES-GCM, static key',
      run: async () => {
        for (let i = 0; i < ops; i++) {
          const aSends = pattern === 'stream' || turn++ % 2 === 0;
          const aad = aSends ? `${ROOM}\n${A}\n${B}\n${messageId()}` : `${ROOM}\n${B}\n${A}\n${messageId()}`;
          const env = await encryptMessage(key, aad, TEXT, Date.now());
          await decryptMessage(key, aad, env.body);
        }
      },
    },
  };
}

/** Bytes of one message to one peer, v2 vs v1, on one curve. */
export interface RatchetBytesRow {
  curve: Curve;
  /** The `dm` frame with one `ratchet` part (header `{dh, pn: 0, n: 0}` + ciphertext). */
  v2: number;
  /** The `dm` frame with one `msg` part (IV + ciphertext). */
  v1: number;
  /** v2 − v1: the header's cost on the wire. */
  overhead: number;
  ratio: number;
  /** The same frames from cost.ts's model (`mixedCost`): must equal v2 and v1. */
  modelAgrees: boolean;
}

/** Bytes per message v2 vs v1 for the reference text, from a real encryption each way, serialised as sent. */
export async function ratchetBytes(): Promise<{ textChars: number; rows: RatchetBytesRow[] }> {
  const key = await importAesGcmKey(randomBytes(32));
  const rows: RatchetBytesRow[] = [];
  for (const curve of RATCHET_CURVES) {
    const { a } = await pair(curve);
    const id = messageId();
    const ts = Date.now();
    const v2Body = (await a.encryptMessage(TEXT, ts, bind(A, B, id))).body;
    const v1Body = (await encryptMessage(key, `${ROOM}\n${A}\n${B}\n${id}`, TEXT, ts)).body;
    const v2 = frameBytes('dm', { id, kind: 'ratchet', parts: [{ to: B, body: v2Body }] });
    const v1 = frameBytes('dm', { id, kind: 'msg', parts: [{ to: B, body: v1Body }] });
    const modelAgrees =
      mixedCost(1, 0, TEXT, curve).pairwise === v2 && mixedCost(0, 1, TEXT, curve).pairwise === v1;
    rows.push({ curve, v2, v1, overhead: v2 - v1, ratio: v2 / v1, modelAgrees });
  }
  return { textChars: REFERENCE_TEXT_CHARS, rows };
}

/** The report lines of the bytes side. */
export function ratchetBytesReport(b: { textChars: number; rows: RatchetBytesRow[] }): string[] {
  return [
    `bytes per message to one peer (${b.textChars}-character text; v2 ratchet part ÷ v1 msg part, one dm frame each):`,
    ...b.rows.map(
      (r) =>
        `  ${r.curve}: ${r.v2} B vs ${r.v1} B → ${r.ratio.toFixed(3)}× (+${r.overhead} B of header)${r.modelAgrees ? '' : ' — MODEL DISAGREES'}`,
    ),
  ];
}

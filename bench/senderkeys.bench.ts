// Sender keys vs pairwise (issue 11): the sender's CPU per message, measured, and its bytes per message, from the
// cost model of client/crypto/sender-key/cost.ts (real serialised payloads), at 10, 100 and 300 members.
import { randomBytes } from 'node:crypto';
import { utf8 } from '../client/crypto/bytes.js';
import { importAesGcmKey } from '../client/crypto/kdf.js';
import { encryptMessage } from '../client/crypto/message.js';
import { REFERENCE_TEXT_CHARS, mixedCost, senderCost } from '../client/crypto/sender-key/cost.js';
import { encryptBroadcast, newSenderChain } from '../client/crypto/sender-key/sender.js';
import type { Comparison } from './lib.js';

/** The room sizes the issue asks about. */
export const ROOM_SIZES = [10, 100, 300] as const;
const TEXT = 'x'.repeat(REFERENCE_TEXT_CHARS);
const ids = (n: number) => Array.from({ length: n }, () => randomBytes(16).toString('base64url'));

/**
 * One message sent to a room of `roomSize`: sender keys (chain step, AES-GCM, ECDSA signature, the `bcast`
 * payload serialised) vs pairwise (roomSize − 1 AES-GCM encryptions with their channel keys, the `dm` serialised).
 */
export async function senderKeysCpu(roomSize: number, ops: number): Promise<Comparison> {
  const chain = await newSenderChain();
  const peers = ids(roomSize - 1);
  const keys = await Promise.all(peers.map(() => importAesGcmKey(randomBytes(32))));
  const me = ids(1)[0]!;
  let seq = 0;
  return {
    name: `senderkeys-cpu-${roomSize}`,
    unit: `message sent to ${roomSize} members`,
    ops,
    subject: {
      label: 'sender keys (1 ciphertext + signature)',
      run: async () => {
        for (let i = 0; i < ops; i++) {
          const id = `m${seq++}`;
          const pt = utf8(JSON.stringify({ type: 'text', text: TEXT, ts: Date.now() }));
          const body = await encryptBroadcast(chain, 'bench', me, id, pt);
          JSON.stringify(['bcast', { id, kind: 'skmsg', body }]);
        }
      },
    },
    baseline: {
      label: `pairwise (${roomSize - 1} ciphertexts)`,
      run: async () => {
        for (let i = 0; i < ops; i++) {
          const id = `m${seq++}`;
          const ts = Date.now();
          const parts = await Promise.all(
            peers.map(async (to, j) => ({
              to,
              body: (await encryptMessage(keys[j]!, `bench\n${me}\n${to}\n${id}`, TEXT, ts)).body,
            })),
          );
          JSON.stringify(['dm', { id, kind: 'msg', parts }]);
        }
      },
    },
  };
}

/** Bytes per message by room size, as ratios, and the check (room of 100 ≤ 1.2× one peer). */
export interface SenderKeyBytes {
  textChars: number;
  rooms: { members: number; pairwise: number; senderKeys: number; ratio: number }[];
  onePeerPairwise: number;
  room100VsOnePeer: number;
  checkPassed: boolean;
  /** The same room of 100 against one v2 peer (a `ratchet` part, whose header carries a public key), per curve. */
  vsOneV2Peer: { curve: 'X25519' | 'P-256'; onePeer: number; ratio: number }[];
}

/** The bytes side: the cost model at ROOM_SIZES for the reference text. */
export function senderKeysBytes(): SenderKeyBytes {
  const rooms = ROOM_SIZES.map((members) => {
    const c = senderCost(members);
    return { members, pairwise: c.pairwise, senderKeys: c.senderKeys, ratio: c.ratio };
  });
  const onePeerPairwise = senderCost(2).pairwise;
  const room100VsOnePeer = senderCost(100).senderKeys / onePeerPairwise;
  return {
    textChars: REFERENCE_TEXT_CHARS,
    rooms,
    onePeerPairwise,
    room100VsOnePeer,
    checkPassed: room100VsOnePeer <= 1.2,
    vsOneV2Peer: (['X25519', 'P-256'] as const).map((curve) => {
      const onePeer = mixedCost(1, 0, 'x'.repeat(REFERENCE_TEXT_CHARS), curve).pairwise;
      return { curve, onePeer, ratio: senderCost(100).senderKeys / onePeer };
    }),
  };
}

/** The report lines of the bytes side. */
export function senderKeysBytesReport(b: SenderKeyBytes): string[] {
  return [
    `sender bytes per message (${b.textChars}-character text; sender keys / pairwise):`,
    ...b.rooms.map(
      (r) =>
        `  ${r.members} members: ${r.senderKeys} B vs ${r.pairwise} B → ${r.ratio.toFixed(4)}× (1/${(1 / r.ratio).toFixed(0)})`,
    ),
    `check: a message to a room of 100 with sender keys = ${b.room100VsOnePeer.toFixed(3)}× the bytes of a message to one peer (${b.onePeerPairwise} B) — ${b.checkPassed ? 'PASS (≤ 1.2×)' : 'FAIL (> 1.2×)'}`,
    ...b.vsOneV2Peer.map(
      (v) =>
        `  against one v2 peer on ${v.curve} (a ratchet part, ${v.onePeer} B): ${v.ratio.toFixed(3)}× (the pairwise rows above use v1 parts)`,
    ),
  ];
}

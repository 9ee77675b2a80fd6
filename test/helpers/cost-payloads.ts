// Real payloads and frames for the send-cost tests (client/crypto/sender-key/cost.ts): real ciphertexts in real
// dm/bcast payloads, encoded by socket.io-parser as the relay receives them.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Encoder, PacketType } from 'socket.io-parser';
import { utf8 } from '../../client/crypto/bytes.js';
import { importAesGcmKey } from '../../client/crypto/kdf.js';
import { encryptMessage } from '../../client/crypto/message.js';
import { encryptBroadcast, newSenderChain } from '../../client/crypto/sender-key/sender.js';
import { bcastPayload, dmPayload } from '../../common/schema/index.js';

/** The timestamp every measured message carries. */
export const TS = 1767225600000;
/** The room every measured message is bound to. */
export const ROOM = 'cost-room';

const encoder = new Encoder();
/** The WebSocket message socket.io-client sends for `event` with an ack: Engine.IO's `4` + socket.io-parser's packet. */
export function realFrame(event: string, payload: unknown, ackId = 1): number {
  const [packet] = encoder.encode({ type: PacketType.EVENT, nsp: '/', data: [event, payload], id: ackId });
  assert.equal(typeof packet, 'string');
  return Buffer.byteLength(`4${packet as string}`);
}

/** A fresh random member id (or message id). */
export const memberId = (): string => randomBytes(16).toString('base64url');

/** The UTF-8 JSON plaintext of a text message, as the client encrypts it. */
export const msgBytes = (text: string): Uint8Array => utf8(JSON.stringify({ type: 'text', text, ts: TS }));

/** A v1 `msg` dm of `text` to `recipients` peers, each with its own channel key. */
export async function realMsgDm(recipients: number, text: string): Promise<unknown> {
  const id = memberId();
  const parts = [];
  for (let i = 0; i < recipients; i++) {
    const key = await importAesGcmKey(randomBytes(32));
    const env = await encryptMessage(key, `${ROOM}\nfrom\nto\n${id}`, text, TS);
    parts.push({ to: memberId(), body: env.body });
  }
  return dmPayload.parse({ id, kind: 'msg', parts });
}

/** A sender-key `bcast` (`skmsg`) of `text` from a fresh sender chain. */
export async function realBcast(text: string): Promise<unknown> {
  const chain = await newSenderChain();
  const id = memberId();
  return bcastPayload.parse({
    id,
    kind: 'skmsg',
    body: await encryptBroadcast(chain, ROOM, memberId(), id, msgBytes(text)),
  });
}

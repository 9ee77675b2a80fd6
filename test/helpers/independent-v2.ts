// An independent curvechat v2 client for tests, written from docs/protocol.md only (socket.io-client, @noble/curves,
// @noble/hashes, node:crypto; no client/ and no common/ import): it joins, announces `v: [1, 2]`, talks the pairwise
// Double Ratchet with authenticated receipts to v2 peers and §5 `msg` to v1 peers, receives `skdist` + `skmsg`, and
// sends its own sender chain and `bcast`. Tests: test/unit/independent-v2-*.test.ts, test/integration/independent-v2*.test.ts.
import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { b64 } from './independent-v2/bytes.js';
import { IndependentV2 } from './independent-v2/client.js';
import type { CurveId } from './independent-v2/primitives.js';

export { IndependentV2 } from './independent-v2/client.js';

/** Options of {@link joinIndependentV2}. */
export interface IndependentOptions {
  /** The room's curve (a real one, §5); P-256 by default. */
  curve?: CurveId;
  /** The passphrase key P ("Room passphrase"), when the room has one. */
  passphraseKey?: Uint8Array;
}

/** Connect over WebSocket only (§1), join `room` as `name` with a fresh `resume` (§2), learn the peers, announce. */
export async function joinIndependentV2(
  url: string,
  room: string,
  name: string,
  options: IndependentOptions = {},
): Promise<IndependentV2> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const resume = b64(new Uint8Array(randomBytes(32)));
  const ack = (await socket.timeout(3000).emitWithAck('join', { room, name, resume })) as {
    ok: boolean;
    me: { id: string };
    peers: { id: string; name: string; key?: { curve: string; pub: string; v?: number[] } }[];
  };
  if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
  const client = new IndependentV2(socket, room, ack.me.id, options.curve ?? 'P-256', options.passphraseKey);
  for (const p of ack.peers) {
    client.book.saw(p.id, p.name);
    if (p.key) client.keyOf(p.id, p.key);
  }
  await client.announce();
  return client;
}

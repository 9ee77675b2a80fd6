// A scripted v2 member for sender-key tests: announces `v: [1, 2]`, opens `skdist` dms in the pair's Double Ratchet
// (the library, as docs/protocol.md "v2: how the browser client uses sender keys" says), keeps each sender's
// distribution and chain, acknowledges it and answers chat messages inside the ratchet, and records every `bcast`.
import type { Socket as Client } from 'socket.io-client';
import { toBase64Url, fromBase64Url } from '../../client/crypto/base64url.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { DoubleRatchet } from '../../client/crypto/ratchet/ratchet.js';
import {
  acceptDistribution,
  decryptBroadcast,
  type ReceiverChain,
} from '../../client/crypto/sender-key/receiver.js';
import type { SenderKeyDistribution } from '../../client/crypto/sender-key/sender.js';
import { encryptRatchetReceipt } from '../../client/session/ratchet-messages.js';
import { call, joinAs } from './helpers.js';

/** A `bcast` as it reached the scripted member. */
export interface SeenBcast {
  from: string;
  id: string;
  kind: string;
  body: unknown;
}

/** A joined scripted v2 member. */
export interface V2Scripted {
  readonly id: string;
  readonly socket: Client;
  /** Each sender's chain as distributed to it (advanced as it reads broadcasts to answer them). */
  readonly held: Map<string, ReceiverChain>;
  /** Every distribution plaintext it opened, by sender, in order (the chain key as it arrived). */
  readonly dists: Map<string, SenderKeyDistribution[]>;
  /** Every `bcast` it got, in order. */
  readonly bcasts: SeenBcast[];
}

/** Join `room` as `name` and announce a P-256 key with `v: [1, 2]`; `ack: false` never acknowledges a distribution. */
export async function joinV2Scripted(
  url: string,
  room: string,
  name: string,
  options: { ack?: boolean } = {},
): Promise<V2Scripted> {
  const member = await joinAs(url, room, name);
  const { socket, id } = member;
  const own = await generateKeyAgreement('P-256');
  const pubs = new Map<string, string>();
  for (const p of member.joinAck.peers as { id: string; key?: { pub: string } }[])
    if (p.key) pubs.set(p.id, p.key.pub);
  socket.on('peer-key', (p: { from: string; pub: string }) => {
    pubs.set(p.from, p.pub);
    ratchets.delete(p.from);
  });
  const ratchets = new Map<string, Promise<DoubleRatchet>>();
  const ratchetOf = (peer: string): Promise<DoubleRatchet> => {
    let r = ratchets.get(peer);
    if (!r) {
      const pub = pubs.get(peer);
      if (!pub) throw new Error(`no key from ${peer}`);
      r = DoubleRatchet.create({
        own,
        peerPub: fromBase64Url(pub),
        room,
        generate: () => generateKeyAgreement('P-256'),
      });
      ratchets.set(peer, r);
    }
    return r;
  };
  const held = new Map<string, ReceiverChain>();
  const dists = new Map<string, SenderKeyDistribution[]>();
  const bcasts: SeenBcast[] = [];
  let queue = Promise.resolve();
  const later = (task: () => Promise<void>): void => {
    queue = queue.then(task).catch(() => undefined); // a copy or junk: nothing to keep, nothing to answer
  };
  /** The authenticated receipt for message `mid` of `to`, inside the pair's ratchet (as a browser client answers). */
  const answer = async (to: string, mid: string): Promise<void> => {
    const body = await encryptRatchetReceipt(room, id, to, mid, true, undefined, await ratchetOf(to));
    socket.emit('dm', { id: mid, kind: 'ratchet', parts: [{ to, body }] });
  };
  const answered = new Set<string>();
  socket.on('bcast', (b: SeenBcast) => {
    bcasts.push(b);
    later(async () => {
      const chain = held.get(b.from);
      if (b.kind !== 'skmsg' || !chain || answered.has(b.id)) return;
      const got = await decryptBroadcast(chain, room, b.from, b.id, b.body);
      if (!got.ok) return;
      answered.add(b.id);
      await answer(b.from, b.id);
    });
  });
  socket.on('dm', (d: { from: string; id: string; kind: string; body: unknown }) => {
    if (d.kind !== 'skdist' && d.kind !== 'ratchet') return;
    later(async () => {
      const ratchet = await ratchetOf(d.from);
      if (d.kind === 'ratchet') {
        if (answered.has(d.id)) return answer(d.from, d.id);
        const { plaintext } = await ratchet.decryptBody(d.body, { room, from: d.from, to: id, id: d.id });
        if ((JSON.parse(new TextDecoder().decode(plaintext)) as { type?: string }).type !== 'text') return;
        answered.add(d.id);
        return answer(d.from, d.id);
      }
      const { plaintext } = await ratchet.decryptBody(d.body, { room, from: d.from, to: id, id: d.id });
      const dist = JSON.parse(new TextDecoder().decode(plaintext)) as SenderKeyDistribution;
      const got = await acceptDistribution(held.get(d.from), dist);
      if (!got.ok) return;
      held.set(d.from, got.chain);
      dists.set(d.from, [...(dists.get(d.from) ?? []), dist]);
      if (options.ack !== false) await answer(d.from, d.id);
    });
  });
  const ack = await call(socket, 'key', { curve: 'P-256', pub: toBase64Url(own.publicRaw), v: [1, 2] });
  if (!ack?.ok) throw new Error(`key refused: ${JSON.stringify(ack)}`);
  return { id, socket, held, dists, bcasts };
}

/** A fresh receiver chain from a distribution plaintext (a copy the test can spend without touching `held`). */
export async function chainFrom(dist: SenderKeyDistribution): Promise<ReceiverChain> {
  const got = await acceptDistribution(undefined, dist);
  if (!got.ok) throw new Error(got.message);
  return got.chain;
}

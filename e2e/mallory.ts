// A scripted hostile member for the toy Eve specs: Mallory joins over a raw socket and floods `present:ciphertext` steps.
import { randomBytes, randomInt } from 'node:crypto';
import { expect } from '@playwright/test';
import { io as connectClient, type Socket } from 'socket.io-client';
import { MAX_SKIP } from '../client/crypto/ratchet/state.js';
import { getToyCurve } from '../client/math/curves.js';
import { randomScalar, toyKeyPairFromPrivate } from '../client/math/toy.js';

/** Mallory's curve (Alice's and Bob's too in the spec). */
export const CURVE = 'toy-65521';
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/** A random valid toy-65521 public key, base64url (a ratchet key Eve can break, under which nothing opens). */
function randomToyKey(): string {
  return b64(toyKeyPairFromPrivate(CURVE, randomScalar(getToyCurve(CURVE).n)).publicRaw);
}

/** Emit with an ack; the relay's answer. */
export async function call(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<{ ok?: boolean; error?: { code?: string } }> {
  return (await socket.timeout(5000).emitWithAck(event, payload)) as {
    ok?: boolean;
    error?: { code?: string };
  };
}

/** Mallory: a scripted member with a toy-65521 key of her own, and the ids of everyone who joined before her. */
export interface Mallory {
  readonly socket: Socket;
  readonly id: string;
  readonly ids: ReadonlyMap<string, string>;
}

/**
 * Joins `room` on the relay at `port` as Mallory and announces a toy-65521 key, so Eve pairs her with Alice and tries
 * her envelopes. Her socket is added to `sockets` (the caller closes them).
 */
export async function joinMallory(port: number, room: string, sockets: Socket[]): Promise<Mallory> {
  const socket = connectClient(`http://localhost:${port}`, { transports: ['websocket'], forceNew: true });
  sockets.push(socket);
  const joined = (await socket.timeout(5000).emitWithAck('join', {
    room,
    name: 'Mallory',
    resume: randomBytes(32).toString('base64url'),
  })) as { ok: boolean; me: { id: string }; peers: { id: string; name: string }[] };
  expect(joined.ok).toBe(true);
  expect((await call(socket, 'key', { curve: CURVE, pub: randomToyKey() })).ok).toBe(true);
  return { socket, id: joined.me.id, ids: new Map(joined.peers.map((p) => [p.name, p.id])) };
}

/** Kinds of envelope in one round of Mallory's flood (see {@link floodDetail}). */
export const ROUND = 9;

/**
 * The `present:ciphertext` detail number `i` of Mallory's flood: junk shapes, envelopes in Alice's or Bob's name
 * (ids `lie-…`), well-shaped envelopes in her own name (ids `junk-…`): ratchet parts to Alice with random
 * headers (half of them far ahead in their chain), distributions and broadcasts; and well-shaped envelopes in her own
 * name naming made-up rooms (ids `elsewhere-…`: a v1 part, a ratchet part, a distribution to Alice).
 */
export function floodDetail(m: Mallory, room: string, i: number): unknown {
  const alice = m.ids.get('Alice')!;
  const bob = m.ids.get('Bob')!;
  const common = { curve: CURVE, room };
  const ct = () => b64(randomBytes(randomInt(20, 90)));
  const h = () => ({
    dh: i % 5 === 0 ? b64(randomBytes(5)) : randomToyKey(),
    pn: randomInt(0, 50),
    n: i % 2 === 0 ? randomInt(0, 8) : MAX_SKIP - randomInt(0, 8),
  });
  const ratchet = (from: string, to: string, id: string) => ({
    ...common,
    from,
    to,
    id,
    kind: 'ratchet',
    h: h(),
    ct: ct(),
  });
  switch (i % ROUND) {
    case 0: {
      const junk: unknown[] = [
        'not an object',
        [1, 2, 3],
        { ...ratchet(m.id, alice, `junk-${i}`), kind: 'receipt' },
        { ...ratchet(m.id, alice, `junk-${i}`), curve: 'P-256' },
        { ...ratchet(m.id, alice, `junk-${i}`), h: { dh: 'not base64!', pn: 0, n: 0 } },
        { ...ratchet(m.id, alice, `junk-${i}`), h: { dh: 'BAECAwQ', pn: -1, n: 2 ** 40 } },
        {
          ...common,
          from: m.id,
          id: `junk-${i}`,
          kind: 'skmsg',
          chain: 'AAAA',
          n: 0,
          ct: ct(),
          sig: 'short',
        },
        { ...common, from: m.id, to: alice, id: `junk-${i}`, iv: '', ct: ct() },
        { ...ratchet(m.id, alice, `junk-${i}`), ct: 'A'.repeat(2801) },
      ];
      return junk[(i / ROUND) % junk.length];
    }
    case 1:
      return ratchet(alice, bob, `lie-${i}`);
    case 2:
      return { ...common, from: bob, to: alice, id: `lie-${i}`, iv: b64(randomBytes(12)), ct: ct() };
    case 3:
      return {
        ...common,
        from: alice,
        id: `lie-${i}`,
        kind: 'skmsg',
        chain: 'AAAAAAAAAAA',
        n: i,
        ct: ct(),
        sig: 'A'.repeat(86),
      };
    case 4:
      return { ...ratchet(m.id, alice, `junk-${i}`), kind: 'skdist' };
    case 8: {
      const elsewhere = [
        { ...common, from: m.id, to: alice, iv: b64(randomBytes(12)), ct: ct() },
        ratchet(m.id, alice, ''),
        { ...ratchet(m.id, alice, ''), kind: 'skdist' },
      ][Math.floor(i / ROUND) % 3]!;
      return { ...elsewhere, room: `${room}-elsewhere-${i % 4}`, id: `elsewhere-${i}` };
    }
    case 5:
      return {
        ...common,
        from: m.id,
        id: `junk-${i}`,
        kind: 'skmsg',
        chain: 'AAAAAAAAAAA',
        n: i,
        ct: ct(),
        sig: 'A'.repeat(86),
      };
    default:
      return ratchet(m.id, alice, `junk-${i}`);
  }
}

/** Mallory's flood, running until `stop()`: every step as fast as the relay takes it, pausing only while rate-limited. */
export function flood(
  m: Mallory,
  room: string,
): {
  accepted: () => number;
  kept: () => number;
  elsewhere: () => number;
  sent: () => number;
  stop: () => Promise<void>;
} {
  let accepted = 0;
  let kept = 0;
  let elsewhere = 0;
  let sent = 0;
  let stopped = false;
  const run = (async () => {
    for (let i = 0; !stopped; i++) {
      // An ack that does not come in time (a loaded machine) counts as refused; the flood goes on.
      const ack = await call(m.socket, 'step', {
        phase: 'present:ciphertext',
        detail: floodDetail(m, room, i),
      }).catch(() => ({ ok: false }) as const);
      sent++;
      if (ack.ok) {
        accepted++;
        if (i % ROUND === 8)
          elsewhere++; // well-shaped, in her own name, but naming another room
        else if (i % ROUND >= 4) kept++; // well-shaped, in her own name: a follower keeps it
      }
      // The relay refills 30 tokens a second: wait for the next one instead of spinning on refusals.
      else if ('error' in ack && ack.error?.code === 'rate-limited')
        await new Promise((r) => setTimeout(r, 34));
    }
  })();
  return {
    accepted: () => accepted,
    kept: () => kept,
    elsewhere: () => elsewhere,
    sent: () => sent,
    stop: async () => {
      stopped = true;
      await run;
    },
  };
}

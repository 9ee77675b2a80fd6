// Test helper: a scripted member (socket.io-client in Node) that announces v2 on P-256 and runs a real Double Ratchet
// with one victim (client/crypto/ratchet), so a test can send authentic ratchet ciphertext of any plaintext, tampered
// or replayed bodies, and read what the victim sends back (docs/protocol.md "v2: how the browser client uses it").
import { randomBytes } from 'node:crypto';
import { io as connectClient, type Socket } from 'socket.io-client';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { DoubleRatchet, type RatchetEncrypted } from '../../client/crypto/ratchet/ratchet.js';

/** A joined v2 member with a ratchet to `victim`. */
export interface HostileV2 {
  /** Our member id. */
  readonly id: string;
  /** The raw socket. */
  readonly socket: Socket;
  /** Plaintexts (parsed JSON) of the victim's ratchet dms we opened, by dm id. */
  readonly opened: Map<string, unknown>;
  /** Our real ratchet body of `plaintext` (bytes, text or JSON) for message `id` to the victim; not sent. */
  seal(id: string, plaintext: unknown): Promise<RatchetEncrypted['body']>;
  /** Emit with an ack (again after a pause while rate-limited); true when the relay accepted it. */
  sent(event: string, payload: unknown): Promise<boolean>;
  /** Resolves once the victim's ratchet dm `id` is opened (rejects after `ms`). */
  openedDm(id: string, ms?: number): Promise<unknown>;
  close(): void;
}

/** The bytes `seal` encrypts for `v`: bytes as they are, text as UTF-8, anything else as its JSON. */
export const plaintextBytes = (v: unknown): Uint8Array =>
  v instanceof Uint8Array ? v : new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

/** Join `room` as `name`, announce a P-256 key with `v: [1, 2]`, and start the ratchet with member `victimName`. */
export async function joinHostileV2(
  url: string,
  room: string,
  name: string,
  victimName: string,
): Promise<HostileV2> {
  const socket = connectClient(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  const call = (event: string, payload: unknown) =>
    socket.timeout(5000).emitWithAck(event, payload) as Promise<
      { ok: boolean; error?: { code?: string } } & any
    >;
  const join = await call('join', { room, name, resume: randomBytes(32).toString('base64url') });
  if (!join.ok) throw new Error(`join refused: ${JSON.stringify(join)}`);
  const me: string = join.me.id;
  const victim = (join.peers as { id: string; name: string; key?: { curve: string; pub: string } }[]).find(
    (p) => p.name === victimName,
  );
  if (!victim?.key || victim.key.curve !== 'P-256') throw new Error(`${victimName} has no P-256 key yet`);
  const own = await generateKeyAgreement('P-256');
  const ratchet = await DoubleRatchet.create({
    own,
    peerPub: Buffer.from(victim.key.pub, 'base64url'),
    room,
    generate: () => generateKeyAgreement('P-256'),
  });
  const opened = new Map<string, unknown>();
  const waiters = new Set<() => void>();
  let queue: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(op: () => Promise<T>): Promise<T> => {
    const next = queue.then(op);
    queue = next.catch(() => undefined);
    return next;
  };
  socket.on('dm', (d: { from: string; id: string; kind: string; body: unknown }) => {
    if (d.from !== victim.id || d.kind !== 'ratchet') return;
    void inOrder(async () => {
      try {
        const { plaintext } = await ratchet.decryptBody(d.body, { room, from: victim.id, to: me, id: d.id });
        opened.set(d.id, JSON.parse(new TextDecoder().decode(plaintext)));
        for (const w of [...waiters]) w();
      } catch {
        // A resend of a body already opened: its key is gone.
      }
    });
  });
  const ack = await call('key', {
    curve: 'P-256',
    pub: Buffer.from(own.publicRaw).toString('base64url'),
    v: [1, 2],
  });
  if (!ack.ok) throw new Error(`key refused: ${JSON.stringify(ack)}`);
  return {
    id: me,
    socket,
    opened,
    seal: (id, plaintext) =>
      inOrder(() =>
        ratchet.encryptBytes(plaintextBytes(plaintext), { room, from: me, to: victim.id, id }),
      ).then((e) => e.body),
    sent: async (event, payload) => {
      for (;;) {
        const a = await call(event, payload);
        if (a.error?.code !== 'rate-limited') return a.ok === true;
        await new Promise((resolve) => setTimeout(resolve, 200)); // the relay's bucket refills 30 tokens a second
      }
    },
    openedDm: (id, ms = 10_000) =>
      new Promise((resolve, reject) => {
        const look = (): void => {
          if (!opened.has(id)) return;
          waiters.delete(look);
          clearTimeout(timer);
          resolve(opened.get(id));
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`timed out waiting to open dm ${id}`));
        }, ms);
        waiters.add(look);
        look();
      }),
    close: () => void socket.close(),
  };
}

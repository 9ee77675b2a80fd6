// Test helper: a scripted hostile member (socket.io-client in Node) that derives the real P-256 channel key
// with WebCrypto, written from docs/protocol.md §5 (not the client's code), and sends authentic plaintexts of its choice.
import { randomBytes } from 'node:crypto';
import { io as connectClient, type Socket } from 'socket.io-client';

const subtle = globalThis.crypto.subtle;
const text = new TextEncoder();

/** A receipt the hostile member got back: the message id and the receipt body. */
export interface HostileReceipt {
  id: string;
  body: unknown;
}

/** A joined hostile member with a channel key per victim. */
export interface Hostile {
  /** Our member id. */
  readonly id: string;
  /** The raw socket, for events the helper does not wrap. */
  readonly socket: Socket;
  /** Every receipt received so far, in order. */
  readonly receipts: HostileReceipt[];
  /** Ids of `msg` dms received from members (in order): a barrier for what the victim sent before. */
  readonly messagesIn: string[];
  /** Resolves once `n` `msg` dms have arrived (rejects after `ms`). */
  messagesArrived(n: number, ms?: number): Promise<void>;
  /** The latest P-256 public key (base64url) member `id` announced, as we hold it. */
  keyOf(id: string): string | undefined;
  /** The member id of the member named `name` (joined before us, or announced since). */
  idOf(name: string): string | undefined;
  /** The P-256 public key (base64url) member `id` announced, if any. */
  pubOf(id: string): string | undefined;
  /** Derive the channel key with `victim` (waits for its key if it has not announced one yet). */
  channelWith(victim: string): Promise<void>;
  /** Encrypt `plaintext` (an object, JSON-encoded, or raw text or bytes) to `victim` as message `id`; no ack awaited. */
  send(victim: string, id: string, plaintext: unknown): Promise<void>;
  /** Announce a fresh key pair (a key change) and derive the channel keys with every victim again. */
  rekey(): Promise<void>;
  /** A public `step` to the room: the session sees it after every event we emitted before it. */
  step(phase: string): Promise<void>;
  /** Leave and disconnect. */
  close(): void;
}

/** Emit with an ack (5 s). */
function call(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<{ ok: boolean } & Record<string, unknown>> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<
    { ok: boolean } & Record<string, unknown>
  >;
}

/** Unsigned byte order of two raw keys (§5 step 2). */
function sorted(a: Uint8Array, b: Uint8Array): [Uint8Array, Uint8Array] {
  for (let i = 0; i < Math.min(a.length, b.length); i++)
    if (a[i] !== b[i]) return a[i]! < b[i]! ? [a, b] : [b, a];
  return a.length <= b.length ? [a, b] : [b, a];
}

/** K = HKDF-SHA256(Z, SHA-256(lo ‖ hi), "curvechat/v1 P-256 " + room) as an AES-256-GCM key (§5 steps 1–4). */
export async function channelKey(
  room: string,
  priv: CryptoKey,
  myRaw: Uint8Array,
  peerRaw: Uint8Array,
): Promise<CryptoKey> {
  const peer = await subtle.importKey(
    'raw',
    new Uint8Array(peerRaw),
    { name: 'ECDH', namedCurve: 'P-256' },
    false,
    [],
  );
  const z = await subtle.deriveBits({ name: 'ECDH', public: peer }, priv, 256);
  const [lo, hi] = sorted(myRaw, peerRaw);
  const salt = await subtle.digest('SHA-256', Buffer.concat([lo, hi]));
  const ikm = await subtle.importKey('raw', z, 'HKDF', false, ['deriveKey']);
  const info = text.encode(`curvechat/v1 P-256 ${room}`);
  return subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
}

/**
 * The `msg` body `{ iv, ct }` of message `id` from `from` to `to` in `room` under channel key `key` (§5 step 5):
 * `plaintext` is JSON-encoded, or sent as is when it is a string or raw bytes (so it may be any junk).
 */
export async function seal(
  key: CryptoKey,
  aad: { room: string; from: string; to: string; id: string },
  plaintext: unknown,
): Promise<{ iv: string; ct: string }> {
  const iv = new Uint8Array(randomBytes(12));
  const additionalData = text.encode(`${aad.room}\n${aad.from}\n${aad.to}\n${aad.id}`);
  const data =
    plaintext instanceof Uint8Array
      ? plaintext
      : text.encode(typeof plaintext === 'string' ? plaintext : JSON.stringify(plaintext));
  const ct = new Uint8Array(
    await subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, new Uint8Array(data)),
  );
  return { iv: Buffer.from(iv).toString('base64url'), ct: Buffer.from(ct).toString('base64url') };
}

/** Join `room` at `url` as `name` with a fresh P-256 key pair, announce it, and return the scripted member. */
export async function joinHostile(url: string, room: string, name: string): Promise<Hostile> {
  const socket = connectClient(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  const pubs = new Map<string, Uint8Array>();
  const waiting = new Map<string, () => void>();
  const receipts: HostileReceipt[] = [];
  const messagesIn: string[] = [];
  const ids = new Map<string, string>();
  socket.on('peer-joined', (p: { id: string; name: string }) => ids.set(p.name, p.id));
  socket.on('peer-key', (p: { from: string; curve: string; pub: string }) => {
    if (p.curve !== 'P-256') return;
    pubs.set(p.from, Buffer.from(p.pub, 'base64url'));
    waiting.get(p.from)?.();
  });
  socket.on('dm', (d: { from: string; id: string; kind: string; body: unknown }) => {
    if (d.kind === 'receipt') receipts.push({ id: d.id, body: d.body });
    if (d.kind === 'msg') messagesIn.push(d.id);
    for (const check of [...arrivals]) check();
  });
  const arrivals = new Set<() => void>();
  const messagesArrived = (n: number, ms = 10_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (messagesIn.length < n) return;
        arrivals.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        arrivals.delete(check);
        reject(new Error(`timed out waiting for ${n} messages (got ${messagesIn.length})`));
      }, ms);
      arrivals.add(check);
      check();
    });
  const join = await call(socket, 'join', { room, name, resume: randomBytes(32).toString('base64url') });
  if (!join.ok) throw new Error(`hostile join refused: ${JSON.stringify(join)}`);
  const me = (join.me as { id: string }).id;
  for (const p of join.peers as { id: string; name: string; key?: { curve: string; pub: string } }[]) {
    ids.set(p.name, p.id);
    if (p.key?.curve === 'P-256') pubs.set(p.id, Buffer.from(p.key.pub, 'base64url'));
  }
  let pair!: CryptoKeyPair;
  let myRaw!: Uint8Array;
  const keys = new Map<string, CryptoKey>();
  const announce = async (): Promise<void> => {
    pair = (await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, [
      'deriveBits',
    ])) as CryptoKeyPair;
    myRaw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
    const keyAck = await call(socket, 'key', {
      curve: 'P-256',
      pub: Buffer.from(myRaw).toString('base64url'),
    });
    if (!keyAck.ok) throw new Error(`hostile key refused: ${JSON.stringify(keyAck)}`);
    for (const victim of keys.keys())
      keys.set(victim, await channelKey(room, pair.privateKey, myRaw, pubs.get(victim)!));
  };
  await announce();

  const channelWith = async (victim: string): Promise<void> => {
    if (!pubs.has(victim)) await new Promise<void>((resolve) => waiting.set(victim, resolve));
    keys.set(victim, await channelKey(room, pair.privateKey, myRaw, pubs.get(victim)!));
  };
  const send = async (victim: string, id: string, plaintext: unknown): Promise<void> => {
    const key = keys.get(victim);
    if (!key) throw new Error('call channelWith(victim) first');
    const body = await seal(key, { room, from: me, to: victim, id }, plaintext);
    socket.emit('dm', { id, kind: 'msg', parts: [{ to: victim, body }] });
  };
  const step = async (phase: string): Promise<void> => {
    const ack = await call(socket, 'step', { phase, detail: {} });
    if (!ack.ok) throw new Error(`hostile step refused: ${JSON.stringify(ack)}`);
  };
  return {
    id: me,
    socket,
    receipts,
    messagesIn,
    messagesArrived,
    keyOf: (id: string) => {
      const pub = pubs.get(id);
      return pub ? Buffer.from(pub).toString('base64url') : undefined;
    },
    idOf: (name: string) => ids.get(name),
    pubOf: (id: string) => {
      const pub = pubs.get(id);
      return pub && Buffer.from(pub).toString('base64url');
    },
    channelWith,
    rekey: announce,
    send,
    step,
    close: () => void socket.close(),
  };
}

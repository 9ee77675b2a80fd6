// A scripted v1 client for tests, written from docs/protocol.md §1–§7 only (node WebCrypto, no client code): it
// joins, announces a P-256 key without `v`, derives K per §5, sends `msg` dms, opens them and answers with `receipt`.
import { randomBytes, webcrypto } from 'node:crypto';
import type { Socket as Client } from 'socket.io-client';
import { call, joinAs } from './helpers.js';

const subtle = webcrypto.subtle;
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'));

/** One message the scripted client opened. */
export interface V1Received {
  from: string;
  id: string;
  text: string;
}

/** A joined scripted v1 member. */
export interface V1Client {
  readonly id: string;
  readonly socket: Client;
  /** Texts opened so far, in arrival order. */
  readonly received: V1Received[];
  /** Every `dm` kind that reached it (it opens only `msg` and reads `receipt`). */
  readonly kinds: string[];
  /** Receipts it got, in arrival order. */
  readonly receipts: { from: string; id: string; ok: boolean }[];
  /** Member id by display name, for every member it has seen (join ack and `peer-joined`). */
  readonly ids: Map<string, string>;
  /** Send `text` to the members listed (v1 `msg`, one part each); resolves with the dm id after the relay's ack. */
  send(text: string, to: string[]): Promise<string>;
}

/** §5 steps 1–4: K for the pair of raw public keys on P-256 in `room`. */
async function channelKey(priv: CryptoKey, ownRaw: Uint8Array, peerRaw: Uint8Array, room: string) {
  const peer = await subtle.importKey('raw', peerRaw, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const z = new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: peer }, priv, 256));
  const cmp = Buffer.compare(Buffer.from(ownRaw), Buffer.from(peerRaw));
  const [lo, hi] = cmp < 0 ? [ownRaw, peerRaw] : [peerRaw, ownRaw];
  const salt = new Uint8Array(await subtle.digest('SHA-256', Buffer.concat([lo, hi])));
  const info = new TextEncoder().encode(`curvechat/v1 P-256 ${room}`);
  const ikm = await subtle.importKey('raw', z, 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Join `room` as `name` on the relay at `url` and announce a fresh P-256 key (no `v`: a v1 client). */
export async function joinV1(url: string, room: string, name: string): Promise<V1Client> {
  const member = await joinAs(url, room, name);
  const { socket, id } = member;
  const pair = (await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, [
    'deriveBits',
  ])) as CryptoKeyPair;
  const ownRaw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  const keys = new Map<string, Promise<CryptoKey>>();
  const learn = (from: string, key: { curve?: string; pub?: string } | undefined): void => {
    if (key?.curve === 'P-256' && key.pub)
      keys.set(from, channelKey(pair.privateKey, ownRaw, unb64(key.pub), room));
  };
  const ids = new Map<string, string>();
  for (const p of member.joinAck.peers as {
    id: string;
    name: string;
    key?: { curve: string; pub: string };
  }[]) {
    ids.set(p.name, p.id);
    learn(p.id, p.key);
  }
  socket.on('peer-joined', (p: { id: string; name: string }) => void ids.set(p.name, p.id));
  socket.on('peer-key', (p: { from: string; curve: string; pub: string }) => learn(p.from, p));
  const received: V1Received[] = [];
  const kinds: string[] = [];
  const receipts: { from: string; id: string; ok: boolean }[] = [];
  const aad = (from: string, to: string, mid: string): Uint8Array =>
    new TextEncoder().encode(`${room}\n${from}\n${to}\n${mid}`);
  socket.on('dm', async (d: { from: string; id: string; kind: string; body: any }) => {
    kinds.push(d.kind);
    if (d.kind === 'receipt') return void receipts.push({ from: d.from, id: d.id, ok: d.body?.ok === true });
    if (d.kind !== 'msg') return; // §4: unknown kinds are ignored
    const k = await keys.get(d.from);
    if (!k) return;
    try {
      const pt = await subtle.decrypt(
        { name: 'AES-GCM', iv: unb64(d.body.iv), additionalData: aad(d.from, id, d.id) },
        k,
        unb64(d.body.ct),
      );
      const m = JSON.parse(new TextDecoder().decode(pt)) as { text: string };
      received.push({ from: d.from, id: d.id, text: m.text });
      socket.emit('dm', { id: d.id, kind: 'receipt', parts: [{ to: d.from, body: { ok: true } }] });
    } catch {
      // not ours to answer: junk gets no receipt
    }
  });
  const ack = await call(socket, 'key', { curve: 'P-256', pub: b64(ownRaw) });
  if (!ack?.ok) throw new Error(`key refused: ${JSON.stringify(ack)}`);
  let counter = 0;
  const send = async (text: string, to: string[]): Promise<string> => {
    const mid = `v1-${id.slice(0, 6)}-${++counter}`;
    const plaintext = new TextEncoder().encode(JSON.stringify({ type: 'text', text, ts: Date.now() }));
    const parts = [];
    for (const peer of to) {
      const k = await keys.get(peer);
      if (!k) throw new Error(`no key for ${peer}`);
      const iv = randomBytes(12);
      const ct = new Uint8Array(
        await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(id, peer, mid) }, k, plaintext),
      );
      parts.push({ to: peer, body: { iv: b64(iv), ct: b64(ct) } });
    }
    const res = await call(socket, 'dm', { id: mid, kind: 'msg', parts });
    if (!res?.ok) throw new Error(`dm refused: ${JSON.stringify(res)}`);
    return mid;
  };
  return { id, socket, received, kinds, receipts, ids, send };
}

/** Resolve once `predicate` holds (polled every 20 ms); reject naming `what` after `ms`. */
export async function until(predicate: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Test helper: an in-process Socket.IO server that plays a relay and one member, Bob, with a real P-256 channel to
// the session that joins it, so a test can send a RoomSession any event, well formed or not (the client fuzz suite);
// optionally a second member, Vera, who announces v2 and whose key pair the test holds (the v2 fuzz suite).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import type { KeyAgreement } from '../../client/crypto/key-agreement.js';
import { channelKey, seal } from './hostile.js';

const subtle = globalThis.crypto.subtle;
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** Bob's member id. */
export const BOB = 'B'.repeat(22);
/** The member id the fake relay gives the session. */
export const ME = 'M'.repeat(22);
/** Vera's member id (with `{ vera: true }`): a v2 member, `v: [1, 2]`. */
export const VERA = 'V'.repeat(22);

/** One `dm` the session sent (a message or a receipt). */
export interface SentDm {
  id: string;
  kind: string;
  parts: { to: string; body: unknown }[];
}

/** The fake relay with Bob in `room`. */
export interface FakeRelay {
  readonly url: string;
  /** Bob's raw public key, base64url. */
  readonly bobPub: string;
  /** Vera's P-256 key pair (with `{ vera: true }`): the test runs her side of the v2 pair. */
  readonly vera: KeyAgreement | undefined;
  /** The session's announced public key, base64url (once it announced). */
  readonly sessionPub: string | undefined;
  /** Every `dm` the session sent, in order. */
  readonly sent: SentDm[];
  /** Answers to the next `join` requests (after them, an ok ack listing Bob with his key). */
  readonly joinAnswers: unknown[];
  /** Answers to the session's next `who` requests (after them, Bob with his key). */
  readonly whoAnswers: unknown[];
  /** How many `who` requests were answered. */
  readonly whoCount: number;
  /** Emit `event` with `args` to the session's current socket. */
  emit(event: string, ...args: unknown[]): void;
  /** Bob's `msg` body for message `id` to the session with `plaintext` (any junk), or under a wrong AAD. */
  sealFromBob(
    id: string,
    plaintext: unknown,
    aad?: { room?: string; to?: string },
  ): Promise<{ iv: string; ct: string }>;
  /** Resolves once a `dm` from the session matches `check` (rejects after `ms`). */
  sentMatching(check: (dm: SentDm) => boolean, ms?: number): Promise<SentDm>;
  close(): Promise<void>;
}

/**
 * Start the fake relay for `room`: joins are answered with Bob (and his key) as the only other member, and with
 * Vera (her key and `v: [1, 2]`) too when `options.vera`.
 */
export async function startFakeRelay(room: string, options: { vera?: boolean } = {}): Promise<FakeRelay> {
  const pair = (await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, [
    'deriveBits',
  ])) as CryptoKeyPair;
  const bobRaw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  const bobPub = Buffer.from(bobRaw).toString('base64url');
  const bob = { id: BOB, name: 'Bob', key: { curve: 'P-256', pub: bobPub } };
  const vera = options.vera ? await generateKeyAgreement('P-256') : undefined;
  const members: object[] = vera
    ? [bob, { id: VERA, name: 'Vera', key: { curve: 'P-256', pub: b64(vera.publicRaw), v: [1, 2] } }]
    : [bob];
  const http = createServer();
  const io = new Server(http);
  let current: Socket | undefined;
  let sessionPub: string | undefined;
  let key: CryptoKey | undefined;
  let whoCount = 0;
  const whoAnswers: unknown[] = [];
  const joinAnswers: unknown[] = [];
  const sent: SentDm[] = [];
  const waiters = new Set<() => void>();

  io.on('connection', (socket) => {
    socket.on('join', (_p: unknown, cb?: (a: unknown) => void) => {
      if (joinAnswers.length > 0) return cb?.(joinAnswers.shift());
      current = socket;
      cb?.({ ok: true, me: { id: ME }, peers: members });
    });
    socket.on('key', async (p: { curve: string; pub: string }, cb?: (a: unknown) => void) => {
      sessionPub = p.pub;
      key = await channelKey(room, pair.privateKey, bobRaw, Buffer.from(p.pub, 'base64url'));
      cb?.({ ok: true });
    });
    socket.on('who', (_p: unknown, cb?: (a: unknown) => void) => {
      whoCount++;
      cb?.(whoAnswers.length > 0 ? whoAnswers.shift() : { ok: true, peers: members });
    });
    socket.on('dm', (p: SentDm, cb?: (a: unknown) => void) => {
      sent.push(p);
      for (const w of [...waiters]) w();
      cb?.({ ok: true });
    });
    for (const event of ['step', 'leave'])
      socket.on(event, (_p: unknown, cb?: (a: unknown) => void) => cb?.({ ok: true }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    bobPub,
    vera,
    get sessionPub() {
      return sessionPub;
    },
    sent,
    joinAnswers,
    whoAnswers,
    get whoCount() {
      return whoCount;
    },
    emit: (event, ...args) => {
      if (!current) throw new Error('no session has joined');
      current.emit(event, ...args);
    },
    sealFromBob: (id, plaintext, aad = {}) => {
      if (!key) throw new Error('the session has not announced its key');
      return seal(key, { room: aad.room ?? room, from: BOB, to: aad.to ?? ME, id }, plaintext);
    },
    sentMatching: (check, ms = 5000) =>
      new Promise((resolve, reject) => {
        const look = (): void => {
          const found = sent.find(check);
          if (!found) return;
          waiters.delete(look);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error('timed out waiting for a dm from the session'));
        }, ms);
        waiters.add(look);
        look();
      }),
    close: async () => {
      await io.close();
    },
  };
}

// Pure helpers of the session: channel planning, resume storage, ack texts, dedupe, log, steps, sizes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toBase64Url } from '../../client/crypto/base64url.js';
import { generateKeyAgreement } from '../../client/crypto/ecdh.js';
import { NoSecureChannelError } from '../../client/crypto/errors.js';
import { importAesGcmKey } from '../../client/crypto/kdf.js';
import { encryptMessage } from '../../client/crypto/message.js';
import { describeFailure, readAck } from '../../client/session/ack-errors.js';
import { ActivityLog } from '../../client/session/activity-log.js';
import {
  decodePeerPublicKey,
  deriveChannel,
  planChannel,
  type Channel,
} from '../../client/session/channel.js';
import { REPLAY_SKEW_MS, ReplayGuard } from '../../client/session/replay.js';
import { MemoryStorage, RESUME_KEY, getOrCreateResume, newMessageId } from '../../client/session/resume.js';
import { batchParts, encryptedBodyBytes } from '../../client/session/messages.js';
import { checkStepDetail } from '../../client/session/steps.js';
import { cleanReason, jsonByteLength, myKeyView, wireView } from '../../client/session/views.js';

describe('planChannel', () => {
  const k = (curve: 'P-256' | 'X25519', pub: string) => ({ curve, pub });
  const existing = { curve: 'P-256', ownPub: 'A', peerPub: 'B', room: 'r' } as Channel;
  it('covers no key, mismatch, keep and derive', () => {
    assert.equal(planChannel(undefined, undefined, undefined, 'Bob', 'r').kind, 'no-key');
    assert.match(
      (planChannel(undefined, k('P-256', 'B'), undefined, 'Bob', 'r') as any).reason,
      /Generate your keys/,
    );
    assert.match(
      (planChannel(k('P-256', 'A'), undefined, undefined, 'Bob', 'r') as any).reason,
      /Waiting for Bob's/,
    );
    const mm = planChannel(k('P-256', 'A'), k('X25519', 'B'), undefined, 'Bob', 'r');
    assert.equal(mm.kind, 'curve-mismatch');
    assert.match((mm as any).reason, /Bob uses X25519 but you use P-256/);
    assert.equal(planChannel(k('P-256', 'A'), k('P-256', 'B'), existing, 'Bob', 'r').kind, 'keep');
    assert.equal(planChannel(k('P-256', 'A'), k('P-256', 'C'), existing, 'Bob', 'r').kind, 'derive');
    assert.equal(planChannel(k('P-256', 'Z'), k('P-256', 'B'), existing, 'Bob', 'r').kind, 'derive');
    assert.equal(planChannel(k('P-256', 'A'), k('P-256', 'B'), existing, 'Bob', 'other').kind, 'derive');
    assert.equal(planChannel(k('P-256', 'A'), k('P-256', 'B'), undefined, 'Bob', 'r').kind, 'derive');
  });

  it('deriveChannel agrees on both sides and refuses malformed or foreign keys', async () => {
    const a = await generateKeyAgreement('P-384');
    const b = await generateKeyAgreement('P-384');
    const ab = await deriveChannel(a, { curve: 'P-384', pub: toBase64Url(b.publicRaw) }, 'r');
    const ba = await deriveChannel(b, { curve: 'P-384', pub: toBase64Url(a.publicRaw) }, 'r');
    assert.deepEqual(ab.derived, ba.derived);
    assert.equal(ab.ownPub, toBase64Url(a.publicRaw));
    assert.throws(() => decodePeerPublicKey('P-256', 'not base64!'), NoSecureChannelError);
    assert.throws(() => decodePeerPublicKey('P-256', toBase64Url(new Uint8Array(64))), /64 bytes; 65/);
    await assert.rejects(deriveChannel(a, { curve: 'P-256', pub: 'AAAA' }, 'r'), /on P-256, not P-384/);
    const offCurve = Uint8Array.from(b.publicRaw);
    offCurve[40] ^= 1;
    await assert.rejects(
      deriveChannel(a, { curve: 'P-384', pub: toBase64Url(offCurve) }, 'r'),
      /not a valid point/,
    );
  });
});

describe('resume', () => {
  it('creates 32 random bytes once and reuses them; replaces a corrupt value', () => {
    const store = new MemoryStorage();
    const r1 = getOrCreateResume(store);
    assert.match(r1, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(getOrCreateResume(store), r1);
    assert.notEqual(getOrCreateResume(new MemoryStorage()), r1);
    store.setItem(RESUME_KEY, 'short');
    const r2 = getOrCreateResume(store);
    assert.notEqual(r2, 'short');
    assert.equal(store.getItem(RESUME_KEY), r2);
  });

  it('works when the storage throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
      removeItem: () => undefined,
    };
    assert.match(getOrCreateResume(broken), /^[A-Za-z0-9_-]{43}$/);
  });

  it('message ids are 22 base64url characters and distinct', () => {
    const ids = new Set(Array.from({ length: 100 }, newMessageId));
    assert.equal(ids.size, 100);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  });
});

describe('ack errors', () => {
  it('maps codes to plain sentences', () => {
    assert.equal(
      describeFailure({ code: 'room-full', message: 'This room is full (100 members).' }, 100),
      'This room is full (100 members).',
    );
    assert.equal(describeFailure({ code: 'room-full', message: '' }, 7), 'This room is full (7 members).');
    assert.match(describeFailure({ code: 'rate-limited', message: '' }, 100), /wait a moment/);
    assert.match(
      describeFailure({ code: 'bad-request', message: 'Name is 40 characters' }, 100),
      /Name is 40/,
    );
    assert.match(describeFailure({ code: 'timeout', message: '' }, 100), /did not answer in time/);
  });

  it('reads acks defensively', () => {
    assert.deepEqual(readAck({ ok: true, me: { id: 'x' } }), {
      ok: true,
      value: { ok: true, me: { id: 'x' } },
    });
    const bad = readAck({ ok: false, error: { code: 'room-full', message: 'm' } });
    assert.deepEqual(bad, { ok: false, failure: { code: 'room-full', message: 'm' } });
    assert.deepEqual(readAck(undefined), { ok: false, failure: { code: 'internal', message: '' } });
    assert.deepEqual(readAck({ ok: false, error: { code: 'weird' } }), {
      ok: false,
      failure: { code: 'internal', message: '' },
    });
  });
});

describe('dedupe and log', () => {
  it('remembers (room, sender, id), bounded per sender and in senders', () => {
    const seen = new ReplayGuard(3, 2);
    assert.equal(seen.show('r', 'bob', '1'), true);
    assert.equal(seen.show('r', 'bob', '1'), false);
    assert.equal(seen.shown('r', 'carol', '1'), false);
    assert.equal(seen.shown('other-room', 'bob', '1'), false);
    seen.show('r', 'bob', '2');
    seen.show('r', 'bob', '3');
    seen.show('r', 'bob', '4');
    assert.equal(seen.shown('r', 'bob', '1'), false, 'oldest id forgotten');
    assert.equal(seen.shown('r', 'bob', '4'), true);
    seen.show('r', 'carol', '1');
    seen.show('r', 'dave', '1');
    assert.equal(seen.shown('r', 'bob', '4'), false, 'oldest sender forgotten');
  });

  it('dates a channel by its first ready time and refuses times before it minus the skew', () => {
    const guard = new ReplayGuard();
    const t0 = Date.UTC(2026, 11, 2, 9);
    guard.channelReady('fp', t0);
    guard.channelReady('fp', t0 + 5_000_000); // a rejoin with the same keys keeps the first time
    assert.equal(guard.predatesChannel('fp', t0 - REPLAY_SKEW_MS - 1), true);
    assert.equal(guard.predatesChannel('fp', t0 - REPLAY_SKEW_MS), false);
    assert.equal(guard.predatesChannel('fp', t0 + 1), false);
    assert.equal(guard.predatesChannel('unknown', 0), false);
  });

  it('numbers log lines, caps them and returns a fresh array each time', () => {
    let t = 0;
    const log = new ActivityLog(() => ++t, 3);
    const first = log.entries;
    log.add('info', 'a');
    assert.notEqual(log.entries, first);
    for (const x of ['b', 'c', 'd']) log.add('warn', x);
    assert.deepEqual(
      log.entries.map((e) => [e.seq, e.text]),
      [
        [2, 'b'],
        [3, 'c'],
        [4, 'd'],
      ],
    );
  });
});

describe('steps guard', () => {
  const secret = 'aa'.repeat(32);
  it('accepts public details and refuses secrets, forbidden names and oversize details', () => {
    checkStepDetail({ curve: 'P-256', bit: 3, q: '04ab' }, [secret], 4096);
    assert.throws(() => checkStepDetail({ privateKey: '1' }, [], 4096), /may not carry "privateKey"/);
    assert.throws(() => checkStepDetail({ nested: { zHex: '1' } }, [], 4096), /zHex/);
    assert.throws(() => checkStepDetail({ x: `0x${secret.toUpperCase()}` }, [secret], 4096), /private key/);
    const b64 = Buffer.from(secret, 'hex').toString('base64url');
    assert.throws(() => checkStepDetail({ x: b64 }, [secret], 4096), /private key/);
    assert.throws(() => checkStepDetail({ x: 'y'.repeat(5000) }, [], 4096), /limit is 4096/);
    assert.throws(() => checkStepDetail([1], [], 4096), /JSON object/);
    checkStepDetail({ d8: '03' }, ['03'], 4096); // toy-size secrets are too short to match safely
  });
});

describe('views and sizes', () => {
  it('estimates the encrypted body size exactly', async () => {
    const key = await importAesGcmKey(new Uint8Array(32));
    for (const text of ['', 'a', 'héllo 🙂', 'x'.repeat(1000), '"\\\n'.repeat(50)]) {
      const { body } = await encryptMessage(key, 'aad', text, 1700000000123);
      assert.equal(encryptedBodyBytes(text, 1700000000123), jsonByteLength(body), JSON.stringify(text));
    }
  });

  it('builds key and wire views', async () => {
    const k = await generateKeyAgreement('P-256');
    const v = myKeyView(k, 5);
    assert.equal(v.pubHex.slice(2), v.coords.x + v.coords.y);
    assert.equal(v.bits, 256);
    assert.equal(v.createdAt, 5);
    const ct = new Uint8Array(20).fill(7);
    const w = wireView('id', 'Bob', new Uint8Array(12), ct, 'r\na\nb\nm', 'fp');
    assert.equal(w.ctHex, '07070707');
    assert.equal(w.tagHex, '07'.repeat(16));
    assert.equal(w.aadHex, Buffer.from('r\na\nb\nm').toString('hex'));
    assert.equal(cleanReason(undefined), 'no reason given');
    assert.equal(cleanReason('x'.repeat(500)).length, 200);
  });

  it('batches dm parts under the frame budget, never splitting a part', () => {
    const part = (to: string, n: number) =>
      ({ to, body: { iv: 'i', ct: 'x'.repeat(n) } }) as unknown as Parameters<typeof batchParts>[0][number];
    const parts = [part('a', 100), part('b', 100), part('c', 100), part('d', 500)];
    const one = jsonByteLength({ to: 'a', body: { iv: 'i', ct: 'x'.repeat(100) } }) + 1;
    assert.deepEqual(
      batchParts(parts, one * 2).map((b) => b.map((p) => p.to)),
      [['a', 'b'], ['c'], ['d']],
    );
    assert.deepEqual(batchParts(parts, 1_000_000).length, 1);
    assert.deepEqual(batchParts([], 10), []);
  });
});

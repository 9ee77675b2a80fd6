// The sender's schedule (client/session/file-outgoing.ts): offers first and again when unanswered, a 16-chunk window
// per recipient paced by acks, rewinds on stalls and on `resume`, giving up a silent recipient, and the pump's release.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileSecrets, SealedChunk } from '../../client/crypto/file-crypto.js';
import {
  MAX_OFFER_TRIES,
  OFFER_RETRY_MS,
  STALL_MS,
  WINDOW,
  acked,
  chunkRefused,
  chunkSent,
  nextWork,
  offerSent,
  overallState,
  rewindAll,
  type OutgoingFile,
  type OutgoingRecipient,
} from '../../client/session/file-outgoing.js';
import { FilePump } from '../../client/session/file-pump.js';

function recipient(id: string): OutgoingRecipient {
  const wrap = { ivHex: '', ctBytes: 0, aad: '', keyFingerprint: '' };
  return {
    id,
    name: id,
    state: 'offered',
    acked: 0,
    next: 0,
    offer: { iv: '', ct: '' },
    offerTries: 0,
    heardAt: 0,
    stalls: 0,
    wrap,
  };
}

function file(chunks: number, ...ids: string[]): OutgoingFile {
  const sealed: SealedChunk[] = Array.from({ length: chunks }, (_, index) => ({
    index,
    iv: new Uint8Array(12),
    ct: new Uint8Array(4),
  }));
  return {
    ...{
      fileId: 'f',
      name: 'x',
      mime: 'application/octet-stream',
      image: false,
      size: 1,
      ts: 0,
      bytes: new Uint8Array(1),
    },
    ...{
      sha256Hex: '',
      secrets: {} as FileSecrets,
      chunks: sealed,
      bodies: sealed.map(() => ({ iv: '', ct: '' })),
    },
    recipients: new Map(ids.map((id) => [id, recipient(id)])),
  };
}

/** Run the schedule at `now` until it has nothing to send; returns what it sent. */
function drain(f: OutgoingFile, now: number): string[] {
  const sent: string[] = [];
  for (let w = nextWork(f, now); w; w = nextWork(f, now)) {
    if (w.kind === 'offer') {
      offerSent(w.to, now);
      sent.push(`offer:${w.to.id}`);
    } else {
      chunkSent(w);
      sent.push(`${w.index}:${w.to.map((r) => r.id).join('+')}`);
    }
  }
  return sent;
}

describe('file sending schedule', () => {
  it('offers first, waits for the ack, then sends one window; a shared index goes to everyone at once', () => {
    const f = file(40, 'bob', 'carol');
    assert.deepEqual(drain(f, 0), ['offer:bob', 'offer:carol']);
    acked(f, f.recipients.get('bob')!, 0, false, 10);
    acked(f, f.recipients.get('carol')!, 0, false, 10);
    const sent = drain(f, 10);
    assert.equal(sent.length, WINDOW);
    assert.equal(sent[0], '0:bob+carol');
    acked(f, f.recipients.get('bob')!, 8, false, 20);
    assert.deepEqual(
      drain(f, 20),
      Array.from({ length: 8 }, (_, i) => `${WINDOW + i}:bob`),
    );
  });

  it('sends an unanswered offer again after OFFER_RETRY_MS and gives up after MAX_OFFER_TRIES', () => {
    const f = file(3, 'bob');
    let t = 0;
    for (let i = 0; i < MAX_OFFER_TRIES; i++) {
      assert.deepEqual(drain(f, t), ['offer:bob']);
      assert.deepEqual(drain(f, t + OFFER_RETRY_MS - 1), []);
      t += OFFER_RETRY_MS;
    }
    drain(f, t);
    assert.equal(f.recipients.get('bob')!.state, 'failed');
    assert.equal(overallState(f), 'failed');
  });

  it('a stalled window is sent again from the last ack; a resume ack rewinds at once; a refusal resends', () => {
    const f = file(40, 'bob');
    const bob = f.recipients.get('bob')!;
    drain(f, 0);
    acked(f, bob, 0, false, 0);
    drain(f, 0);
    acked(f, bob, 4, false, 1);
    assert.equal(drain(f, 2).length, 4); // the window moved by 4
    assert.deepEqual(
      drain(f, 1 + STALL_MS),
      Array.from({ length: WINDOW }, (_, i) => `${4 + i}:bob`),
    );
    acked(f, bob, 10, true, 2 + STALL_MS); // reconnected holding 0–9
    assert.equal(bob.next, 10);
    const w = nextWork(f, 3 + STALL_MS);
    assert.ok(w?.kind === 'chunk');
    chunkSent(w);
    chunkRefused(w);
    assert.equal(bob.next, 10, 'the refused chunk goes again');
    rewindAll(f, 4 + STALL_MS);
    assert.equal(bob.next, 10);
  });

  it('the last ack completes the recipient; acks never move past the chunk count', () => {
    const f = file(3, 'bob');
    const bob = f.recipients.get('bob')!;
    drain(f, 0);
    assert.equal(acked(f, bob, 99, false, 1), true);
    assert.equal(bob.acked, 3);
    assert.equal(bob.state, 'done');
    assert.equal(overallState(f), 'done');
    assert.equal(acked(f, bob, 3, false, 2), false, 'a late ack changes nothing');
  });

  it('the pump lets a finished file’s ciphertext go, and the bytes of all but the newest finished files', () => {
    const membership = { connection: 'connected' as const, wantJoined: true, joined: false, epoch: 0 };
    const pump = new FilePump({ membership, now: () => 0, log: () => undefined, update: () => undefined });
    const files = Array.from({ length: 10 }, (_, i) => ({ ...file(2, 'bob'), fileId: `f${i}` }));
    for (const f of files) {
      pump.add(f);
      acked(f, f.recipients.get('bob')!, 2, false, 0);
      pump.release(f);
    }
    pump.reset();
    assert.equal(files[9]!.bodies.length, 0);
    assert.equal(files[9]!.chunks.length, 2, 'the count stays for the view');
    assert.equal(files[9]!.chunks[0]!.ct.length, 0);
    assert.equal(files.filter((f) => f.bytes).length, 8);
    assert.equal(files[0]!.bytes, undefined);
  });
});

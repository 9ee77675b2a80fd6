// Outbox bookkeeping: delivery states, receipts, re-encryption on a changed channel, retry delays.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_RETRY,
  Outbox,
  isSettled,
  retryDelay,
  type OutgoingMessage,
  type OutgoingPart,
} from '../../client/session/outbox.js';

function part(to: string, fingerprint = 'f1'): OutgoingPart {
  return {
    to,
    toName: to.toUpperCase(),
    state: 'sending',
    attempts: 1,
    body: { iv: 'iv', ct: 'ct' },
    fingerprint,
    verified: false,
    wire: {
      to,
      toName: to,
      ivHex: '',
      ctHex: '',
      tagHex: '',
      aad: '',
      aadHex: '',
      keyFingerprint: fingerprint,
    },
  };
}

function message(id: string, ...parts: OutgoingPart[]): OutgoingMessage {
  return { id, text: 't', ts: 1, parts: new Map(parts.map((p) => [p.to, p])) };
}

describe('Outbox', () => {
  it('moves sending → sent → delivered and never back', () => {
    const box = new Outbox();
    box.add(message('m', part('bob'), part('carol')));
    assert.equal(box.markSent('m', 'bob'), true);
    assert.equal(box.get('m')!.parts.get('bob')!.state, 'sent');
    assert.equal(box.receipt('m', 'bob', { ok: true }, 'f1', 5).kind, 'delivered');
    assert.equal(box.markSent('m', 'bob'), false, 'a late ack does not undo delivery');
    assert.equal(box.get('m')!.parts.get('bob')!.state, 'delivered');
    // A receipt may arrive before the ack.
    assert.equal(box.receipt('m', 'carol', { ok: true }, 'f1', 5).kind, 'delivered');
    assert.equal(box.markSent('m', 'carol'), false);
    assert.deepEqual(box.pending(), []);
  });

  it('ignores receipts from non-recipients, for unknown ids, and malformed bodies', () => {
    const box = new Outbox();
    box.add(message('m', part('bob')));
    assert.equal(box.receipt('m', 'mallory', { ok: true }, 'f1', 5).kind, 'ignored');
    assert.equal(box.receipt('nope', 'bob', { ok: true }, 'f1', 5).kind, 'ignored');
    assert.equal(box.receipt('m', 'bob', { ok: 'yes' }, 'f1', 5).kind, 'ignored');
    assert.equal(box.receipt('m', 'bob', null, 'f1', 5).kind, 'ignored');
    assert.equal(box.receipt('m', 'bob', { ok: true }, 'f1', 5).kind, 'delivered');
    assert.equal(box.receipt('m', 'bob', { ok: true }, 'f1', 5).kind, 'ignored', 'second receipt');
  });

  it('fails on ok:false with the peer reason, cleaned', () => {
    const box = new Outbox();
    box.add(message('m', part('bob')));
    const out = box.receipt('m', 'bob', { ok: false, reason: 'bad tag\u202e\nx' }, 'f1', 5);
    assert.equal(out.kind, 'failed');
    assert.equal(box.get('m')!.parts.get('bob')!.reason, 'BOB could not decrypt it: bad tag  x');
    assert.equal(box.pending().length, 0);
    assert.equal(box.receipt('m', 'bob', { ok: false }, 'f1', 5).kind, 'ignored');
  });

  it('asks for re-encryption on ok:false when the channel changed since, while tries remain', () => {
    const box = new Outbox();
    box.add(message('m', part('bob', 'old')));
    assert.equal(box.receipt('m', 'bob', { ok: false, reason: 'tag' }, 'new', 5).kind, 'reencrypt');
    assert.equal(box.get('m')!.parts.get('bob')!.state, 'sending');
    box.get('m')!.parts.get('bob')!.attempts = 5;
    assert.equal(box.receipt('m', 'bob', { ok: false, reason: 'tag' }, 'new', 5).kind, 'failed');
  });

  it('lists pending parts per recipient, fails them once, and prunes settled messages', () => {
    const box = new Outbox();
    box.add(message('a', part('bob'), part('carol')));
    box.add(message('b', part('bob')));
    assert.equal(box.pending('bob').length, 2);
    assert.equal(box.pending().length, 3);
    assert.equal(box.fail('a', 'bob', 'gone'), true);
    assert.equal(box.fail('a', 'bob', 'again'), false);
    assert.equal(box.get('a')!.parts.get('bob')!.reason, 'gone');
    assert.ok(isSettled(box.get('a')!.parts.get('bob')!));
    box.receipt('b', 'bob', { ok: true }, 'f1', 5);
    box.prune();
    assert.equal(box.get('b'), undefined);
    assert.ok(box.get('a'));
    box.prune(true);
    assert.equal(box.get('a'), undefined);
  });

  it('doubles the retry delay up to the cap', () => {
    const p = { receiptTimeoutMs: 1000, maxDelayMs: 5000, maxAttempts: 6 };
    assert.deepEqual(
      [0, 1, 2, 3, 4, 10, 100].map((n) => retryDelay(n, p)),
      [1000, 1000, 2000, 4000, 5000, 5000, 5000],
    );
    const total = [1, 2, 3, 4, 5].reduce((t, n) => t + retryDelay(n, DEFAULT_RETRY), 0);
    assert.ok(total > 60_000 && total < 120_000, `default retry window ${total} ms`);
  });
});

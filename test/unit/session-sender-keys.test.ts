// The session's sender-key helpers (client/session/sender-key-messages.ts): every refusal of receiver.ts becomes its
// own plain activity line naming the sender, and a sender-keys wire view shows the signed header and no IV.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utf8 } from '../../client/crypto/bytes.js';
import { toHex } from '../../client/crypto/hex.js';
import { decryptBroadcast, type SkFailure } from '../../client/crypto/sender-key/receiver.js';
import { encryptBroadcast, newSenderChain } from '../../client/crypto/sender-key/sender.js';
import { fromBase64Url } from '../../client/crypto/base64url.js';
import { skRefusalText, skWireView } from '../../client/session/sender-key-messages.js';

const REASONS: (SkFailure | 'bad-plaintext')[] = [
  'bad-distribution',
  'conflicting-distribution',
  'bad-body',
  'no-sender-key',
  'unknown-chain',
  'bad-signature',
  'before-distribution',
  'replay',
  'too-far-ahead',
  'auth-failed',
  'bad-plaintext',
];

describe('sender-key lines and views', () => {
  it('every refusal reason has its own line, naming the sender', () => {
    const lines = REASONS.map((r) => skRefusalText('Alice', r, `detail of ${r}`));
    for (const line of lines) assert.match(line, /Alice/);
    // The two distribution refusals share a template; their detail tells them apart.
    assert.equal(new Set(lines).size, REASONS.length);
    assert.match(skRefusalText('Alice', 'bad-signature', ''), /signature is not Alice's/);
  });

  it('a refusal from the library maps to a line (no throw for junk)', async () => {
    const got = await decryptBroadcast(undefined, 'r', 'a', 'id', { junk: true });
    assert.ok(!got.ok);
    assert.match(skRefusalText('Alice', got.reason, got.message), /malformed sender-keys message/);
  });

  it('the wire view of a sender-keys message: no IV, the header text as AAD, the chain id as the key line', async () => {
    const chain = await newSenderChain();
    const body = await encryptBroadcast(
      chain,
      'room',
      'me',
      'm1',
      utf8('{"type":"text","text":"hi","ts":1}'),
    );
    const header = { room: 'room', from: 'me', id: 'm1', chain: body.chain, n: body.n };
    const view = skWireView({ id: 'bob', name: 'Bob' }, header, fromBase64Url(body.ct));
    assert.equal(view.ivHex, '');
    assert.equal(view.via, 'sender-key');
    assert.equal(view.aad, `curvechat/v2 skmsg\nroom\nme\nm1\n${body.chain}\n0`);
    assert.equal(view.keyFingerprint, toHex(fromBase64Url(body.chain)));
    assert.equal(view.tagHex.length, 32);
  });
});

// Encrypted files between RoomSessions over a real relay (docs/protocol.md Extensions, "Encrypted files"): exact
// bytes after the hash check, nothing readable on the wire, cancel from the receiver, and junk file dms ignored.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { FILE_CHUNK_BYTES } from '../../common/schema/files.js';
import { joinHostile, type Hostile } from '../helpers/hostile.js';
import { logText, waitFor } from '../helpers/session.js';
import type { SessionState } from '../../client/session/types.js';
import { readyPair, sessionRelay } from './session-setup.js';

const relay = sessionRelay();
const hostiles: Hostile[] = [];
after(() => hostiles.forEach((h) => h.close()));

const fileNamed = (s: SessionState, name: string) => s.messages.find((m) => m.file?.name === name)?.file;

describe('RoomSession files', () => {
  it('Alice sends Bob a 5-chunk file: Bob gets the exact bytes after the SHA-256 check; the wire carries no name', async () => {
    const [alice, bob] = [relay.session(), relay.session()];
    await readyPair('files-a', [alice, 'Alice'], [bob, 'Bob']);
    const bytes = new Uint8Array(randomBytes(4 * FILE_CHUNK_BYTES + 123));
    await alice.sendFile({ name: 'pelican-plans.bin', type: 'application/octet-stream', bytes });
    const done = await waitFor(
      bob,
      (s) => fileNamed(s, 'pelican-plans.bin')?.state === 'done',
      'the file',
      15_000,
    );
    const got = fileNamed(done, 'pelican-plans.bin')!;
    assert.deepEqual(got.bytes, bytes);
    assert.equal(got.chunks, 5);
    assert.equal(got.wire.lastChunkData, 123);
    await waitFor(
      alice,
      (s) => fileNamed(s, 'pelican-plans.bin')?.recipients?.[0]?.state === 'done',
      'Bob’s final ack',
      10_000,
    );
    const wire = relay.traffic.join('\n');
    assert.ok(!wire.includes('pelican-plans'), 'no file name on the wire');
    assert.ok(
      !wire.includes(Buffer.from(bytes.subarray(500, 548)).toString('base64url')),
      'no plaintext slice',
    );
    const chunkEvents = relay.traffic.filter((t) => t.includes('"kind":"file-chunk"'));
    assert.equal(chunkEvents.length, 5, 'each chunk sent once: nothing was lost, nothing sent twice');
  });

  it('a file over the limit is refused before anything is sent', async () => {
    const [alice, bob] = [relay.session({ files: { maxFileBytes: 1000 } }), relay.session()];
    await readyPair('files-b', [alice, 'Alice'], [bob, 'Bob']);
    const before = relay.traffic.length;
    await assert.rejects(alice.sendFile({ name: 'big.bin', type: '', bytes: new Uint8Array(1001) }), {
      message: 'big.bin is 1.0 KB; files up to 1.0 KB can be sent.',
    });
    assert.ok(!relay.traffic.slice(before).some((t) => t.includes('"kind":"file"')));
  });

  it('chat goes on during a transfer; Bob cancels while receiving: Alice stops sending to him and says so', async () => {
    const [alice, bob] = [relay.session(), relay.session()];
    await readyPair('files-c', [alice, 'Alice'], [bob, 'Bob']);
    await alice.sendFile({ name: 'long.bin', type: '', bytes: new Uint8Array(60 * FILE_CHUNK_BYTES) });
    const s = await waitFor(
      bob,
      (st) => fileNamed(st, 'long.bin')?.state === 'receiving',
      'the offer',
      10_000,
    );
    // The chat still gets through while chunks stream (file events use 12 of the relay's 30 a second).
    await alice.send('still chatting');
    const mid = await waitFor(
      bob,
      (st) => st.messages.some((m) => m.text === 'still chatting'),
      'the chat message',
    );
    assert.equal(fileNamed(mid, 'long.bin')?.state, 'receiving', 'the message overtook the transfer');
    await waitFor(
      alice,
      (st) => st.messages.some((m) => m.delivery[bob.state.me!.id]?.state === 'delivered'),
      'receipt',
    );
    const msg = s.messages.find((m) => m.file?.name === 'long.bin')!;
    bob.cancelFile(msg.from, msg.id);
    assert.equal(fileNamed(bob.state, 'long.bin')?.cancelledBy, 'me');
    await waitFor(alice, (st) => fileNamed(st, 'long.bin')?.state === 'cancelled', 'the cancel', 10_000);
    assert.equal(fileNamed(alice.state, 'long.bin')?.recipients?.[0]?.state, 'cancelled');
  });

  it('junk file dms from a member are ignored with one line each kind, and the chat goes on', async () => {
    const alice = relay.session();
    await alice.join('files-d', 'Alice');
    await alice.generateKeys();
    const mallory = await joinHostile(relay.server.url, 'files-d', 'Mallory');
    hostiles.push(mallory);
    const me = alice.state.me!.id;
    await mallory.channelWith(me);
    await waitFor(
      alice,
      (s) => s.peers.some((p) => p.name === 'Mallory' && p.channel === 'ready'),
      'Mallory',
    );
    const junk = [
      { kind: 'file', body: { iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAAAAAAAAAAAAAAAAAAAAAA' } },
      { kind: 'file', body: 'not an object' },
      { kind: 'file-chunk', body: { iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAA' } },
      { kind: 'file-chunk', body: { iv: 'AAAAAAAAAAAAAAAA', ct: 'BBBB' } },
      { kind: 'file-ack', body: { iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAAAAAAAAAAAAAAAAAAAAAA' } },
      { kind: 'file-cancel', body: { iv: 'x', ct: 'y' } },
      // A kind this client does not know at all: ignored without a word (docs/protocol.md §4).
      { kind: 'file-v9-preview', body: { anything: true } },
    ];
    for (const j of junk)
      mallory.socket.emit('dm', { id: 'fjunk', kind: j.kind, parts: [{ to: me, body: j.body }] });
    // Barrier: a message sent after the junk arrives, so the junk was handled before it.
    await mallory.send(me, 'after-junk', { type: 'text', text: 'still here', ts: Date.now() });
    await waitFor(
      alice,
      (s) => s.messages.some((m) => m.text === 'still here'),
      'the message after the junk',
    );
    assert.equal(alice.state.messages.filter((m) => m.file).length, 0, 'no file bubble from junk');
    const lines = logText(alice).filter((l) => /file/.test(l) && /Mallory/.test(l));
    assert.ok(
      lines.some((l) => /never offered/.test(l)),
      lines.join('\n'),
    );
    assert.equal(lines.filter((l) => /never offered/.test(l)).length, 1, 'one line for unknown chunks');
    assert.ok(!logText(alice).some((l) => /v9/.test(l)), 'an unknown kind leaves no trace');
  });
});

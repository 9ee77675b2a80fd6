// docs/protocol.md's v2 is implementable: the independent client (test/helpers/independent-v2.ts, written from the
// document only) and a real RoomSession chat both ways on v2 through a real relay — out of order too, resends, with
// authenticated receipts each way, on P-256 and X25519 — while a scripted v1 client in the same room interoperates
// with both; the independent sender chain's `bcast` is read by another independent client. Lies: *-hostile.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomSession } from '../../client/session/room-session.js';
import type { IndependentV2 } from '../helpers/independent-v2.js';
import { peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { delivered, independentRelay, shown } from './independent-v2-setup.js';
import { joinAll, keysAll } from './session-setup.js';
import { joinV1, until } from './v1-scripted.js';

describe('an independent v2 client (written from docs/protocol.md) with real sessions and a v1 client', () => {
  const { relay, indep } = independentRelay();
  const texts = (c: IndependentV2, from: string) =>
    c.received.filter((m) => m.from === from).map((m) => m.text);

  it('chat both ways on v2 (in order, out of order, resends) with authenticated receipts; v1 Dave talks to both', async () => {
    const alice = relay.session();
    await joinAll('indep', [[alice, 'Alice']]);
    await keysAll(alice);
    const ivy = await indep('indep', 'Ivy');
    const dave = await joinV1(relay.server.url, 'indep', 'Dave');
    await waitFor(alice, (s) => readyWith('Ivy')(s) && readyWith('Dave')(s), 'Alice ready with Ivy and Dave');
    const a = alice.state.me!.id;
    await until(
      () => ivy.versionWith(a) === 2 && ivy.versionWith(dave.id) === 1,
      'Ivy negotiated both pairs',
    );
    // In a room of three or more the card may already add "sender keys +" (the chains travel inside the ratchet).
    assert.match(
      peerNamed(alice.state, 'Ivy')!.protocol ?? '',
      /^v2 · (sender keys \+ )?Double Ratchet — both speak v2$/,
    );

    // Session → independent, in order; Ivy's receipt is authenticated at Alice.
    await alice.send('hello Ivy');
    await until(() => texts(ivy, a).includes('hello Ivy'), 'Ivy reads Alice');
    await waitFor(alice, delivered('hello Ivy', ivy.me), 'Ivy acknowledged');
    const out = alice.state.messages.find((m) => m.text === 'hello Ivy')!;
    assert.equal(out.delivery[ivy.me]!.unauthenticated, undefined, 'a receipt inside the ratchet');
    assert.equal(out.delivery[dave.id]!.unauthenticated, true, 'Dave is v1');
    assert.equal(ivy.received.find((m) => m.text === 'hello Ivy')!.via, 'ratchet');

    // Independent → session and → v1: one `ratchet` dm for Alice, one `msg` dm for Dave, the same id.
    const id1 = await ivy.send('hello from Ivy');
    await waitFor(alice, shown('hello from Ivy'), 'Alice reads Ivy');
    await until(
      () => dave.received.some((m) => m.id === id1 && m.text === 'hello from Ivy'),
      'Dave reads Ivy',
    );
    await until(() => ivy.receipts.filter((r) => r.id === id1 && r.ok).length === 2, 'both receipts at Ivy');
    assert.deepEqual(
      ivy.receipts
        .filter((r) => r.id === id1)
        .map((r) => [r.from === a ? 'Alice' : 'Dave', r.authenticated])
        .sort(),
      [
        ['Alice', true],
        ['Dave', false],
      ],
    );
    assert.ok(logLine(alice, 'decrypted with its Double Ratchet key (v2)'));

    // Independent → session out of order: three messages of one chain, emitted last first (skipped keys at Alice).
    const ids = await ivy.sendReversed(['one', 'two', 'three'], a);
    for (const t of ['one', 'two', 'three']) await waitFor(alice, shown(t), `Alice reads ${t}`);
    await until(
      () => ids.every((id) => ivy.receipts.some((r) => r.id === id && r.ok && r.authenticated)),
      'receipts',
    );

    // Session → independent out of order: Ivy holds what arrives, then reads it last first.
    ivy.hold();
    for (const t of ['Alice first', 'Alice second', 'Alice third']) await alice.send(t);
    await until(() => ivy.heldCount >= 3, 'three held at Ivy');
    ivy.release(true);
    await until(
      () => ['Alice first', 'Alice second', 'Alice third'].every((t) => texts(ivy, a).includes(t)),
      'Ivy read all three',
    );
    for (const t of ['Alice first', 'Alice second', 'Alice third'])
      await waitFor(alice, delivered(t, ivy.me), `${t} acknowledged by Ivy`);

    // A resend, byte for byte: shown once, answered again (an authenticated ok receipt).
    const before = ivy.receipts.filter((r) => r.id === id1).length;
    await ivy.resend(id1);
    await until(() => ivy.receipts.filter((r) => r.id === id1).length >= before + 2, 'answered again');
    assert.equal(alice.state.messages.filter((m) => m.text === 'hello from Ivy').length, 1);

    // The v1 client to both: Ivy opens §5 `msg` and answers with a plain `receipt`.
    const did = await dave.send('Dave to all', [a, ivy.me]);
    await until(
      () => ivy.received.some((m) => m.id === did && m.via === 'msg' && m.text === 'Dave to all'),
      'Ivy reads Dave',
    );
    await waitFor(alice, shown('Dave to all'), 'Alice reads Dave');
    await until(
      () => dave.receipts.filter((r) => r.id === did && r.ok).length === 2,
      'Dave has both receipts',
    );
    assert.ok(!dave.kinds.includes('ratchet'), 'no ratchet dm reaches a v1 member');

    // Everything once, in both transcripts; no plaintext crossed the relay.
    // Held and read last first: shown in the order read.
    assert.deepEqual(texts(ivy, a), ['hello Ivy', 'Alice third', 'Alice second', 'Alice first']);
    const wire = relay.traffic.join('\n');
    for (const t of ['hello Ivy', 'hello from Ivy', 'Alice second', 'Dave to all'])
      assert.ok(!wire.includes(t), t);
    dave.socket.disconnect();
  });

  it('on X25519: both send first at once, several turns, then a key change (a new root) and it goes on', async () => {
    const alice = relay.session({ curve: 'X25519' });
    await joinAll('x25519', [[alice, 'Alice']]);
    await keysAll(alice);
    const ivy = await indep('x25519', 'Ivy', { curve: 'X25519' });
    await waitFor(alice, readyWith('Ivy'), 'Alice ready with Ivy');
    const a = alice.state.me!.id;
    await until(() => ivy.versionWith(a) === 2, 'v2 on X25519');
    // Neither waits for the other: the initiator's first chain and the responder's fresh key cross on the wire.
    await Promise.all([alice.send('crossing from Alice'), ivy.send('crossing from Ivy')]);
    await until(() => texts(ivy, a).includes('crossing from Alice'), 'Ivy reads the crossing message');
    await waitFor(alice, shown('crossing from Ivy'), 'Alice reads the crossing message');
    for (let turn = 0; turn < 3; turn++) {
      await alice.send(`Alice turn ${turn}`);
      await until(() => texts(ivy, a).includes(`Alice turn ${turn}`), `Ivy reads turn ${turn}`);
      const id = await ivy.send(`Ivy turn ${turn}`);
      await waitFor(alice, shown(`Ivy turn ${turn}`), `Alice reads turn ${turn}`);
      await until(() => ivy.receipts.some((r) => r.id === id && r.ok && r.authenticated), `receipt ${turn}`);
    }
    const ratchetBefore = ivy.book.peers.get(a)!.pair!.ratchet;
    await alice.generateKeys();
    await until(() => ivy.book.peers.get(a)?.pair?.ratchet !== ratchetBefore, 'a new pair at Ivy');
    await waitFor(alice, readyWith('Ivy'), 'Alice ready again');
    await ivy.send('after the new key');
    await waitFor(alice, shown('after the new key'), 'Alice reads on the new root');
    await alice.send('and back');
    await until(() => texts(ivy, a).includes('and back'), 'Ivy reads on the new root');
    assert.deepEqual(
      ivy.refused.filter((r) => r.from === a),
      [],
      'nothing from the session was refused',
    );
  });

  it('sender keys: Ivy distributes her chain inside the ratchet; Jay and the session (Alice) read her bcast; v1 Dave gets it pairwise', async () => {
    const alice = relay.session();
    await joinAll('sk', [[alice, 'Alice']]);
    await keysAll(alice);
    const ivy = await indep('sk', 'Ivy');
    const jay = await indep('sk', 'Jay');
    const dave = await joinV1(relay.server.url, 'sk', 'Dave');
    const a = alice.state.me!.id;
    await until(
      () =>
        [a, jay.me, dave.id].every((id) => ivy.versionWith(id) !== undefined) &&
        jay.versionWith(ivy.me) === 2,
      'pairs',
    );
    await waitFor(alice, (s) => readyWith('Ivy')(s) && readyWith('Jay')(s), 'Alice ready');
    await ivy.distribute();
    await until(() => ivy.holds(jay.me) && ivy.holds(a), 'Jay and Alice acknowledged the chain');
    const id = await ivy.broadcast('to the room');
    await until(() => jay.received.some((m) => m.id === id && m.via === 'skmsg'), 'Jay reads the bcast');
    await waitFor(alice, shown('to the room'), 'Alice reads the bcast');
    await until(() => dave.received.some((m) => m.id === id), 'Dave reads it pairwise');
    await until(() => ivy.receipts.filter((r) => r.id === id && r.ok).length === 3, 'three receipts');
    // Jay's receipt for the bcast is authenticated (inside the pair's ratchet); Jay shows it once.
    for (const from of [jay.me, a])
      assert.ok(
        ivy.receipts.some((r) => r.id === id && r.from === from && r.authenticated),
        `${from}'s receipt`,
      );
    assert.equal(
      alice.state.messages.filter((m) => m.text === 'to the room').length,
      1,
      'Alice shows it once',
    );
    assert.equal(jay.received.filter((m) => m.id === id).length, 1);
    // A leave rotates: Dave leaves, Ivy's new chain reaches Jay, and the next bcast still reads.
    const first = ivy.chain!.chain;
    dave.socket.disconnect();
    await until(() => ivy.chain!.chain !== first && ivy.holds(jay.me), 'rotated and re-acknowledged');
    const id2 = await ivy.broadcast('after the leave');
    await until(() => jay.received.some((m) => m.id === id2 && m.via === 'skmsg'), 'Jay reads the new chain');
  });
});

/** The last log line of `s` containing `part`, if any. */
function logLine(s: RoomSession, part: string): boolean {
  return s.state.log.some((l) => l.text.includes(part));
}

// v2 pairwise in RoomSession against a real relay (docs/protocol.md "v2: how the browser client uses it"): three v2
// sessions and one scripted v1 client in one room all chat both ways; v2 pairs use `ratchet`, the v1 pairs stay v1.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomSession } from '../../client/session/room-session.js';
import { logText, peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { joinAll, keysAll, sessionRelay } from './session-setup.js';
import { joinV1, until } from './v1-scripted.js';
import { call, joinAs } from './helpers.js';

describe('v2 pairwise sessions with a v1 client in the room', () => {
  const relay = sessionRelay();

  /** Every `dm` a client sent to the relay, parsed. */
  const sentDms = (): { id: string; kind: string; parts: { to: string; body: unknown }[] }[] =>
    relay.traffic.filter((t) => t.startsWith('dm ')).map((t) => JSON.parse(t.slice(3))[0]);

  /** True once every recipient of the outgoing message `text` delivered it. */
  const allDelivered = (text: string) => (s: RoomSession['state']) => {
    const m = s.messages.find((x) => x.outgoing && x.text === text);
    return m !== undefined && Object.values(m.delivery).every((d) => d.state === 'delivered');
  };

  it('three v2 members and one v1 member chat both ways; the card says why each pair uses its protocol', async () => {
    const [alice, bob, carol] = [relay.session(), relay.session(), relay.session()];
    await joinAll('mixed', [
      [alice, 'Alice'],
      [bob, 'Bob'],
      [carol, 'Carol'],
    ]);
    await keysAll(alice, bob, carol);
    const dave = await joinV1(relay.server.url, 'mixed', 'Dave');
    const v2 = [alice, bob, carol];
    for (const s of v2)
      await waitFor(
        s,
        (st) => ['Alice', 'Bob', 'Carol', 'Dave'].filter((n) => n !== st.name).every((n) => readyWith(n)(st)),
        `${s.state.name} ready with all`,
      );

    // The peer card: v2 with the other sessions, v1 with Dave (who announced no versions).
    // In a room of three or more the card may already add "sender keys +" (the chains travel inside the ratchet).
    assert.match(
      peerNamed(alice.state, 'Bob')!.protocol ?? '',
      /^v2 · (sender keys \+ )?Double Ratchet — both speak v2$/,
    );
    assert.equal(
      peerNamed(alice.state, 'Dave')!.protocol,
      "v1 — Dave's client speaks only v1 (it announces no versions)",
    );
    // Each session announced v: [1, 2] with its key.
    const keys = relay.traffic.filter((t) => t.startsWith('key ')).map((t) => JSON.parse(t.slice(4))[0]);
    assert.equal(keys.filter((k) => JSON.stringify(k.v) === '[1,2]').length, 3);

    const before = sentDms().length;
    await alice.send('secret from Alice');
    for (const s of [bob, carol])
      await waitFor(s, (st) => st.messages.some((m) => m.text === 'secret from Alice'), 'v2 receives');
    await waitFor(alice, allDelivered('secret from Alice'), 'Alice: delivered to all three');
    assert.deepEqual(
      dave.received.map((m) => m.text),
      ['secret from Alice'],
    );
    // One dm per kind: `ratchet` for Bob and Carol, `msg` for Dave; receipts: `ratchet` from v2, `receipt` from Dave.
    const fromAlice = sentDms()
      .slice(before)
      .filter((d) => d.parts.length > 0 && d.kind !== 'receipt');
    const msgKinds = fromAlice.filter((d) => d.id === alice.state.messages.at(-1)!.id);
    assert.ok(msgKinds.some((d) => d.kind === 'msg' && d.parts.length === 1 && d.parts[0]!.to === dave.id));
    assert.ok(msgKinds.some((d) => d.kind === 'ratchet' && d.parts.every((p) => p.to !== dave.id)));
    const out = alice.state.messages.find((m) => m.text === 'secret from Alice')!;
    // Dave's receipt is plain v1: delivered, and marked unauthenticated; the v2 receipts are not.
    assert.equal(out.delivery[dave.id]!.unauthenticated, true);
    assert.equal(out.delivery[bob.state.me!.id]!.unauthenticated, undefined);
    assert.equal(out.delivery[carol.state.me!.id]!.unauthenticated, undefined);
    // The v2 envelope carries no IV on the wire (it comes from the message key).
    assert.equal(out.wire.find((w) => w.to === bob.state.me!.id)!.ivHex, '');
    assert.equal(out.wire.find((w) => w.to === dave.id)!.ivHex.length, 24);

    // Everyone answers, several messages each way (the ratchets step on every turn).
    for (const [s, text] of [
      [bob, 'Bob one'],
      [carol, 'Carol one'],
      [bob, 'Bob two'],
      [alice, 'Alice two'],
    ] as const) {
      await s.send(text);
      await waitFor(s, allDelivered(text), `${text} delivered`);
    }
    const ids = { alice: alice.state.me!.id, bob: bob.state.me!.id, carol: carol.state.me!.id };
    await dave.send('Dave to all', [ids.alice, ids.bob, ids.carol]);
    for (const s of v2)
      await waitFor(s, (st) => st.messages.some((m) => m.text === 'Dave to all'), 'from Dave');
    for (const s of v2) {
      const texts = s.state.messages.filter((m) => !m.outgoing).map((m) => m.text);
      const own = s.state.messages.filter((m) => m.outgoing).map((m) => m.text);
      const all = ['secret from Alice', 'Bob one', 'Carol one', 'Bob two', 'Alice two', 'Dave to all'];
      assert.deepEqual([...texts, ...own].sort(), [...all].sort(), `${s.state.name} has every message once`);
    }
    assert.deepEqual(
      dave.received.map((m) => m.text).sort(),
      ['Alice two', 'Bob one', 'Bob two', 'Carol one', 'secret from Alice'].sort(),
    );
    // Dave got receipts for his message from all three, as plain v1 `receipt`s (its pairs are v1).
    const daveMsg = sentDms().find((d) => d.kind === 'msg' && d.id.startsWith('v1-'))!;
    await until(
      () => dave.receipts.filter((r) => r.id === daveMsg.id && r.ok).length === 3,
      'three receipts at Dave',
    );
    assert.equal(sentDms().filter((d) => d.id === daveMsg.id && d.kind === 'receipt').length, 3);
    // Dave never saw a `ratchet` dm: a v1 pair stays v1.
    assert.ok(!dave.kinds.includes('ratchet'), dave.kinds.join());
    // Between the v2 sessions no `msg` and no plain `receipt` travelled; no plaintext crossed the relay.
    const v2ids = new Set(Object.values(ids));
    const answeredByDave = new Set(dave.received.map((m) => m.id));
    for (const d of sentDms()) {
      const toV2 = d.parts.every((p) => v2ids.has(p.to));
      // A `msg` to a v2 member comes only from Dave; a plain `receipt` to one only answers a message Dave received.
      if (d.kind === 'msg' && toV2) assert.ok(d.id.startsWith('v1-'), JSON.stringify(d).slice(0, 200));
      if (d.kind === 'receipt' && toV2) assert.ok(answeredByDave.has(d.id), JSON.stringify(d).slice(0, 200));
    }
    const wire = relay.traffic.join('\n');
    for (const text of ['secret from Alice', 'Bob one', 'Carol one', 'Alice two', 'Dave to all'])
      assert.ok(!wire.includes(text), text);
    assert.ok(logText(bob).some((l) => l.includes('decrypted with its Double Ratchet key (v2)')));
    dave.socket.disconnect();
  });

  it('a key change starts a new ratchet: messages keep flowing both ways on v2', async () => {
    const [alice, bob] = [relay.session(), relay.session()];
    await joinAll('rekey', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await keysAll(alice, bob);
    await waitFor(alice, readyWith('Bob'), 'ready');
    await waitFor(bob, readyWith('Alice'), 'ready');
    await alice.send('before');
    await waitFor(alice, allDelivered('before'), 'delivered before');
    const oldFp = peerNamed(alice.state, 'Bob')!.derived!.keyFingerprint;
    await bob.generateKeys();
    await waitFor(
      alice,
      (s) => peerNamed(s, 'Bob')?.derived?.keyFingerprint !== oldFp && readyWith('Bob')(s),
      'new channel',
    );
    await waitFor(bob, readyWith('Alice'), 'Bob ready again');
    await alice.send('after');
    await waitFor(bob, (s) => s.messages.some((m) => m.text === 'after'), 'Bob reads after the key change');
    await waitFor(alice, allDelivered('after'), 'delivered after');
    await bob.send('reply');
    await waitFor(alice, (s) => s.messages.some((m) => m.text === 'reply'), 'Alice reads the reply');
    await waitFor(bob, allDelivered('reply'), 'reply delivered');
    assert.equal(peerNamed(bob.state, 'Alice')!.protocol, 'v2 · Double Ratchet — both speak v2');
  });

  it('a member announcing a copy of our key with v2 is skipped (no v2 session with one key), the others still get it', async () => {
    const [alice, bob] = [relay.session(), relay.session()];
    await joinAll('copycat', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await keysAll(alice, bob);
    const mallory = await joinAs(relay.server.url, 'copycat', 'Mallory');
    const ack = await call(mallory.socket, 'key', { curve: 'P-256', pub: alice.state.myKey!.pub, v: [1, 2] });
    assert.equal(ack.ok, true);
    await waitFor(
      alice,
      (s) => readyWith('Bob')(s) && peerNamed(s, 'Mallory')?.key !== undefined,
      'keys known',
    );
    await alice.send('not for the copycat');
    await waitFor(bob, (s) => s.messages.some((m) => m.text === 'not for the copycat'), 'Bob reads it');
    await waitFor(alice, allDelivered('not for the copycat'), 'delivered to Bob');
    const out = alice.state.messages.find((m) => m.text === 'not for the copycat')!;
    assert.deepEqual(Object.keys(out.delivery), [bob.state.me!.id]);
    assert.ok(
      logText(alice).some((l) => l.startsWith('Not sent to Mallory')),
      logText(alice).join('\n'),
    );
    mallory.socket.disconnect();
  });

  it('a session that speaks only v1 makes the pair v1, shown on both cards, and they still chat', async () => {
    const alice = relay.session();
    const old = relay.session({ protocolVersions: [1] });
    await joinAll('old', [
      [alice, 'Alice'],
      [old, 'Olga'],
    ]);
    await keysAll(alice, old);
    await waitFor(alice, readyWith('Olga'), 'ready');
    await waitFor(old, readyWith('Alice'), 'ready');
    assert.equal(
      peerNamed(alice.state, 'Olga')!.protocol,
      "v1 — Olga's client speaks only v1 (it announces no versions)",
    );
    assert.equal(peerNamed(old.state, 'Alice')!.protocol, 'v1 — this client speaks only v1');
    await alice.send('to Olga');
    await waitFor(old, (s) => s.messages.some((m) => m.text === 'to Olga'), 'Olga reads');
    await waitFor(alice, allDelivered('to Olga'), 'delivered');
    await old.send('to Alice');
    await waitFor(alice, (s) => s.messages.some((m) => m.text === 'to Alice'), 'Alice reads');
    const out = alice.state.messages.find((m) => m.text === 'to Olga')!;
    assert.equal(Object.values(out.delivery)[0]!.unauthenticated, true);
  });
});

// Sender keys between the independent v2 client (written from docs/protocol.md) and real sessions through a real
// relay: the sessions' `skdist` opens in its ratchet and their `bcast` reads at it; its `skdist` is taken by the
// sessions (authenticated receipts) and its `bcast` reads at them; a v1 client gets everything pairwise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomSession } from '../../client/session/room-session.js';
import { readyWith, waitFor } from '../helpers/session.js';
import { independentRelay } from './independent-v2-setup.js';
import { joinAll, keysAll } from './session-setup.js';
import { joinV1, until } from './v1-scripted.js';

describe('sender keys: the independent v2 client and real sessions', () => {
  const { relay, indep } = independentRelay();
  const sentBcasts = (): { id: string; kind: string }[] =>
    relay.traffic.filter((t) => t.startsWith('bcast ')).map((t) => JSON.parse(t.slice(6))[0]);

  it("the sessions' bcast is read by the independent client, and its bcast by the sessions; v1 Dave reads all pairwise", async () => {
    const [alice, bob] = [relay.session(), relay.session()];
    await joinAll('sk-indep', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await keysAll(alice, bob);
    const ivy = await indep('sk-indep', 'Ivy');
    const dave = await joinV1(relay.server.url, 'sk-indep', 'Dave');
    for (const s of [alice, bob])
      await waitFor(s, (st) => ['Ivy', 'Dave'].every((n) => readyWith(n)(st)), `${s.state.name} ready`);
    const [a, b] = [alice.state.me!.id, bob.state.me!.id];
    // The sessions give Ivy their chains (skdist inside the ratchet); she acknowledges inside the ratchet.
    await until(() => ivy.held.has(a) && ivy.held.has(b), 'Ivy holds both session chains', 8000);
    const holds = (s: RoomSession, n: number) =>
      waitFor(
        s,
        (st) => st.senderKeys.active && st.senderKeys.holders === n,
        `${s.state.name}: ${n} holders`,
      );
    await holds(alice, 2);
    await alice.send('one bcast from Alice');
    await until(
      () => ivy.received.some((m) => m.text === 'one bcast from Alice' && m.via === 'skmsg'),
      'Ivy reads the bcast',
    );
    await until(() => dave.received.some((m) => m.text === 'one bcast from Alice'), 'Dave reads it pairwise');
    const id = alice.state.messages.find((m) => m.text === 'one bcast from Alice')!.id;
    assert.ok(
      sentBcasts().some((x) => x.id === id && x.kind === 'skmsg'),
      'Alice sent it as a bcast',
    );
    await waitFor(
      alice,
      (st) => st.messages.find((m) => m.id === id)?.delivery[ivy.me]?.state === 'delivered',
      "Ivy's receipt for the bcast",
    );
    // Ivy's chain to the sessions: their authenticated receipts make them holders; her bcast reads there.
    await ivy.distribute();
    await until(() => ivy.holds(a) && ivy.holds(b), 'both sessions took Ivy’s chain', 8000);
    const bid = await ivy.broadcast('one bcast from Ivy');
    for (const s of [alice, bob])
      await waitFor(
        s,
        (st) => st.messages.some((m) => m.id === bid && m.text === 'one bcast from Ivy'),
        'read',
      );
    await until(() => dave.received.some((m) => m.id === bid), 'Dave reads Ivy pairwise');
    await until(
      () =>
        [a, b].every((x) =>
          ivy.receipts.some((r) => r.from === x && r.id === bid && r.ok && r.authenticated),
        ),
      'authenticated receipts for the bcast',
    );
    assert.equal(
      ivy.refused.filter((r) => r.from === a || r.from === b).length,
      0,
      JSON.stringify(ivy.refused),
    );
    dave.socket.disconnect();
  });
});

// v2 in a toy room against a real relay: pairs use the Double Ratchet, every v2 envelope (receipts and sender keys
// included) is shared exactly as the relay saw it, and Eve, from one broken static key, breaks each ratchet key and reads it all.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromBase64Url } from '../../client/crypto/base64url.js';
import { eveHarvest } from '../../client/lab/model/eve-harvest.js';
import { breakToyKey } from '../../client/lab/model/eve-ratchet.js';
import {
  envelopeKey,
  eveTargets,
  type ObservedEnvelope,
  type ObservedKey,
} from '../../client/lab/model/eve-targets.js';
import { registerToyKeyAgreements } from '../../client/providers.js';
import type { RoomSession } from '../../client/session/room-session.js';
import type { ToyWireEnvelope } from '../../client/session/toy-wire.js';
import { logText, peerNamed, readyWith, waitFor } from '../helpers/session.js';
import { joinAll, keysAll, sessionRelay } from './session-setup.js';

registerToyKeyAgreements();
const CURVE = 'toy-65521';

/** Every envelope `sessions` tap, deduplicated (a resend is the same envelope), in arrival order. */
function tapAll(sessions: RoomSession[]): () => ToyWireEnvelope[] {
  const seen = new Map<string, ToyWireEnvelope>();
  for (const s of sessions) s.onToyWire((e) => seen.set(envelopeKey(e), seen.get(envelopeKey(e)) ?? e));
  return () => [...seen.values()];
}

/** The public keys the room announced, as Eve observes them. */
function keysOf(sessions: RoomSession[]): ObservedKey[] {
  return sessions.map((s) => ({
    id: s.state.me!.id,
    name: s.state.name!,
    curve: CURVE,
    pub: s.state.myKey!.pub,
  }));
}

const delivered = (text: string) => (st: RoomSession['state']) => {
  const m = st.messages.find((x) => x.outgoing && x.text === text);
  return m !== undefined && Object.values(m.delivery).every((d) => d.state === 'delivered');
};

/** Eve with `victim`'s static key, found by BSGS from its public key alone. */
async function eveWith(victim: RoomSession, sessions: RoomSession[], envelopes: readonly ObservedEnvelope[]) {
  const keys = keysOf(sessions);
  const target = eveTargets(CURVE, keys).find((t) => t.id === victim.state.me!.id)!;
  const { d } = breakToyKey(CURVE, fromBase64Url(target.pub));
  return eveHarvest(CURVE, [{ target, d }], keys, envelopes, victim.state.room);
}

describe('v2 in a toy room, and Eve', () => {
  const relay = sessionRelay();

  it('a toy pair chats on v2; the shared envelopes are what the relay saw; Eve reads every message and receipt', async () => {
    const [alice, bob] = [relay.session({ curve: CURVE }), relay.session({ curve: CURVE })];
    const tap = tapAll([alice, bob]);
    await joinAll('toy-v2', [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]);
    await keysAll(alice, bob);
    await waitFor(alice, readyWith('Bob'), 'Alice ready');
    await waitFor(bob, readyWith('Alice'), 'Bob ready');
    assert.equal(peerNamed(alice.state, 'Bob')!.protocol, 'v2 · Double Ratchet — both speak v2');
    const turns: [RoomSession, string][] = [
      [alice, 'first from Alice'],
      [alice, 'second from Alice'],
      [bob, 'Bob answers'],
      [alice, 'Alice again'],
      [bob, 'Bob again'],
    ];
    for (const [s, text] of turns) {
      await s.send(text);
      await waitFor(s, delivered(text), `${text}: delivered`);
    }
    // Every `ratchet` part the relay got is in the tap, with the same header and ciphertext.
    const relayed = relay.traffic
      .filter((t) => t.startsWith('dm '))
      .map(
        (t) =>
          JSON.parse(t.slice(3))[0] as {
            id: string;
            kind: string;
            parts: { to: string; body: { h: unknown; ct: string } }[];
          },
      )
      .filter((d) => d.kind === 'ratchet');
    assert.ok(relayed.length >= 10, `${relayed.length} ratchet dms (5 messages, 5 receipts)`);
    for (const d of relayed)
      assert.ok(
        tap().some(
          (e) =>
            e.kind === 'ratchet' && e.id === d.id && e.to === d.parts[0].to && e.ct === d.parts[0].body.ct,
        ),
        `dm ${d.id} to ${d.parts[0].to} was shared`,
      );
    for (const victim of [alice, bob]) {
      const h = await eveWith(victim, [alice, bob], tap());
      const read = h.readings.filter((r) => r.status === 'read');
      assert.equal(
        read.length,
        h.readings.length,
        JSON.stringify(h.readings.filter((r) => r.status !== 'read')),
      );
      assert.deepEqual(
        read
          .filter((r) => r.what === 'message')
          .map((r) => r.plaintext!.text)
          .sort(),
        turns.map(([, t]) => t).sort(),
      );
      assert.equal(read.filter((r) => r.what === 'receipt').length, turns.length);
      // Each turn change is a new ratchet key Eve had to break (Bob's first, Alice's second, …).
      assert.ok(h.ratchetKeys.length >= 3, `${h.ratchetKeys.length} ratchet keys broken`);
    }
  });

  it('three toy members use sender keys; Eve reads the distributions in a broken pair, then the broadcasts', async () => {
    const sessions = [
      relay.session({ curve: CURVE }),
      relay.session({ curve: CURVE }),
      relay.session({ curve: CURVE }),
    ];
    const [alice, bob, carol] = sessions;
    const tap = tapAll(sessions);
    // A fourth member without a key: the broadcasts reach her too (the relay sends them to the room).
    const keyless = relay.session({ curve: CURVE });
    await joinAll('toy-sk', [
      [alice, 'Alice'],
      [bob, 'Bob'],
      [carol, 'Carol'],
      [keyless, 'Dora'],
    ]);
    await keysAll(...sessions);
    for (const s of sessions)
      await waitFor(
        s,
        (st) => st.senderKeys.active && st.senderKeys.holders === 2,
        `${s.state.name}: 2 holders`,
      );
    for (const [s, text] of [
      [alice, 'to the room from Alice'],
      [alice, 'Alice once more'],
      [carol, 'to the room from Carol'],
    ] as const) {
      await s.send(text);
      await waitFor(s, delivered(text), `${text}: delivered`);
    }
    // Dora is told once per sender that a broadcast is not for her, as information (Carol's came last, in order).
    const notForDora = (name: string) => (st: RoomSession['state']) =>
      st.log.some((l) => l.text.startsWith(`A broadcast from ${name} is not for you yet`));
    await waitFor(keyless, notForDora('Carol'), 'Dora told about Carol');
    const lines = keyless.state.log.filter((l) => l.text.startsWith('A broadcast from Alice'));
    assert.equal(lines.length, 1, logText(keyless).join('\n'));
    assert.equal(keyless.state.log.filter((l) => l.level !== 'info').length, 0, logText(keyless).join('\n'));
    assert.ok(
      tap().some((e) => e.kind === 'skmsg'),
      'a broadcast was shared',
    );
    assert.ok(
      tap().some((e) => e.kind === 'skdist'),
      'distributions were shared',
    );
    // Bob's key alone: Alice's and Carol's distributions to Bob open, and with them their broadcasts.
    const h = await eveWith(bob, sessions, tap());
    const texts = h.readings
      .filter((r) => r.envelope.kind === 'skmsg' && r.status === 'read')
      .map((r) => r.plaintext!.text);
    assert.deepEqual(texts.sort(), ['Alice once more', 'to the room from Alice', 'to the room from Carol']);
    for (const r of h.readings.filter((x) => x.envelope.kind === 'skmsg'))
      assert.match(r.note ?? '', /signature checks out/);
    // The pair Alice–Carol has no broken end: its envelopes stay closed.
    const ac = h.readings.filter(
      (r) => r.envelope.kind !== 'skmsg' && [r.fromName, r.toName].sort().join() === 'Alice,Carol',
    );
    assert.ok(ac.length > 0);
    for (const r of ac) assert.equal(r.status, 'no-key');
  });

  it('a real-curve room shares nothing', async () => {
    const [a, b] = [relay.session({ curve: 'X25519' }), relay.session({ curve: 'X25519' })];
    const tap = tapAll([a, b]);
    await joinAll('real-v2', [
      [a, 'A'],
      [b, 'B'],
    ]);
    await keysAll(a, b);
    await waitFor(a, readyWith('B'), 'A ready');
    await a.send('not for the class');
    await waitFor(a, delivered('not for the class'), 'delivered');
    assert.equal(tap().length, 0);
  });
});
